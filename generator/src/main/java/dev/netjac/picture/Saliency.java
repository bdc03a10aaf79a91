package dev.netjac.picture;

/**
 * The numbers a picture shows, before any pixel: each output's saliency per image pixel (the Jacobian row,
 * summed over channels, since a pixel's channels move together when a person edits a picture) and the colour
 * scale of each panel.
 */
final class Saliency {
    private Saliency() {}

    /** {@code [output][row * width + col]}: ∂y_i/∂(pixel), summed over the pixel's channels. */
    static double[][] perPixel(double[] jacobian, int outputs, InputGeometry g) {
        int n = g.size();
        double[][] maps = new double[outputs][g.height() * g.width()];
        for (int i = 0; i < outputs; i++) {
            for (int r = 0; r < g.height(); r++) {
                for (int c = 0; c < g.width(); c++) {
                    double sum = 0;
                    for (int ch = 0; ch < g.channels(); ch++) {
                        sum += jacobian[i * n + g.index(r, c, ch)];
                    }
                    maps[i][r * g.width() + c] = sum;
                }
            }
        }
        return maps;
    }

    /**
     * The half-width of each panel's colour scale: max|value| over all panels (shared) or over the panel's own
     * values; a panel of zeros gets 1 so that it draws as the centre colour rather than NaN.
     */
    static double[] scales(double[][] maps, PictureOptions.Scale scale) {
        double[] s = new double[maps.length];
        double shared = 0;
        for (int i = 0; i < maps.length; i++) {
            for (double v : maps[i]) {
                if (Double.isFinite(v)) {
                    s[i] = Math.max(s[i], Math.abs(v));
                }
            }
            shared = Math.max(shared, s[i]);
        }
        for (int i = 0; i < maps.length; i++) {
            double value = scale == PictureOptions.Scale.SHARED ? shared : s[i];
            s[i] = value > 0 ? value : 1.0;
        }
        return s;
    }

    /** Input pixels as grey levels in [0, 1] (mean over channels, stretched from the input's min to its max). */
    static double[] grey(double[] input, InputGeometry g) {
        double[] grey = new double[g.height() * g.width()];
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int p = 0; p < grey.length; p++) {
            double sum = 0;
            for (int ch = 0; ch < g.channels(); ch++) {
                sum += input[g.index(p / g.width(), p % g.width(), ch)];
            }
            grey[p] = sum / g.channels();
            lo = Math.min(lo, grey[p]);
            hi = Math.max(hi, grey[p]);
        }
        for (int p = 0; p < grey.length; p++) {
            grey[p] = hi > lo ? (grey[p] - lo) / (hi - lo) : 0.5;
        }
        return grey;
    }

    /** A number in at most ~9 characters: 0.0123, 4.56e-07, -12.3. */
    static String format(double v) {
        double a = Math.abs(v);
        if (v == 0) {
            return "0";
        }
        if (a >= 1e-3 && a < 1e4) {
            return String.format(java.util.Locale.ROOT, "%.3g", v);
        }
        return String.format(java.util.Locale.ROOT, "%.2e", v);
    }
}
