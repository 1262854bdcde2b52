package io.upliftsuite.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts a Dataset's lineage before an iterative fit. Every Spark task ships its RDD's whole lineage up to the last
 * shuffle, cached or not: a cached Dataset still carries the plan that built it (feature encoders, the cross-fitted
 * propensity models, their UDFs), and each task deserializes all of it. MLlib's gradient-boosted trees run several
 * jobs per tree level per iteration, so a 50-iteration fit ships that plan thousands of times; measured on a day of
 * the simulator's episodes (6,600 rows), 84% of train-daily-models' CPU samples were Java deserialization.
 *
 * <p>The cut is a reliable checkpoint (files under the SparkContext's checkpoint directory, which a job run sets to
 * a folder of its run unit, so they go when the run ends and survive an executor's loss), then cached. The rows and
 * their partitions are the same as the input's, so fits are unchanged. Without a checkpoint directory (a library
 * user's own session) the rows are only cached.
 */
public final class Lineage {
  private static final Logger LOG = LoggerFactory.getLogger(Lineage.class);

  private Lineage() {}

  /** The same rows, cached, with a lineage that starts at checkpoint files (when a checkpoint directory is set). */
  public static Dataset<Row> cut(Dataset<Row> rows) {
    if (rows.sparkSession().sparkContext().getCheckpointDir().isEmpty()) {
      LOG.debug("no checkpoint directory set: caching without cutting the lineage");
      return rows.persist(StorageLevel.MEMORY_AND_DISK());
    }
    return rows.checkpoint(true).persist(StorageLevel.MEMORY_AND_DISK());
  }
}
