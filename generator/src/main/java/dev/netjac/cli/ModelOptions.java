package dev.netjac.cli;

import dev.netjac.Netjac;
import dev.netjac.graph.JacobianMode;
import dev.netjac.spec.ReadOptions;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The model argument and the options every model-reading command shares. */
final class ModelOptions {
    @Parameters(index = "0", paramLabel = "MODEL", description = "The model file: a netjac spec (.json) or a Keras model saved by TensorFlow.js (model.json).")
    Path model;

    @Option(names = "--mode", paramLabel = "MODE", description = "Jacobian mode: auto, reverse, forward or mixed (default: the model's, else auto).")
    String mode;

    @Option(names = "--allow-non-finite", description = "Accept NaN and infinite weights.")
    boolean allowNonFinite;

    @Option(names = "--allow-outside", description = "Let weight references leave the model's folder.")
    boolean allowOutside;

    @Option(names = "--verbose", description = "Print stack traces of errors.")
    boolean verbose;

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
