package dev.netjac.onnx;

import dev.netjac.onnx.OnnxTranslator.Sym;
import dev.netjac.weights.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Subgraphs that exporters write for one netjac layer, recognized before translating op by op: the exact GELU
 * x·½(1+erf(x/√2)) that torch writes for {@code nn.GELU()}, and the layer normalization that torch writes below
 * opset 17 (ReduceMean, Sub, Pow, ReduceMean, Add, Sqrt, Div, then Mul and Add for the affine part). A pattern
 * matches only when every intermediate tensor has exactly the one reader the pattern expects.
 */
final class OnnxPatterns {
    private static final double SQRT2 = Math.sqrt(2);

    private OnnxPatterns() {}

    /** Translates the pattern starting at {@code node} and returns true, or returns false when none starts there. */
    static boolean match(OnnxTranslator t, OnnxOps ops, OnnxNode node, List<Object> in) {
        return gelu(t, ops, node, in) || layerNorm(t, ops, node, in) || softsign(t, ops, node, in);
    }

    /** Abs(x) -> Add 1 -> Div(x, ·): torch's Softsign below opset 9's Softsign export. */
    private static boolean softsign(OnnxTranslator t, OnnxOps ops, OnnxNode abs, List<Object> in) {
        if (!abs.op.equals("Abs") || !(in.get(0) instanceof Sym x)) {
            return false;
        }
        OnnxNode add = t.soleConsumer(abs.outputs.get(0));
        if (add == null || !add.op.equals("Add") || !isConstant(t, other(add, abs.outputs.get(0)), 1)) {
            return false;
        }
        OnnxNode div = t.soleConsumer(add.outputs.get(0));
        if (div == null || !div.op.equals("Div") || !div.inputs.get(0).equals(abs.inputs.get(0))
                || !div.inputs.get(1).equals(add.outputs.get(0))) {
            return false;
        }
        ops.translate(OnnxNode.replacing(abs, "Softsign", List.of(abs.inputs.get(0)), div.outputs), List.of(x));
        t.markDone(add);
        t.markDone(div);
        return true;
    }

    /** Div(x, √2) or Mul(x, 1/√2) -> Erf -> Add 1 -> Mul x -> Mul ½ (or Mul ½ -> Mul x). */
    private static boolean gelu(OnnxTranslator t, OnnxOps ops, OnnxNode div, List<Object> in) {
        if (!(div.op.equals("Div") || div.op.equals("Mul")) || !(in.get(0) instanceof Sym x)) {
            return false;
        }
        Tensor c = in.get(1) instanceof Tensor k ? k : null;
        if (c == null || c.size() != 1 || !near(div.op.equals("Div") ? c.get(0) : 1 / c.get(0), SQRT2)) {
            return false;
        }
        OnnxNode erf = t.soleConsumer(div.outputs.get(0));
        if (erf == null || !erf.op.equals("Erf")) {
            return false;
        }
        OnnxNode add = t.soleConsumer(erf.outputs.get(0));
        if (add == null || !add.op.equals("Add") || !isConstant(t, other(add, erf.outputs.get(0)), 1)) {
            return false;
        }
        OnnxNode m1 = t.soleConsumer(add.outputs.get(0));
        if (m1 == null || !m1.op.equals("Mul")) {
            return false;
        }
        String o1 = other(m1, add.outputs.get(0));
        OnnxNode m2 = t.soleConsumer(m1.outputs.get(0));
        if (m2 == null || !m2.op.equals("Mul")) {
            return false;
        }
        String o2 = other(m2, m1.outputs.get(0));
        boolean xThenHalf = div.inputs.get(0).equals(o1) && isConstant(t, o2, 0.5);
        boolean halfThenX = isConstant(t, o1, 0.5) && div.inputs.get(0).equals(o2);
        if (!xThenHalf && !halfThenX) {
            return false;
        }
        OnnxNode gelu = OnnxNode.replacing(div, "Gelu", List.of(div.inputs.get(0)), m2.outputs);
        ops.translate(gelu, List.of(x));
        for (OnnxNode n : List.of(erf, add, m1, m2)) {
            t.markDone(n);
        }
        return true;
    }

