package dev.netjac.cli;

import java.util.Arrays;

/** A plain warmed-up timing loop for the demo; real measurements use JMH (samples/benchmarks). */
final class Timer {
    private Timer() {}

    /** Median over 15 samples of the mean time of a batch of calls, after ~0.5 s of warm-up, in µs. */
    static double medianMicros(Runnable call) {
        long warmupEnd = System.nanoTime() + 500_000_000L;
        long calls = 0;
        while (System.nanoTime() < warmupEnd) {
            call.run();
            calls++;
        }
        long batch = Math.max(1, calls / 25);
        double[] samples = new double[15];
        for (int s = 0; s < samples.length; s++) {
            long t0 = System.nanoTime();
            for (long i = 0; i < batch; i++) {
                call.run();
            }
            samples[s] = (System.nanoTime() - t0) / 1000.0 / batch;
        }
        Arrays.sort(samples);
        return samples[samples.length / 2];
    }
}
