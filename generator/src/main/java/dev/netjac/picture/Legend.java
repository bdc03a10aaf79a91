package dev.netjac.picture;

import java.awt.Rectangle;

/** The colour bar under a picture: the map from −scale to +scale with its numbers. */
final class Legend {
    private Legend() {}

    static final int BAR_WIDTH = 256;
    static final int BAR_HEIGHT = 14;
    /** Height the legend takes, caption and numbers included. */
    static final int HEIGHT = 52;

    /**
     * Draws the legend with its top-left corner at (x, y) and returns the bar's rectangle.
     *
     * @param scale the half-width of the scale, or NaN when each panel has its own (numbers then read −1..+1
     *              times the panel's scale, given in its title)
     */
    static Rectangle draw(Canvas c, int x, int y, double scale, String caption) {
        c.text(caption, x, y + 12);
        int barY = y + 18;
        for (int k = 0; k < BAR_WIDTH; k++) {
            double t = -1.0 + 2.0 * k / (BAR_WIDTH - 1);
            c.cell(x + k, barY, 1, BAR_HEIGHT, DivergingColorMap.rgb(t));
        }
        c.frame(x, barY, BAR_WIDTH, BAR_HEIGHT);
        int numbersY = barY + BAR_HEIGHT + 14;
        boolean relative = Double.isNaN(scale);
        c.text(relative ? "-1" : Saliency.format(-scale), x, numbersY);
        c.centred("0", x + BAR_WIDTH / 2, numbersY);
        c.right(relative ? "+1" : "+" + Saliency.format(scale), x + BAR_WIDTH, numbersY);
        if (relative) {
            c.text("x the panel's scale (±s in its title)", x + BAR_WIDTH + 12, numbersY);
        }
        return new Rectangle(x, barY, BAR_WIDTH, BAR_HEIGHT);
    }
}
