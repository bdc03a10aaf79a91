package dev.netjac.samples.spark;

import dev.netjac.spark.NetjacModel;
import dev.netjac.spark.Reduction;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --reduce jacobian,mean_abs_jacobian,jacobian_row_norms,top_inputs:3,vjp,jvp} with {@code --vjp V}
 * and {@code --jvp U}, each a comma-separated vector, {@code e<k>} (unit vector k) or {@code ones}.
 */
final class Reductions {
    static final String DEFAULT = "jacobian";

    private Reductions() {}

    static Reduction[] parse(String list, String vjp, String jvp, NetjacModel model) {
        List<Reduction> out = new ArrayList<>();
        for (String name : list.split(",")) {
            String item = name.trim();
            if (item.equals("jacobian")) {
                out.add(Reduction.jacobian());
            } else if (item.equals("mean_abs_jacobian")) {
                out.add(Reduction.meanAbsJacobian());
            } else if (item.equals("jacobian_row_norms")) {
                out.add(Reduction.rowNorms());
            } else if (item.startsWith("top_inputs")) {
                out.add(Reduction.topInputs(item.contains(":") ? Integer.parseInt(item.substring(item.indexOf(':') + 1)) : 3));
            } else if (item.equals("vjp")) {
                out.add(Reduction.vjp(vector(vjp, model.outputSize(), "--vjp")));
            } else if (item.equals("jvp")) {
                out.add(Reduction.jvp(vector(jvp, model.inputSize(), "--jvp")));
            } else if (!item.isEmpty() && !item.equals("none")) {
                throw new IllegalArgumentException("unknown reduction " + item + "; expected jacobian, mean_abs_jacobian,"
                        + " jacobian_row_norms, top_inputs:K, vjp, jvp or none");
            }
        }
        return out.toArray(new Reduction[0]);
    }

    static double[] vector(String text, int size, String option) {
        if (text == null) {
            throw new IllegalArgumentException(option + " is required with that reduction (" + size + " values, e<k> or ones)");
        }
        double[] v = new double[size];
        if (text.equals("ones")) {
            java.util.Arrays.fill(v, 1.0);
        } else if (text.matches("e\\d+")) {
            v[Integer.parseInt(text.substring(1))] = 1.0;
        } else {
            v = Options.vector(text);
        }
        return v;
    }
}
