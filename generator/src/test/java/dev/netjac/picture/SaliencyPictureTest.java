package dev.netjac.picture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netjac.NetjacException;
import java.awt.Point;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Small pictures whose Jacobians are written by hand, checked pixel by pixel at known positions: zero is the
 * centre colour, the largest positive and negative entries the end colours, the legend runs end to end, and
 * panels sit in a grid.
 */
class SaliencyPictureTest {
    static final int NEG = 0x053061;
    static final int ZERO = 0xf7f7f7;
    static final int POS = 0x67001f;

    @TempDir
    Path dir;

    static int rgb(SaliencyPicture p, Point at) {
        return p.image().getRGB(at.x, at.y) & 0xffffff;
    }

    @Test
    void colourMapEndsAndCentreAreColorBrewerRdBu() {
        assertEquals(NEG, DivergingColorMap.rgb(-1));
        assertEquals(ZERO, DivergingColorMap.rgb(0));
        assertEquals(POS, DivergingColorMap.rgb(1));
        assertEquals(0xfddbc7, DivergingColorMap.rgb(0.2));   // the first control point right of the centre
        assertEquals(0xd1e5f0, DivergingColorMap.rgb(-0.2));
        assertEquals(POS, DivergingColorMap.rgb(7));          // clamped
        assertEquals(ZERO, DivergingColorMap.rgb(Double.NaN));
        assertEquals(11, DivergingColorMap.controlPointsHex().length);
        assertEquals("#f7f7f7", DivergingColorMap.controlPointsHex()[5]);
    }

    /** 2 outputs of a 3 × 4 × 1 image: output 0 has +2 at (0,0), -2 at (1,2), 0 at (2,3); output 1 has +1 at (2,1). */
    static double[] imageJacobian() {
        int n = 12;
        double[] jac = new double[2 * n];
        jac[0 * 4 + 0] = 2;
        jac[1 * 4 + 2] = -2;
        jac[0 * 4 + 1] = 0.4;           // 0.2 of the shared scale
        jac[n + 2 * 4 + 1] = 1;
        jac[n + 0] = -0.5;
        return jac;
    }

    @Test
    void imagePanelsSharedScale() {
        SaliencyPicture p = SaliencyPicture.render(new double[] {0.25, 0.75}, imageJacobian(), new int[] {3, 4, 1}, null,
                PictureOptions.defaults().withLabels(List.of("cat", "dog")));
        assertTrue(p.geometry().isImage());
        assertEquals(2.0, p.scale(0));
        assertEquals(2.0, p.scale(1));
        assertEquals(POS, rgb(p, p.cellCentre(0, 0)));
        assertEquals(NEG, rgb(p, p.cellCentre(0, 1 * 4 + 2)));
        assertEquals(ZERO, rgb(p, p.cellCentre(0, 2 * 4 + 3)));
        assertEquals(0xfddbc7, rgb(p, p.cellCentre(0, 1)));
        // Shared scale: output 1's +1 is half way to the red end, not the end colour.
        assertEquals(DivergingColorMap.rgb(0.5), rgb(p, p.cellCentre(1, 2 * 4 + 1)));
        assertTrue(DivergingColorMap.rgb(0.5) != POS);
        assertEquals(DivergingColorMap.rgb(-0.25), rgb(p, p.cellCentre(1, 0)));
        // The cell is a block: its corners hold the same colour as its centre.
        Rectangle panel = p.panel(0);
        assertEquals(POS, p.image().getRGB(panel.x, panel.y) & 0xffffff);
        assertTrue(panel.width / 4 >= 2, "panels are scaled up: " + panel);
    }

    @Test
    void perPanelScaleGivesEachOutputFullContrast() {
        SaliencyPicture p = SaliencyPicture.render(new double[] {0.25, 0.75}, imageJacobian(), new int[] {3, 4, 1}, null,
                PictureOptions.defaults().withScale(PictureOptions.Scale.PER_PANEL));
        assertEquals(1.0, p.scale(1));
        assertEquals(POS, rgb(p, p.cellCentre(1, 2 * 4 + 1)));
        assertEquals(DivergingColorMap.rgb(-0.5), rgb(p, p.cellCentre(1, 0)));
        assertEquals(NEG, rgb(p, p.cellCentre(0, 1 * 4 + 2)));
    }

