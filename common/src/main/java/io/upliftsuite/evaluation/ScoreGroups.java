package io.upliftsuite.evaluation;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Aggregates scored rows into {@link ScoreGroup}s (one per distinct score, descending) with cumulative sums, without
 * bringing groups to the driver: the number of distinct scores can be as large as the number of rows.
 *
 * <p>ALGORITHM (a distributed prefix sum):
 * <ol>
 *   <li>executors: group rows by score (sums of counts and outcomes per arm);</li>
 *   <li>range-partition the groups by descending score and sort within partitions;</li>
 *   <li>pass 1: each partition returns its totals (one small array per partition to the driver);</li>
 *   <li>driver: exclusive prefix sums of the partition totals = each partition's starting offset;</li>
 *   <li>pass 2: each partition walks its groups adding the offset. Both passes run on the same persisted RDD, so
 *       they see the same partition boundaries.</li>
 * </ol>
 */
public final class ScoreGroups implements AutoCloseable {
  private final JavaRDD<Row> sortedGroups;
  private final JavaRDD<ScoreGroup> groups;
  private final double[] totals;

  private ScoreGroups(JavaRDD<Row> sortedGroups, JavaRDD<ScoreGroup> groups, double[] totals) {
    this.sortedGroups = sortedGroups;
    this.groups = groups;
    this.totals = totals;
  }

  /**
   * @param rows scored rows
   * @param scoreCol a numeric score, higher = target first
   * @param treatedCol 1 for treated rows, 0 for control rows (other rows must be filtered out before)
   * @param outcomeCol numeric outcome
   */
  public static ScoreGroups of(Dataset<Row> rows, String scoreCol, String treatedCol, String outcomeCol) {
    int partitions = Math.max(1,
        Integer.parseInt(rows.sparkSession().conf().get("spark.sql.shuffle.partitions", "4")));
    Dataset<Row> aggregated = rows
        .select(col(scoreCol).cast("double").as("score"), col(treatedCol).cast("int").as("t"),
            col(outcomeCol).cast("double").as("y"))
        .groupBy("score")
        .agg(sum(when(col("t").equalTo(1), 1.0).otherwise(0.0)).as("n_t"),
            sum(when(col("t").equalTo(1), lit(0.0)).otherwise(1.0)).as("n_c"),
            sum(when(col("t").equalTo(1), col("y")).otherwise(0.0)).as("y_t"),
            sum(when(col("t").equalTo(1), lit(0.0)).otherwise(col("y"))).as("y_c"))
        .repartitionByRange(partitions, col("score").desc())
        .sortWithinPartitions(col("score").desc());
    JavaRDD<Row> sorted = aggregated.javaRDD().persist(StorageLevel.MEMORY_AND_DISK());
    List<double[]> partitionTotals = sorted.mapPartitionsWithIndex((index, it) -> {
      double[] t = new double[5];
      t[0] = index;
      while (it.hasNext()) {
        Row r = it.next();
        for (int i = 0; i < 4; i++) {
          t[i + 1] += r.getDouble(i + 1);
        }
      }
      return List.of(t).iterator();
    }, true).collect();
    double[][] offsets = new double[partitionTotals.size()][4];
    double[] running = new double[4];
    List<double[]> byIndex = new ArrayList<>(partitionTotals);
    byIndex.sort((a, b) -> Double.compare(a[0], b[0]));
    for (double[] t : byIndex) {
      int p = (int) t[0];
      offsets[p] = running.clone();
      for (int i = 0; i < 4; i++) {
        running[i] += t[i + 1];
      }
    }
    JavaRDD<ScoreGroup> cumulative = sorted.mapPartitionsWithIndex((index, it) -> {
      double[] c = offsets[index].clone();
      List<ScoreGroup> out = new ArrayList<>();
      while (it.hasNext()) {
        Row r = it.next();
        double nT = r.getDouble(1);
        double nC = r.getDouble(2);
        double yT = r.getDouble(3);
        double yC = r.getDouble(4);
        c[0] += nT;
        c[1] += nC;
        c[2] += yT;
        c[3] += yC;
        out.add(new ScoreGroup(r.getDouble(0), nT, nC, yT, yC, c[0], c[1], c[2], c[3]));
      }
      return out.iterator();
    }, true).persist(StorageLevel.MEMORY_AND_DISK());
    return new ScoreGroups(sorted, cumulative, running);
  }

  /** The cumulative groups (distributed; persisted until {@link #close()}). */
  public JavaRDD<ScoreGroup> groups() {
    return groups;
  }

  public double nTreated() {
    return totals[0];
  }

  public double nControl() {
    return totals[1];
  }

  public double yTreated() {
    return totals[2];
  }

  public double yControl() {
    return totals[3];
  }

  public double n() {
    return totals[0] + totals[1];
  }

  @Override
  public void close() {
    groups.unpersist(false);
    sortedGroups.unpersist(false);
  }
}
