package dev.netjac.onnx;

import dev.netjac.onnx.OnnxTranslator.Sym;
import dev.netjac.weights.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The operator table: which rule translates each ONNX operator on a computed tensor into spec layers. The rules
 * live in one class per operator family ({@link OnnxActivationRules}, {@link OnnxArithmeticRules},
 * {@link OnnxConvRules}, {@link OnnxPoolRules}, {@link OnnxNormalizationRules}, {@link OnnxReductionRules},
 * {@link OnnxShapeRules}, sharing {@link OnnxRules}); {@link OnnxPatterns} rewrites known multi-node patterns first,
 * and {@link OnnxFolder} folds whatever does not depend on the input. Anything else is refused naming the node, its
 * op type, the opset and the list of supported operators.
 */
final class OnnxOps {
    /** One operator's translation: reads the node's inputs ({@link Sym} or constant {@link Tensor}), binds its outputs. */
    interface Translation {
        void translate(OnnxNode node, List<Object> in);
    }

    private static final Map<String, Function<OnnxOps, Translation>> RULES = new TreeMap<>();

    private static void rule(Function<OnnxOps, Translation> rule, String... ops) {
        for (String op : ops) {
            RULES.put(op, rule);
        }
    }

    static {
        rule(o -> o.activations::alias, "Identity");
        rule(o -> o.activations::dropout, "Dropout");
        rule(o -> o.activations::cast, "Cast");
        rule(o -> o.activations::activation, "Relu", "Sigmoid", "Tanh", "Softplus", "Softsign", "Elu", "Selu",
                "LeakyRelu", "HardSigmoid", "ThresholdedRelu", "Gelu", "Exp", "Erf", "Log", "Sqrt", "Abs", "Reciprocal",
                "Celu", "HardSwish", "Mish", "Neg");
        rule(o -> o.activations::prelu, "PRelu");
        rule(o -> o.activations::clip, "Clip");
        rule(o -> o.activations::pow, "Pow");
        rule(o -> o.arithmetic::gemm, "Gemm");
        rule(o -> o.arithmetic::matMul, "MatMul");
        rule(o -> o.arithmetic::binary, "Add", "Sub", "Mul", "Div");
        rule(o -> o.arithmetic::sum, "Sum");
        rule(o -> o.arithmetic::softmax, "Softmax", "LogSoftmax");
        rule(o -> o.conv::conv, "Conv");
        rule(o -> o.conv::convTranspose, "ConvTranspose");
        rule(o -> o.pool::pool, "MaxPool", "AveragePool");
        rule(o -> o.pool::globalPool, "GlobalAveragePool", "GlobalMaxPool");
        rule(o -> o.normalization::batchNormalization, "BatchNormalization");
        rule(o -> o.normalization::layerNormalization, "LayerNormalization");
        rule(o -> o.normalization::instanceNormalization, "InstanceNormalization");
        rule(o -> o.reduction::reduce, "ReduceMean", "ReduceSum", "ReduceMax");
        rule(o -> o.shapes::flatten, "Flatten");
        rule(o -> o.shapes::reshape, "Reshape", "Squeeze", "Unsqueeze");
        rule(o -> o.shapes::transpose, "Transpose");
        rule(o -> o.shapes::concat, "Concat");
        rule(o -> o.shapes::slice, "Slice");
        rule(o -> o.shapes::split, "Split");
        rule(o -> o.shapes::pad, "Pad");
        rule(o -> o.shapes::depthToSpace, "DepthToSpace");
        rule(o -> o.shapes::tile, "Tile");
        rule(o -> o.shapes::expand, "Expand");
    }

    private final OnnxTranslator t;
    private final OnnxActivationRules activations;
    private final OnnxArithmeticRules arithmetic;
    private final OnnxConvRules conv;
    private final OnnxPoolRules pool;
    private final OnnxNormalizationRules normalization;
    private final OnnxReductionRules reduction;
    private final OnnxShapeRules shapes;
    private final OnnxGather gather;
    /** For the recurrent operators ({@link OnnxSequences}). */
    private final OnnxSpec spec;

    OnnxOps(OnnxTranslator translator, OnnxSpec spec) {
        this.t = translator;
        this.spec = spec;
        this.gather = new OnnxGather(translator, spec);
        this.activations = new OnnxActivationRules(translator, spec);
        this.arithmetic = new OnnxArithmeticRules(translator, spec);
        this.conv = new OnnxConvRules(translator, spec);
        this.pool = new OnnxPoolRules(translator, spec);
        this.normalization = new OnnxNormalizationRules(translator, spec);
        this.reduction = new OnnxReductionRules(translator, spec);
        this.shapes = new OnnxShapeRules(translator, spec);
    }

    static List<String> supported() {
        List<String> all = new ArrayList<>(RULES.keySet());
        all.addAll(OnnxFolder.FOLDABLE);
        return all.stream().distinct().sorted().toList();
    }

    void translate(OnnxNode node, List<Object> in) {
        if (node.opset < 6 || node.opset > 21) {
            throw node.error("opset " + node.opset + " is outside the supported range 6..21");
        }
        if (OnnxPatterns.match(t, this, node, in) || OnnxSequences.translate(t, this, spec, node, in)
                || gather.translate(node, in)) {
            return;
        }
        Function<OnnxOps, Translation> rule = RULES.get(node.op);
        if (rule == null) {
            throw node.error("operator " + node.op + " is not supported (docs/onnx.md lists the operators netjac imports)");
        }
        if (!(in.get(0) instanceof Sym) && !node.op.equals("Add") && !node.op.equals("Mul") && !node.op.equals("Sub")
                && !node.op.equals("Div") && !node.op.equals("Concat")) {
            throw node.error("its first input is a constant but another is computed; netjac supports this operator"
                    + " only on the computed first input");
        }
        rule.apply(this).translate(node, in);
    }

    /** {@code x} in ONNX order, for the translator's output and the patterns. */
    Sym onnxOrder(OnnxNode node, Sym x) {
        return shapes.onnxOrder(node, x);
    }

    /** layer_normalization over the netjac axes axis..rank-1 of {@code x} (ONNX order), for the patterns. */
    Sym writeLayerNorm(OnnxNode node, Sym x, int axis, double epsilon, Tensor scale, Tensor bias) {
        return normalization.writeLayerNorm(node, x, axis, epsilon, scale, bias);
    }
}
