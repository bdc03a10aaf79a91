package dev.netjac.picture;

import dev.netjac.NetjacException;
import dev.netjac.graph.Shapes;
import java.awt.Point;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import javax.imageio.ImageIO;

/**
 * A saliency picture of a network at one input: how each output moves when each input moves, drawn from the
 * outputs and the Jacobian with the JDK alone (headless AWT and ImageIO).
 *
 * <ul>
 *   <li>Image inputs: one panel per output in a grid, each pixel coloured by ∂y_i/∂pixel (summed over
 *       channels) on a diverging map centred at zero ({@link DivergingColorMap}), titled with the output's
 *       label and value; optionally over the input image in grey.</li>
 *   <li>Vector inputs: one M × N heatmap, outputs down, input indices across, with labelled axes.</li>
 * </ul>
 * Both carry a legend with the numbers of the colour scale. The positions of panels, cells and the legend are
 * exposed so that callers (and tests) can find what is where.
 *
 * <pre>{@code
 * net.jacobian(x, y, jac);
 * SaliencyPicture.render(y, jac, graph.inputShape(), x, PictureOptions.defaults().withLabels(labels))
 *         .write(Path.of("saliency.png"));
 * }</pre>
 */
public final class SaliencyPicture {
    private final BufferedImage image;
    private final InputGeometry geometry;
    private final List<Rectangle> panels;
    private final int cellWidth;
    private final int cellHeight;
    private final Rectangle legendBar;
    private final double[] scales;

    SaliencyPicture(BufferedImage image, InputGeometry geometry, List<Rectangle> panels, int cellWidth, int cellHeight,
                    Rectangle legendBar, double[] scales) {
        this.image = image;
        this.geometry = geometry;
        this.panels = List.copyOf(panels);
        this.cellWidth = cellWidth;
        this.cellHeight = cellHeight;
        this.legendBar = legendBar;
        this.scales = scales.clone();
    }

    /**
     * Draws the picture.
     *
     * @param outputs the network's outputs y (length M), shown in the titles
     * @param jacobian row-major M × N, {@code jacobian[i * N + j] = ∂y_i/∂x_j}
     * @param inputShape the network's input shape, without batch dimension (N = its product)
     * @param input the input x (length N); needed for {@link PictureOptions#overlay()}, else may be null
     */
    public static SaliencyPicture render(double[] outputs, double[] jacobian, int[] inputShape, double[] input,
                                         PictureOptions options) {
        InputGeometry g = InputGeometry.of(inputShape, options.layout());
        int m = outputs.length;
        int n = g.size();
        if (m == 0 || n == 0) {
            throw new NetjacException("saliency picture: nothing to draw for " + m + " outputs and input shape " + Shapes.toString(inputShape));
        }
        if (jacobian.length != (long) m * n) {
            throw new NetjacException("saliency picture: the Jacobian has " + jacobian.length + " entries, expected "
                    + m + " x " + n + " = " + ((long) m * n) + " for " + m + " outputs and input shape " + Shapes.toString(inputShape));
        }
        if (!options.labels().isEmpty() && options.labels().size() != m) {
            throw new NetjacException("saliency picture: " + options.labels().size() + " labels for " + m + " outputs, expected one per output");
        }
        if (input != null && input.length != n) {
            throw new NetjacException("saliency picture: the input has " + input.length + " values, expected " + n);
        }
        if (options.overlay() && (input == null || !g.isImage())) {
            throw new NetjacException("saliency picture: overlay needs an image input and the input values"
                    + (g.isImage() ? "" : "; input shape " + Shapes.toString(inputShape) + " is drawn as a vector"));
        }
        return g.isImage() ? PanelGrid.draw(outputs, jacobian, input, g, options) : MatrixHeatmap.draw(outputs, jacobian, g, options);
    }

    /** Renders and writes a PNG in one call. */
    public static void write(Path file, double[] outputs, double[] jacobian, int[] inputShape, double[] input, PictureOptions options) {
        render(outputs, jacobian, inputShape, input, options).write(file);
    }

    /** Writes the picture as PNG, through a temporary file beside it so that a failure leaves no half picture. */
    public void write(Path file) {
        Path target = file.toAbsolutePath();
        Path temp = null;
        try {
            // Files.createFile, not createTempFile: the picture gets the umask's mode like any file the user writes.
            temp = Files.createFile(target.resolveSibling(".netjac-" + Long.toHexString(ThreadLocalRandom.current().nextLong())
                    + ".png"));
            if (!ImageIO.write(image, "png", temp.toFile())) {
                throw new NetjacException(file + ": this JDK has no PNG writer");
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new NetjacException(file + ": cannot write the picture: " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // The move succeeded or the first error is the one to report.
                }
            }
        }
    }

    public BufferedImage image() {
        return image;
    }

    public InputGeometry geometry() {
        return geometry;
    }

    /** The area of output {@code i}'s panel (image inputs), or of the whole matrix (vector inputs). */
    public Rectangle panel(int i) {
        return new Rectangle(panels.get(Math.min(i, panels.size() - 1)));
    }

    /** The centre pixel of the cell that shows ∂y_i/∂(input j): j's image pixel, or column j of row i. */
    public Point cellCentre(int i, int j) {
        Rectangle p = panels.get(geometry.isImage() ? i : 0);
        if (geometry.isImage()) {
            int pixel = pixelOf(j);
            return new Point(p.x + (pixel % geometry.width()) * cellWidth + cellWidth / 2,
                    p.y + (pixel / geometry.width()) * cellHeight + cellHeight / 2);
        }
        return new Point(p.x + j * cellWidth + cellWidth / 2, p.y + i * cellHeight + cellHeight / 2);
    }

    /** The legend's colour bar: its left end is −scale, its right end +scale. */
    public Rectangle legendBar() {
        return new Rectangle(legendBar);
    }

    /** The half-width of output {@code i}'s colour scale. */
    public double scale(int i) {
        return scales[i];
    }

    private int pixelOf(int j) {
        InputGeometry g = geometry;
        if (g.layout() == InputGeometry.Layout.CHANNELS_FIRST) {
            return j % (g.height() * g.width());
        }
        return j / g.channels();
    }
}
