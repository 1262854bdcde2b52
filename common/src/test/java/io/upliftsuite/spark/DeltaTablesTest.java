package io.upliftsuite.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.upliftsuite.testing.SparkTestSession;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class DeltaTablesTest {
  private static final StructType SCHEMA = new StructType()
      .add("run_date", DataTypes.StringType)
      .add("key", DataTypes.IntegerType)
      .add("value", DataTypes.DoubleType);

  private final SparkSession spark = SparkTestSession.get();
  private final WriteContext ctx = WriteContext.of("test-job", LocalDate.of(2024, 1, 31));

  private Dataset<Row> rows(String runDate, int from, int to, double value) {
    List<Row> list = new java.util.ArrayList<>();
    for (int k = from; k < to; k++) {
      list.add(RowFactory.create(runDate, k, value));
    }
    return spark.createDataFrame(list, SCHEMA);
  }

  private TableLocation table(String name) {
    return new TableLocation(name, SparkTestSession.tempDir(name).resolve("t").toString(), TableFormat.DELTA);
  }

  private Dataset<Row> read(TableLocation t) {
    return spark.read().format("delta").load(t.path());
  }

  @Test
  void replaceWhereRerunReplacesOnlyItsPartitionAndNeverDuplicates() {
    TableLocation t = table("replace");
    DeltaTables.replaceWhere(rows("2024-01-30", 0, 5, 1.0), t, "run_date = '2024-01-30'", List.of("run_date"), ctx);
    DeltaTables.replaceWhere(rows("2024-01-31", 0, 3, 2.0), t, "run_date = '2024-01-31'", List.of("run_date"), ctx);
    DeltaTables.replaceWhere(rows("2024-01-31", 0, 3, 3.0), t, "run_date = '2024-01-31'", List.of("run_date"), ctx);
    assertThat(read(t).count()).isEqualTo(8);
    assertThat(read(t).where("run_date = '2024-01-31'").where("value = 3.0").count()).isEqualTo(3);
    assertThat(read(t).where("run_date = '2024-01-30'").where("value = 1.0").count()).isEqualTo(5);
    assertThat(DeltaTables.lastCommitUserMetadata(spark, t.path()))
        .contains("\"job\":\"test-job\"").contains(ctx.runId()).contains("2024-01-31");
  }

  @Test
  void replaceWhereRejectsRowsOutsideThePredicateAndLeavesTheTableAsItWas() {
    TableLocation t = table("reject");
    DeltaTables.replaceWhere(rows("2024-01-30", 0, 5, 1.0), t, "run_date = '2024-01-30'", List.of("run_date"), ctx);
    long versionBefore = io.delta.tables.DeltaTable.forPath(spark, t.path()).history(1).first().getLong(0);
    assertThatThrownBy(() -> DeltaTables.replaceWhere(rows("2024-02-01", 0, 2, 9.0), t,
        "run_date = '2024-01-30'", List.of("run_date"), ctx)).isNotNull();
    assertThat(read(t).count()).isEqualTo(5);
    assertThat(read(t).where("value = 1.0").count()).isEqualTo(5);
    long versionAfter = io.delta.tables.DeltaTable.forPath(spark, t.path()).history(1).first().getLong(0);
    assertThat(versionAfter).isEqualTo(versionBefore);
  }

  @Test
  void mergeUpdatesMatchingKeysAndInsertsNewOnes() {
    TableLocation t = table("merge");
    DeltaTables.merge(rows("d", 0, 4, 1.0), t, List.of("key"), List.of(), ctx);
    DeltaTables.merge(rows("d", 2, 6, 2.0), t, List.of("key"), List.of(), ctx);
    DeltaTables.merge(rows("d", 2, 6, 2.0), t, List.of("key"), List.of(), ctx); // a re-run changes nothing
    assertThat(read(t).count()).isEqualTo(6);
    assertThat(read(t).where("value = 1.0").count()).isEqualTo(2);
    assertThat(read(t).where("value = 2.0").count()).isEqualTo(4);
    assertThat(DeltaTables.lastCommitUserMetadata(spark, t.path())).contains(ctx.runId());
    // the session-level commit metadata is restored after the merge
    assertThat(spark.conf().getOption("spark.databricks.delta.commitInfo.userMetadata").isDefined()).isFalse();
  }

  @Test
  void idempotentAppendWritesEachVersionOnce() {
    TableLocation t = table("append");
    DeltaTables.idempotentAppend(rows("d", 0, 3, 1.0), t, "loader", 1, List.of(), ctx);
    DeltaTables.idempotentAppend(rows("d", 0, 3, 1.0), t, "loader", 1, List.of(), ctx); // retried: skipped
    assertThat(read(t).count()).isEqualTo(3);
    DeltaTables.idempotentAppend(rows("d", 3, 5, 1.0), t, "loader", 2, List.of(), ctx);
    assertThat(read(t).count()).isEqualTo(5);
  }

  @Test
  void overwriteReplacesTheWholeTable() {
    TableLocation t = table("overwrite");
    DeltaTables.overwrite(rows("a", 0, 10, 1.0), t, List.of("run_date"), ctx);
    DeltaTables.overwrite(rows("b", 0, 2, 1.0), t, List.of("run_date"), ctx);
    assertThat(read(t).count()).isEqualTo(2);
    assertThat(read(t).where("run_date = 'b'").count()).isEqualTo(2);
  }
}
