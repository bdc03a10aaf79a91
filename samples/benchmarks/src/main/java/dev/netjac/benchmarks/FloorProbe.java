package dev.netjac.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;

/**
 * This core's floor, measured on the machine at hand (issue 13): FP64 fused multiply-add peak (Vector API,
 * 12 independent chains, best of several runs; and scalar {@code Math.fma} chains, the stock path's own
 * ceiling without SIMD), read bandwidth at L1-, L2- and L3-sized working sets, and tanh's cost per element.
 * A time floor for W multiply-adds over B bytes of weights is then max(W / peak, B / bandwidth of the cache
 * level B fits in), plus T · tanh-time where T transcendental evaluations are needed.
 *
 * <p>{@code java --add-modules jdk.incubator.vector -cp benchmarks.jar dev.netjac.benchmarks.FloorProbe [file]}
 * prints the floor and, given a file, writes it there for {@link Interleaved} runs on other JVM flags to read.
 */
public final class FloorProbe {
    /** Multiply-adds per ns at peak (Vector API if present, else scalar). */
    final double peak;
    /** Scalar Math.fma multiply-adds per ns. */
    final double scalarPeak;
    /** Read bandwidth, bytes per ns, for working sets of {@link #sizes} bytes. */
    final double[] bandwidth;
    /** L1, L2 and L3-sized working sets (bytes) the bandwidths were measured on. */
    final long[] sizes;
    /** This machine's L1d, L2 and L3 sizes in bytes, from sysfs (defaults if unreadable). */
    final long[] caches;
    /** ns per tanh evaluation, the cheaper of Math.tanh and the Vector API's lanewise TANH. */
    final double tanhNs;
    final String source;

    private FloorProbe(double peak, double scalarPeak, double[] bandwidth, long[] sizes, long[] caches, double tanhNs,
                       String source) {
        this.peak = peak;
        this.scalarPeak = scalarPeak;
        this.bandwidth = bandwidth;
        this.sizes = sizes;
        this.caches = caches;
        this.tanhNs = tanhNs;
        this.source = source;
    }

