package io.upliftsuite.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;

import io.upliftsuite.config.SuiteConfig;
import io.upliftsuite.logs.RawTables;
import io.upliftsuite.spark.SparkSessions;
import io.upliftsuite.spark.TableIO;
import io.upliftsuite.spark.Tables;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The baseline of {@code scripts/bench/episodes}: reads every contract column of the five raw tables once and counts
 * non-null values (a plain COUNT(*) would be answered from Delta's file statistics without reading any data).
 * Arguments: {@code key=value} config overrides, as {@code --set} takes them.
 */
public final class RawLogsScan {
  private RawLogsScan() {}

  /** Non-null values over all contract columns of all raw tables. */
  public static long scanAndCount(SparkSession spark, Tables tables) {
    long total = 0;
    for (String name : RawTables.ALL) {
      Dataset<Row> rows = TableIO.read(spark, tables.location(name), RawTables.schemaOf(name));
      List<Column> counts = java.util.Arrays.stream(RawTables.schemaOf(name).fieldNames())
          .map(c -> count(col(c))).toList();
      Row r = rows.agg(counts.get(0), counts.subList(1, counts.size()).toArray(Column[]::new)).first();
      for (int i = 0; i < r.length(); i++) {
        total += r.getLong(i);
      }
    }
    return total;
  }

  public static void main(String[] args) {
    long start = System.nanoTime();
    SuiteConfig config = SuiteConfig.load("local", List.of(), List.of(args));
    SparkSession spark = SparkSessions.create(config, "raw-logs-scan");
    try {
      long values = scanAndCount(spark, new Tables(config));
      System.out.printf(java.util.Locale.ROOT, "raw-logs-scan: %d non-null values in %.1f s%n", values,
          (System.nanoTime() - start) / 1e9);
    } finally {
      spark.stop();
    }
  }
}
