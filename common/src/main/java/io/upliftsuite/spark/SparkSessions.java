package io.upliftsuite.spark;

import io.upliftsuite.config.SuiteConfig;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** Builds the one SparkSession a job uses: Delta enabled, settings from config, local[*] unless a master is set. */
public final class SparkSessions {
  private SparkSessions() {}

  public static SparkSession create(SuiteConfig config, String jobName) {
    SparkConf probe = new SparkConf(); // picks up spark.* system properties, which spark-submit sets
    SparkSession.Builder builder = SparkSession.builder()
        .appName(config.appNamePrefix() + "-" + jobName)
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
    // spark-submit (or a test harness) may already have chosen a master; config only fills the gap.
    String master = config.sparkMaster();
    if (!probe.contains("spark.master") && !master.isBlank()) {
      builder.master(master);
    }
    for (Map.Entry<String, String> setting : config.sparkSettings().entrySet()) {
      if (!probe.contains(setting.getKey())) {
        builder.config(setting.getKey(), setting.getValue());
      }
    }
    return builder.getOrCreate();
  }
}
