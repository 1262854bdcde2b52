package io.upliftsuite.spark;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Where a job's table writes go while the job runs, so that all of them become visible together at its end (a run
 * unit, {@code io.upliftsuite.runs.RunUnit}). {@link DeltaTables} hands every write whose {@link WriteContext} has a
 * staging to it instead of committing; {@link TableIO} lets the job read its own staged writes.
 */
public interface WriteStaging {

  /** How a staged write replaces rows of its table when the unit commits. */
  enum Mode { OVERWRITE, REPLACE_WHERE, MERGE }

  /**
   * Stages {@code rows} for {@code table}.
   *
   * @param predicate for {@link Mode#REPLACE_WHERE}: the rows replaced; else null
   * @param keys for {@link Mode#MERGE}: the key columns; else empty
   */
  void stage(TableLocation table, Mode mode, Dataset<Row> rows, String predicate, List<String> keys,
      List<String> partitionColumns);

  /** The table as this run will leave it (committed rows with the staged writes applied), or null if none staged. */
  Dataset<Row> readYourWrites(TableLocation table);

  /** Runs {@code action} once every staged write has committed (e.g. deleting files the old rows pointed to). */
  void afterCommit(Runnable action);

  /**
   * The staging of the job running in this JVM (the launcher runs one job per JVM), so that {@link TableIO#read}
   * sees what the job itself staged; null outside a job.
   */
  static WriteStaging active() {
    return Active.current;
  }

  /** Set by the run unit when it opens, cleared when it commits or aborts. */
  static void activate(WriteStaging staging) {
    Active.current = staging;
  }

  /** Holder of the active staging. */
  final class Active {
    private static volatile WriteStaging current;

    private Active() {}
  }
}
