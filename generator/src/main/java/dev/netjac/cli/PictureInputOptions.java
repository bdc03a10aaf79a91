package dev.netjac.cli;

import dev.netjac.NetjacException;
import dev.netjac.UserText;
import dev.netjac.picture.InputGeometry;
import dev.netjac.picture.Labels;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** What the picture commands (eval --heatmap, view) need to know beyond the model: output names, input layout. */
final class PictureInputOptions {
    @Option(names = "--labels", paramLabel = "FILE", description = "Output names, one per line.")
    Path labels;

    @Option(names = "--layout", paramLabel = "LAYOUT", defaultValue = "auto",
            description = "How the input is drawn: auto, channels-last, channels-first or vector (default: ${DEFAULT-VALUE}).")
    String layout;

    InputGeometry.Layout layout() {
        InputGeometry.Layout parsed = InputGeometry.Layout.parse(layout);
        if (parsed == null) {
            throw new NetjacException("--layout: expected auto, channels-last, channels-first or vector, found " + UserText.quote(layout));
        }
        return parsed;
    }

    /** The labels file's names, checked against the output count, or an empty list without --labels. */
    List<String> labels(int outputs) {
        return labels == null ? List.of() : Labels.read(labels, outputs);
    }
}
