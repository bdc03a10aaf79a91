package dev.netjac.spark;

import org.apache.spark.sql.SparkSession;

/**
 * One local[2] session for all tests of this module (starting Spark takes seconds). {@code local[2,2]}: two
 * task threads, and a failed task is retried once (plain {@code local[2]} never retries), which RetryTest needs.
 */
final class LocalSpark {
    private static SparkSession session;

    private LocalSpark() {}

    static synchronized SparkSession get() {
        if (session == null) {
            session = SparkSession.builder()
                    .master("local[2,2]")
                    .appName("netjac-spark-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.sql.shuffle.partitions", "4")
                    .getOrCreate();
        }
        return session;
    }
}
