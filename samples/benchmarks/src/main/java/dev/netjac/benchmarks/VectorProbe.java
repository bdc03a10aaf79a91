package dev.netjac.benchmarks;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** The Vector API halves of {@link FloorProbe}; loaded only when the JVM has jdk.incubator.vector. */
final class VectorProbe {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    private VectorProbe() {}

    static int lanes() {
        return S.length();
    }

    /** 12 independent FMA chains of whole vectors, {@code iterations} steps each; returns a value to keep. */
    static double fmaChains(long iterations) {
        DoubleVector m = DoubleVector.broadcast(S, 0.999999999);
        DoubleVector c = DoubleVector.broadcast(S, 1e-9);
        DoubleVector a0 = DoubleVector.broadcast(S, 1.0), a1 = DoubleVector.broadcast(S, 1.1);
        DoubleVector a2 = DoubleVector.broadcast(S, 1.2), a3 = DoubleVector.broadcast(S, 1.3);
        DoubleVector a4 = DoubleVector.broadcast(S, 1.4), a5 = DoubleVector.broadcast(S, 1.5);
        DoubleVector a6 = DoubleVector.broadcast(S, 1.6), a7 = DoubleVector.broadcast(S, 1.7);
        DoubleVector a8 = DoubleVector.broadcast(S, 1.8), a9 = DoubleVector.broadcast(S, 1.9);
        DoubleVector a10 = DoubleVector.broadcast(S, 2.0), a11 = DoubleVector.broadcast(S, 2.1);
        for (long i = 0; i < iterations; i++) {
            a0 = a0.fma(m, c); a1 = a1.fma(m, c); a2 = a2.fma(m, c); a3 = a3.fma(m, c);
            a4 = a4.fma(m, c); a5 = a5.fma(m, c); a6 = a6.fma(m, c); a7 = a7.fma(m, c);
            a8 = a8.fma(m, c); a9 = a9.fma(m, c); a10 = a10.fma(m, c); a11 = a11.fma(m, c);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .reduceLanes(VectorOperators.ADD);
    }

    /**
     * Sums {@code a} (a multiple of 4 vectors long) {@code passes} times with four vector accumulators, one
     * pass per call of {@link #pass} (JDK 17's C2 boxes vectors kept live across two loop levels).
     */
    static double read(double[] a, int passes) {
        double sum = 0;
        for (int p = 0; p < passes; p++) {
            sum += pass(a);
        }
        return sum;
    }

    private static double pass(double[] a) {
        int v = S.length();
        DoubleVector s0 = DoubleVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        for (int i = 0; i < a.length; i += 4 * v) {
            s0 = s0.add(DoubleVector.fromArray(S, a, i));
            s1 = s1.add(DoubleVector.fromArray(S, a, i + v));
            s2 = s2.add(DoubleVector.fromArray(S, a, i + 2 * v));
            s3 = s3.add(DoubleVector.fromArray(S, a, i + 3 * v));
        }
        return s0.add(s1).add(s2).add(s3).reduceLanes(VectorOperators.ADD);
    }

    /** y = tanh(x) over the array with the Vector API's lanewise TANH (an SVML stub where C2 has one). */
    static void tanh(double[] x, double[] y) {
        for (int i = 0; i < x.length; i += S.length()) {
            DoubleVector.fromArray(S, x, i).lanewise(VectorOperators.TANH).intoArray(y, i);
        }
    }
}
