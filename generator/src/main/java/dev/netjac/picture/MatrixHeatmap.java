package dev.netjac.picture;

import java.awt.Rectangle;
import java.util.List;

/** Vector inputs: the M × N Jacobian as one heatmap, outputs down (labelled), input indices across. */
final class MatrixHeatmap {
    private MatrixHeatmap() {}

    private static final int MARGIN = 12;
    private static final int HEADER = 40;
    private static final int AXIS = 44;
    /** The matrix is drawn about this wide and tall, with whole-pixel cells. */
    private static final int TARGET_WIDTH = 1000;
    private static final int TARGET_HEIGHT = 360;

    static SaliencyPicture draw(double[] outputs, double[] jacobian, InputGeometry g, PictureOptions options) {
        int m = outputs.length;
        int n = g.size();
        double[][] rows = new double[m][];
        for (int i = 0; i < m; i++) {
            rows[i] = java.util.Arrays.copyOfRange(jacobian, i * n, (i + 1) * n);
        }
        double[] scales = Saliency.scales(rows, options.scale());
        int cellW = clamp(TARGET_WIDTH / n, 1, 24);
        int cellH = clamp(TARGET_HEIGHT / m, 12, 28);
        String[] names = new String[m];
        int labelW = Canvas.textWidth("outputs");
        for (int i = 0; i < m; i++) {
            names[i] = Canvas.clean(options.label(i), 24) + "  y=" + Saliency.format(outputs[i])
                    + (options.scale() == PictureOptions.Scale.PER_PANEL ? "  ±" + Saliency.format(scales[i]) : "");
            labelW = Math.max(labelW, Canvas.textWidth(names[i]));
        }
        int left = MARGIN + labelW + 10;
        int top = MARGIN + HEADER;
        int matrixW = n * cellW;
        int matrixH = m * cellH;
        int width = Math.max(left + matrixW + MARGIN, 2 * MARGIN + Legend.BAR_WIDTH + 240);
        int height = top + matrixH + AXIS + Legend.HEIGHT + MARGIN;
        Canvas c = new Canvas(width, height);
        c.text("Jacobian dy_i/dx_j at this input, " + m + " outputs x " + n + " inputs", MARGIN, MARGIN + 12);
        c.text("outputs", MARGIN, top - 6);
        for (int i = 0; i < m; i++) {
            c.right(names[i], left - 8, top + i * cellH + cellH / 2 + 5);
            for (int j = 0; j < n; j++) {
                c.cell(left + j * cellW, top + i * cellH, cellW, cellH, DivergingColorMap.rgb(rows[i][j] / scales[i]));
            }
        }
        c.frame(left, top, matrixW, matrixH);
        int step = tickStep(cellW);
        for (int j = 0; j < n; j += step) {
            int x = left + j * cellW + cellW / 2;
            c.cell(x, top + matrixH + 1, 1, 4, 0x444444);
            c.centred(Integer.toString(j), x, top + matrixH + 18);
        }
        c.centred("input index j", left + matrixW / 2, top + matrixH + 36);
        boolean shared = options.scale() == PictureOptions.Scale.SHARED;
        Rectangle bar = Legend.draw(c, MARGIN, top + matrixH + AXIS, shared ? scales[0] : Double.NaN,
                shared ? "colour scale (shared by all rows)" : "colour scale (each row its own)");
        return new SaliencyPicture(c.finish(), g, List.of(new Rectangle(left, top, matrixW, matrixH)), cellW, cellH, bar, scales);
    }

    /** The smallest of 1, 2, 5, 10, 20, 50, ... columns that puts ticks at least 50 pixels apart. */
    static int tickStep(int cellW) {
        int[] mantissas = {1, 2, 5};
        for (int scale = 1; ; scale *= 10) {
            for (int mant : mantissas) {
                if (mant * scale * cellW >= 50) {
                    return mant * scale;
                }
            }
        }
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
