package dev.netjac.onnx;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netjac.onnx.OnnxTranslator.Sym;
import dev.netjac.onnx.proto.Onnx.TensorProto;
import dev.netjac.weights.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Elementwise operators and activations: Relu, Sigmoid, Clip, Pow, PRelu, Dropout, Cast, ... */
final class OnnxActivationRules extends OnnxRules {
    OnnxActivationRules(OnnxTranslator translator, OnnxSpec spec) {
        super(translator, spec);
    }

    /** Inference: the identity. A training_mode input that is true makes it random, which has no Jacobian. */
    void dropout(OnnxNode node, List<Object> in) {
        Tensor training = in.size() > 2 ? constant(node, in, 2, "training_mode") : null;
        Tensor ratio = in.size() > 1 ? constant(node, in, 1, "ratio") : null;
        if (training != null && training.get(0) != 0 && (ratio == null || ratio.get(0) != 0)) {
            throw node.error("training_mode is true: dropout then zeroes random entries; export the model in eval mode");
        }
        alias(node, in);
    }

    /**
     * The identity for casts to float32 and float64 (netjac computes in float64; a float32 rounding is far below
     * a float32 model's own error). A cast to float16 or bfloat16 keeps 11 or 8 significant bits, which a float64
     * function does not model, and a cast to an integer type has no useful derivative: both are refused.
     */
    void cast(OnnxNode node, List<Object> in) {
        int to = (int) node.integer("to", TensorProto.DataType.FLOAT_VALUE);
        if (to != TensorProto.DataType.FLOAT_VALUE && to != TensorProto.DataType.DOUBLE_VALUE) {
            throw node.error("a cast to " + OnnxTensors.typeName(to) + " of a computed tensor; netjac computes in"
                    + " float64 and keeps casts to float32 and float64 only (export the model without it)");
        }
        alias(node, in);
    }

    void activation(OnnxNode node, List<Object> in) {
        Sym x = sym(node, in, 0);
        switch (node.op) {
            case "Relu" -> elementwise(node, x, "relu");
            case "Sigmoid" -> elementwise(node, x, "sigmoid");
            case "Tanh" -> elementwise(node, x, "tanh");
            case "Softplus" -> elementwise(node, x, "softplus");
            case "Softsign" -> elementwise(node, x, "softsign");
            case "Mish" -> elementwise(node, x, "mish");
            case "Exp" -> elementwise(node, x, "exponential");
            case "Elu" -> spec.add("elu", node, x.layer()).put("alpha", node.number("alpha", 1.0));
            case "LeakyRelu" -> spec.add("leaky_relu", node, x.layer()).put("alpha", node.number("alpha", 0.01));
            case "ThresholdedRelu" -> spec.add("thresholded_relu", node, x.layer()).put("theta", node.number("alpha", 1.0));
            case "Selu" -> selu(node, x);
            case "HardSigmoid" -> hardSigmoid(node, x);
            case "Gelu" -> elementwise(node, x, node.string("approximate", "none").equals("tanh") ? "gelu_tanh" : "gelu");
            case "Neg" -> elementwise(node, x, "neg");
            case "HardSwish" -> elementwise(node, x, "hard_swish");
            case "Celu" -> spec.add("celu", node, x.layer()).put("alpha", node.number("alpha", 1.0));
            // Erf, Log, Sqrt, Abs, Reciprocal: the spec type is the operator's name in lower case
            default -> elementwise(node, x, node.op.toLowerCase(Locale.ROOT));
        }
        if (!(t.value(node.outputs.get(0)) instanceof Sym)) {
            // the switch arms that wrote a layer directly: bind its output
            bindLast(node, x.shape(), x.channelsLast());
        }
    }

    private Sym bindLast(OnnxNode node, int[] shape, boolean channelsLast) {
        ObjectNode last = spec.last();
        return out(node, last, shape, channelsLast);
    }

    private void selu(OnnxNode node, Sym x) {
        double alpha = node.number("alpha", 1.67326319217681884765625);
        double gamma = node.number("gamma", 1.05070102214813232421875);
        if (Math.abs(alpha - 1.6732632423543772) < 1e-6 && Math.abs(gamma - 1.0507009873554805) < 1e-6) {
            elementwise(node, x, "selu");
            return;
        }
        ObjectNode layer = spec.add("selu", node, x.layer());
        layer.put("alpha", alpha);
        layer.put("gamma", gamma);
    }

    private void hardSigmoid(OnnxNode node, Sym x) {
        double alpha = node.number("alpha", 0.2);
        double beta = node.number("beta", 0.5);
        if (Math.abs(alpha - 0.2) < 1e-7 && Math.abs(beta - 0.5) < 1e-7) {
            elementwise(node, x, "hard_sigmoid");
        } else if (Math.abs(alpha - 1.0 / 6) < 1e-7 && Math.abs(beta - 0.5) < 1e-7) {
            elementwise(node, x, "hard_sigmoid_relu6");
        } else {
            ObjectNode layer = spec.add("hard_sigmoid", node, x.layer());
            layer.put("alpha", alpha);
            layer.put("beta", beta);
        }
    }

    void prelu(OnnxNode node, List<Object> in) {
        Sym x = sym(node, in, 0);
        Tensor slope = constant(node, in, 1, "the slope");
        int rank = x.shape().length + 1;
        if (node.opset < 7 && slope.rank() == 1 && slope.size() > 1 && rank > 2 && slope.size() == x.logical()[0]) {
            // before opset 7 a (C,) slope is per channel (axis 1), not NumPy-broadcast from the right
            int[] perChannel = new int[rank - 1];
            Arrays.fill(perChannel, 1);
            perChannel[0] = slope.size();
            slope = OnnxFolder.reshape(slope, perChannel);
        }
        ObjectNode layer = spec.add("prelu", node, x.layer());
        spec.weight(layer, "alpha", Tensor.of(x.shape(), stored(node, x, slope, "the slope")));
        out(node, layer, x.shape(), x.channelsLast());
    }

    void clip(OnnxNode node, List<Object> in) {
        Sym x = sym(node, in, 0);
        double lo = Double.NEGATIVE_INFINITY;
        double hi = Double.POSITIVE_INFINITY;
        if (node.opset < 11) {
            lo = node.number("min", (float) -3.4028234663852886e38);
            hi = node.number("max", (float) 3.4028234663852886e38);
        } else {
            Tensor min = constant(node, in, 1, "min");
            Tensor max = constant(node, in, 2, "max");
            lo = min == null ? lo : min.get(0);
            hi = max == null ? hi : max.get(0);
        }
        boolean noLo = lo <= -3.4028234663852886e38;
        boolean noHi = hi >= 3.4028234663852886e38;
        if (lo == 0 && hi == 6) {
            elementwise(node, x, "relu6");
        } else if (lo == 0 && noHi) {
            elementwise(node, x, "relu");
        } else {
            ObjectNode layer = spec.add("clip", node, x.layer());
            if (!noLo) {
                layer.put("min", lo);
            }
            if (!noHi) {
                layer.put("max", hi);
            }
            out(node, layer, x.shape(), x.channelsLast());
        }
    }

    void pow(OnnxNode node, List<Object> in) {
        Sym x = sym(node, in, 0);
        Tensor e = constant(node, in, 1, "the exponent");
        if (e.size() != 1) {
            throw node.error("the exponent has shape " + Arrays.toString(e.shape()) + "; expected one number");
        }
        double p = e.get(0);
        if (p == 1) {
            t.bind(node, 0, x);
        } else {
            out(node, spec.add("pow", node, x.layer()).put("exponent", p), x.shape(), x.channelsLast());
        }
    }
}