    static boolean vectorApi() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /** Reads a floor written by {@link #main}, or measures one now. */
    static FloorProbe load(String file) {
        if (file != null && Files.isRegularFile(Path.of(file))) {
            Properties p = new Properties();
            try (var in = Files.newInputStream(Path.of(file))) {
                p.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new FloorProbe(d(p, "peak"), d(p, "scalarPeak"),
                    new double[] {d(p, "bw.l1"), d(p, "bw.l2"), d(p, "bw.l3")},
                    new long[] {l(p, "size.l1"), l(p, "size.l2"), l(p, "size.l3")},
                    new long[] {l(p, "cache.l1"), l(p, "cache.l2"), l(p, "cache.l3")}, d(p, "tanhNs"), file);
        }
        return measure();
    }

    private static double d(Properties p, String key) {
        return Double.parseDouble(p.getProperty(key));
    }

    private static long l(Properties p, String key) {
        return Long.parseLong(p.getProperty(key));
    }

    static FloorProbe measure() {
        boolean vector = vectorApi();
        long[] caches = {cacheSize(1, 32 << 10), cacheSize(2, 1 << 20), cacheSize(3, 32 << 20)};
        long[] sizes = {caches[0] / 2, caches[1] / 2, Math.min(caches[2] / 2, 16L << 20)};
        double peak = 0;
        double scalar = 0;
        int lanes = vector ? VectorProbe.lanes() : 1;
        long iterations = 2_000_000;
        // Warm up with short calls so that C2 compiles each kernel as a whole method (an on-stack replacement
        // of one long call leaves Vector API calls unintrinsified and boxed).
        double[] warm = new double[1024];
        double[] warmOut = new double[1024];
        for (int i = 0; i < 20_000; i++) {
            if (vector) {
                sink += VectorProbe.fmaChains(50) + VectorProbe.read(warm, 1);
                VectorProbe.tanh(warm, warmOut);
            }
            sink += scalarFmaChains(50) + scalarRead(warm, 1);
        }
        for (int run = 0; run < 9; run++) {
            if (vector) {
                long t0 = System.nanoTime();
                sink += VectorProbe.fmaChains(iterations);
                peak = Math.max(peak, 12.0 * lanes * iterations / (System.nanoTime() - t0));
            }
            long t0 = System.nanoTime();
            sink += scalarFmaChains(iterations);
            scalar = Math.max(scalar, 12.0 * iterations / (System.nanoTime() - t0));
        }
        double[] bandwidth = new double[3];
        for (int level = 0; level < 3; level++) {
            double[] a = new double[(int) (sizes[level] / 8)];
            java.util.Arrays.fill(a, 1.0);
            int passes = (int) Math.max(1, (256L << 20) / sizes[level]);
            for (int run = 0; run < 7; run++) {
                long t0 = System.nanoTime();
                sink += vector ? VectorProbe.read(a, passes) : scalarRead(a, passes);
                bandwidth[level] = Math.max(bandwidth[level], (double) passes * sizes[level] / (System.nanoTime() - t0));
            }
        }
        double[] x = new double[1024];
        double[] y = new double[1024];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i - 512) / 100.0;
        }
        double tanh = Double.MAX_VALUE;
        for (int run = 0; run < 200; run++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < x.length; i++) {
                y[i] = Math.tanh(x[i]);
            }
            tanh = Math.min(tanh, (System.nanoTime() - t0) / (double) x.length);
            if (vector) {
                t0 = System.nanoTime();
                VectorProbe.tanh(x, y);
                tanh = Math.min(tanh, (System.nanoTime() - t0) / (double) x.length);
            }
            sink += y[run];
        }
        return new FloorProbe(vector ? peak : scalar, scalar, bandwidth, sizes, caches, tanh, "measured in this JVM");
    }

    static volatile double sink;

    private static double scalarFmaChains(long iterations) {
        double m = 0.999999999;
        double c = 1e-9;
        double a0 = 1.0, a1 = 1.1, a2 = 1.2, a3 = 1.3, a4 = 1.4, a5 = 1.5, a6 = 1.6, a7 = 1.7, a8 = 1.8, a9 = 1.9;
        double a10 = 2.0, a11 = 2.1;
        for (long i = 0; i < iterations; i++) {
            a0 = Math.fma(a0, m, c); a1 = Math.fma(a1, m, c); a2 = Math.fma(a2, m, c); a3 = Math.fma(a3, m, c);
            a4 = Math.fma(a4, m, c); a5 = Math.fma(a5, m, c); a6 = Math.fma(a6, m, c); a7 = Math.fma(a7, m, c);
            a8 = Math.fma(a8, m, c); a9 = Math.fma(a9, m, c); a10 = Math.fma(a10, m, c); a11 = Math.fma(a11, m, c);
        }
        return a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11;
    }

    private static double scalarRead(double[] a, int passes) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        for (int p = 0; p < passes; p++) {
            for (int i = 0; i < a.length; i += 8) {
                s0 += a[i]; s1 += a[i + 1]; s2 += a[i + 2]; s3 += a[i + 3];
                s4 += a[i + 4]; s5 += a[i + 5]; s6 += a[i + 6]; s7 += a[i + 7];
            }
        }
        return s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7;
    }

    /** The size of cpu0's data/unified cache at {@code level}, from /sys, else {@code fallback}. */
    private static long cacheSize(int level, long fallback) {
        for (int index = 0; index < 8; index++) {
            Path dir = Path.of("/sys/devices/system/cpu/cpu0/cache/index" + index);
            try {
                if (!Files.isDirectory(dir) || Integer.parseInt(Files.readString(dir.resolve("level")).trim()) != level
                        || Files.readString(dir.resolve("type")).trim().equals("Instruction")) {
                    continue;
                }
                String size = Files.readString(dir.resolve("size")).trim();
                long unit = size.endsWith("K") ? 1 << 10 : size.endsWith("M") ? 1 << 20 : 1;
                return Long.parseLong(size.replaceAll("[KM]$", "")) * unit;
            } catch (IOException | NumberFormatException e) {
                return fallback;
            }
        }
        return fallback;
    }

    /** Bandwidth for reading {@code bytes} of weights: the level they fit in. */
    double bandwidthFor(long bytes) {
        return bytes <= caches[0] ? bandwidth[0] : bytes <= caches[1] ? bandwidth[1] : bandwidth[2];
    }

    /** The floor in ns: max(work / peak, bytes / bandwidth) + transcendentals · tanh time. */
    double floorNs(double macs, double bytes, double transcendentals) {
        return Math.max(macs / peak, bytes / bandwidthFor((long) bytes)) + transcendentals * tanhNs;
    }

    String describe() {
        return String.format(Locale.ROOT, "peak %.2f G multiply-adds/s (scalar Math.fma %.2f); read %.0f / %.0f / %.0f GB/s"
                        + " at %d KB / %d KB / %d MB (caches %d KB / %d KB / %d MB); tanh %.2f ns; %s",
                peak, scalarPeak, bandwidth[0], bandwidth[1], bandwidth[2], sizes[0] >> 10, sizes[1] >> 10, sizes[2] >> 20,
                caches[0] >> 10, caches[1] >> 10, caches[2] >> 20, tanhNs, source);
    }

    public static void main(String[] args) throws IOException {
        FloorProbe f = measure();
        System.out.println(f.describe());
        if (args.length > 0) {
            Properties p = new Properties();
            p.setProperty("peak", Double.toString(f.peak));
            p.setProperty("scalarPeak", Double.toString(f.scalarPeak));
            String[] level = {"l1", "l2", "l3"};
            for (int i = 0; i < 3; i++) {
                p.setProperty("bw." + level[i], Double.toString(f.bandwidth[i]));
                p.setProperty("size." + level[i], Long.toString(f.sizes[i]));
                p.setProperty("cache." + level[i], Long.toString(f.caches[i]));
            }
            p.setProperty("tanhNs", Double.toString(f.tanhNs));
            try (var out = Files.newOutputStream(Path.of(args[0]))) {
                p.store(out, "netjac FloorProbe, " + System.getProperty("java.vm.version"));
            }
        }
    }
}
