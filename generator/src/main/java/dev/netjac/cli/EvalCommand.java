package dev.netjac.cli;

import dev.netjac.Netjac;
import dev.netjac.NetjacException;
import dev.netjac.UserText;
import dev.netjac.graph.Graph;
import dev.netjac.graph.Shapes;
import dev.netjac.picture.PictureOptions;
import dev.netjac.picture.SaliencyPicture;
import dev.netjac.runtime.Network;
import dev.netjac.weights.Npy;
import dev.netjac.weights.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "eval", description = "Evaluate outputs and Jacobians at inputs from a .npy file; writes float64 .npy files.",
        footerHeading = "%nExample (8 inputs of the blog network: y.npy is (8, 10), j.npy (8, 10, 500)):%n",
        footer = {"  netjac eval samples/seed/scaled/seed.json \\",
                "      --input samples/seed/scaled/reference/x.npy \\", "      --output y.npy --jacobian j.npy"})
final class EvalCommand implements Callable<Integer> {
    @Mixin
    ModelOptions model;

    @Option(names = "--input", required = true, paramLabel = "X.npy", description = "Inputs: shape (N...) for one, (B, N...) for a batch.")
    Path input;

    @Option(names = "--output", paramLabel = "Y.npy", description = "Write outputs: (M...) or (B, M...).")
    Path output;

    @Option(names = "--jacobian", paramLabel = "J.npy", description = "Write Jacobians: (M, N) or (B, M, N).")
    Path jacobian;

    @Option(names = "--heatmap", paramLabel = "FILE.png", description = "Draw a saliency picture of the Jacobian at the input (one input).")
    Path heatmap;

    @Mixin
    PictureInputOptions picture;

    @Option(names = "--scale", paramLabel = "shared|per-panel", defaultValue = "shared", description = "One colour scale for all outputs, or one each (default: ${DEFAULT-VALUE}).")
    String scale;

    @Option(names = "--overlay", description = "Draw image saliency over the input in grey.")
    boolean overlay;


    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Netjac.Options options = model.options();
        Graph graph = Netjac.read(model.model, options.read());
        int[] inShape = graph.inputShape();
        if (Files.isDirectory(input)) {
            throw new NetjacException(input + ": expected a .npy file, found a folder (--input)");
        }
        if (!Files.isRegularFile(input)) {
            throw new NetjacException(input + ": file not found (--input)");
        }
        requireWritable(output, "--output");
        requireWritable(jacobian, "--jacobian");
        requireWritable(heatmap, "--heatmap");
        PictureOptions pictureOptions = heatmap == null ? null : pictureOptions(graph.outputSize());
        if (heatmap == null && (picture.labels != null || overlay)) {
            throw new NetjacException((picture.labels != null ? "--labels" : "--overlay") + " draws on the picture: add --heatmap FILE.png");
        }
        Tensor x;
        try {
            x = Npy.read(input);
        } catch (NetjacException e) {
            // The reader names the file by its last element; name it as the user gave it.
            String name = input.getFileName() + ": ";
            String message = e.getMessage().startsWith(name) ? e.getMessage().substring(name.length()) : e.getMessage();
            throw new NetjacException(input + ": " + message + " (--input)", e);
        }
        int[] xs = x.shape();
        boolean batched;
        if (Arrays.equals(xs, inShape) || (inShape.length > 1 && xs.length == 1 && xs[0] == graph.inputSize())) {
            batched = false;
        } else if (xs.length >= 1 && (Arrays.equals(Arrays.copyOfRange(xs, 1, xs.length), inShape)
                || (xs.length == 2 && xs[1] == graph.inputSize()))) {
            batched = true;
        } else {
            throw new NetjacException(input + ": inputs have shape " + x.shapeString() + ", expected "
                    + Shapes.toString(inShape) + " for one input or " + Shapes.toString(prepend(1, inShape)).replaceFirst("^\\(1,", "(B,")
                    + " for a batch");
        }
        int n = graph.inputSize();
        int m = graph.outputSize();
        int batch = batched ? xs[0] : 1;
        if (heatmap != null && batch != 1) {
            throw new NetjacException(input + ": --heatmap draws one input, found a batch of " + batch + "; pass one input");
        }
        Network network = model.compile(graph, options, spec.commandLine().getErr()).network();
        double[] all = x.toArray();
        double[] ys = new double[batch * m];
        if (jacobian != null && (long) batch * m * n > Integer.MAX_VALUE - 8) {
            throw new NetjacException(input + ": " + batch + " inputs need " + ((long) batch * m * n)
                    + " Jacobian entries, more than one .npy array written at once may hold; split the batch");
        }
        double[] js = jacobian == null && heatmap == null ? null : new double[batch * m * n];
        double[] xb = new double[n];
        double[] yb = new double[m];
        double[] jb = new double[m * n];
        dev.netjac.Progress progress = dev.netjac.Progress.forStderr(spec.commandLine().getErr(), model.quiet,
                "eval", batch);
        for (int b = 0; b < batch; b++) {
            progress.advance(1);
            System.arraycopy(all, b * n, xb, 0, n);
            if (js != null) {
                network.jacobian(xb, yb, jb);
                System.arraycopy(jb, 0, js, b * m * n, m * n);
            } else {
                network.forward(xb, yb);
            }
            System.arraycopy(yb, 0, ys, b * m, m);
        }
        progress.done();
        int[] outShape = graph.outputShape();
        // Drawn before any file is written, so that a picture that cannot be drawn leaves no partial output.
        SaliencyPicture drawn = heatmap == null ? null : SaliencyPicture.render(ys, js, inShape, all, pictureOptions);
        if (output != null) {
            Npy.write(output, batched ? prepend(batch, outShape) : outShape, ys);
        }
        if (jacobian != null) {
            Npy.write(jacobian, batched ? new int[] {batch, m, n} : new int[] {m, n}, js);
        }
        if (heatmap != null) {
            drawn.write(heatmap);
            spec.commandLine().getOut().println("saliency picture written to " + heatmap);
        }
        if (output == null && jacobian == null && heatmap == null) {
            spec.commandLine().getOut().println(Arrays.toString(ys));
        }
        return 0;
    }

    private PictureOptions pictureOptions(int outputs) {
        PictureOptions.Scale parsedScale = PictureOptions.Scale.parse(scale);
        if (parsedScale == null) {
            throw new NetjacException("--scale: expected shared or per-panel, found " + UserText.quote(scale));
        }
        return PictureOptions.defaults()
                .withLabels(picture.labels(outputs))
                .withScale(parsedScale)
                .withOverlay(overlay)
                .withLayout(picture.layout());
    }

    /** Fails before any work when an output file could not be written: its folder is missing, or it is a folder. */
    private static void requireWritable(Path file, String option) {
        if (file == null) {
            return;
        }
        if (Files.isDirectory(file)) {
            throw new NetjacException(file + ": expected a file name, found a folder (" + option + ")");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new NetjacException(file + ": cannot write: folder " + parent + " not found (" + option + ")");
        }
    }

    private static int[] prepend(int first, int[] rest) {
        int[] shape = new int[rest.length + 1];
        shape[0] = first;
        System.arraycopy(rest, 0, shape, 1, rest.length);
        return shape;
    }
}
