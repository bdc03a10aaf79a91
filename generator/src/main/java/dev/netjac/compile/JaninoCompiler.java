package dev.netjac.compile;

import dev.netjac.codegen.GeneratedNetwork;
import dev.netjac.runtime.Network;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.codehaus.commons.compiler.CompileException;
import org.codehaus.commons.compiler.InternalCompilerException;
import org.codehaus.janino.SimpleCompiler;

/**
 * Compiles generated sources in process with Janino: no JDK compiler needed. Compiled classes are cached by
 * the SHA-256 of their source, which holds no weights, so networks of the same architecture share one class
 * however their weights differ. Safe for concurrent use: each source is compiled once.
 */
public final class JaninoCompiler {
    private static final Map<String, Class<? extends Network>> CACHE = new ConcurrentHashMap<>();

    private JaninoCompiler() {}

    /** The compiled class of {@code generated}, from the cache when the same source was compiled before. */
    public static Class<? extends Network> compile(GeneratedNetwork generated) {
        return CACHE.computeIfAbsent(sha256(generated.source()), key -> doCompile(generated));
    }

    /** A ready instance over the generated network's own weights. */
    public static Network instantiate(GeneratedNetwork generated) {
        Class<? extends Network> type = compile(generated);
        try {
            return type.getConstructor(dev.netjac.runtime.WeightSet.class).newInstance(generated.weights());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot instantiate generated class " + generated.qualifiedName(), e);
        }
    }

    private static Class<? extends Network> doCompile(GeneratedNetwork generated) {
        SimpleCompiler compiler = new SimpleCompiler();
        compiler.setParentClassLoader(Network.class.getClassLoader());
        compiler.setDebuggingInformation(true, true, false);
        try {
            compiler.cook(generated.className() + ".java", new java.io.StringReader(generated.source()));
            return compiler.getClassLoader().loadClass(generated.qualifiedName()).asSubclass(Network.class);
        } catch (CompileException | InternalCompilerException | java.io.IOException | ClassNotFoundException e) {
            throw new IllegalStateException("netjac bug: Janino cannot compile the generated class "
                    + generated.qualifiedName() + ": " + e.getMessage() + "\n" + numbered(generated.source()), e);
        }
    }

    /** The source with line numbers, for compile errors. */
    public static String numbered(String source) {
        StringBuilder sb = new StringBuilder();
        String[] lines = source.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            sb.append(String.format("%5d  %s%n", i + 1, lines[i]));
        }
        return sb.toString();
    }

    static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
