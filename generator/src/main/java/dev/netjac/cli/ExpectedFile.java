package dev.netjac.cli;

import dev.netjac.NetjacException;
import dev.netjac.weights.Tensor;
import java.nio.file.Path;

/** Reads the expected outputs or Jacobians of {@code check --expect}: one block of values per input. */
final class ExpectedFile {
    private ExpectedFile() {}

    /**
     * Reads {@code file} as {@code count} blocks of {@code perInput} values: for a batch its first axis must be
     * the batch (any shape after it holding {@code perInput} values), for one input any shape of that size.
     */
    static double[] read(Path file, String option, int count, boolean batched, long perInput, String what) {
        Tensor t = InputBatch.readNpy(file, option);
        int[] shape = t.shape();
        boolean fits = batched
                ? shape.length >= 1 && shape[0] == count && (long) t.size() == count * perInput
                : t.size() == perInput;
        if (!fits) {
            throw new NetjacException(file + ": expected " + what + " have shape " + t.shapeString() + ", expected "
                    + (batched ? count + " rows (the inputs' batch) of " + perInput + " values each" : perInput + " values")
                    + " (" + option + ")");
        }
        return t.toArray();
    }
}