    @Test
    void channelsFirstSumsChannelsOfEachPixel() {
        // (C, H, W) = (2, 2, 3): pixel (1, 2) is index 1*3+2 = 5 in channel 0 and 6+5 = 11 in channel 1.
        double[] jac = new double[12];
        jac[5] = 1.5;
        jac[11] = 1.5;          // sum 3: the maximum
        jac[0] = -1;
        jac[6] = -2;            // pixel (0,0): sum -3, the minimum
        jac[1] = 2;
        jac[7] = -2;            // pixel (0,1): cancels to zero
        SaliencyPicture p = SaliencyPicture.render(new double[] {1}, jac, new int[] {2, 2, 3}, null,
                PictureOptions.defaults().withLayout(InputGeometry.Layout.CHANNELS_FIRST));
        assertEquals(InputGeometry.Layout.CHANNELS_FIRST, p.geometry().layout());
        assertEquals(2, p.geometry().height());
        assertEquals(3, p.geometry().width());
        assertEquals(POS, rgb(p, p.cellCentre(0, 5)));
        assertEquals(POS, rgb(p, p.cellCentre(0, 11)));   // the same pixel
        assertEquals(NEG, rgb(p, p.cellCentre(0, 0)));
        assertEquals(ZERO, rgb(p, p.cellCentre(0, 1)));
        // Read as channels-last (3 channels of a 2 x 2 image) the same numbers draw another picture.
        SaliencyPicture wrong = SaliencyPicture.render(new double[] {1}, jac, new int[] {2, 2, 3}, null, PictureOptions.defaults());
        assertEquals(InputGeometry.Layout.CHANNELS_LAST, wrong.geometry().layout());
        assertEquals(2, wrong.geometry().width());
    }

    @Test
    void autoLayoutGuessesFromTheShape() {
        assertEquals(InputGeometry.Layout.CHANNELS_LAST, InputGeometry.of(new int[] {28, 28, 1}, InputGeometry.Layout.AUTO).layout());
        assertEquals(InputGeometry.Layout.CHANNELS_FIRST, InputGeometry.of(new int[] {3, 32, 32}, InputGeometry.Layout.AUTO).layout());
        assertEquals(InputGeometry.Layout.CHANNELS_LAST, InputGeometry.of(new int[] {5, 7}, InputGeometry.Layout.AUTO).layout());
        assertEquals(InputGeometry.Layout.VECTOR, InputGeometry.of(new int[] {500}, InputGeometry.Layout.AUTO).layout());
        assertEquals(InputGeometry.Layout.VECTOR, InputGeometry.of(new int[] {8, 8, 16}, InputGeometry.Layout.AUTO).layout());
        NetjacException e = assertThrows(NetjacException.class, () -> InputGeometry.of(new int[] {500}, InputGeometry.Layout.CHANNELS_FIRST));
        assertEquals("input shape (500,) is not an image: channels-first expects (C, H, W)", e.getMessage());
    }

    @Test
    void tenPanelsMakeAFiveByTwoGrid() {
        int n = 28 * 28;
        double[] jac = new double[10 * n];
        for (int i = 0; i < 10; i++) {
            jac[i * n + i] = i + 1;
        }
        SaliencyPicture p = SaliencyPicture.render(new double[10], jac, new int[] {28, 28, 1}, null, PictureOptions.defaults());
        for (int i = 1; i < 5; i++) {
            assertEquals(p.panel(0).y, p.panel(i).y, "first row");
            assertTrue(p.panel(i).x > p.panel(i - 1).x + p.panel(i - 1).width, "left to right, apart");
        }
        for (int i = 5; i < 10; i++) {
            assertEquals(p.panel(i - 5).x, p.panel(i).x, "second row under the first");
            assertTrue(p.panel(i).y > p.panel(i - 5).y + p.panel(i - 5).height);
        }
        assertEquals(POS, rgb(p, p.cellCentre(9, 9)));
        assertEquals(DivergingColorMap.rgb(0.1), rgb(p, p.cellCentre(0, 0)));
        assertEquals(ZERO, rgb(p, p.cellCentre(0, 1)));
        assertTrue(p.legendBar().y > p.panel(9).y + p.panel(9).height, "legend under the grid");
    }

    @Test
    void legendRunsFromNegativeEndThroughZeroToPositiveEndAndHasNumbers() {
        SaliencyPicture p = SaliencyPicture.render(new double[] {0.25, 0.75}, imageJacobian(), new int[] {3, 4, 1}, null, PictureOptions.defaults());
        Rectangle bar = p.legendBar();
        int y = bar.y + bar.height / 2;
        assertEquals(NEG, p.image().getRGB(bar.x, y) & 0xffffff);
        assertEquals(POS, p.image().getRGB(bar.x + bar.width - 1, y) & 0xffffff);
        int mid = p.image().getRGB(bar.x + bar.width / 2, y) & 0xffffff;
        assertTrue(distance(mid, ZERO) <= 6, Integer.toHexString(mid));
        // The numbers under the bar: dark text pixels below its left end, its centre and its right end.
        assertTrue(darkPixels(p.image(), bar.x, bar.y + bar.height + 2, 30, 14) > 5, "-2 under the left end");
        assertTrue(darkPixels(p.image(), bar.x + bar.width / 2 - 8, bar.y + bar.height + 2, 16, 14) > 3, "0 under the centre");
        assertTrue(darkPixels(p.image(), bar.x + bar.width - 30, bar.y + bar.height + 2, 30, 14) > 5, "+2 under the right end");
    }

