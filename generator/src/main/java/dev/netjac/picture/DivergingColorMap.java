package dev.netjac.picture;

/**
 * The diverging colour map of every saliency picture: ColorBrewer's 11-class "RdBu" scheme (Cynthia A. Brewer,
 * colorbrewer2.org, Apache-2.0 licensed colour specifications), which ColorBrewer marks colour-blind safe. It
 * runs from dark blue (most negative) through near-white {@code #f7f7f7} (zero) to dark red (most positive);
 * between control points the colour is interpolated linearly in sRGB. The browser explorer draws with the
 * same control points, served by {@link #controlPointsHex()}, so the two never disagree.
 */
public final class DivergingColorMap {
    private DivergingColorMap() {}

    /** RdBu, reversed so that index 0 is the negative end: blue for negative, red for positive. */
    private static final int[] POINTS = {
        0x053061, 0x2166ac, 0x4393c3, 0x92c5de, 0xd1e5f0, 0xf7f7f7, 0xfddbc7, 0xf4a582, 0xd6604d, 0xb2182b, 0x67001f,
    };

    /** The colour of zero. */
    public static final int CENTRE = 0xf7f7f7;
    /** The colour of the most negative value of the scale (and anything below it). */
    public static final int NEGATIVE_END = 0x053061;
    /** The colour of the most positive value of the scale (and anything above it). */
    public static final int POSITIVE_END = 0x67001f;

    /**
     * The 0xRRGGBB colour of {@code t} in [-1, 1] (clamped; NaN is drawn as the centre colour, the colour of
     * "no information").
     */
    public static int rgb(double t) {
        if (Double.isNaN(t)) {
            return CENTRE;
        }
        double u = (Math.max(-1.0, Math.min(1.0, t)) + 1.0) * 0.5 * (POINTS.length - 1);
        int k = Math.min((int) Math.floor(u), POINTS.length - 2);
        double f = u - k;
        int a = POINTS[k];
        int b = POINTS[k + 1];
        return mix(a >> 16 & 0xff, b >> 16 & 0xff, f) << 16 | mix(a >> 8 & 0xff, b >> 8 & 0xff, f) << 8 | mix(a & 0xff, b & 0xff, f);
    }

    private static int mix(int a, int b, double f) {
        return (int) Math.round(a + (b - a) * f);
    }

    /** The control points as CSS colours, negative end first. */
    public static String[] controlPointsHex() {
        String[] hex = new String[POINTS.length];
        for (int i = 0; i < POINTS.length; i++) {
            hex[i] = String.format("#%06x", POINTS[i]);
        }
        return hex;
    }
}
