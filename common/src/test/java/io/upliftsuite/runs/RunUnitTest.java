package io.upliftsuite.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.delta.tables.DeltaTable;
import io.upliftsuite.spark.CommitRetry;
import io.upliftsuite.spark.DeltaTables;
import io.upliftsuite.spark.TableFormat;
import io.upliftsuite.spark.TableIO;
import io.upliftsuite.spark.TableLocation;
import io.upliftsuite.spark.WriteContext;
import io.upliftsuite.spark.WriteStaging;
import io.upliftsuite.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The run-unit protocol: staged writes are invisible until the unit commits, all tables commit together, a failure
 * before the commit changes nothing, and a run that dies half-way through its commits is finished by the next
 * recovery — every table at the old state or the new one, never a mix.
 */
class RunUnitTest {
  private static final StructType SCHEMA = new StructType()
      .add("run_date", DataTypes.StringType).add("key", DataTypes.IntegerType).add("value", DataTypes.DoubleType);
  private static final LocalDate DAY = LocalDate.of(2026, 1, 31);

  private final SparkSession spark = SparkTestSession.get();
  private final Path root = SparkTestSession.tempDir("units");
  private final RunSettings settings = new RunSettings(root.resolve("_runs").toString(),
      root.resolve("models").toString(), 1, 30, new CommitRetry(3, 10));
  private final TableLocation episodes = table("episodes");
  private final TableLocation exclusions = table("episode_exclusions");

  @AfterEach
  void noUnitLeftActive() {
    WriteStaging.activate(null);
  }

  private TableLocation table(String name) {
    return new TableLocation(name, root.resolve("t").resolve(name).toString(), TableFormat.DELTA);
  }

  private Dataset<Row> rows(String runDate, int from, int to, double value) {
    List<Row> list = new ArrayList<>();
    for (int k = from; k < to; k++) {
      list.add(RowFactory.create(runDate, k, value));
    }
    return spark.createDataFrame(list, SCHEMA);
  }

  private long count(TableLocation t, String where) {
    return spark.read().format("delta").load(t.path()).where(where).count();
  }

  private long version(TableLocation t) {
    return DeltaTable.forPath(spark, t.path()).history(1).first().getLong(0);
  }

  /** Writes two tables the way build-episodes does, through a unit of a fresh run. */
  private RunUnit stageBuild(double value) {
    WriteContext run = WriteContext.of("build-episodes", DAY);
    RunUnit unit = RunUnit.open(spark, settings, run);
    WriteContext ctx = run.withStaging(unit);
    DeltaTables.overwrite(rows("x", 0, 4, value), episodes, List.of(), ctx);
    DeltaTables.replaceWhere(rows(DAY.toString(), 0, 2, value), exclusions, "run_date = '" + DAY + "'",
        List.of("run_date"), ctx);
    return unit;
  }

  @Test
  void stagedWritesAreInvisibleUntilTheUnitCommitsThenAllTablesCommitWithTheRunId() {
    RunUnit unit = stageBuild(1.0);
    assertThat(TableIO.pathExists(spark, episodes.path())).isFalse();
    assertThat(TableIO.pathExists(spark, exclusions.path())).isFalse();
    unit.commit();
    assertThat(count(episodes, "value = 1.0")).isEqualTo(4);
    assertThat(count(exclusions, "value = 1.0")).isEqualTo(2);
    // new tables were moved into place: their first commit is the run's staged one
    assertThat(DeltaTables.lastCommitUserMetadata(spark, exclusions.path())).contains(unit.runId())
        .contains("\"step\":\"2\"");
    assertThat(root.resolve("_runs/units/" + unit.runId())).doesNotExist();
    assertThat(root.resolve("_runs/live/" + unit.runId())).doesNotExist();
    // existing tables get a commit per step, tagged with the step and the unit's tables
    RunUnit rerun = stageBuild(2.0);
    rerun.commit();
    assertThat(count(exclusions, "value = 2.0")).isEqualTo(2);
    assertThat(DeltaTables.lastCommitUserMetadata(spark, exclusions.path())).contains(rerun.runId())
        .contains("\"step\":\"2/2\"").contains("\"unit\":[\"episodes\",\"episode_exclusions\"]");
  }

  @Test
  void anAbortedUnitChangesNoTableAndLeavesNoStagedRows() {
    stageBuild(1.0).commit();
    long before = version(episodes);
    RunUnit second = stageBuild(2.0);
    second.abort();
    assertThat(version(episodes)).isEqualTo(before);
    assertThat(count(episodes, "value = 2.0")).isZero();
    assertThat(count(exclusions, "value = 2.0")).isZero();
    assertThat(root.resolve("_runs/units/" + second.runId())).doesNotExist();
  }

