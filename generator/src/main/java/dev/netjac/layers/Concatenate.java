package dev.netjac.layers;

import com.palantir.javapoet.CodeBlock;
import dev.netjac.graph.Shapes;
import java.util.List;

/**
 * Joins its inputs along one axis (Keras {@code Concatenate}). In flat row-major storage that is, for each
 * of the {@code outer} positions before the axis, input i's block of {@code inner[i]} values placed at
 * offset {@code offset[i]}: every rule is a block copy, tangents gathered into the output, cotangents
 * sliced back out.
 */
public final class Concatenate extends MergeLayer {
    private final int axis;
    private final int outer;
    private final int[] inner;
    private final int[] offset;
    private final int total;

    /** @param axis the axis, counted without the batch dimension, 0 ≤ axis < rank */
    public Concatenate(String id, List<int[]> inputShapes, int axis) {
        super(id, inputShapes, joinedShape(inputShapes, axis));
        this.axis = axis;
        int[] first = inputShapes.get(0);
        int before = 1;
        for (int d = 0; d < axis; d++) {
            before *= first[d];
        }
        this.outer = before;
        this.inner = new int[inputShapes.size()];
        this.offset = new int[inputShapes.size()];
        int sum = 0;
        for (int i = 0; i < inner.length; i++) {
            inner[i] = Shapes.size(inputShapes.get(i)) / before;
            offset[i] = sum;
            sum += inner[i];
        }
        this.total = sum;
    }

    private static int[] joinedShape(List<int[]> shapes, int axis) {
        int[] first = shapes.get(0);
        if (axis < 0 || axis >= first.length) {
            throw new IllegalArgumentException("concatenate axis " + axis + " is outside inputs of rank " + first.length);
        }
        int[] out = first.clone();
        out[axis] = 0;
        for (int[] shape : shapes) {
            boolean compatible = shape.length == first.length;
            for (int d = 0; compatible && d < shape.length; d++) {
                compatible = d == axis || shape[d] == first[d];
            }
            if (!compatible) {
                throw new IllegalArgumentException("concatenate along axis " + axis + " needs inputs that differ only on that"
                        + " axis, found " + describe(shapes));
            }
            out[axis] += shape[axis];
        }
        return out;
    }

    @Override
    public String kind() {
        return "concatenate";
    }

    @Override
    public String summary() {
        return "concatenate of " + arity() + " on axis " + axis + " -> " + Shapes.toString(outputShape());
    }

    @Override
    public void forward(double[][] inputs, double[] y) {
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inputs.length; i++) {
                System.arraycopy(inputs[i], o * inner[i], y, o * total + offset[i], inner[i]);
            }
        }
    }

    @Override
    public double[][] jacobian(int input, double[][] inputs, double[] y) {
        double[][] jac = new double[outputSize()][inputSize(input)];
        for (int o = 0; o < outer; o++) {
            for (int c = 0; c < inner[input]; c++) {
                jac[o * total + offset[input] + c][o * inner[input] + c] = 1.0;
            }
        }
        return jac;
    }

    @Override
    public long rowCost() {
        return outputSize();
    }

    @Override
    public long forwardCost() {
        return outputSize();
    }

    @Override
    public CodeBlock forwardCode() {
        CodeBlock.Builder code = CodeBlock.builder().beginControlFlow("for (int o = 0; o < $L; o++)", outer);
        for (int i = 0; i < arity(); i++) {
            code.addStatement("System.arraycopy(x$L, o * $L, y, o * $L + $L, $L)", i, inner[i], total, offset[i], inner[i]);
        }
        return code.endControlFlow().build();
    }

    @Override
    public CodeBlock tangentCode() {
        CodeBlock.Builder code = CodeBlock.builder()
                .beginControlFlow("for (int r = 0; r < rows; r++)")
                .beginControlFlow("for (int o = 0; o < $L; o++)", outer);
        for (int i = 0; i < arity(); i++) {
            code.addStatement("System.arraycopy(in$L[r], o * $L, out[r], o * $L + $L, $L)", i, inner[i], total, offset[i], inner[i]);
        }
        return code.endControlFlow().endControlFlow().build();
    }

    @Override
    public CodeBlock cotangentCode(int input) {
        return CodeBlock.builder()
                .beginControlFlow("for (int r = 0; r < rows; r++)")
                .beginControlFlow("for (int o = 0; o < $L; o++)", outer)
                .addStatement("System.arraycopy(in[r], o * $L + $L, out[r], o * $L, $L)", total, offset[input], inner[input],
                        inner[input])
                .endControlFlow()
                .endControlFlow()
                .build();
    }
}
