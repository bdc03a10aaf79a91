package dev.netjac.picture;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * A white RGB image. Only off-screen images and fonts are used, which need no display: on a machine without
 * one the JDK runs headless by itself (no DISPLAY on Linux).
 *
 * <p>A white RGB image with the text and cell primitives the pictures use. Cells are written with
 * {@code setRGB}, never through antialiased shapes, so each cell holds exactly its colour-map colour.
 */
final class Canvas {
    static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    static final Color TEXT = new Color(0x222222);

    final BufferedImage image;
    final Graphics2D g;

    Canvas(int width, int height) {
        image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(FONT);
        g.setColor(TEXT);
    }

    /** Width of {@code text} in the picture font, without an image (for layout before drawing). */
    static int textWidth(String text) {
        return metrics().stringWidth(text);
    }

    private static FontMetrics metrics() {
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scratch.createGraphics();
        try {
            return g.getFontMetrics(FONT);
        } finally {
            g.dispose();
        }
    }

    /** Text with its baseline at y, starting at x. */
    void text(String text, int x, int y) {
        g.drawString(text, x, y);
    }

    /** Text centred on x. */
    void centred(String text, int x, int y) {
        g.drawString(text, x - g.getFontMetrics().stringWidth(text) / 2, y);
    }

    /** Text ending at x. */
    void right(String text, int x, int y) {
        g.drawString(text, x - g.getFontMetrics().stringWidth(text), y);
    }

    /** A solid w × h block of colour {@code rgb}. */
    void cell(int x, int y, int w, int h, int rgb) {
        for (int yy = y; yy < y + h; yy++) {
            for (int xx = x; xx < x + w; xx++) {
                image.setRGB(xx, yy, rgb);
            }
        }
    }

    void frame(int x, int y, int w, int h) {
        g.setColor(new Color(0x888888));
        g.drawRect(x - 1, y - 1, w + 1, h + 1);
        g.setColor(TEXT);
    }

    BufferedImage finish() {
        g.dispose();
        return image;
    }

    /** Keeps user text (labels) printable and short in a title. */
    static String clean(String text, int max) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < text.length() && sb.length() < max; i++) {
            char c = text.charAt(i);
            sb.append(Character.isISOControl(c) ? ' ' : c);
        }
        return text.length() > max ? sb + "…" : sb.toString();
    }
}
