package dev.netjac.samples.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** The job's SparkSession: spark-submit's master when there is one, else a local master. */
final class Sessions {
    private Sessions() {}

    static SparkSession start(String localMaster) {
        SparkSession.Builder builder = SparkSession.builder().appName("netjac-spark-job");
        if (!new SparkConf().contains("spark.master")) {
            builder.master(localMaster).config("spark.ui.enabled", "false");
        }
        return builder.getOrCreate();
    }
}
