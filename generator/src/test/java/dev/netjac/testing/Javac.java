package dev.netjac.testing;

import dev.netjac.codegen.GeneratedNetwork;
import dev.netjac.compile.SourceWriter;
import dev.netjac.runtime.Network;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Compiles generated classes with the JDK's javac, as the Maven build path does, in one batch. */
public final class Javac {
    private Javac() {}

    /**
     * Writes every class and its weights resource under {@code dir} (as the plugin does), compiles the
     * sources with javac in one call, and returns a class loader over the result.
     */
    public static URLClassLoader compile(List<GeneratedNetwork> classes, Path dir) throws Exception {
        Path src = dir.resolve("src");
        Path out = dir.resolve("classes");
        Files.createDirectories(out);
        List<String> args = new ArrayList<>(List.of("-d", out.toString(), "-classpath", System.getProperty("java.class.path"),
                "-encoding", "UTF-8", "--release", "17", "-Xlint:all", "-Werror"));
        for (GeneratedNetwork generated : classes) {
            SourceWriter.Written written = SourceWriter.write(generated, src, out);
            args.add(written.source().toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter messages = new StringWriter();
        int code = javac.run(null, null, new java.io.PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                messages.write(b);
            }
        }, true), args.toArray(new String[0]));
        if (code != 0) {
            throw new AssertionError("javac failed:\n" + messages);
        }
        return new URLClassLoader(new URL[] {out.toUri().toURL()}, Network.class.getClassLoader());
    }

    /** The build-time path: the public no-argument constructor, which reads the bundled weights resource. */
    public static Network instantiate(ClassLoader loader, GeneratedNetwork generated) throws Exception {
        return loader.loadClass(generated.qualifiedName()).asSubclass(Network.class).getConstructor().newInstance();
    }
}
