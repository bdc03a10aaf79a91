package dev.netjac.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.netjac.Netjac;
import dev.netjac.check.Verifier;
import dev.netjac.graph.Graph;
import dev.netjac.picture.DivergingColorMap;
import dev.netjac.picture.InputGeometry;
import dev.netjac.reference.ReferenceEvaluator;
import dev.netjac.weights.Npy;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;

/**
 * The explorer in a real browser: headless Chromium driven by Selenium through Debian's chromedriver (no
 * Selenium Manager downloads). A stroke drawn on the CNN's canvas and a slider moved for the seed network
 * must change the outputs and the heatmap, and what the page shows must be what the reference evaluator
 * computes at the input the page holds. Skipped when Chromium is not installed ({@code .ci/run} installs it).
 */
class ExplorerBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path CNN = Path.of("..", "samples", "cnn", "model.json");
    static final Path SEED = Path.of("..", "samples", "seed", "scaled", "seed.json");

    static ChromeDriver driver;

    @TempDir
    static Path profile;

    @BeforeAll
    static void startBrowser() {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER), "Chromium and chromedriver are not installed");
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1000", "--user-data-dir=" + profile.resolve("chromium"));
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
    }

    @AfterAll
    static void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    static Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; page error: " + js("return document.getElementById('error').textContent"));
            }
            Thread.sleep(20);
        }
    }

    static long count() {
        return ((Number) js("return window.netjac.stats().count")).longValue();
    }

    /** Waits until at least one more answer than {@code before} has been drawn and no edit is waiting. */
    static void waitForRedraw(long before) throws InterruptedException {
        waitFor("the redraw", () -> count() > before && !(Boolean) js("return window.netjac.stats().busy"));
    }

    static double[] doubles(String expression) {
        List<?> values = (List<?>) js("return Array.from(" + expression + ")");
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) values.get(i)).doubleValue();
        }
        return out;
    }

    /** A checksum of the heatmap canvas's pixels. */
    static long heatmapHash() {
        return ((Number) js("const c = document.getElementById('heatmap');"
                + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                + "let h = 7; for (let i = 0; i < d.length; i++) { h = (h * 31 + d[i]) % 1000000007; } return h;")).longValue();
    }

    /** The 0xRRGGBB colour of a heatmap canvas pixel. */
    static int heatmapPixel(int x, int y) {
        List<?> d = (List<?>) js("return Array.from(document.getElementById('heatmap').getContext('2d').getImageData(arguments[0], arguments[1], 1, 1).data)", x, y);
        return ((Number) d.get(0)).intValue() << 16 | ((Number) d.get(1)).intValue() << 8 | ((Number) d.get(2)).intValue();
    }

    /** The page's outputs and Jacobian (float32 on the wire) against the reference evaluator at the page's x. */
    static void assertPageMatchesReference(Graph graph, double[] x) {
        ReferenceEvaluator reference = new ReferenceEvaluator(graph);
        assertTrue(Verifier.relativeError(doubles("window.netjac.state.y"), reference.forward(x)) < 1e-6, "outputs");
        assertTrue(Verifier.relativeError(doubles("window.netjac.state.jac"), Verifier.flatten(reference.jacobian(x))) < 1e-6, "Jacobian");
    }

    static int argmaxAbs(double[] jac, int row, int n) {
        int arg = 0;
        for (int j = 1; j < n; j++) {
            if (Math.abs(jac[row * n + j]) > Math.abs(jac[row * n + arg])) {
                arg = j;
            }
        }
        return arg;
    }

    /** Serves {@code graph} on a free port and opens its page, once the first answer is drawn. */
    static ViewServer serve(Graph graph) throws InterruptedException {
        return serve(graph, List.of());
    }

    static ViewServer serve(Graph graph, List<String> labels) throws InterruptedException {
        ViewServer server = ViewServer.start(new ExplorerModel(graph, Netjac.Options.defaults(), labels, InputGeometry.Layout.AUTO), 0);
        driver.get(server.url());
        waitFor("the first answer", () -> "1".equals(js("return document.body.dataset.ready || ''")));
        waitForRedraw(0);
        return server;
    }

    /** Appends to target/explorer-latency.txt (docs/explorer.md quotes it) and prints. */
    static void latencyReport(String text) throws java.io.IOException {
        Files.writeString(Path.of("target", "explorer-latency.txt"), text, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        System.out.print(text);
    }

    static void screenshot(String name) throws Exception {
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.createDirectories(Path.of("target"));
        Files.copy(shot.toPath(), Path.of("target", name), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void strokeOnTheCnnCanvasChangesOutputsAndHeatmap() throws Exception {
        Graph graph = Netjac.read(CNN, Netjac.Options.defaults().read());
        try (ViewServer server = serve(graph)) {
            assertEquals("sequential_13", driver.findElement(By.id("model-name")).getText());
            assertEquals(graph.layers().size(), driver.findElements(By.cssSelector("#layers tbody tr")).size(), "layers listed");
            assertTrue(driver.findElement(By.id("plan")).getText().startsWith("Jacobian plan: reverse mode"));
            double[] y0 = doubles("window.netjac.state.y");
            long heat0 = heatmapHash();

            // A stroke across the canvas (280 x 280 pixels for 28 x 28), drawn with the mouse.
            WebElement canvas = driver.findElement(By.id("draw"));
            long before = count();
            Actions stroke = new Actions(driver, Duration.ofMillis(15)).moveToElement(canvas, -40, -90).clickAndHold();
            for (int k = 0; k < 30; k++) {
                stroke.moveByOffset(3, 6);
            }
            stroke.release().perform();
            waitForRedraw(before);

            double[] x = doubles("window.netjac.state.x");
            int inked = 0;
            for (double v : x) {
                inked += v > 0.5 ? 1 : 0;
            }
            assertTrue(inked >= 15, "the stroke inked " + inked + " pixels");
            double[] y1 = doubles("window.netjac.state.y");
            double change = 0;
            for (int i = 0; i < y0.length; i++) {
                change = Math.max(change, Math.abs(y1[i] - y0[i]));
            }
            assertTrue(change > 1e-4, "outputs moved by " + change);
            assertTrue(heatmapHash() != heat0, "the heatmap changed");
            assertPageMatchesReference(graph, x);
            double[] jac = doubles("window.netjac.state.jac");

            // Choose output 3 by clicking its bar: the heatmap's most salient pixel is an end colour of the map.
            driver.findElement(By.cssSelector(".bar-row[data-index='3']")).click();
            assertEquals("3", driver.findElement(By.id("output")).getAttribute("value"));
            int arg = argmaxAbs(jac, 3, 784);
            int zoom = ((Number) js("return document.getElementById('heatmap').width")).intValue() / 28;
            int colour = heatmapPixel((arg % 28) * zoom + zoom / 2, (arg / 28) * zoom + zoom / 2);
            assertEquals(jac[3 * 784 + arg] > 0 ? DivergingColorMap.POSITIVE_END : DivergingColorMap.NEGATIVE_END, colour,
                    Integer.toHexString(colour));
            screenshot("explorer-cnn.png");

            // Latency of edit -> redraw, as the page measured it (performance.now around fetch + JSON + draw):
            // during the stroke above, where edits queue behind the request in flight, and for single dabs.
            String during = (String) js("return JSON.stringify(window.netjac.stats())");
            long dabs = count();
            for (int k = 0; k < 20; k++) {
                long seen = count();
                new Actions(driver).moveToElement(canvas, 60 + 2 * k, -100 + 9 * k).click().perform();
                waitForRedraw(seen);
            }
            String single = (String) js("return JSON.stringify(window.netjac.stats(arguments[0]))", dabs);
            String report = String.format(Locale.ROOT, "cnn edit->redraw during a stroke: %s%ncnn edit->redraw, single dabs: %s%n", during, single);
            latencyReport(report);
            assertTrue(count() >= 2, "the page measured its redraws");
        }
    }

    @Test
    void loadingXnpyInTheBrowserShowsTfjsOutputs() throws Exception {
        Graph graph = Netjac.read(CNN, Netjac.Options.defaults().read());
        try (ViewServer server = serve(graph)) {
            long before = count();
            Path xs = CNN.resolveSibling("reference").resolve("x.npy").toAbsolutePath().normalize();
            driver.findElement(By.id("npy")).sendKeys(xs.toString());
            waitForRedraw(before);
            double[] tfjs = Npy.read(CNN.resolveSibling("reference").resolve("y.npy")).toArray();
            double[] page = doubles("window.netjac.state.y");
            // The file holds TF.js's first input (float32, 3 in a batch): the page shows TF.js's outputs for it.
            assertTrue(Verifier.relativeError(page, java.util.Arrays.copyOf(tfjs, 10)) < 1e-4, java.util.Arrays.toString(page));
        }
    }

    @Test
    void movingASliderOfTheSeedNetworkChangesOutputsAndHeatmap() throws Exception {
        Graph graph = Netjac.read(SEED, Netjac.Options.defaults().read());
        // Labels with markup in them: the page must show them as text, never as elements.
        List<String> labels = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            labels.add("<i>class " + i + "</i>");
        }
        try (ViewServer server = serve(graph, labels)) {
            assertEquals("<i>class 3</i>", driver.findElement(By.cssSelector(".bar-row[data-index='3'] .bar-label")).getText());
            assertEquals(0, driver.findElements(By.cssSelector("#bars i, #output i")).size(), "no markup from labels");
            assertEquals(500, driver.findElements(By.cssSelector("#sliders input[type=range]")).size());
            double[] y0 = doubles("window.netjac.state.y");
            long heat0 = heatmapHash();
            // Input 7 matters to output 0 through the first dense layer; move it with the keyboard, as a person can.
            WebElement slider = driver.findElement(By.cssSelector("#sliders input[data-index='7']"));
            long before = count();
            slider.click();
            for (int k = 0; k < 40; k++) {
                slider.sendKeys(Keys.ARROW_RIGHT);
            }
            waitForRedraw(before);
            double[] x = doubles("window.netjac.state.x");
            assertTrue(Math.abs(x[7]) > 0.3, "slider 7 moved to " + x[7]);
            double[] y1 = doubles("window.netjac.state.y");
            assertTrue(Verifier.relativeError(y0, y1) > 1e-3, "outputs changed");
            assertTrue(heatmapHash() != heat0, "the heatmap changed");
            assertPageMatchesReference(graph, x);
            screenshot("explorer-seed.png");
            latencyReport(String.format(Locale.ROOT, "seed edit->redraw: %s%n", js("return JSON.stringify(window.netjac.stats())")));
        }
    }
}
