package dev.netjac.cli;

import dev.netjac.NetjacException;
import dev.netjac.graph.Graph;
import dev.netjac.graph.Shapes;
import dev.netjac.weights.Npy;
import dev.netjac.weights.Tensor;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The inputs of {@code eval} and {@code check --input}: a .npy file holding one input of the model's shape or a
 * batch of them, flattened row after row.
 */
record InputBatch(Path file, int count, boolean batched, int inputSize, double[] values) {

    /** Reads {@code file} (named {@code option} in messages) as inputs of {@code graph}. */
    static InputBatch read(Path file, String option, Graph graph) {
        if (Files.isDirectory(file)) {
            throw new NetjacException(file + ": expected a .npy file, found a folder (" + option + ")");
        }
        if (!Files.isRegularFile(file)) {
            throw new NetjacException(file + ": file not found (" + option + ")");
        }
        Tensor x = readNpy(file, option);
        int[] inShape = graph.inputShape();
        int[] xs = x.shape();
        boolean batched;
        if (Arrays.equals(xs, inShape) || (inShape.length > 1 && xs.length == 1 && xs[0] == graph.inputSize())) {
            batched = false;
        } else if (xs.length >= 1 && (Arrays.equals(Arrays.copyOfRange(xs, 1, xs.length), inShape)
                || (xs.length == 2 && xs[1] == graph.inputSize()))) {
            batched = true;
        } else {
            throw new NetjacException(file + ": inputs have shape " + x.shapeString() + ", expected "
                    + Shapes.toString(inShape) + " for one input or " + batchShape(inShape) + " for a batch");
        }
        return new InputBatch(file, batched ? xs[0] : 1, batched, graph.inputSize(), x.toArray());
    }

    /** Reads a .npy file, naming it as the user gave it (the reader names it by its last element). */
    static Tensor readNpy(Path file, String option) {
        try {
            return Npy.read(file);
        } catch (NetjacException e) {
            String name = file.getFileName() + ": ";
            String message = e.getMessage().startsWith(name) ? e.getMessage().substring(name.length()) : e.getMessage();
            throw new NetjacException(file + ": " + message + " (" + option + ")", e);
        }
    }

    /** Copies input {@code b} into {@code x}. */
    void copyInput(int b, double[] x) {
        System.arraycopy(values, b * inputSize, x, 0, inputSize);
    }

    /**
     * Warns once per input row that holds NaN or an infinity: the outputs of such a row are NaN or meaningless,
     * which a long batch would otherwise hide. Returns the number of such rows.
     */
    int warnNonFinite(PrintWriter err) {
        int rows = 0;
        for (int b = 0; b < count; b++) {
            for (int j = 0; j < inputSize; j++) {
                double v = values[b * inputSize + j];
                if (!Double.isFinite(v)) {
                    rows++;
                    if (rows <= MAX_WARNINGS) {
                        err.println("netjac: warning: " + file + ": input " + (batched ? "row " + b + " " : "")
                                + "holds " + v + " at index " + j + "; its outputs are not meaningful");
                    }
                    break;
                }
            }
        }
        if (rows > MAX_WARNINGS) {
            err.println("netjac: warning: " + file + ": " + (rows - MAX_WARNINGS) + " more input rows hold NaN or infinities");
        }
        err.flush();
        return rows;
    }

    /** Warning lines printed before the rest are counted in one line. */
    static final int MAX_WARNINGS = 10;

    static String batchShape(int[] shape) {
        int[] withBatch = new int[shape.length + 1];
        withBatch[0] = 1;
        System.arraycopy(shape, 0, withBatch, 1, shape.length);
        return Shapes.toString(withBatch).replaceFirst("^\\(1,", "(B,");
    }
}
