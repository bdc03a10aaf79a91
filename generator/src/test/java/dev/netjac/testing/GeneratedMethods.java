package dev.netjac.testing;

import dev.netjac.layers.Layer;
import dev.netjac.layers.MergeLayer;
import dev.netjac.runtime.Kernels;
import dev.netjac.runtime.Network;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * Calls one layer's private row methods inside a generated class, so that the contract test can check the
 * tangent and cotangent code itself, several rows at once and in place, not only through jvp/vjp.
 *
 * <p>The names and signatures are the emitter's per-layer method contract: {@code <id>Tangent(x..., y,
 * in..., out, rows)}, {@code <id>Cotangent(x, y, in, out, rows)} ({@code <id>Cotangent<i>} per merge input,
 * absent where that input's Jacobian is the identity), and {@code <id>Propagate} for both when the Jacobian is
 * symmetric. Every array handed over is padded as the generated class pads its own buffers.
 */
public final class GeneratedMethods {
    private final Network network;
    private final Layer layer;

    public GeneratedMethods(Network network, Layer layer) {
        this.network = network;
        this.layer = layer;
    }

    /** out[r] = J·in[r] through the tangent (or propagate) method; {@code inputs} are the layer's input values. */
    public double[][] tangent(double[][] inputs, double[] y, double[][][] in, boolean inPlace) {
        String name = layer.id() + (layer.hasSymmetricJacobian() ? "Propagate" : "Tangent");
        double[][] out = inPlace ? in[0] : rows(in[0].length, layer.outputSize());
        List<Object> args = values(inputs, y);
        for (double[][] rows : in) {
            args.add(rows);
        }
        args.add(out);
        args.add(in[0].length);
        invoke(name, args);
        return out;
    }

    /** The name of the cotangent method for input {@code input}, or null where the emitter writes none (identity). */
    public String cotangentMethod(int input) {
        if (layer instanceof MergeLayer merge) {
            return passesOn(merge, input) ? null : layer.id() + "Cotangent" + input;
        }
        return layer.id() + (layer.hasSymmetricJacobian() ? "Propagate" : "Cotangent");
    }

    /** out[r] = in[r]ᵀ·J_input through the cotangent method of {@code input}. */
    public double[][] cotangent(int input, double[][] inputs, double[] y, double[][] in, boolean inPlace) {
        int width = layer.inputShapes().size() == 1 ? layer.inputSize() : ((MergeLayer) layer).inputSize(input);
        double[][] out = inPlace ? in : rows(in.length, width);
        List<Object> args = values(inputs, y);
        args.add(in);
        args.add(out);
        args.add(in.length);
        invoke(cotangentMethod(input), args);
        return out;
    }

    /**
     * Whether merge input {@code input}'s Jacobian is the identity, so that the emitter writes no cotangent
     * method for it: {@code MergeLayer.isIdentity(int)} where it exists (issue 11, item 2), else today's "null
     * cotangent code". Reflective so that this compiles against either; call isIdentity directly once it is on main.
     */
    public static boolean passesOn(Layer layer, int input) {
        MergeLayer merge = (MergeLayer) layer;
        try {
            return (Boolean) MergeLayer.class.getMethod("isIdentity", int.class).invoke(merge, input);
        } catch (NoSuchMethodException e) {
            return merge.cotangentCode(input) == null;
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** {@code count} zero rows of {@code width} values, padded. */
    public static double[][] rows(int count, int width) {
        return new double[count][Kernels.padded(width)];
    }

    /** A padded copy of {@code values}. */
    public static double[] padded(double[] values) {
        return java.util.Arrays.copyOf(values, Kernels.padded(values.length));
    }

    private static List<Object> values(double[][] inputs, double[] y) {
        List<Object> args = new ArrayList<>();
        for (double[] x : inputs) {
            args.add(padded(x));
        }
        args.add(padded(y));
        return args;
    }

    private void invoke(String name, List<Object> args) {
        for (Method method : network.getClass().getDeclaredMethods()) {
            // Janino compiles a private instance method m(a...) into a static m$(this, a...).
            boolean janino = method.getName().equals(name + "$") && method.getParameterCount() == args.size() + 1;
            if (janino || method.getName().equals(name) && method.getParameterCount() == args.size()) {
                List<Object> all = new ArrayList<>(args);
                if (janino) {
                    all.add(0, network);
                }
                method.setAccessible(true);
                try {
                    method.invoke(janino ? null : network, all.toArray());
                    return;
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                } catch (InvocationTargetException e) {
                    throw new AssertionError(name + " threw " + e.getCause(), e.getCause());
                }
            }
        }
        List<String> names = new ArrayList<>();
        for (Method method : network.getClass().getDeclaredMethods()) {
            names.add(method.getName() + "/" + method.getParameterCount());
        }
        throw new AssertionError("the generated class " + network.getClass().getName() + " has no method " + name + " with "
                + args.size() + " parameters; it has " + names);
    }
}
