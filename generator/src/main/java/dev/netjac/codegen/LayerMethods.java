package dev.netjac.codegen;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.netjac.layers.Layer;
import dev.netjac.layers.MergeLayer;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * The per-layer method contract of a generated class: the names, parameter lists and calls of each layer's
 * private methods, used by the emitter (which declares them and calls the forward ones) and by
 * {@link PropagationScheduler} (which calls the tangent and cotangent ones). Nothing else spells them.
 *
 * <p>For a layer with id {@code d} reading one input:
 * <pre>
 *   void dForward(double[] x, double[] y)
 *   void dForwardRows(double[][] x, double[][] y, int rows)
 *   void dDerivative(double[] x, double[] y)                                    only if it has derivative code
 *   void dTangent(double[] x, double[] y, double[][] in, double[][] out, int rows)    out[r] = J · in[r]
 *   void dCotangent(double[] x, double[] y, double[][] in, double[][] out, int rows)  out[r] = in[r]ᵀ · J
 * </pre>
 * or, where the local Jacobian is symmetric, one {@code dPropagate} with the same parameters for both. A
 * merge layer with k inputs has {@code dForward(double[] x0, ..., double[] x(k-1), double[] y)}, its rows
 * form, {@code dTangent(x0, ..., y, double[][] in0, ..., in(k-1), out, rows)} with out[r] = Σᵢ Jᵢ·inᵢ[r], and
 * {@code dCotangent<i>(x0, ..., y, in, out, rows)} for each input i whose Jacobian is not the identity.
 * Views have no methods: their rows pass on unchanged.
 */
final class LayerMethods {
    private static final TypeName ROW = ArrayTypeName.of(double.class);
    private static final TypeName ROWS = ArrayTypeName.of(ROW);

    private LayerMethods() {}

    // ---- what a layer has ----

    /**
     * Whether cotangent rows pass through input {@code input} of {@code layer} unchanged (a view, or a merge
     * whose Jacobian for that input is the identity): then there is no method to call, and the scheduler
     * hands the rows on, or adds them where branches meet.
     */
    static boolean passesCotangentOn(Layer layer, int input) {
        if (layer.isView()) {
            return true;
        }
        return layer instanceof MergeLayer merge && merge.isIdentity(input);
    }

    // ---- the methods ----

    /** Every method of a non-view layer, in the order the class lists them. */
    static List<MethodSpec> methodsOf(Layer layer) {
        List<String> xs = valueParameters(layer);
        List<MethodSpec> methods = new ArrayList<>();
        methods.add(forwardMethod(layer, xs));
        methods.add(forwardRowsMethod(layer, xs));
        if (layer.hasDerivative()) {
            methods.add(MethodSpec.methodBuilder(layer.id() + "Derivative")
                    .addModifiers(Modifier.PRIVATE)
                    .addParameter(ROW, "x")
                    .addParameter(ROW, "y")
                    .addCode(layer.derivativeCode())
                    .build());
        }
        if (layer instanceof MergeLayer merge) {
            methods.add(rowsMethod(tangentName(layer), xs, rowParameters(layer), layer.tangentCode()));
            for (int i = 0; i < merge.arity(); i++) {
                if (!passesCotangentOn(merge, i)) {
                    methods.add(rowsMethod(cotangentName(merge, i), xs, List.of("in"), merge.cotangentCode(i)));
                }
            }
        } else if (layer.hasSymmetricJacobian()) {
            methods.add(rowsMethod(tangentName(layer), xs, List.of("in"), layer.tangentCode()));
        } else {
            methods.add(rowsMethod(tangentName(layer), xs, List.of("in"), layer.tangentCode()));
            methods.add(rowsMethod(cotangentName(layer, 0), xs, List.of("in"), layer.cotangentCode()));
        }
        return methods;
    }

    private static MethodSpec forwardMethod(Layer layer, List<String> xs) {
        MethodSpec.Builder method = MethodSpec.methodBuilder(layer.id() + "Forward").addModifiers(Modifier.PRIVATE);
        for (String x : xs) {
            method.addParameter(ROW, x);
        }
        return method.addParameter(ROW, "y")
                .addCode("// $L\n", layer.summary())
                .addCode(layer.forwardCode())
                .build();
    }

