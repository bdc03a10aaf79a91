package dev.netjac.spark;

import dev.netjac.Netjac;
import dev.netjac.NetjacException;
import dev.netjac.codegen.GeneratedNetwork;
import dev.netjac.compile.JaninoCompiler;
import dev.netjac.runtime.Network;
import dev.netjac.runtime.WeightSet;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What an executor needs to build a network: the generated Java source and the weights in netjac's binary
 * weights format, read and generated once on the driver. It is what {@link NetjacSpark} broadcasts; an
 * executor compiles the source with Janino once per JVM ({@link ExecutorNetworks}), whatever the number of
 * tasks. The fingerprint (SHA-256 of source and weights) keys that cache, so two models that differ only in
 * their weights never share an instance.
 */
public final class NetjacModel implements Serializable {
    private static final long serialVersionUID = 1L;

    static {
        Reproducibility.preferPlainKernels();
    }

    private final String qualifiedName;
    private final String className;
    private final String packageName;
    private final String source;
    private final byte[] weights;
    private final int inputSize;
    private final int outputSize;
    private final String fingerprint;

    private NetjacModel(GeneratedNetwork generated, int inputSize, int outputSize) {
        this.qualifiedName = generated.qualifiedName();
        this.className = generated.className();
        this.packageName = generated.packageName();
        this.source = generated.source();
        this.weights = bytes(generated.weights());
        this.inputSize = inputSize;
        this.outputSize = outputSize;
        this.fingerprint = sha256(source, weights);
    }

    /** Reads {@code model} (any format {@link Netjac#read} reads) and generates its class, on the driver. */
    public static NetjacModel load(Path model) {
        return load(model, Netjac.Options.defaults());
    }

    public static NetjacModel load(Path model, Netjac.Options options) {
        GeneratedNetwork generated = Netjac.generate(Netjac.read(model, options.read()), options);
        // Compiling here too costs one Janino run on the driver and proves the source compiles before any
        // task is scheduled; it also gives the sizes.
        Network probe = JaninoCompiler.instantiate(generated);
        return new NetjacModel(generated, probe.inputSize(), probe.outputSize());
    }

    /** N, the number of input values per row. */
    public int inputSize() {
        return inputSize;
    }

    /** M, the number of output values per row. */
    public int outputSize() {
        return outputSize;
    }

    /** The generated class's name, for messages. */
    public String name() {
        return qualifiedName;
    }

    /** SHA-256 of the generated source and the weights bytes. */
    public String fingerprint() {
        return fingerprint;
    }

    /** Bytes broadcast to every executor: source plus weights. */
    public long broadcastBytes() {
        return (long) source.length() + weights.length;
    }

    /**
     * A new instance of this model's class in this JVM: compiled once per JVM, weights shared, scratch its
     * own. The same class every other caller in this JVM gets, so in-process and Spark results are bit-identical.
     */
    public Network newNetwork() {
        return ExecutorNetworks.newInstance(this);
    }

    /** Compiles and instantiates; called once per JVM and fingerprint by {@link ExecutorNetworks}. */
    Network build() {
        WeightSet set;
        try {
            set = WeightSet.read(new ByteArrayInputStream(weights));
        } catch (IOException e) {
            throw new NetjacException(qualifiedName + ": broadcast weights are unreadable: " + e.getMessage());
        }
        Network network = JaninoCompiler.instantiate(new GeneratedNetwork(packageName, className, source, set, null));
        Reproducibility.check(qualifiedName);
        return network;
    }

    private static byte[] bytes(WeightSet weights) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            weights.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String sha256(String source, byte[] weights) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(source.getBytes(StandardCharsets.UTF_8));
            digest.update(weights);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
