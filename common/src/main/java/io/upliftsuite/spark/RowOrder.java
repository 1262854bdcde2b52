package io.upliftsuite.spark;

import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Rows in an order that depends only on their key columns, not on how they were read.
 *
 * <p>Why: a Delta or Parquet table is read file by file in an order the files' names decide, and those names hold a
 * random id per write — the same rows written by two runs come back in different orders. Learners that sample rows
 * by position (our forest's bags hash a row's global position; MLlib's bagging and GBT subsampling draw per
 * partition) then grow different models from the same data and seed. Hash-partitioning by the keys into a number
 * of partitions that depends only on the row count and {@code spark.sql.shuffle.partitions}, and sorting each by the
 * keys, fixes which rows share a partition and their order in it, so the same rows, seed and partition setting give
 * the same model on any cluster.
 */
public final class RowOrder {
  private RowOrder() {}

  /**
   * Fewest rows per partition: below this a partition's task costs more than it saves. Without it a day of 3,000
   * training rows was cut into a cluster profile's 200 shuffle partitions, so every pass of an MLlib learner over
   * them (each L-BFGS iteration of the propensity model, each tree level) ran 200 tasks: on the loopback cluster
   * train-daily-models was still fitting its first day's out-of-fold propensities after 20 minutes and 133,000 tasks.
   * 500 was still too few: two days of the simulator's {@code small} profile (6,600 and 7,306 rows) trained in
   * 423.5 s with 8 partitions each and 227.3 s with 2 (the S-learner's 50-iteration GBT 145 s vs 47 s), as a task's
   * fixed cost (scheduling, shipping and deserializing its closure) dwarfs a few hundred rows' work. The days of a
   * run train concurrently, so one or two partitions per small day still keep the cores busy.
   */
  static final long MIN_ROWS_PER_PARTITION = 5_000;

  /**
   * {@code rows} hash-partitioned by {@code keys} into {@link #partitions} partitions (an explicit number: adaptive
   * execution does not coalesce it) and sorted by the keys within each. The keys should identify a row; rows with
   * equal keys keep an arbitrary order among themselves. Counts the rows (one pass).
   */
  public static Dataset<Row> byKeys(Dataset<Row> rows, String... keys) {
    if (keys.length == 0) {
      throw new IllegalArgumentException("RowOrder.byKeys needs at least one key column");
    }
    int max = Integer.parseInt(rows.sparkSession().conf().get("spark.sql.shuffle.partitions"));
    int partitions = partitions(rows.count(), max);
    Column[] k = Arrays.stream(keys).map(c -> functions.col("`" + c + "`")).toArray(Column[]::new);
    return rows.repartition(partitions, k).sortWithinPartitions(k);
  }

  /** {@code max} partitions, fewer when that would leave fewer than MIN_ROWS_PER_PARTITION rows in each; at least 1. */
  static int partitions(long rows, int max) {
    long wanted = (rows + MIN_ROWS_PER_PARTITION - 1) / MIN_ROWS_PER_PARTITION;
    return (int) Math.max(1, Math.min(max, wanted));
  }
}