    /**
     * ReduceMean(x) -> Sub(x, mean) = d -> Pow(d, 2) -> ReduceMean -> Add eps -> Sqrt -> Div(d, ·), then
     * optionally Mul(·, γ) and Add(·, β); both reductions over the same trailing axes, with keepdims.
     */
    private static boolean layerNorm(OnnxTranslator t, OnnxOps ops, OnnxNode mean, List<Object> in) {
        if (!mean.op.equals("ReduceMean") || !(in.get(0) instanceof Sym x0)) {
            return false;
        }
        String x = mean.inputs.get(0);
        List<OnnxNode> meanReaders = t.consumersOf(mean.outputs.get(0));
        if (meanReaders == null || meanReaders.size() != 1 || !meanReaders.get(0).op.equals("Sub")) {
            return false;
        }
        OnnxNode sub = meanReaders.get(0);
        if (!sub.inputs.get(0).equals(x) || !sub.inputs.get(1).equals(mean.outputs.get(0))) {
            return false;
        }
        List<OnnxNode> dReaders = t.consumersOf(sub.outputs.get(0));
        if (dReaders == null || dReaders.size() != 2) {
            return false;
        }
        OnnxNode pow = null;
        OnnxNode div = null;
        for (OnnxNode r : dReaders) {
            if (r.op.equals("Pow") && r.inputs.get(0).equals(sub.outputs.get(0)) && isConstant(t, r.inputs.get(1), 2)) {
                pow = r;
            } else if (r.op.equals("Mul") && r.inputs.get(0).equals(r.inputs.get(1))) {
                pow = r;
            } else if (r.op.equals("Div") && r.inputs.get(0).equals(sub.outputs.get(0))) {
                div = r;
            }
        }
        if (pow == null || div == null) {
            return false;
        }
        OnnxNode var = t.soleConsumer(pow.outputs.get(0));
        if (var == null || !var.op.equals("ReduceMean") || !sameAxes(t, mean, var)) {
            return false;
        }
        OnnxNode addEps = t.soleConsumer(var.outputs.get(0));
        Tensor eps = addEps == null || !addEps.op.equals("Add") ? null : t.constant(other(addEps, var.outputs.get(0)));
        if (eps == null || eps.size() != 1) {
            return false;
        }
        OnnxNode sqrt = t.soleConsumer(addEps.outputs.get(0));
        if (sqrt == null || !sqrt.op.equals("Sqrt") || t.soleConsumer(sqrt.outputs.get(0)) != div
                || !div.inputs.get(1).equals(sqrt.outputs.get(0))) {
            return false;
        }
        long[] axes = axes(t, mean);
        int rank = x0.shape().length + 1;
        if (axes == null || mean.integer("keepdims", 1) == 0 || var.integer("keepdims", 1) == 0) {
            return false;
        }
        // the axes must be the trailing ones
        boolean[] listed = new boolean[rank];
        for (long a : axes) {
            int r = (int) (a < 0 ? a + rank : a);
            if (r <= 0 || r >= rank) {
                return false;
            }
            listed[r] = true;
        }
        int first = rank - axes.length;
        for (int a = first; a < rank; a++) {
            if (!listed[a]) {
                return false;
            }
        }
        List<OnnxNode> used = new ArrayList<>(List.of(sub, pow, var, addEps, sqrt, div));
        OnnxNode last = div;
        Tensor gamma = null;
        Tensor beta = null;
        OnnxNode mul = t.soleConsumer(div.outputs.get(0));
        if (mul != null && mul.op.equals("Mul") && t.constant(other(mul, div.outputs.get(0))) != null
                && fits(t.constant(other(mul, div.outputs.get(0))), axes.length)) {
            gamma = t.constant(other(mul, div.outputs.get(0)));
            used.add(mul);
            last = mul;
            OnnxNode add = t.soleConsumer(mul.outputs.get(0));
            if (add != null && add.op.equals("Add") && t.constant(other(add, mul.outputs.get(0))) != null
                    && fits(t.constant(other(add, mul.outputs.get(0))), axes.length)) {
                beta = t.constant(other(add, mul.outputs.get(0)));
                used.add(add);
                last = add;
            }
        }
        OnnxNode ln = OnnxNode.replacing(mean, "LayerNormalization", List.of(x), last.outputs);
        Sym xs = ops.onnxOrder(ln, x0);
        ops.writeLayerNorm(ln, xs, first - 1, eps.get(0), gamma, beta);
        used.forEach(t::markDone);
        return true;
    }

    /** A γ or β that varies only over the normalized (trailing) axes. */
    private static boolean fits(Tensor c, int normalized) {
        int[] s = c.shape();
        for (int i = 0; i < s.length - normalized; i++) {
            if (s[i] != 1) {
                return false;
            }
        }
        return true;
    }

    private static long[] axes(OnnxTranslator t, OnnxNode reduce) {
        if (reduce.has("axes")) {
            return reduce.ints("axes");
        }
        String input = reduce.input(1);
        Tensor c = input == null ? null : t.constant(input);
        return c == null ? null : OnnxFolder.ints(c);
    }

    private static boolean sameAxes(OnnxTranslator t, OnnxNode a, OnnxNode b) {
        long[] x = axes(t, a);
        long[] y = axes(t, b);
        return x != null && java.util.Arrays.equals(x, y);
    }

    private static String other(OnnxNode binary, String known) {
        if (binary.inputs.size() != 2) {
            return "";
        }
        return binary.inputs.get(0).equals(known) ? binary.inputs.get(1) : binary.inputs.get(0);
    }

    private static boolean isConstant(OnnxTranslator t, String tensor, double value) {
        Tensor c = t.constant(tensor);
        return c != null && c.size() == 1 && near(c.get(0), value);
    }

    private static boolean near(double a, double b) {
        return Math.abs(a - b) <= 1e-6 * Math.abs(b);
    }
}
