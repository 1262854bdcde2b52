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
 * partition) then grow different models from the same data and seed. Hash-partitioning by the keys into
 * {@code spark.sql.shuffle.partitions} partitions and sorting each by the keys fixes which rows share a partition
 * and their order in it, so the same rows, seed and partition setting give the same model on any cluster.
 */
public final class RowOrder {
  private RowOrder() {}

  /**
   * {@code rows} hash-partitioned by {@code keys} into {@code spark.sql.shuffle.partitions} partitions (an explicit
   * number: adaptive execution does not coalesce it) and sorted by the keys within each. The keys should identify a
   * row; rows with equal keys keep an arbitrary order among themselves.
   */
  public static Dataset<Row> byKeys(Dataset<Row> rows, String... keys) {
    if (keys.length == 0) {
      throw new IllegalArgumentException("RowOrder.byKeys needs at least one key column");
    }
    int partitions = Integer.parseInt(rows.sparkSession().conf().get("spark.sql.shuffle.partitions"));
    Column[] k = Arrays.stream(keys).map(c -> functions.col("`" + c + "`")).toArray(Column[]::new);
    return rows.repartition(partitions, k).sortWithinPartitions(k);
  }
}
