package dev.netjac.picture;

import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.List;

/** Image inputs: one saliency panel per output, in a grid, titled with the output's label and value. */
final class PanelGrid {
    private PanelGrid() {}

    private static final int MARGIN = 12;
    private static final int GAP = 16;
    private static final int HEADER = 22;
    private static final int TITLE = 34;
    /** Panels are scaled up by a whole factor to about this many pixels on their long side. */
    private static final int PANEL_TARGET = 140;
    private static final int MAX_COLUMNS = 5;

    static SaliencyPicture draw(double[] outputs, double[] jacobian, double[] input, InputGeometry g, PictureOptions options) {
        int m = outputs.length;
        double[][] maps = Saliency.perPixel(jacobian, m, g);
        double[] scales = Saliency.scales(maps, options.scale());
        double[] grey = options.overlay() ? Saliency.grey(input, g) : null;
        int zoom = Math.max(1, PANEL_TARGET / Math.max(g.height(), g.width()));
        int columns = m <= MAX_COLUMNS ? m : Math.max(MAX_COLUMNS, (int) Math.ceil(Math.sqrt(m)));
        int rows = (m + columns - 1) / columns;
        int panelW = g.width() * zoom;
        int panelH = g.height() * zoom;
        int cellW = Math.max(panelW, 96);
        int legendWidth = Legend.BAR_WIDTH + (options.scale() == PictureOptions.Scale.PER_PANEL ? 240 : 0);
        int width = Math.max(2 * MARGIN + columns * cellW + (columns - 1) * GAP, 2 * MARGIN + legendWidth);
        int height = MARGIN + HEADER + rows * (TITLE + panelH) + (rows - 1) * GAP + GAP + Legend.HEIGHT + MARGIN;
        Canvas c = new Canvas(width, height);
        c.text("saliency dy_i/d(pixel) at this input, " + g.height() + " x " + g.width() + " x " + g.channels()
                + " " + g.layoutName() + (g.channels() > 1 ? ", summed over channels" : "")
                + (options.overlay() ? ", over the input in grey" : ""), MARGIN, MARGIN + 12);
        List<Rectangle> panels = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            int x = MARGIN + (i % columns) * (cellW + GAP);
            int y = MARGIN + HEADER + (i / columns) * (TITLE + panelH + GAP);
            c.text(Canvas.clean(options.label(i), 18), x, y + 12);
            c.text("y = " + Saliency.format(outputs[i])
                    + (options.scale() == PictureOptions.Scale.PER_PANEL ? "   ±" + Saliency.format(scales[i]) : ""), x, y + 27);
            int top = y + TITLE;
            for (int p = 0; p < maps[i].length; p++) {
                double t = maps[i][p] / scales[i];
                int rgb = grey == null ? DivergingColorMap.rgb(t) : overlay(grey[p], t);
                c.cell(x + (p % g.width()) * zoom, top + (p / g.width()) * zoom, zoom, zoom, rgb);
            }
            c.frame(x, top, panelW, panelH);
            panels.add(new Rectangle(x, top, panelW, panelH));
        }
        int legendY = MARGIN + HEADER + rows * (TITLE + panelH) + (rows - 1) * GAP + GAP;
        boolean shared = options.scale() == PictureOptions.Scale.SHARED;
        Rectangle bar = Legend.draw(c, MARGIN, legendY, shared ? scales[0] : Double.NaN,
                shared ? "colour scale (shared by all panels)" : "colour scale (each panel its own)");
        return new SaliencyPicture(c.finish(), g, panels, zoom, zoom, bar, scales);
    }

    /** The input's grey with the map's colour over it, opaque in proportion to |t|: zero shows the input alone. */
    static int overlay(double grey, double t) {
        int level = (int) Math.round(255 * Math.max(0, Math.min(1, grey)));
        int rgb = DivergingColorMap.rgb(t);
        double a = Double.isNaN(t) ? 0 : Math.min(1.0, Math.abs(t));
        int r = (int) Math.round(level + ((rgb >> 16 & 0xff) - level) * a);
        int gr = (int) Math.round(level + ((rgb >> 8 & 0xff) - level) * a);
        int b = (int) Math.round(level + ((rgb & 0xff) - level) * a);
        return r << 16 | gr << 8 | b;
    }
}
