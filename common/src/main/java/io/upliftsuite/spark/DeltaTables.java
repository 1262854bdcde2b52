package io.upliftsuite.spark;

import io.delta.tables.DeltaTable;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only ways the suite writes a Delta table. Each is one atomic Delta commit, so a failing job leaves the table
 * as it was, and each is safe to repeat, so re-running a job for the same date never duplicates rows. Every commit
 * carries the job, run id and run date in its userMetadata.
 */
public final class DeltaTables {
  private static final Logger LOG = LoggerFactory.getLogger(DeltaTables.class);
  private static final String COMMIT_METADATA_CONF = "spark.databricks.delta.commitInfo.userMetadata";

  private DeltaTables() {}

  public static boolean exists(SparkSession spark, String path) {
    return DeltaTable.isDeltaTable(spark, path);
  }

  /**
   * Atomically replaces exactly the rows matching {@code predicate} (e.g. {@code "run_date = '2024-01-31'"}) by
   * {@code rows}; Delta rejects the commit if a new row does not match the predicate. Creates the table if needed.
   */
  public static void replaceWhere(Dataset<Row> rows, TableLocation table, String predicate,
      List<String> partitionColumns, WriteContext context) {
    SparkSession spark = rows.sparkSession();
    if (!exists(spark, table.path())) {
      create(rows, table, partitionColumns, context);
      return;
    }
    rows.write().format("delta").mode("overwrite")
        .option("replaceWhere", predicate)
        .option("userMetadata", context.userMetadata())
        .save(table.path());
    LOG.debug("replaced rows where {} in {}", predicate, table);
  }

  /** Atomically replaces the whole table (schema included) by {@code rows}. */
  public static void overwrite(Dataset<Row> rows, TableLocation table, List<String> partitionColumns,
      WriteContext context) {
    var writer = rows.write().format("delta").mode("overwrite")
        .option("overwriteSchema", "true")
        .option("userMetadata", context.userMetadata());
    if (!partitionColumns.isEmpty()) {
      writer = writer.partitionBy(partitionColumns.toArray(String[]::new));
    }
    writer.save(table.path());
  }

  /** Upserts {@code rows} on {@code keys}: matching rows are updated, others inserted. Creates the table if needed. */
  public static void merge(Dataset<Row> rows, TableLocation table, List<String> keys, List<String> partitionColumns,
      WriteContext context) {
    SparkSession spark = rows.sparkSession();
    if (!exists(spark, table.path())) {
      create(rows, table, partitionColumns, context);
      return;
    }
    String condition = String.join(" AND ",
        keys.stream().map(k -> "t.`" + k + "` <=> s.`" + k + "`").toList());
    withCommitMetadata(spark, context, () ->
        DeltaTable.forPath(spark, table.path()).as("t")
            .merge(rows.as("s"), condition)
            .whenMatched().updateAll()
            .whenNotMatched().insertAll()
            .execute());
  }

  /**
   * Appends {@code rows} once per ({@code appId}, {@code version}): Delta records the pair in the commit and skips a
   * later append with a version not greater than the recorded one, so a retried task or job cannot append twice.
   */
  public static void idempotentAppend(Dataset<Row> rows, TableLocation table, String appId, long version,
      List<String> partitionColumns, WriteContext context) {
    var writer = rows.write().format("delta").mode("append")
        .option("txnAppId", appId)
        .option("txnVersion", version)
        .option("userMetadata", context.userMetadata());
    if (!partitionColumns.isEmpty() && !exists(rows.sparkSession(), table.path())) {
      writer = writer.partitionBy(partitionColumns.toArray(String[]::new));
    }
    writer.save(table.path());
  }

  /** The userMetadata of the latest commit (for tests and the doctor job). */
  public static String lastCommitUserMetadata(SparkSession spark, String path) {
    Row last = DeltaTable.forPath(spark, path).history(1).select("userMetadata").first();
    return last.isNullAt(0) ? null : last.getString(0);
  }

  private static void create(Dataset<Row> rows, TableLocation table, List<String> partitionColumns,
      WriteContext context) {
    // "errorifexists": two jobs racing to create the same table cannot both think they created it.
    var writer = rows.write().format("delta").mode("errorifexists")
        .option("userMetadata", context.userMetadata());
    if (!partitionColumns.isEmpty()) {
      writer = writer.partitionBy(partitionColumns.toArray(String[]::new));
    }
    writer.save(table.path());
    LOG.debug("created {}", table);
  }

  private static void withCommitMetadata(SparkSession spark, WriteContext context, Runnable action) {
    String previous = spark.conf().getOption(COMMIT_METADATA_CONF).getOrElse(() -> null);
    spark.conf().set(COMMIT_METADATA_CONF, context.userMetadata());
    try {
      action.run();
    } finally {
      if (previous == null) {
        spark.conf().unset(COMMIT_METADATA_CONF);
      } else {
        spark.conf().set(COMMIT_METADATA_CONF, previous);
      }
    }
  }
}
