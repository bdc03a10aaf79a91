package dev.netjac.cli;

import dev.netjac.Netjac;
import dev.netjac.Progress;
import dev.netjac.codegen.GeneratedNetwork;
import dev.netjac.compile.JaninoCompiler;
import dev.netjac.graph.Graph;
import dev.netjac.runtime.Network;
import java.io.PrintWriter;
import dev.netjac.graph.JacobianMode;
import dev.netjac.spec.ReadOptions;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The model argument and the options every model-reading command shares. */
final class ModelOptions {
    @Parameters(index = "0", paramLabel = "MODEL", description = "The model file: a netjac spec (.json), a TensorFlow.js layers model (model.json), ONNX (.onnx), Keras 3 (.keras) or Keras 2 (.h5); the format is told by content.")
    Path model;

    @Option(names = "--mode", paramLabel = "MODE", description = "Jacobian mode: auto, reverse, forward or mixed (default: the model's, else auto).")
    String mode;

    @Option(names = "--allow-non-finite", description = "Accept NaN and infinite weights.")
    boolean allowNonFinite;

    @Option(names = "--allow-outside", description = "Let weight references leave the model's folder.")
    boolean allowOutside;

    @Option(names = "--verbose", description = "Print stack traces of errors.")
    boolean verbose;

    @Option(names = {"-q", "--quiet"}, description = "No progress output on stderr.")
    boolean quiet;

    /**
     * Generated sources longer than this many lines get their compile stage shown at once: Janino takes seconds
     * on them in one call that cannot report progress of its own.
     */
    static final int LARGE_SOURCE_LINES = 3000;

    /** A generated class and a ready instance of it. */
    record Compiled(GeneratedNetwork generated, Network network) {}

    /** Generates and compiles {@code graph} with Janino, naming the stages on stderr when that takes long. */
    Compiled compile(Graph graph, Netjac.Options options, PrintWriter err) {
        Progress progress = Progress.forStderr(err, quiet, graph.name(), 2);
        progress.stage("generating Java");
        GeneratedNetwork generated = Netjac.generate(graph, options);
        progress.advance(1);
        long lines = generated.source().lines().count();
        if (lines > LARGE_SOURCE_LINES) {
            progress = Progress.forStderr(err, quiet, graph.name(), 2, 0);
            progress.advance(1);
        }
        progress.stage("compiling " + lines + " lines with Janino");
        Network network = JaninoCompiler.instantiate(generated);
        progress.advance(1);
        progress.done();
        return new Compiled(generated, network);
    }

    JacobianMode jacobianMode() {
        if (mode == null) {
            return JacobianMode.AUTO;
        }
        JacobianMode parsed = JacobianMode.parse(mode);
        if (parsed == null) {
            throw new dev.netjac.NetjacException("--mode: expected auto, reverse, forward or mixed, found " + mode);
        }
        return parsed;
    }

    Netjac.Options options() {
        return Netjac.Options.defaults()
                .withJacobianMode(jacobianMode())
                .withRead(ReadOptions.defaults()
                        .withAllowNonFiniteWeights(allowNonFinite)
                        .withAllowWeightsOutsideModelDir(allowOutside));
    }
}
