package dev.netjac.cli;

import dev.netjac.Netjac;
import dev.netjac.check.Verifier;
import dev.netjac.Progress;
import dev.netjac.graph.Graph;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "check", description = "Compare the generated class with the reference evaluator and central finite differences at random inputs.",
        footerHeading = "%nExample:%n",
        footer = "  netjac check samples/seed/scaled/seed.json --points 20 --seed 7")
final class CheckCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Option(names = "--points", defaultValue = "5", paramLabel = "K", description = "Random inputs to check (default: ${DEFAULT-VALUE}).")
    int points;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (points < 1) {
            throw new dev.netjac.NetjacException("--points: expected at least 1, found " + points);
        }
        Netjac.Options options = model.options();
        Graph graph = Netjac.read(model.model, options.read());
        PrintWriter err = spec.commandLine().getErr();
        ModelOptions.Compiled compiled = model.compile(graph, options, err);
        Progress progress = Progress.forStderr(err, model.quiet, "check", points);
        Verifier.Report report = Verifier.check(graph, compiled.network(), points, seed, progress);
        progress.done();
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "checked %s at %d random inputs (N(0,1), seed %d); %s%n", graph.source(), points, seed, compiled.generated().plan().describe());
        out.printf(Locale.ROOT, "  generated vs reference   forward %.2e  jacobian %.2e  vjp %.2e  jvp %.2e  batch %.2e  (max-norm relative; tolerance %.0e)  %s%n",
                report.forwardError(), report.jacobianError(), report.vjpError(), report.jvpError(), report.batchError(),
                Verifier.REFERENCE_TOLERANCE, report.referenceAgrees() ? "ok" : "FAILED");
        out.printf(Locale.ROOT, "  reference vs central FD  jacobian %.2e  (relative to max(|J|,|y|); tolerance %.0e; %d of %d entries at kinks skipped)  %s%n",
                report.fdError(), Verifier.FD_TOLERANCE, report.fdUnresolved(), report.fdEntries(),
                report.finiteDifferencesAgree() ? "ok" : "FAILED");
        return report.passed() ? 0 : NetjacCli.CHECK_FAILED;
    }
}
