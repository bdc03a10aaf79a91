package dev.netjac.cli;

import dev.netjac.Netjac;
import dev.netjac.NetjacException;
import dev.netjac.Progress;
import dev.netjac.check.ExpectedComparison;
import dev.netjac.check.Verifier;
import dev.netjac.graph.Graph;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "check", description = {
        "Compare the generated class with the reference evaluator and central finite differences at random inputs.",
        "With --input and --expect: compare its outputs (and Jacobians) with values computed by your own framework"
                + " at those inputs; this is what catches a model read differently from how its author meant it."},
        footerHeading = "%nExamples:%n",
        footer = {"  netjac check samples/seed/scaled/seed.json --points 20 --seed 7",
                "  netjac check samples/own-model/model.json --input samples/own-model/x.npy \\",
                "      --expect samples/own-model/y.npy --expect-jacobian samples/own-model/j.npy"})
final class CheckCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Option(names = "--points", defaultValue = "5", paramLabel = "K", description = "Random inputs to check (default: ${DEFAULT-VALUE}).")
    int points;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--input", paramLabel = "X.npy", description = "Inputs at which --expect was computed: (N...) or (B, N...).")
    Path input;

    @Option(names = "--expect", paramLabel = "Y.npy", description = "Expected outputs at --input, from your framework: (M...) or (B, M...).")
    Path expect;

    @Option(names = "--expect-jacobian", paramLabel = "J.npy", description = "Expected Jacobians at --input: (M, N) or (B, M, N).")
    Path expectJacobian;

    @Option(names = "--tolerance", paramLabel = "T", defaultValue = "1e-4",
            description = "Largest error accepted against --expect, relative to each input's largest expected entry"
                    + " (absolute below 1; default: ${DEFAULT-VALUE}, room for float32 frameworks).")
    double tolerance;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (points < 1) {
            throw new NetjacException("--points: expected at least 1, found " + points);
        }
        if (input != null || expect != null || expectJacobian != null) {
            return checkExpected();
        }
        Netjac.Options options = model.options();
        Graph graph = Netjac.read(model.model, options.read());
        PrintWriter err = spec.commandLine().getErr();
        ModelOptions.Compiled compiled = model.compile(graph, options, err);
        Progress progress = Progress.forStderr(err, model.quiet, "check", points);
        Verifier.Report report = Verifier.check(graph, compiled.network(), points, seed, progress);
        progress.done();
        PrintWriter out = spec.commandLine().getOut();
        String folded = report.foldedPoints() == 0 ? ""
                : String.format(Locale.ROOT, ", %d of them folded to |x| where the outputs were not finite", report.foldedPoints());
        out.printf(Locale.ROOT, "checked %s at %d random inputs (N(0,1), seed %d%s); %s%n", graph.source(), points, seed, folded,
                compiled.generated().plan().describe());
        out.printf(Locale.ROOT, "  generated vs reference   forward %.2e  jacobian %.2e  vjp %.2e  jvp %.2e  batch %.2e  (max-norm relative; tolerance %.0e)  %s%n",
                report.forwardError(), report.jacobianError(), report.vjpError(), report.jvpError(), report.batchError(),
                Verifier.REFERENCE_TOLERANCE, report.referenceAgrees() ? "ok" : "FAILED");
        out.printf(Locale.ROOT, "  reference vs central FD  jacobian %.2e  (relative to max(|J|,|y|); tolerance %.0e; %d of %d entries at kinks skipped)  %s%n",
                report.fdError(), Verifier.FD_TOLERANCE, report.fdUnresolved(), report.fdEntries(),
                report.finiteDifferencesAgree() ? "ok" : "FAILED");
        return report.passed() ? 0 : NetjacCli.CHECK_FAILED;
    }

    /** {@code check --input X --expect Y [--expect-jacobian J]}: netjac against the user's own framework. */
    private int checkExpected() {
        if (input == null || expect == null) {
            throw new NetjacException(input == null
                    ? "--expect and --expect-jacobian need --input X.npy, the inputs they were computed at"
                    : "--input needs --expect Y.npy, the outputs your framework computed at those inputs");
        }
        if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
            throw new NetjacException("--tolerance: expected a number >= 0, found " + tolerance);
        }
        Netjac.Options options = model.options();
        Graph graph = Netjac.read(model.model, options.read());
        InputBatch inputs = InputBatch.read(input, "--input", graph);
        int count = inputs.count();
        int m = graph.outputSize();
        int n = graph.inputSize();
        double[] outputs = ExpectedFile.read(expect, "--expect", count, inputs.batched(), m, "outputs");
        double[] jacobians = expectJacobian == null ? null
                : ExpectedFile.read(expectJacobian, "--expect-jacobian", count, inputs.batched(), (long) m * n, "Jacobians");
        PrintWriter err = spec.commandLine().getErr();
        inputs.warnNonFinite(err);
        ModelOptions.Compiled compiled = model.compile(graph, options, err);
        ExpectedComparison.Report report = ExpectedComparison.compare(compiled.network(), inputs.values(), count, outputs, jacobians);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "compared %s with %s at %d input%s of %s (error relative to each input's largest expected entry,"
                + " absolute below 1; tolerance %.0e)%n", graph.source(), expect, count, count == 1 ? "" : "s", input, tolerance);
        print(out, "outputs ", report.outputs(), inputs.batched());
        if (report.jacobian() != null) {
            print(out, "jacobian", report.jacobian(), inputs.batched());
        }
        if (!report.within(tolerance)) {
            out.println("  netjac disagrees with your framework. Common causes: a PyTorch nn.Linear weight is (out, in):"
                    + " its dense layer needs \"kernel_layout\": \"out_in\"; images in NCHW order where netjac expects"
                    + " the model's own (NHWC for Keras); a missing or extra activation.");
        }
        out.flush();
        return report.within(tolerance) ? 0 : NetjacCli.CHECK_FAILED;
    }

    private void print(PrintWriter out, String what, ExpectedComparison.Worst worst, boolean batched) {
        if (worst.input() < 0) {
            out.printf(Locale.ROOT, "  %s  worst error 0  ok%n", what);
            return;
        }
        String where = (batched ? "input row " + worst.input() + ", " : "") + "output " + worst.output()
                + (worst.inputIndex() >= 0 ? ", input index " + worst.inputIndex() : "");
        out.printf(Locale.ROOT, "  %s  worst error %.2e at %s: netjac %s, expected %s  %s%n", what, worst.error(), where,
                number(worst.actual()), number(worst.expected()), worst.within(tolerance) ? "ok" : "FAILED");
    }

    private static String number(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.9g", v) : String.valueOf(v);
    }
}
