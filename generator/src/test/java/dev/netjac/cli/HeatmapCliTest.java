package dev.netjac.cli;

import static dev.netjac.cli.CliTest.assertBadInput;
import static dev.netjac.cli.CliTest.assertContains;
import static dev.netjac.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netjac.Netjac;
import dev.netjac.graph.Graph;
import dev.netjac.picture.DivergingColorMap;
import dev.netjac.picture.PictureOptions;
import dev.netjac.picture.SaliencyPicture;
import dev.netjac.reference.ReferenceEvaluator;
import dev.netjac.weights.Npy;
import java.awt.Point;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code netjac eval --heatmap}: the picture it writes is the one the reference evaluator's Jacobian draws. */
class HeatmapCliTest {
    static final Path CNN = Path.of("..", "samples", "cnn", "model.json");

    @TempDir
    Path dir;

    @Test
    void cnnHeatmapMatchesThePictureOfTheReferenceJacobian() throws Exception {
        Graph graph = Netjac.read(CNN, Netjac.Options.defaults().read());
        double[] x = Arrays.copyOfRange(Npy.read(CNN.resolveSibling("reference").resolve("x.npy")).toArray(), 0, 784);
        Path xs = dir.resolve("x.npy");
        Npy.write(xs, new int[] {28, 28, 1}, x);
        Path labels = dir.resolve("labels.txt");
        Files.writeString(labels, "zero\none\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\n");
        Path png = dir.resolve("cnn.png");
        CliTest.Run r = run("eval", "--input", xs, "--heatmap", png, "--labels", labels, "--scale", "per-panel", CNN);
        assertEquals(0, r.exit(), r.err());
        assertContains(r.out(), "saliency picture written to " + png);
        BufferedImage written = ImageIO.read(png.toFile());

        ReferenceEvaluator reference = new ReferenceEvaluator(graph);
        double[] y = reference.forward(x);
        double[] jac = dev.netjac.check.Verifier.flatten(reference.jacobian(x));
        SaliencyPicture expected = SaliencyPicture.render(y, jac, graph.inputShape(), x,
                PictureOptions.defaults().withScale(PictureOptions.Scale.PER_PANEL)
                        .withLabels(Arrays.asList("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")));
        assertEquals(expected.image().getWidth(), written.getWidth());
        assertEquals(expected.image().getHeight(), written.getHeight());
        // Per-panel scale: each panel's largest |entry| is an end colour, in the written file too.
        for (int i = 0; i < 10; i++) {
            int arg = 0;
            for (int j = 1; j < 784; j++) {
                if (Math.abs(jac[i * 784 + j]) > Math.abs(jac[i * 784 + arg])) {
                    arg = j;
                }
            }
            Point at = expected.cellCentre(i, arg);
            int colour = written.getRGB(at.x, at.y) & 0xffffff;
            assertEquals(jac[i * 784 + arg] > 0 ? DivergingColorMap.POSITIVE_END : DivergingColorMap.NEGATIVE_END, colour, "panel " + i);
        }
    }

    @Test
    void overlayOnTheSeedVectorIsRefusedBeforeAnyFileIsWritten() throws Exception {
        Path xs = dir.resolve("x.npy");
        Npy.write(xs, new int[] {500}, new double[500]);
        Path ys = dir.resolve("y.npy");
        String line = assertBadInput(run("eval", "--input", xs, "--output", ys, "--heatmap", dir.resolve("s.png"), "--overlay", CliTest.SEED));
        assertContains(line, "overlay needs an image input");
        assertFalse(Files.exists(ys), "no partial output");
        assertFalse(Files.exists(dir.resolve("s.png")));
    }

    @Test
    void badPictureOptionsAreOneLineErrors() throws Exception {
        Path xs = dir.resolve("x.npy");
        Npy.write(xs, new int[] {500}, new double[500]);
        Path png = dir.resolve("s.png");
        Path labels = dir.resolve("labels.txt");
        Files.writeString(labels, "a\nb\n");
        assertEquals("netjac: " + labels + ": 2 labels, expected 10 (one per line, one per network output) (--labels)",
                assertBadInput(run("eval", "--input", xs, "--heatmap", png, "--labels", labels, CliTest.SEED)));
        assertEquals("netjac: --scale: expected shared or per-panel, found \"both\"",
                assertBadInput(run("eval", "--input", xs, "--heatmap", png, "--scale", "both", CliTest.SEED)));
        assertContains(assertBadInput(run("eval", "--input", xs, "--labels", labels, CliTest.SEED)), "add --heatmap FILE.png");
        Path batch = dir.resolve("b.npy");
        Npy.write(batch, new int[] {2, 500}, new double[1000]);
        assertContains(assertBadInput(run("eval", "--input", batch, "--heatmap", png, CliTest.SEED)), "found a batch of 2");
        assertFalse(Files.exists(png));
        CliTest.Run ok = run("eval", "--input", xs, "--heatmap", png, CliTest.SEED);
        assertEquals(0, ok.exit(), ok.err());
        assertTrue(ImageIO.read(png.toFile()).getWidth() >= 500, "one column or more per input");
    }
}