    /** The layer's own rows code where it has one; else its forward method called row by row. */
    private static MethodSpec forwardRowsMethod(Layer layer, List<String> xs) {
        MethodSpec.Builder method = MethodSpec.methodBuilder(layer.id() + "ForwardRows").addModifiers(Modifier.PRIVATE);
        List<String> rowArgs = new ArrayList<>();
        for (String x : xs) {
            method.addParameter(ROWS, x);
            rowArgs.add(x + "[r]");
        }
        method.addParameter(ROWS, "y").addParameter(int.class, "rows");
        if (layer.hasForwardRows()) {
            return method.addCode(layer.forwardRowsCode()).build();
        }
        return method.beginControlFlow("for (int r = 0; r < rows; r++)")
                .addStatement("$L($L, y[r])", layer.id() + "Forward", String.join(", ", rowArgs))
                .endControlFlow()
                .build();
    }

    /** {@code name(double[] xs..., double[] y, double[][] ins..., double[][] out, int rows)}. */
    private static MethodSpec rowsMethod(String name, List<String> xs, List<String> ins, CodeBlock body) {
        MethodSpec.Builder method = MethodSpec.methodBuilder(name).addModifiers(Modifier.PRIVATE);
        for (String x : xs) {
            method.addParameter(ROW, x);
        }
        method.addParameter(ROW, "y");
        for (String in : ins) {
            method.addParameter(ROWS, in);
        }
        return method.addParameter(ROWS, "out")
                .addParameter(int.class, "rows")
                .addCode(body)
                .build();
    }

    /** x for one input; x0, x1, ... for a merge. */
    private static List<String> valueParameters(Layer layer) {
        return numbered(layer, "x");
    }

    /** in for one input; in0, in1, ... for a merge's tangent. */
    private static List<String> rowParameters(Layer layer) {
        return numbered(layer, "in");
    }

    private static List<String> numbered(Layer layer, String name) {
        if (!(layer instanceof MergeLayer)) {
            return List.of(name);
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < layer.arity(); i++) {
            names.add(name + i);
        }
        return names;
    }

    private static String tangentName(Layer layer) {
        return layer.id() + (layer.hasSymmetricJacobian() ? "Propagate" : "Tangent");
    }

    private static String cotangentName(Layer layer, int input) {
        if (layer instanceof MergeLayer) {
            return layer.id() + "Cotangent" + input;
        }
        return layer.id() + (layer.hasSymmetricJacobian() ? "Propagate" : "Cotangent");
    }

    // ---- the calls ----

    /** {@code dForward(values...)}: values are the layer's inputs' buffers, then its own. */
    static CodeBlock forwardCall(Layer layer, List<String> values) {
        return call(layer.id() + "Forward", values);
    }

    /** {@code dForwardRows(rowBlocks..., rows)}. */
    static CodeBlock forwardRowsCall(Layer layer, List<String> rowBlocks) {
        return call(layer.id() + "ForwardRows", with(rowBlocks, "rows"));
    }

    static CodeBlock derivativeCall(Layer layer, List<String> values) {
        return call(layer.id() + "Derivative", values);
    }

    /** {@code dTangent(values..., ins..., out, rows)}: one tangent row block per input. */
    static CodeBlock tangentCall(Layer layer, List<String> values, List<String> ins, String out) {
        List<String> args = new ArrayList<>(values);
        args.addAll(ins);
        return call(tangentName(layer), with(args, out, "rows"));
    }

    /** {@code dCotangent(values..., in, out, rows)} for input {@code input}; not for inputs that pass rows on. */
    static CodeBlock cotangentCall(Layer layer, int input, List<String> values, String in, String out) {
        return call(cotangentName(layer, input), with(values, in, out, "rows"));
    }

    private static List<String> with(List<String> first, String... more) {
        List<String> args = new ArrayList<>(first);
        args.addAll(List.of(more));
        return args;
    }

    private static CodeBlock call(String method, List<String> args) {
        return CodeBlock.of("$L($L)", method, String.join(", ", args));
    }
}
