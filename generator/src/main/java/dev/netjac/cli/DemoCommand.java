package dev.netjac.cli;

import dev.netjac.Netjac;
import dev.netjac.NetjacException;
import dev.netjac.check.FiniteDifferences;
import dev.netjac.check.Verifier;
import dev.netjac.codegen.GeneratedNetwork;
import dev.netjac.compile.JaninoCompiler;
import dev.netjac.compile.SourceWriter;
import dev.netjac.graph.Graph;
import dev.netjac.reference.ReferenceEvaluator;
import dev.netjac.picture.PictureOptions;
import dev.netjac.picture.SaliencyPicture;
import dev.netjac.runtime.Network;
import dev.netjac.weights.Npy;
import dev.netjac.weights.Tensor;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * netjac's main job on the bundled samples: the blog's 500-100-10 network, then a Keras CNN saved by
 * TensorFlow.js. Generates each class, compiles it in process, checks it against the tool's own reference
 * values (NumPy, TF.js), the reference evaluator and finite differences, and times it against the reference
 * evaluator.
 */
@Command(name = "demo", description = "Generate, compile, verify and time the bundled sample networks (samples/seed, samples/cnn).",
        footerHeading = "%nExample:%n",
        footer = "  netjac demo --out target/netjac-demo")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--samples", paramLabel = "DIR", description = "The samples/seed folder (default: found from the working directory or the launcher).")
    Path samples;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write the generated sources and pictures (default: target/netjac-demo of the netjac checkout, wherever the demo is started from).")
    Path out;

    @Option(names = "--verbose", description = "Print stack traces of errors.")
    boolean verbose;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    @Override
    public Integer call() throws Exception {
        Path seed = samplesDir();
        PrintWriter w = out();
        if (out == null) {
            // samples/seed sits two levels below the checkout: the demo writes into its build folder, never
            // into whatever folder it happens to be started from.
            out = seed.getParent().getParent().resolve("target").resolve("netjac-demo");
        }
        w.println("netjac demo: writing generated sources and pictures to " + out.toAbsolutePath().normalize());
        w.println("netjac demo: the blog's network, 500 inputs -> dense 100 -> relu -> dense 10 -> softmax");
        w.println();
        boolean ok = true;
        Network scaled = null;
        Graph scaledGraph = null;
        for (String variant : new String[] {"scaled", "blog"}) {
            Path spec = seed.resolve(variant).resolve("seed.json");
            long t0 = System.nanoTime();
            Graph graph = Netjac.read(spec, Netjac.Options.defaults().read());
            GeneratedNetwork generated = Netjac.generate(graph, Netjac.Options.defaults());
            Network network = JaninoCompiler.instantiate(generated);
            long compileMicros = (System.nanoTime() - t0) / 1000;
            SourceWriter.Written written = SourceWriter.write(generated, out, out);

            w.printf(Locale.ROOT, "%s weights (%s)%n", variant, spec);
            w.printf(Locale.ROOT, "  read + generate + Janino compile   %8.1f ms   -> %s%n", compileMicros / 1000.0, written.source());
            w.printf(Locale.ROOT, "  plan                                %s%n", generated.plan().describe());
            ok &= compareWithNumpy(w, network, spec.getParent().resolve("reference"));
            ok &= compareWithFiniteDifferences(w, graph, network, spec.getParent().resolve("reference"));
            w.println();
            if (variant.equals("scaled")) {
                picture(w, "seed-saliency.png", graph, network, spec.getParent().resolve("reference"));
                scaled = network;
                scaledGraph = graph;
            }
        }
        time(w, "timing on the scaled network", scaledGraph, scaled);
        w.println("  (the blog: TensorFlow ~650,000 µs, autograd 3,700 µs, NumPy backprop 115 µs per Jacobian)");
        Path cnn = seed.getParent().resolve("cnn");
        if (Files.isRegularFile(cnn.resolve("model.json"))) {
            w.println();
            ok &= keras(w, cnn);
        }
        w.println();
        w.println(ok ? "all checks passed" : "CHECKS FAILED");
        return ok ? 0 : NetjacCli.CHECK_FAILED;
    }

    private boolean compareWithNumpy(PrintWriter w, Network network, Path reference) {
        Tensor xs = Npy.read(reference.resolve("x.npy"));
        Tensor ys = Npy.read(reference.resolve("y.npy"));
        // NumPy's outputs, but the Jacobians of the 50-digit mpmath reference (make_exact_reference.py): the blog's
        // NumPy method cancels in saturated softmax rows, where netjac does not.
        Tensor js = Npy.read(reference.resolve("jac_exact.npy"));
        int n = network.inputSize();
        int m = network.outputSize();
        int points = xs.dim(0);
        double yErr = 0;
        double jErr = 0;
        double[] x = new double[n];
        double[] y = new double[m];
        double[] jac = new double[m * n];
        double[] all = xs.toArray();
        double[] yAll = ys.toArray();
        double[] jAll = js.toArray();
        for (int p = 0; p < points; p++) {
            System.arraycopy(all, p * n, x, 0, n);
            network.jacobian(x, y, jac);
            yErr = Math.max(yErr, rowRelativeError(y, Arrays.copyOfRange(yAll, p * m, (p + 1) * m), 1));
            jErr = Math.max(jErr, rowRelativeError(jac, Arrays.copyOfRange(jAll, p * m * n, (p + 1) * m * n), n));
        }
        boolean ok = yErr <= 1e-12 && jErr <= 1e-12;
        w.printf(Locale.ROOT, "  vs NumPy outputs, mpmath Jacobians, %d inputs  outputs %.1e, Jacobian %.1e (per-row relative)  %s%n",
                points, yErr, jErr, ok ? "ok" : "FAILED");
        return ok;
    }

    /**
     * Largest error of each row relative to that row's largest entry. With the blog's raw weights the softmax
     * saturates and whole Jacobian rows are ~1e-60, so a matrix-wide relative error would hide them.
     */
    private static double rowRelativeError(double[] a, double[] b, int rowLength) {
        double worst = 0;
        for (int start = 0; start < a.length; start += rowLength) {
            double[] ra = Arrays.copyOfRange(a, start, start + rowLength);
            double[] rb = Arrays.copyOfRange(b, start, start + rowLength);
            worst = Math.max(worst, Verifier.relativeError(ra, rb));
        }
        return worst;
    }

    private boolean compareWithFiniteDifferences(PrintWriter w, Graph graph, Network network, Path reference) {
        Tensor xs = Npy.read(reference.resolve("x.npy"));
        int n = network.inputSize();
        int m = network.outputSize();
        double[] x = Arrays.copyOfRange(xs.toArray(), 0, n);
        ReferenceEvaluator ref = new ReferenceEvaluator(graph);
        double[] y = new double[m];
        double[] jac = new double[m * n];
        network.jacobian(x, y, jac);
        double[] fd = Verifier.flatten(FiniteDifferences.jacobian(ref::forward, x, 1.0));
        double scale = Math.max(Verifier.maxAbs(jac), Verifier.maxAbs(y));
        double err = 0;
        for (int i = 0; i < jac.length; i++) {
            err = Math.max(err, Math.abs(jac[i] - fd[i]) / scale);
        }
        boolean ok = err <= Verifier.FD_TOLERANCE;
        w.printf(Locale.ROOT, "  vs central finite differences       %.1e (relative to max(|J|, |y|))  %s%n", err, ok ? "ok" : "FAILED");
        return ok;
    }

    /**
     * The same job on a Keras model saved by TensorFlow.js (samples/cnn): a convolutional classifier whose
     * Jacobian is the saliency map of each class, checked against TF.js's own float32 values.
     */
    private boolean keras(PrintWriter w, Path dir) {
        Path model = dir.resolve("model.json");
        long t0 = System.nanoTime();
        Graph graph = Netjac.read(model, Netjac.Options.defaults().read());
        GeneratedNetwork generated = Netjac.generate(graph, Netjac.Options.defaults());
        Network network = JaninoCompiler.instantiate(generated);
        long compileMicros = (System.nanoTime() - t0) / 1000;
        w.printf(Locale.ROOT, "a Keras CNN saved by TensorFlow.js (%s), %s -> %s%n", model,
                dev.netjac.graph.Shapes.toString(graph.inputShape()), dev.netjac.graph.Shapes.toString(graph.outputShape()));
        w.printf(Locale.ROOT, "  read + generate + Janino compile   %8.1f ms%n", compileMicros / 1000.0);
        w.printf(Locale.ROOT, "  plan                                %s%n", generated.plan().describe());
        Path reference = dir.resolve("reference");
        Tensor xs = Npy.read(reference.resolve("x.npy"));
        double[] all = xs.toArray();
        double[] yAll = Npy.read(reference.resolve("y.npy")).toArray();
        double[] jAll = Npy.read(reference.resolve("jac.npy")).toArray();
        int n = network.inputSize();
        int m = network.outputSize();
        double yErr = 0;
        double jErr = 0;
        double[] x = new double[n];
        double[] y = new double[m];
        double[] jac = new double[m * n];
        for (int p = 0; p < xs.dim(0); p++) {
            System.arraycopy(all, p * n, x, 0, n);
            network.jacobian(x, y, jac);
            yErr = Math.max(yErr, Verifier.relativeError(y, Arrays.copyOfRange(yAll, p * m, (p + 1) * m)));
            jErr = Math.max(jErr, Verifier.relativeError(jac, Arrays.copyOfRange(jAll, p * m * n, (p + 1) * m * n)));
        }
        // TF.js computes in float32: agreement to ~1e-6 of the largest entry is all float32 allows.
        boolean tfjsOk = yErr <= 1e-4 && jErr <= 1e-4;
        w.printf(Locale.ROOT, "  vs TensorFlow.js (float32), %d inputs  outputs %.1e, Jacobian %.1e (relative to the largest entry)  %s%n",
                xs.dim(0), yErr, jErr, tfjsOk ? "ok" : "FAILED");
        Verifier.Report report = Verifier.check(graph, network, 1, 1);
        w.printf(Locale.ROOT, "  vs reference evaluator (float64)   %.1e; reference vs central finite differences %.1e  %s%n",
                report.jacobianError(), report.fdError(), report.passed() ? "ok" : "FAILED");
        picture(w, "cnn-saliency.png", graph, network, reference);
        time(w, "timing on the CNN, full 10 x 784 Jacobian", graph, network);
        return tfjsOk && report.passed();
    }

    /** Draws the saliency picture of {@code network} at the first reference input into the output folder. */
    private void picture(PrintWriter w, String name, Graph graph, Network network, Path reference) {
        int n = network.inputSize();
        double[] x = Arrays.copyOfRange(Npy.read(reference.resolve("x.npy")).toArray(), 0, n);
        double[] y = new double[network.outputSize()];
        double[] jac = new double[y.length * n];
        network.jacobian(x, y, jac);
        Path file = out.resolve(name);
        SaliencyPicture.render(y, jac, graph.inputShape(), x, PictureOptions.defaults()).write(file);
        w.printf(Locale.ROOT, "  saliency picture at reference input 0  -> %s%n", file.toAbsolutePath().normalize());
    }

    private void time(PrintWriter w, String title, Graph graph, Network network) {
        ReferenceEvaluator reference = new ReferenceEvaluator(graph);
        int n = network.inputSize();
        int m = network.outputSize();
        double[] x = Verifier.gaussian(new java.util.Random(7), n);
        for (int i = 0; i < n; i++) {
            x[i] = Math.abs(x[i]) * 0.5;
        }
        double[] y = new double[m];
        double[] jac = new double[m * n];
        double genForward = Timer.medianMicros(() -> network.forward(x, y));
        double genJacobian = Timer.medianMicros(() -> network.jacobian(x, y, jac));
        double refForward = Timer.medianMicros(() -> reference.forward(x));
        double refJacobian = Timer.medianMicros(() -> reference.jacobian(x));
        w.println(title + " (median µs per call after warm-up; a rough loop, see docs/benchmarks.md for JMH)");
        w.printf(Locale.ROOT, "  %-22s %12s %14s %10s%n", "", "netjac", "reference", "speedup");
        w.printf(Locale.ROOT, "  %-22s %12.2f %14.2f %9.0fx%n", "forward", genForward, refForward, refForward / genForward);
        w.printf(Locale.ROOT, "  %-22s %12.2f %14.2f %9.0fx%n", "forward + Jacobian", genJacobian, refJacobian, refJacobian / genJacobian);
    }

    private Path samplesDir() {
        if (samples != null) {
            if (!Files.isDirectory(samples)) {
                throw new NetjacException(samples + ": no such folder");
            }
            for (String variant : new String[] {"scaled", "blog"}) {
                if (!Files.isRegularFile(samples.resolve(variant).resolve("seed.json"))) {
                    throw new NetjacException(samples + ": expected the samples/seed folder, found no "
                            + variant + "/seed.json in it (--samples)");
                }
            }
            return samples.toAbsolutePath().normalize();
        }
        String home = System.getProperty("netjac.home");
        for (Path candidate : new Path[] {
                home == null ? null : Path.of(home, "samples", "seed"),
                Path.of("samples", "seed"),
                Path.of("..", "samples", "seed")}) {
            if (candidate != null && Files.isRegularFile(candidate.resolve("scaled").resolve("seed.json"))) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        throw new NetjacException("samples/seed not found; run from the netjac checkout or pass --samples DIR");
    }
}
