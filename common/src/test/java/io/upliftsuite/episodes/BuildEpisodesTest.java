package io.upliftsuite.episodes;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.delta.tables.DeltaTable;
import io.upliftsuite.spark.InputValidationException;
import io.upliftsuite.spark.TableFormat;
import io.upliftsuite.spark.TableIO;
import io.upliftsuite.spark.TableLocation;
import io.upliftsuite.spark.WriteContext;
import io.upliftsuite.testing.SparkTestSession;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The action end to end on the tiny log: what it writes, that a re-run replaces it, and that bad input writes nothing. */
class BuildEpisodesTest {
  static SparkSession spark;

  @BeforeAll
  static void session() {
    spark = SparkTestSession.get();
  }

  static TableLocation delta(Path dir, String name) {
    return new TableLocation(name, dir.resolve(name).toString(), TableFormat.DELTA);
  }

  static BuildEpisodes.Result run(RawLogs logs, Path dir, LocalDate runDate) {
    return BuildEpisodes.on(spark).logs(logs).options(EpisodeLabellingTest.options())
        .episodesTable(delta(dir, "episodes")).exclusionsTable(delta(dir, "episode_exclusions"))
        .context(WriteContext.of("build-episodes", runDate)).execute();
  }

  @Test
  void writesEpisodesByDecisionDayAndAReRunReplacesTheSameRows() {
    Path dir = SparkTestSession.tempDir("episodes-write");
    RawLogs logs = EpisodeLabellingTest.everyCase().build(spark);
    LocalDate runDate = LocalDate.parse("2024-07-01");
    BuildEpisodes.Result first = run(logs, dir, runDate);
    BuildEpisodes.Result second = run(logs, dir, runDate);

    assertThat(first.episodes()).isEqualTo(20);
    assertThat(first.itemsInScope()).isEqualTo(10);
    assertThat(first.episodesByDay()).isEqualTo(Map.of(1, 7L, 2, 7L, 3, 6L));
    assertThat(second).isEqualTo(first);
    // in-scope items x horizon = episodes + day-level exclusions
    long dayExclusions = first.exclusions().entrySet().stream()
        .filter(e -> e.getKey().level() == ExclusionReason.Level.DAY).mapToLong(Map.Entry::getValue).sum();
    assertThat(first.episodes() + dayExclusions).isEqualTo(first.itemsInScope() * 3);

    Dataset<Row> table = TableIO.read(spark, delta(dir, "episodes"));
    assertThat(table.count()).isEqualTo(20);
    assertThat(table.select("item_id", "decision_day").distinct().count()).isEqualTo(20);
    assertThat(table.schema().fieldNames()).startsWith(EpisodeColumns.NON_FEATURE_COLUMNS.toArray(String[]::new));
    List<String> partitionColumns = DeltaTable.forPath(spark, dir.resolve("episodes").toString()).detail()
        .select("partitionColumns").first().getList(0);
    assertThat(partitionColumns).containsExactly("decision_day");

    Dataset<Row> exclusions = TableIO.read(spark, delta(dir, "episode_exclusions"));
    Map<String, Long> byReason = new TreeMap<>();
    for (Row r : exclusions.where(col("run_date").equalTo(lit(java.sql.Date.valueOf(runDate))))
        .groupBy("reason").sum("rows").collectAsList()) {
      byReason.put(r.getString(0), r.getLong(1));
    }
    assertThat(byReason).containsEntry("lead_initiated_first", 2L).containsEntry("after_data_end", 3L)
        .containsEntry("multi_item_lead", 2L).hasSize(ExclusionReason.values().length);
    assertThat(exclusions.where("decision_day = 1 and reason = 'lead_initiated_first'").first().<Long>getAs("rows"))
        .isEqualTo(1L);
  }

  static Stream<Arguments> badInputs() {
    return Stream.of(
        Arguments.of("missing column", (UnaryOperator<TinyLogs>) l -> l, "communications", "channel",
            "missing column", (UnaryOperator<RawLogs>) r -> new RawLogs(r.leads(), r.items(), r.stageEvents(),
                r.communications().drop("channel"), r.deliveries())),
        Arguments.of("wrong type", (UnaryOperator<TinyLogs>) l -> l, "items", "value_estimate", "wrong type",
            (UnaryOperator<RawLogs>) r -> new RawLogs(r.leads(),
                r.items().withColumn("value_estimate", col("value_estimate").cast("string")), r.stageEvents(),
                r.communications(), r.deliveries())),
        Arguments.of("null ids", (UnaryOperator<TinyLogs>) l -> l, "communications", "item_id", "(2 offending rows)",
            (UnaryOperator<RawLogs>) r -> new RawLogs(r.leads(), r.items(), r.stageEvents(),
                r.communications().withColumn("item_id",
                    org.apache.spark.sql.functions.when(col("item_id").equalTo("B"), lit(null)).otherwise(col("item_id"))),
                r.deliveries())),
        Arguments.of("event before registration",
            (UnaryOperator<TinyLogs>) l -> l.comm("E", "2024-03-04T15:29:59Z", "call", "ae", false, true)
                .comm("D", "2024-01-01T00:00:00Z", "sms", "system", false, false),
            "communications", "event_ts", "(2 offending rows)", (UnaryOperator<RawLogs>) r -> r),
        Arguments.of("unknown enum", (UnaryOperator<TinyLogs>) l -> l.comm("E", "2024-03-05T10:00:00Z", "fax", "ae",
            false, true), "communications", "channel", "(1 offending row)", (UnaryOperator<RawLogs>) r -> r),
        Arguments.of("id not in items", (UnaryOperator<TinyLogs>) l -> l.delivered("ZZ", "2024-03-05T10:00:00Z"),
            "deliveries", "item_id", "(1 offending row)", (UnaryOperator<RawLogs>) r -> r));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInputs")
  void badInputFailsNamingTableColumnAndCountAndWritesNothing(String name, UnaryOperator<TinyLogs> editLogs,
      String table, String column, String messagePart, UnaryOperator<RawLogs> editTables) {
    Path dir = SparkTestSession.tempDir("episodes-bad");
    RawLogs logs = editTables.apply(editLogs.apply(EpisodeLabellingTest.everyCase()).build(spark));
    assertThatThrownBy(() -> run(logs, dir, LocalDate.parse("2024-07-01")))
        .isInstanceOf(InputValidationException.class)
        .hasMessageStartingWith("Invalid input in table '" + table + "', column '" + column + "'")
        .hasMessageContaining(messagePart);
    assertThat(dir.resolve("episodes")).doesNotExist();
    assertThat(dir.resolve("episode_exclusions")).doesNotExist();
  }
}
