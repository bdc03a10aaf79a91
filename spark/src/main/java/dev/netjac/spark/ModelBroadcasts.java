package dev.netjac.spark;

import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * One broadcast per model and SparkContext, on the driver: calling {@link NetjacSpark#evaluate} for every
 * column or every day's data reuses the copy the executors already hold instead of shipping (and keeping)
 * the weights again. Keyed weakly by the context, so a stopped session's broadcasts go with it.
 */
final class ModelBroadcasts {
    private static final Map<SparkContext, Map<String, Broadcast<NetjacModel>>> SHIPPED = new WeakHashMap<>();

    private ModelBroadcasts() {}

    static synchronized Broadcast<NetjacModel> of(SparkContext context, NetjacModel model) {
        Map<String, Broadcast<NetjacModel>> byModel = SHIPPED.computeIfAbsent(context, c -> new HashMap<>());
        Broadcast<NetjacModel> shipped = byModel.get(model.fingerprint());
        if (shipped == null) {
            shipped = JavaSparkContext.fromSparkContext(context).broadcast(model);
            byModel.put(model.fingerprint(), shipped);
        }
        return shipped;
    }
}
