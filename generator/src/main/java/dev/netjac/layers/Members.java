package dev.netjac.layers;

import dev.netjac.weights.Tensor;

/**
 * The fields a layer asks the generated class for. Weight fields are immutable and shared by every instance
 * of the class; scratch fields are per instance. Each method returns the field's name.
 */
public interface Members {

    /** A rank-2 weight (rows, cols) held as {@code rows} arrays of {@code cols} values: {@code field[r][c]}. */
    String weightRows(String field, String key, Tensor weight);

    /** The transpose of a rank-2 weight (rows, cols), held as {@code cols} arrays of {@code rows} values. */
    String weightRowsTransposed(String field, String key, Tensor weight);

    /** A weight held as one flat array. */
    String weightVector(String field, String key, Tensor weight);

    /**
     * A table of ints, shared and immutable like a weight (an index map's source positions): held as one
     * {@code int[]}, stored in the weights resource rather than as a literal, so a class of any size compiles.
     */
    String indexTable(String field, String key, int[] values);

    /** A per-instance {@code double[size]} scratch buffer. */
    String scratch(String field, int size);

    /** A per-instance {@code double[rows][width]} scratch buffer, e.g. a convolution's channel planes. */
    String scratchRows(String field, int rows, int width);

    /** A per-instance {@code int[size]} scratch buffer, e.g. the argmax indices of a max-pooling layer. */
    String intScratch(String field, int size);

    /**
     * The name of the per-instance {@code int[]} that {@link dev.netjac.runtime.Kernels} calls use as index
     * scratch; every generated class has it, sized for its widest layer.
     */
    String KERNEL_SCRATCH = "kernelScratch";
}
