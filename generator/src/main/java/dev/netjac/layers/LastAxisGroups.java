package dev.netjac.layers;

import com.palantir.javapoet.CodeBlock;
import dev.netjac.graph.Shapes;

/**
 * The groups a normalization over the last axis works on: for a row-major shape [..., n] they are the
 * contiguous runs [base, base + n) at every leading position. Emits the loops for them so that a rank-1
 * input (one group) gets exactly the plain loops {@code for (int j = 0; j < n; j++)} and nothing else.
 */
final class LastAxisGroups {
    final int size;
    final int groupSize;

    LastAxisGroups(int[] shape) {
        if (shape.length == 0 || shape[shape.length - 1] < 1) {
            throw new IllegalArgumentException("no last axis in shape " + Shapes.toString(shape));
        }
        this.size = Shapes.size(shape);
        this.groupSize = shape[shape.length - 1];
    }

    boolean single() {
        return size == groupSize;
    }

    /** Opens the loop over groups (nothing for a single group); the inner loops then run within {@code base}. */
    void openGroups(CodeBlock.Builder code) {
        if (!single()) {
            code.beginControlFlow("for (int base = 0; base < $L; base += $L)", size, groupSize);
        }
    }

    void closeGroups(CodeBlock.Builder code) {
        if (!single()) {
            code.endControlFlow();
        }
    }

    /** Opens a loop of {@code j} over the current group. */
    void openElements(CodeBlock.Builder code) {
        if (single()) {
            code.beginControlFlow("for (int j = 0; j < $L; j++)", groupSize);
        } else {
            code.beginControlFlow("for (int j = base; j < base + $L; j++)", groupSize);
        }
    }
}
