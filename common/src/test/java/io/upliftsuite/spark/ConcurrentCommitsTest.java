package io.upliftsuite.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.upliftsuite.testing.SparkTestSession;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Two runs committing to one table at the same moment, made deterministic: the first writer's data job waits (its
 * Delta transaction has already read the table) until the second writer has committed. Writers of different
 * partitions never conflict; writers of the same rows conflict, are retried, and give up with a message naming the
 * table and the other writer's run id.
 */
class ConcurrentCommitsTest {
  private static final StructType SCHEMA = new StructType()
      .add("run_date", DataTypes.StringType).add("key", DataTypes.IntegerType).add("value", DataTypes.DoubleType);
  private static volatile CountDownLatch entered;
  private static volatile CountDownLatch release;

  private final SparkSession spark = SparkTestSession.get();
  private final WriteContext first = WriteContext.of("train-daily-models", LocalDate.of(2026, 1, 30));
  private final WriteContext second = WriteContext.of("train-daily-models", LocalDate.of(2026, 1, 31));

  private Dataset<Row> rows(String runDate, double value) {
    List<Row> list = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      list.add(RowFactory.create(runDate, k, value));
    }
    return spark.createDataFrame(list, SCHEMA).coalesce(1);
  }

  /** The rows, written by a task that holds until the test releases it (the first time only). */
  private static Dataset<Row> held(Dataset<Row> rows) {
    return rows.mapPartitions((MapPartitionsFunction<Row, Row>) it -> {
      CountDownLatch r = release;
      entered.countDown();
      if (!r.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("never released");
      }
      return it;
    }, Encoders.row(SCHEMA));
  }

  private TableLocation seeded(String name, List<String> partitions) {
    TableLocation t = new TableLocation(name, SparkTestSession.tempDir(name).resolve("t").toString(),
        TableFormat.DELTA);
    DeltaTables.replaceWhere(rows("2026-01-30", 0.0).union(rows("2026-01-31", 0.0)), t, "true", partitions,
        WriteContext.of("seed", LocalDate.of(2026, 1, 1)));
    return t;
  }

  /**
   * Runs {@code first}'s replaceWhere of {@code firstSlice} with its data job held; while it is held, {@code second}
   * commits a replaceWhere of {@code secondSlice}; then releases the first. Returns the first writer's failure.
   */
  private Throwable race(TableLocation t, String firstSlice, String secondSlice, CommitRetry retry) throws Exception {
    entered = new CountDownLatch(1);
    release = new CountDownLatch(1);
    DeltaTables.Write w = new DeltaTables.Write(t, WriteStaging.Mode.REPLACE_WHERE, "run_date = '" + firstSlice + "'",
        List.of(), List.of());
    CompletableFuture<Void> running = CompletableFuture.runAsync(() ->
        DeltaTables.commit(w, held(rows(firstSlice, 1.0)), first.userMetadata(), null, retry));
    assertThat(entered.await(60, TimeUnit.SECONDS)).isTrue();
    DeltaTables.replaceWhere(rows(secondSlice, 2.0), t, "run_date = '" + secondSlice + "'", List.of(), second);
    release.countDown();
    try {
      running.get(120, TimeUnit.SECONDS);
      return null;
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    }
  }

  private long count(TableLocation t, String where) {
    return spark.read().format("delta").load(t.path()).where(where).count();
  }

  @Test
  void runsForOtherDatesWritingOtherPartitionsNeverConflict() throws Exception {
    TableLocation t = seeded("disjoint", List.of("run_date"));
    // one attempt only: a conflict would fail the write
    assertThat(race(t, "2026-01-30", "2026-01-31", new CommitRetry(1, 0))).isNull();
    assertThat(count(t, "run_date = '2026-01-30' AND value = 1.0")).isEqualTo(3);
    assertThat(count(t, "run_date = '2026-01-31' AND value = 2.0")).isEqualTo(3);
  }

  @Test
  void aRealConflictIsRetriedAndThenSucceeds() throws Exception {
    TableLocation t = seeded("retried", List.of("run_date"));
    assertThat(race(t, "2026-01-31", "2026-01-31", new CommitRetry(3, 10))).isNull();
    // the first writer committed last, over the second's rows (its retry read the new version)
    assertThat(count(t, "run_date = '2026-01-31'")).isEqualTo(3);
    assertThat(count(t, "run_date = '2026-01-31' AND value = 1.0")).isEqualTo(3);
    assertThat(DeltaTables.lastCommitUserMetadata(spark, t.path())).contains(first.runId());
  }

  @Test
  void aConflictBeyondTheRetriesNamesTheTableAndTheOtherRun() throws Exception {
    TableLocation t = seeded("gave-up", List.of("run_date"));
    Throwable failure = race(t, "2026-01-31", "2026-01-31", new CommitRetry(1, 0));
    assertThat(failure).isInstanceOf(ConcurrentRunException.class)
        .hasMessageStartingWith("Table 'gave-up' was changed by another run (" + second.runId() + ")")
        .hasMessageContaining("gave up after 1 attempt");
    assertThat(count(t, "value = 1.0")).isZero(); // the loser changed nothing
  }

  @Test
  void withoutPartitionsEvenOtherDatesConflict() throws Exception {
    // why the suite partitions every table by the column its runs replace rows by
    TableLocation t = seeded("unpartitioned", List.of());
    assertThat(race(t, "2026-01-30", "2026-01-31", new CommitRetry(1, 0)))
        .isInstanceOf(ConcurrentRunException.class);
  }
}