    @Test
    void overlayShowsTheInputInGreyWhereTheSaliencyIsZero() {
        double[] x = new double[12];
        x[2 * 4 + 3] = 1;           // the brightest pixel, where output 0's saliency is 0
        x[2 * 4 + 2] = -1;          // the darkest, also 0
        SaliencyPicture p = SaliencyPicture.render(new double[] {0.25, 0.75}, imageJacobian(), new int[] {3, 4, 1}, x,
                PictureOptions.defaults().withOverlay(true));
        assertEquals(0xffffff, rgb(p, p.cellCentre(0, 2 * 4 + 3)));
        assertEquals(0x000000, rgb(p, p.cellCentre(0, 2 * 4 + 2)));
        assertEquals(0x808080, rgb(p, p.cellCentre(0, 2 * 4 + 1)), "input 0 is half way: mid grey");
        assertEquals(POS, rgb(p, p.cellCentre(0, 0)), "full saliency hides the input");
        assertEquals(NEG, rgb(p, p.cellCentre(0, 1 * 4 + 2)));
    }

    @Test
    void vectorInputsMakeOneMatrixWithLabelledRows() {
        int n = 7;
        double[] jac = new double[3 * n];
        jac[0 * n + 6] = 4;
        jac[2 * n + 0] = -4;
        jac[1 * n + 3] = 2;
        SaliencyPicture p = SaliencyPicture.render(new double[] {0.1, 0.2, 0.7}, jac, new int[] {7}, null,
                PictureOptions.defaults().withLabels(List.of("alpha", "beta", "gamma")));
        assertEquals(InputGeometry.Layout.VECTOR, p.geometry().layout());
        assertEquals(POS, rgb(p, p.cellCentre(0, 6)));
        assertEquals(NEG, rgb(p, p.cellCentre(2, 0)));
        assertEquals(DivergingColorMap.rgb(0.5), rgb(p, p.cellCentre(1, 3)));
        assertEquals(ZERO, rgb(p, p.cellCentre(1, 4)));
        Point a = p.cellCentre(0, 0);
        Point b = p.cellCentre(1, 1);
        assertTrue(b.x > a.x && b.y > a.y, "inputs across, outputs down");
        Rectangle matrix = p.panel(0);
        // Row labels left of the matrix, index ticks under it.
        assertTrue(darkPixels(p.image(), 0, a.y - 6, matrix.x - 4, 12) > 10, "row label of output 0");
        assertTrue(darkPixels(p.image(), matrix.x - 10, matrix.y + matrix.height + 4, matrix.width + 20, 16) > 3, "index ticks");
        assertTrue(p.legendBar().y > matrix.y + matrix.height);
    }

    @Test
    void writesAPngThatReadsBackToTheSamePixels() throws Exception {
        SaliencyPicture p = SaliencyPicture.render(new double[] {0.25, 0.75}, imageJacobian(), new int[] {3, 4, 1}, null, PictureOptions.defaults());
        Path file = dir.resolve("s.png");
        p.write(file);
        BufferedImage back = ImageIO.read(file.toFile());
        assertEquals(p.image().getWidth(), back.getWidth());
        assertEquals(p.image().getHeight(), back.getHeight());
        Point at = p.cellCentre(0, 0);
        assertEquals(POS, back.getRGB(at.x, at.y) & 0xffffff);
    }

    @Test
    void badArgumentsAreNamed() {
        NetjacException e = assertThrows(NetjacException.class, () -> SaliencyPicture.render(new double[2], new double[5], new int[] {3, 4, 1}, null, PictureOptions.defaults()));
        assertEquals("saliency picture: the Jacobian has 5 entries, expected 2 x 12 = 24 for 2 outputs and input shape (3, 4, 1)", e.getMessage());
        e = assertThrows(NetjacException.class, () -> SaliencyPicture.render(new double[2], new double[24], new int[] {3, 4, 1}, null,
                PictureOptions.defaults().withLabels(List.of("one"))));
        assertEquals("saliency picture: 1 labels for 2 outputs, expected one per output", e.getMessage());
        e = assertThrows(NetjacException.class, () -> SaliencyPicture.render(new double[2], new double[24], new int[] {12}, new double[12],
                PictureOptions.defaults().withOverlay(true)));
        assertTrue(e.getMessage().contains("overlay needs an image input"), e.getMessage());
    }

    static int distance(int a, int b) {
        return Math.abs((a >> 16 & 0xff) - (b >> 16 & 0xff)) + Math.abs((a >> 8 & 0xff) - (b >> 8 & 0xff)) + Math.abs((a & 0xff) - (b & 0xff));
    }

    static int darkPixels(BufferedImage image, int x, int y, int w, int h) {
        int count = 0;
        for (int yy = Math.max(0, y); yy < Math.min(image.getHeight(), y + h); yy++) {
            for (int xx = Math.max(0, x); xx < Math.min(image.getWidth(), x + w); xx++) {
                int c = image.getRGB(xx, yy) & 0xffffff;
                if ((c >> 16 & 0xff) < 120 && (c >> 8 & 0xff) < 120 && (c & 0xff) < 120) {
                    count++;
                }
            }
        }
        return count;
    }
}
