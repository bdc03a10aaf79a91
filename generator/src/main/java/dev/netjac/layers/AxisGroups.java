package dev.netjac.layers;

import com.palantir.javapoet.CodeBlock;
import dev.netjac.graph.Shapes;

/**
 * The groups a normalization over one axis works on. For a row-major shape with {@code n} values on the
 * axis and {@code stride} values after it, a group is {@code base, base + stride, ..., base + (n - 1)·stride}
 * for every position off the axis. Over the last axis (stride 1) the groups are contiguous runs. Emits the
 * loops for them so that a rank-1 input (one group) gets exactly the plain loop
 * {@code for (int j = 0; j < n; j++)} and nothing else.
 */
final class AxisGroups {
    final int size;
    final int groupSize;
    final int stride;
    final int axis;
    private final boolean last;

    /** Groups along {@code axis} (0 ≤ axis &lt; rank) of {@code shape}. */
    AxisGroups(int[] shape, int axis) {
        if (axis < 0 || axis >= shape.length || shape[axis] < 1) {
            throw new IllegalArgumentException("no axis " + axis + " in shape " + Shapes.toString(shape));
        }
        this.size = Shapes.size(shape);
        this.groupSize = shape[axis];
        int after = 1;
        for (int d = axis + 1; d < shape.length; d++) {
            after *= shape[d];
        }
        this.stride = after;
        this.axis = axis;
        this.last = axis == shape.length - 1;
    }

    /** Groups along the last axis. */
    AxisGroups(int[] shape) {
        this(shape, shape.length - 1);
    }

    boolean single() {
        return size == groupSize;
    }

    boolean lastAxis() {
        return last;
    }

    /** The first element of every group, for the reference math. */
    int[] bases() {
        int[] bases = new int[size / groupSize];
        int g = 0;
        for (int block = 0; block < size; block += groupSize * stride) {
            for (int base = block; base < block + stride; base++) {
                bases[g++] = base;
            }
        }
        return bases;
    }

    /** One past the last element of the group starting at {@code base}, stepping by {@link #stride}. */
    int end(int base) {
        return base + groupSize * stride;
    }

    /** The first element of the group holding flat index {@code i}; the group steps by {@link #stride}. */
    int base(int i) {
        int block = groupSize * stride;
        return i - i % block + i % stride;
    }

    /** Opens the loop over groups (nothing for a single group); the inner loops then run within {@code base}. */
    void openGroups(CodeBlock.Builder code) {
        if (single()) {
            return;
        }
        if (stride == 1) {
            code.beginControlFlow("for (int base = 0; base < $L; base += $L)", size, groupSize);
        } else {
            code.beginControlFlow("for (int block = 0; block < $L; block += $L)", size, groupSize * stride)
                    .beginControlFlow("for (int base = block; base < block + $L; base++)", stride);
        }
    }

    void closeGroups(CodeBlock.Builder code) {
        if (single()) {
            return;
        }
        code.endControlFlow();
        if (stride != 1) {
            code.endControlFlow();
        }
    }

    /** Opens a loop of {@code j} over the current group. */
    void openElements(CodeBlock.Builder code) {
        if (single()) {
            code.beginControlFlow("for (int j = 0; j < $L; j++)", groupSize);
        } else if (stride == 1) {
            code.beginControlFlow("for (int j = base; j < base + $L; j++)", groupSize);
        } else {
            code.beginControlFlow("for (int j = base; j < base + $L; j += $L)", groupSize * stride, stride);
        }
    }

    /** " per group of n" or " per group of n along axis a", for comments and summaries. */
    String describe() {
        if (single()) {
            return "";
        }
        return " per group of " + groupSize + (last ? "" : " along axis " + axis);
    }
}
