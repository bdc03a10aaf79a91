package dev.netjac.spark;

import dev.netjac.runtime.Network;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One compiled prototype per model fingerprint and JVM. An executor runs many tasks, often at once, on the
 * same broadcast model: the first task compiles it (Janino, a few hundred ms) and every task then takes its
 * own cheap {@link Network#newInstance()} over the shared immutable weights. Instances are never shared
 * between threads, so nothing here needs locking beyond the map.
 */
final class ExecutorNetworks {
    private static final Map<String, Network> PROTOTYPES = new ConcurrentHashMap<>();
    private static final AtomicInteger BUILDS = new AtomicInteger();

    static {
        Reproducibility.preferPlainKernels();
    }

    private ExecutorNetworks() {}

    static Network newInstance(NetjacModel model) {
        return PROTOTYPES.computeIfAbsent(model.fingerprint(), key -> {
            BUILDS.incrementAndGet();
            return model.build();
        }).newInstance();
    }

    /** How many prototypes this JVM has built: one per model, however many tasks ran (tests check it). */
    static int builds() {
        return BUILDS.get();
    }
}
