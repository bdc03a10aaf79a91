package dev.netjac.layers;

import com.palantir.javapoet.CodeBlock;
import dev.netjac.graph.Shapes;
import dev.netjac.runtime.Activations;
import dev.netjac.weights.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Keras's {@code PReLU}: y = x for x &gt; 0, else alpha·x, with a learned alpha shaped like the input except
 * that the {@code shared_axes} have size 1 (one alpha broadcast along them, e.g. one per channel of an image
 * with shared_axes [0, 1]). Derivative 1 for x &gt; 0, else alpha, also at 0 (as leaky_relu and PyTorch's
 * {@code prelu}; TensorFlow's autodiff of Keras's relu(x) − alpha·relu(−x) gives 0 there).
 *
 * <p>Generated code walks the input in order with one loop per run of consecutive shared or unshared axes,
 * so the alpha index is a sum of loop counters times constant strides: no division or modulo.
 */
public final class PRelu extends ElementwiseLayer {
    private final Tensor alpha;
    private final boolean[] shared;

    /**
     * @param sharedAxes axes of {@code shape} (0-based, no batch) along which alpha is shared
     * @param alpha shape {@code shape} with the shared axes set to 1
     */
    public PRelu(String id, int[] shape, int[] sharedAxes, Tensor alpha) {
        super(id, shape);
        this.shared = new boolean[shape.length];
        for (int axis : sharedAxes) {
            shared[axis] = true;
        }
        if (!Arrays.equals(alpha.shape(), alphaShape(shape, sharedAxes))) {
            throw new IllegalArgumentException(id + ": alpha " + alpha.shapeString() + " does not fit input "
                    + Shapes.toString(shape) + " with shared axes " + Arrays.toString(sharedAxes));
        }
        this.alpha = alpha;
    }

    /** The shape alpha must have: {@code inputShape} with every shared axis set to 1. */
    public static int[] alphaShape(int[] inputShape, int[] sharedAxes) {
        int[] shape = inputShape.clone();
        for (int axis : sharedAxes) {
            shape[axis] = 1;
        }
        return shape;
    }

    @Override
    public String kind() {
        return "prelu";
    }

    @Override
    public String summary() {
        List<Integer> axes = new ArrayList<>();
        for (int a = 0; a < shared.length; a++) {
            if (shared[a]) {
                axes.add(a);
            }
        }
        return "prelu" + (axes.isEmpty() ? "" : " (shared_axes " + axes + ")");
    }

    @Override
    public long parameterCount() {
        return alpha.size();
    }

    // ---- Reference. ----

    /** The index into alpha of input element j: its multi-index with the shared axes set to 0. */
    int alphaIndex(int j) {
        int[] shape = inputShape();
        int index = 0;
        int stride = 1;
        for (int axis = shape.length - 1; axis >= 0; axis--) {
            int coordinate = j % shape[axis];
            j /= shape[axis];
            if (!shared[axis]) {
                index += coordinate * stride;
                stride *= shape[axis];
            }
        }
        return index;
    }

    @Override
    protected double value(int j, double x) {
        return x > 0 ? x : alpha.get(alphaIndex(j)) * x;
    }

    @Override
    protected double slope(int j, double x, double y) {
        if (Double.isNaN(x)) {
            return x;
        }
        return x > 0 ? 1.0 : alpha.get(alphaIndex(j));
    }

    // ---- Generated code. ----

    private String alphaField() {
        return id() + "Alpha";
    }

    @Override
    public void declare(Members members) {
        super.declare(members);
        members.weightVector(alphaField(), id() + ".alpha", alpha);
    }

    @Override
    public CodeBlock forwardCode() {
        return overElements("y[j] = $T.leakyRelu(x[j], $L[$L])");
    }

    @Override
    protected CodeBlock slopeCode() {
        return overElements("d[j] = $T.leakyReluDerivative(x[j], y[j], $L[$L])");
    }

    /**
     * Loops over the input in order, j being the flat index, running {@code statement} with the alpha index
     * for j. Axes of size 1 are dropped and neighbouring axes that are both shared or both not are merged, so
     * a channel-wise alpha on an image becomes two loops (pixels, channels) and an unshared alpha one loop.
     */
    private CodeBlock overElements(String statement) {
        List<int[]> runs = new ArrayList<>(); // {size, shared ? 1 : 0}
        int[] shape = inputShape();
        for (int axis = 0; axis < shape.length; axis++) {
            if (shape[axis] == 1) {
                continue;
            }
            int flag = shared[axis] ? 1 : 0;
            if (!runs.isEmpty() && runs.get(runs.size() - 1)[1] == flag) {
                runs.get(runs.size() - 1)[0] *= shape[axis];
            } else {
                runs.add(new int[] {shape[axis], flag});
            }
        }
        CodeBlock.Builder code = CodeBlock.builder();
        if (runs.isEmpty() || (runs.size() == 1 && runs.get(0)[1] == 0)) {
            // One alpha per element (or a single element): alpha's index is j.
            return code.beginControlFlow("for (int j = 0; j < $L; j++)", inputSize())
                    .addStatement(statement, Activations.class, alphaField(), "j")
                    .endControlFlow()
                    .build();
        }
        // The alpha index: sum of the unshared loops' counters times their strides in alpha.
        List<String> terms = new ArrayList<>();
        int stride = 1;
        for (int r = runs.size() - 1; r >= 0; r--) {
            if (runs.get(r)[1] == 0) {
                terms.add(0, stride == 1 ? "i" + r : "i" + r + " * " + stride);
                stride *= runs.get(r)[0];
            }
        }
        String alphaIndex = terms.isEmpty() ? "0" : String.join(" + ", terms);
        code.addStatement("int j = 0");
        for (int r = 0; r < runs.size(); r++) {
            code.beginControlFlow("for (int i$L = 0; i$L < $L; i$L++)", r, r, runs.get(r)[0], r);
        }
        code.addStatement(statement, Activations.class, alphaField(), alphaIndex);
        code.addStatement("j++");
        for (int r = 0; r < runs.size(); r++) {
            code.endControlFlow();
        }
        return code.build();
    }
}
