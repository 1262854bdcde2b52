package io.upliftsuite.bench;

import io.upliftsuite.learners.SyntheticEpisodes;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * Writes {@link SyntheticEpisodes} (common's test-jar: known CATE, x1 and region drive it) as a Delta table partitioned
 * by decision_day, for {@code scripts/bench/train}:
 * {@code SyntheticEpisodesTable <path> <items per day> <last day> <seed>} (days 1..last day).
 */
public final class SyntheticEpisodesTable {
  private SyntheticEpisodesTable() {}

  public static void main(String[] args) {
    if (args.length != 4) {
      throw new IllegalArgumentException("usage: SyntheticEpisodesTable <path> <items per day> <last day> <seed>");
    }
    List<Integer> days = new ArrayList<>();
    for (int d = 1; d <= Integer.parseInt(args[2]); d++) {
      days.add(d);
    }
    SparkSession spark = SparkSession.builder().master("local[*]").appName("synthetic-episodes")
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.ui.enabled", "false").getOrCreate();
    try {
      SyntheticEpisodes.generate(spark, Integer.parseInt(args[1]), days, 0.03, Long.parseLong(args[3])).episodes()
          .write().format("delta").mode("overwrite").partitionBy("decision_day").save(args[0]);
    } finally {
      spark.stop();
    }
  }
}
