package io.upliftsuite.learners.benchmark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.StructField;

/**
 * A held-out test share and k cross-validation folds, both stratified by treatment x outcome: within each stratum
 * rows are ordered by a seeded hash of their values; the first {@code testShare} of each stratum is the test set and
 * the rest are dealt to folds 0..k-1 in turn, so every fold and the test set have the stratum's proportions (to one
 * row). Depends only on row values and the seed, not on partitioning or order.
 */
public final class StratifiedFolds {
  public static final String TEST = "__bench_test";
  public static final String FOLD = "__bench_fold";

  private StratifiedFolds() {}

  /** Adds {@link #TEST} (boolean) and {@link #FOLD} (int; -1 for test rows). */
  public static Dataset<Row> assign(Dataset<Row> rows, String treatmentCol, String outcomeCol, int numFolds,
      double testShare, long seed) {
    if (numFolds < 2) {
      throw new IllegalArgumentException("benchmark folds must be >= 2, got " + numFolds);
    }
    if (!(testShare >= 0 && testShare < 1)) {
      throw new IllegalArgumentException("benchmark test share must be in [0, 1), got " + testShare);
    }
    List<Column> keys = new ArrayList<>();
    keys.add(lit(seed));
    for (StructField f : rows.schema().fields()) {
      keys.add(f.dataType().sameType(SQLDataTypes.VectorType())
          ? org.apache.spark.ml.functions.vector_to_array(col(f.name()), "float64") : col(f.name()));
    }
    Column hash = xxhash64(keys.toArray(Column[]::new));
    WindowSpec stratum = Window.partitionBy(col(treatmentCol), col(outcomeCol));
    Dataset<Row> ranked = rows.withColumn("__bench_hash", hash)
        .withColumn("__bench_rank", row_number().over(stratum.orderBy(col("__bench_hash"))).minus(1))
        .withColumn("__bench_size", count(lit(1)).over(stratum));
    Column test = col("__bench_rank").lt(col("__bench_size").multiply(testShare).cast("long"));
    Column testRows = col("__bench_size").multiply(testShare).cast("long");
    return ranked.withColumn(TEST, test)
        .withColumn(FOLD, org.apache.spark.sql.functions.when(test, -1)
            .otherwise(org.apache.spark.sql.functions.pmod(col("__bench_rank").minus(testRows), lit((long) numFolds))
                .cast("int")))
        .drop("__bench_hash", "__bench_rank", "__bench_size");
  }
}
