package dev.netjac.benchmarks;

import dev.netjac.Netjac;
import dev.netjac.codegen.GeneratedNetwork;
import dev.netjac.compile.JaninoCompiler;
import dev.netjac.graph.Graph;
import dev.netjac.spec.ReadOptions;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Time from model file to ready instance for the seed network, in one fresh JVM:
 * <ul>
 *   <li>cold: the first {@code Netjac.load} (class loading of Jackson, JavaPoet and Janino included);</li>
 *   <li>warm: read + generate + Janino compile once all that is loaded and JIT-compiled (each round's class
 *       gets another name, so the cache cannot answer);</li>
 *   <li>cached: {@code Netjac.load} of a model whose class is already compiled (read + generate + cache hit).</li>
 * </ul>
 * Run: {@code java -cp samples/benchmarks/target/benchmarks.jar dev.netjac.benchmarks.CompileLatency}.
 */
public final class CompileLatency {
    private CompileLatency() {}

    public static void main(String[] args) {
        Path spec = Networks.home().resolve("samples/seed/scaled/seed.json");
        long t0 = System.nanoTime();
        Netjac.load(spec);
        double cold = (System.nanoTime() - t0) / 1e6;

        double[] warm = new double[30];
        double[] readOnly = new double[30];
        for (int round = 0; round < warm.length; round++) {
            long a = System.nanoTime();
            Graph graph = Netjac.read(spec, ReadOptions.defaults());
            long b = System.nanoTime();
            GeneratedNetwork generated = Netjac.generate(graph, Netjac.Options.defaults().withClassName("Seed" + round));
            JaninoCompiler.instantiate(generated);
            warm[round] = (System.nanoTime() - a) / 1e6;
            readOnly[round] = (b - a) / 1e6;
        }
        double[] cached = new double[30];
        for (int round = 0; round < cached.length; round++) {
            long a = System.nanoTime();
            Netjac.load(spec);
            cached[round] = (System.nanoTime() - a) / 1e6;
        }
        System.out.printf("seed network (500-100-10), model file to ready instance, ms%n");
        System.out.printf("  cold (first load in a fresh JVM)            %8.1f%n", cold);
        System.out.printf("  warm read + generate + compile (median/30)  %8.1f   of which reading the spec and weights %.1f%n",
                median(warm), median(readOnly));
        System.out.printf("  cached class (median/30)                    %8.1f%n", median(cached));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
