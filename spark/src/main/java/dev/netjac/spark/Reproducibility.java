package dev.netjac.spark;

import dev.netjac.NetjacException;
import dev.netjac.runtime.Kernels;

/**
 * Keeps netjac on its plain Java kernels inside Spark, so that a row's bytes never depend on the JIT.
 *
 * <p>Spark 4's launcher starts every driver and executor with {@code --add-modules=jdk.incubator.vector},
 * which would switch netjac to its Vector API kernels. Their results depend on whether C2 has compiled the
 * code yet: compiled, {@code lanewise(TANH/EXP)} are C2's vector math stubs and {@code reduceLanes(ADD)} sums
 * in tree order; interpreted, the same calls fall back to {@link Math#tanh} and a sequential sum. A task
 * retried on a cold executor would then write different low-order bits than its first attempt (RetryTest
 * caught exactly that). Plain Java arithmetic is strict on Java 17, so the plain kernels give the same bits
 * in every JVM state. The choice is made once per JVM when {@link Kernels} loads; this class sets
 * {@code netjac.simd=false} before that, unless the user set it, and refuses to run when it came too late.
 */
final class Reproducibility {
    /** Set to true to accept the Vector API kernels anyway: faster, but retries may differ in the last bits. */
    static final String ALLOW_SIMD = "netjac.spark.allowSimd";

    private Reproducibility() {}

    /** Called from the static initializers of the classes that load a network, before Kernels loads. */
    static void preferPlainKernels() {
        if (System.getProperty("netjac.simd") == null) {
            System.setProperty("netjac.simd", "false");
        }
    }

    /** Refuses the Vector API kernels unless {@value #ALLOW_SIMD} is set. */
    static void check(String model) {
        String kernels = Kernels.implementation();
        if (!"plain".equals(kernels) && !Boolean.getBoolean(ALLOW_SIMD)) {
            throw new NetjacException(model + ": netjac's " + kernels + " kernels are in use in this JVM, whose results"
                    + " depend on JIT state, so a retried task could write different bytes; start drivers and executors"
                    + " with -Dnetjac.simd=false (spark.driver.extraJavaOptions, spark.executor.extraJavaOptions), or"
                    + " accept that with -D" + ALLOW_SIMD + "=true");
        }
    }
}
