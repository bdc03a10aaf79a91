package dev.netjac.cli;

import dev.netjac.ModelSource;
import dev.netjac.Netjac;
import dev.netjac.NetjacException;
import dev.netjac.UserText;
import dev.netjac.graph.Graph;
import dev.netjac.picture.PictureOptions;
import dev.netjac.picture.SaliencyPicture;
import dev.netjac.runtime.Network;
import dev.netjac.weights.Npy;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "eval", description = "Evaluate outputs and Jacobians at inputs from a .npy file; writes float64 .npy files, or prints the outputs one line per input.",
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
        OutputFiles.require(output, "--output", ".npy");
        OutputFiles.require(jacobian, "--jacobian", ".npy");
        OutputFiles.require(heatmap, "--heatmap", ".png");
        ModelSource source = Netjac.readSource(model.model, options.read());
        Graph graph = source.graph();
        requireDistinctFiles(source);
        int[] inShape = graph.inputShape();
        PictureOptions pictureOptions = heatmap == null ? null : pictureOptions(graph.outputSize());
        if (heatmap == null && (picture.labels != null || overlay)) {
            throw new NetjacException((picture.labels != null ? "--labels" : "--overlay") + " draws on the picture: add --heatmap FILE.png");
        }
        InputBatch inputs = InputBatch.read(input, "--input", graph);
        int n = graph.inputSize();
        int m = graph.outputSize();
        int batch = inputs.count();
        boolean batched = inputs.batched();
        if (heatmap != null && batch != 1) {
            throw new NetjacException(input + ": --heatmap draws one input, found a batch of " + batch + "; pass one input");
        }
        PrintWriter err = spec.commandLine().getErr();
        inputs.warnNonFinite(err);
        Network network = model.compile(graph, options, err).network();
        double[] ys = new double[batch * m];
        if (jacobian != null && (long) batch * m * n > Integer.MAX_VALUE - 8) {
            throw new NetjacException(input + ": " + batch + " inputs need " + ((long) batch * m * n)
                    + " Jacobian entries, more than one .npy array written at once may hold; split the batch");
        }
        double[] js = jacobian == null && heatmap == null ? null : new double[batch * m * n];
        double[] xb = new double[n];
        double[] yb = new double[m];
        double[] jb = js == null ? null : new double[m * n];
        dev.netjac.Progress progress = dev.netjac.Progress.forStderr(err, model.quiet, "eval", batch);
        for (int b = 0; b < batch; b++) {
            progress.advance(1);
            inputs.copyInput(b, xb);
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
        SaliencyPicture drawn = heatmap == null ? null : SaliencyPicture.render(ys, js, inShape, inputs.values(), pictureOptions);
        if (output != null) {
            Npy.write(output, batched ? prepend(batch, outShape) : outShape, ys);
        }
        if (jacobian != null) {
            Npy.write(jacobian, batched ? new int[] {batch, m, n} : new int[] {m, n}, js);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (heatmap != null) {
            drawn.write(heatmap);
            out.println("saliency picture written to " + heatmap);
        }
        if (output == null && heatmap == null) {
            printOutputs(out, ys, batch, m);
        }
        return 0;
    }

    /**
     * Without --output the outputs go to stdout, one line per input with the values separated by spaces (what
     * {@code numpy.loadtxt} reads back), each written so that it reads back to the same double.
     */
    private static void printOutputs(PrintWriter out, double[] ys, int batch, int m) {
        StringBuilder line = new StringBuilder();
        for (int b = 0; b < batch; b++) {
            line.setLength(0);
            for (int i = 0; i < m; i++) {
                if (i > 0) {
                    line.append(' ');
                }
                line.append(ys[b * m + i]);
            }
            out.println(line);
        }
        out.flush();
    }

    /** No output may replace the inputs, the labels, the model or one of its weight files, or another output. */
    private void requireDistinctFiles(ModelSource source) {
        Map<String, Path> outputs = new LinkedHashMap<>();
        outputs.put("--output", output);
        outputs.put("--jacobian", jacobian);
        outputs.put("--heatmap", heatmap);
        Map<String, Path> inputs = new LinkedHashMap<>();
        inputs.put("--input", input);
        inputs.put("--labels", picture.labels);
        inputs.put("the model", model.model);
        for (Path file : source.files()) {
            inputs.putIfAbsent("the model's file " + file.getFileName(), file);
        }
        OutputFiles.requireDistinct(outputs, inputs);
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

    private static int[] prepend(int first, int[] rest) {
        int[] shape = new int[rest.length + 1];
        shape[0] = first;
        System.arraycopy(rest, 0, shape, 1, rest.length);
        return shape;
    }
}
