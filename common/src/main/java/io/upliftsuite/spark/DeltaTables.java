package io.upliftsuite.spark;

import io.delta.tables.DeltaTable;
import java.util.List;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only ways the suite writes a Delta table. Each is one atomic Delta commit, so a failing job leaves the table
 * as it was, and each is safe to repeat, so re-running a job for the same date never duplicates rows. Every commit
 * carries the job, run id and run date in its userMetadata.
 *
 * <p>Inside a job the {@link WriteContext} has a {@link WriteStaging}: the write is staged and commits with the job's
 * other writes when the job ends (a run unit). Outside a job it commits at once. A commit that loses a race with
 * another writer is retried ({@link CommitRetry}).
 */
public final class DeltaTables {
  private static final Logger LOG = LoggerFactory.getLogger(DeltaTables.class);
  private static final String COMMIT_METADATA_CONF = "spark.databricks.delta.commitInfo.userMetadata";
  private static final String TXN_APP_ID_CONF = "spark.databricks.delta.write.txnAppId";
  private static final String TXN_VERSION_CONF = "spark.databricks.delta.write.txnVersion";

  private DeltaTables() {}

  /**
   * Makes a commit idempotent: Delta records ({@code appId}, {@code version}) in the table's log and skips a later
   * write with the same appId and a version not greater than the recorded one.
   */
  public record Txn(String appId, long version) {}

  /** One write as a run unit records it: enough to repeat it from staged rows. */
  public record Write(TableLocation table, WriteStaging.Mode mode, String predicate, List<String> keys,
      List<String> partitionColumns) {}

  public static boolean exists(SparkSession spark, String path) {
    return DeltaTable.isDeltaTable(spark, path);
  }

  /**
   * Atomically replaces exactly the rows matching {@code predicate} (e.g. {@code "run_date = '2024-01-31'"}) by
   * {@code rows}; Delta rejects the commit if a new row does not match the predicate. Creates the table if needed.
   * Concurrent writers of other slices never conflict when the predicate names only partition columns.
   */
  public static void replaceWhere(Dataset<Row> rows, TableLocation table, String predicate,
      List<String> partitionColumns, WriteContext context) {
    write(new Write(table, WriteStaging.Mode.REPLACE_WHERE, predicate, List.of(), partitionColumns), rows, context);
  }

  /** Atomically replaces the whole table (schema included) by {@code rows}. */
  public static void overwrite(Dataset<Row> rows, TableLocation table, List<String> partitionColumns,
      WriteContext context) {
    write(new Write(table, WriteStaging.Mode.OVERWRITE, null, List.of(), partitionColumns), rows, context);
  }

  /** Upserts {@code rows} on {@code keys}: matching rows are updated, others inserted. Creates the table if needed. */
  public static void merge(Dataset<Row> rows, TableLocation table, List<String> keys, List<String> partitionColumns,
      WriteContext context) {
    write(new Write(table, WriteStaging.Mode.MERGE, null, List.copyOf(keys), partitionColumns), rows, context);
  }

  private static void write(Write w, Dataset<Row> rows, WriteContext context) {
    if (context.staging() != null) {
      context.staging().stage(w.table(), w.mode(), rows, w.predicate(), w.keys(), w.partitionColumns());
      return;
    }
    commit(w, rows, context.userMetadata(), null, CommitRetry.DEFAULT);
  }

  /**
   * Commits one write now: the path every write takes in the end, directly or from a run unit's staged rows.
   *
   * @param txn makes the commit idempotent (a run unit's step); null for none
   */
  public static void commit(Write w, Dataset<Row> rows, String userMetadata, Txn txn, CommitRetry retry) {
    SparkSession spark = rows.sparkSession();
    retry.run(spark, w.table(), () -> {
      if (!exists(spark, w.table().path())) {
        create(rows, w, userMetadata, txn);
        return;
      }
      switch (w.mode()) {
        case OVERWRITE -> {
          DataFrameWriter<Row> writer = options(rows.write().format("delta").mode("overwrite")
              .option("overwriteSchema", "true"), userMetadata, txn);
          if (!w.partitionColumns().isEmpty()) {
            writer = writer.partitionBy(w.partitionColumns().toArray(String[]::new));
          }
          writer.save(w.table().path());
        }
        case REPLACE_WHERE -> options(rows.write().format("delta").mode("overwrite")
            .option("replaceWhere", w.predicate()), userMetadata, txn).save(w.table().path());
        case MERGE -> mergeNow(rows, w, userMetadata, txn);
        default -> throw new IllegalStateException("mode " + w.mode());
      }
      LOG.debug("committed {} to {}", w.mode(), w.table());
    });
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

  private static void mergeNow(Dataset<Row> rows, Write w, String userMetadata, Txn txn) {
    SparkSession spark = rows.sparkSession();
    String condition = String.join(" AND ",
        w.keys().stream().map(k -> "t.`" + k + "` <=> s.`" + k + "`").toList());
    // MERGE takes commit metadata and transaction ids from session settings, set for this one statement
    withSessionSettings(spark, userMetadata, txn, () ->
        DeltaTable.forPath(spark, w.table().path()).as("t")
            .merge(rows.as("s"), condition)
            .whenMatched().updateAll()
            .whenNotMatched().insertAll()
            .execute());
  }

  private static void create(Dataset<Row> rows, Write w, String userMetadata, Txn txn) {
    // "errorifexists": two jobs racing to create the same table cannot both think they created it; the loser
    // retries and finds the table (CommitRetry).
    DataFrameWriter<Row> writer = options(rows.write().format("delta").mode("errorifexists"), userMetadata, txn);
    if (!w.partitionColumns().isEmpty()) {
      writer = writer.partitionBy(w.partitionColumns().toArray(String[]::new));
    }
    writer.save(w.table().path());
    LOG.debug("created {}", w.table());
  }

  private static DataFrameWriter<Row> options(DataFrameWriter<Row> writer, String userMetadata, Txn txn) {
    writer = writer.option("userMetadata", userMetadata);
    if (txn != null) {
      writer = writer.option("txnAppId", txn.appId()).option("txnVersion", txn.version());
    }
    return writer;
  }

  private static synchronized void withSessionSettings(SparkSession spark, String userMetadata, Txn txn,
      Runnable action) {
    String previous = spark.conf().getOption(COMMIT_METADATA_CONF).getOrElse(() -> null);
    spark.conf().set(COMMIT_METADATA_CONF, userMetadata);
    if (txn != null) {
      spark.conf().set(TXN_APP_ID_CONF, txn.appId());
      spark.conf().set(TXN_VERSION_CONF, Long.toString(txn.version()));
    }
    try {
      action.run();
    } finally {
      if (txn != null) {
        spark.conf().unset(TXN_APP_ID_CONF);
        spark.conf().unset(TXN_VERSION_CONF);
      }
      if (previous == null) {
        spark.conf().unset(COMMIT_METADATA_CONF);
      } else {
        spark.conf().set(COMMIT_METADATA_CONF, previous);
      }
    }
  }
}
