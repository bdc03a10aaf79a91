package dev.netjac.check;

import java.util.function.UnaryOperator;

/**
 * Central finite differences, an oracle that shares nothing with netjac's derivative code.
 *
 * <p>Step h_j = {@link #STEP}·max(1, |x_j|). Central differences err by ~h²|f'''|/6 from truncation and by
 * ~ε|f|/h from rounding, about 1e-10 relative for the smooth, O(1)-scaled functions networks compute. An
 * entry whose difference quotients at h and h/2 disagree by more than a tolerance has a kink (ReLU at 0, a
 * clamp's end) within h of x; finite differences say nothing there, so such entries are reported as
 * unresolved instead of compared.
 */
public final class FiniteDifferences {
    /** Relative step. */
    public static final double STEP = 1e-5;

    private FiniteDifferences() {}

    /** The M×N Jacobian of {@code f} at {@code x} by central differences with step {@code scale·STEP}. */
    public static double[][] jacobian(UnaryOperator<double[]> f, double[] x, double scale) {
        int n = x.length;
        double[][] jac = null;
        double[] probe = x.clone();
        for (int j = 0; j < n; j++) {
            double h = scale * STEP * Math.max(1.0, Math.abs(x[j]));
            probe[j] = x[j] + h;
            double[] plus = f.apply(probe);
            probe[j] = x[j] - h;
            double[] minus = f.apply(probe);
            probe[j] = x[j];
            if (jac == null) {
                jac = new double[plus.length][n];
            }
            double width = (x[j] + h) - (x[j] - h);
            for (int i = 0; i < plus.length; i++) {
                jac[i][j] = (plus[i] - minus[i]) / width;
            }
        }
        return jac == null ? new double[0][0] : jac;
    }
}