  @Test
  void aJobReadsItsOwnStagedWritesAsItWillLeaveTheTables() {
    WriteContext base = WriteContext.of("t", DAY);
    DeltaTables.replaceWhere(rows("a", 0, 3, 1.0).union(rows("b", 0, 3, 1.0)), exclusions, "true",
        List.of("run_date"), base);
    RunUnit unit = RunUnit.open(spark, settings, WriteContext.of("t", DAY));
    WriteContext ctx = base.withStaging(unit);
    DeltaTables.replaceWhere(rows("b", 0, 1, 5.0), exclusions, "run_date = 'b'", List.of("run_date"), ctx);
    DeltaTables.merge(rows("a", 2, 4, 7.0), exclusions, List.of("run_date", "key"), List.of(), ctx);
    Dataset<Row> seen = TableIO.read(spark, exclusions);
    // a: keys 0, 1 as committed, key 2 updated, key 3 inserted; b: replaced by its one staged row
    assertThat(seen.where("run_date = 'a' AND value = 1.0").count()).isEqualTo(2);
    assertThat(seen.where("run_date = 'a' AND value = 7.0").count()).isEqualTo(2);
    assertThat(seen.where("run_date = 'b'").count()).isEqualTo(1);
    assertThat(TableIO.readCommitted(spark, exclusions, null).count()).isEqualTo(6);
    unit.commit();
    assertThat(TableIO.read(spark, exclusions).count()).isEqualTo(5);
  }

  @Test
  void aRunThatDiesAfterItsFirstCommitIsFinishedByTheNextRecovery() throws Exception {
    stageBuild(1.0).commit();
    long exclusionsBefore = version(exclusions);
    // the second step's table path is blocked by a file: the unit commits step 1 and then fails, like a driver
    // killed between its two commits (its heartbeat ends, its manifest stays)
    Path blocker = Path.of(exclusions.path());
    Files.walk(blocker).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    Files.writeString(blocker, "not a table");
    RunUnit dying = stageBuild(2.0);
    assertThatThrownBy(dying::commit).isNotNull();
    assertThat(count(episodes, "value = 2.0")).isEqualTo(4); // half a run is visible ...
    assertThat(root.resolve("_runs/units/" + dying.runId() + "/manifest.json")).exists();

    Files.delete(blocker);
    RunRecovery.Report report = RunRecovery.run(spark, settings);
    assertThat(report.completed()).containsExactly(dying.runId());
    // ... until the next job starts: its recovery commits the rest from the staged rows
    assertThat(count(exclusions, "value = 2.0")).isEqualTo(2);
    assertThat(DeltaTables.lastCommitUserMetadata(spark, exclusions.path())).contains(dying.runId());
    assertThat(exclusionsBefore).isGreaterThanOrEqualTo(0);
    long episodesVersion = version(episodes);
    assertThat(RunRecovery.run(spark, settings).isEmpty()).isTrue();
    // repeating a step that already committed is a no-op (Delta transaction ids)
    assertThat(version(episodes)).isEqualTo(episodesVersion);
  }

  @Test
  void recoveryDropsStagedRowsOfRunsThatDiedBeforeCommittingAndLeavesLiveRunsAlone() {
    RunUnit live = stageBuild(3.0);
    // a dead run's unit: staged rows, no manifest, no heartbeat (its process was killed while computing)
    String deadRun = "build-episodes-2026-01-30-0123abcd";
    rows("x", 0, 1, 9.0).write().format("delta").save(root.resolve("_runs/units/" + deadRun + "/staging/0-episodes")
        .toString());
    RunRecovery.Report report = RunRecovery.run(spark, settings);
    assertThat(report.dropped()).containsExactly(deadRun);
    assertThat(report.live()).containsExactly(live.runId());
    assertThat(root.resolve("_runs/units/" + deadRun)).doesNotExist();
    assertThat(root.resolve("_runs/units/" + live.runId() + "/staging")).exists();
    live.commit();
    assertThat(count(episodes, "value = 3.0")).isEqualTo(4);
  }

  @Test
  void anOlderDeadRunsStepsAreSkippedWhereANewerRunOfTheSameJobAndDateCommitted() throws Exception {
    Path blocker = Path.of(exclusions.path());
    Files.createDirectories(blocker.getParent());
    Files.writeString(blocker, "not a table");
    RunUnit older = stageBuild(1.0);
    assertThatThrownBy(older::commit).isNotNull(); // episodes committed, exclusions not
    Files.delete(blocker);
    stageBuild(2.0).commit(); // a newer run of the same job and date commits both tables
    RunRecovery.run(spark, settings); // finishing the older run must not bring its rows back
    assertThat(count(exclusions, "value = 2.0")).isEqualTo(2);
    assertThat(count(exclusions, "value = 1.0")).isZero();
    assertThat(count(episodes, "value = 2.0")).isEqualTo(4);
  }
}
