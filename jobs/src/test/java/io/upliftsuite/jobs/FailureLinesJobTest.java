package io.upliftsuite.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.upliftsuite.learners.SyntheticEpisodes;
import io.upliftsuite.testing.SparkTestSession;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Failures a user causes, through the real launcher: each ends in exit code 1 and exactly one line on the error
 * stream naming what is wrong in the user's terms, and leaves the warehouse as it was. (The slow cases of the issue's
 * catalogue — kills, concurrent runs, a failing forest param after training starts — are in scripts/bench/faults.)
 */
class FailureLinesJobTest {
  private final StringWriter err = new StringWriter();
  private final SparkSession spark = SparkTestSession.get(); // jobs borrow the shared test session

  private int run(Path warehouse, String... args) {
    List<String> a = new ArrayList<>(List.of(args));
    a.addAll(List.of("--set", "warehouse.root=" + warehouse, "--run-date", "2026-01-31"));
    return Suite.run(new PrintWriter(err, true), a.toArray(String[]::new));
  }

  /** The error stream holds exactly one line, which is {@code expected}. */
  private void assertOneLine(String expected) {
    assertThat(err.toString().lines().toList()).containsExactly(expected);
  }

  /** Every file under the warehouse, so a test can show a failed job changed nothing. */
  private static List<String> files(Path warehouse) throws Exception {
    if (!Files.exists(warehouse)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(warehouse)) {
      return s.filter(Files::isRegularFile).map(p -> warehouse.relativize(p).toString()).sorted().toList();
    }
  }

  /** Header-only CSV exports of the five raw tables (leads gets one row), as a CRM export might look. */
  private static Path rawCsv(Path dir) throws Exception {
    Files.createDirectories(dir);
    write(dir, "leads", "lead_id,registered_at,state,age_band,acquisition_channel,is_commercial\n"
        + "L1,2021-01-04T10:00:00Z,CA,35-44,search,false\n");
    write(dir, "items", "item_id,lead_id,registered_at,item_type,value_estimate,is_fraud_flagged\n");
    write(dir, "stage_events", "item_id,event_ts,stage\n");
    write(dir, "communications", "comm_id,item_id,lead_id,event_ts,channel,initiator,prescheduled,connected\n");
    write(dir, "deliveries", "item_id,delivered_at\n");
    return dir;
  }

  private static void write(Path dir, String table, String content) throws Exception {
    Files.createDirectories(dir.resolve(table));
    Files.writeString(dir.resolve(table).resolve("part-0.csv"), content);
  }

  private static String[] csvTables(Path raw) {
    List<String> a = new ArrayList<>();
    for (String t : List.of("leads", "items", "stage_events", "communications", "deliveries")) {
      a.addAll(List.of("--set", "tables." + t + ".path=" + raw.resolve(t), "--set", "tables." + t + ".format=csv"));
    }
    return a.toArray(String[]::new);
  }

  private static String[] concat(String[] a, String... b) {
    return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
  }

  @Test
  void anEmptyCsvFolderNamesTheTableThePathAndTheFormat() throws Exception {
    Path wh = SparkTestSession.tempDir("f-empty");
    Path raw = rawCsv(wh.resolve("export"));
    Files.delete(raw.resolve("leads/part-0.csv"));
    List<String> before = files(wh);
    assertThat(run(wh, concat(new String[] {"build-episodes"}, csvTables(raw)))).isEqualTo(1);
    assertOneLine("ERROR: build-episodes failed: Cannot read table 'leads' (csv at " + raw.resolve("leads")
        + "): the folder has no data files (it is empty)");
    assertThat(files(wh)).isEqualTo(before);
  }

  @Test
  void aCsvFileConfiguredAsDeltaSaysSoAndWhichFormatToSet() throws Exception {
    Path wh = SparkTestSession.tempDir("f-format");
    Path raw = rawCsv(wh.resolve("export"));
    List<String> before = files(wh);
    String[] args = concat(new String[] {"build-episodes"}, csvTables(raw));
    args = concat(args, "--set", "tables.leads.format=delta");
    assertThat(run(wh, args)).isEqualTo(1);
    assertOneLine("ERROR: build-episodes failed: Cannot read table 'leads' (delta at " + raw.resolve("leads")
        + "): not a Delta table (no _delta_log) — it holds files such as part-0.csv; if that is right, set "
        + "tables.leads.format = csv");
    assertThat(files(wh)).isEqualTo(before);
  }

  @Test
  void aHeaderOnlyItemsTableIsBlamedOnItems() throws Exception {
    Path wh = SparkTestSession.tempDir("f-header");
    Path raw = rawCsv(wh.resolve("export"));
    List<String> before = files(wh);
    assertThat(run(wh, concat(new String[] {"build-episodes"}, csvTables(raw)))).isEqualTo(1);
    assertOneLine("ERROR: build-episodes failed: Invalid input in table 'items': the table has no rows");
    assertThat(files(wh)).isEqualTo(before);
  }

  @Test
  void aTypeErrorUnderAnyKeyNamesTheKey() {
    Path wh = SparkTestSession.tempDir("f-type");
    assertThat(run(wh, "train-daily-models", "--set", "training.forest.num-trees=abc")).isEqualTo(1);
    assertOneLine("ERROR: train-daily-models failed: Config key 'training.forest.num-trees' = abc: must be a number "
        + "(default 10) (in --set training.forest.num-trees=abc)");
  }

  @Test
  void anOutOfRangeEvaluationSettingNamesTheKeyBeforeAnythingIsRead() {
    Path wh = SparkTestSession.tempDir("f-deciles");
    // no predictions table at all: the setting is checked first
    assertThat(run(wh, "evaluate", "--set", "evaluation.deciles=0")).isEqualTo(1);
    assertOneLine("ERROR: evaluate failed: Config key 'evaluation.deciles' = 0: must be >= 1");
  }

  @Test
  void daysWithoutEpisodesNameTheOptionTheValueAndTheDaysPresent() throws Exception {
    Path wh = SparkTestSession.tempDir("f-days");
    SyntheticEpisodes.generate(spark, 60, List.of(1, 2, 3), 0.0, 5L).episodes().write().format("delta")
        .partitionBy("decision_day").save(wh.resolve("episodes/episodes").toString());
    List<String> before = files(wh);
    assertThat(run(wh, "train-daily-models", "--days", "999")).isEqualTo(1);
    assertOneLine("ERROR: train-daily-models failed: --days 999: no episodes for day 999; days present: 1–3");
    err.getBuffer().setLength(0);
    assertThat(run(wh, "train-daily-models", "--days", "0,2,999")).isEqualTo(1);
    assertOneLine("ERROR: train-daily-models failed: --days 0,2,999: no episodes for days 0, 999; days present: 1–3");
    err.getBuffer().setLength(0);
    assertThat(run(wh, "train-daily-models", "--set", "training.days=[9]")).isEqualTo(1);
    assertOneLine("ERROR: train-daily-models failed: Config key 'training.days' = 9: no episodes for day 9; "
        + "days present: 1–3");
    assertThat(files(wh)).isEqualTo(before);
  }

  @Test
  void scoringWithAModelFolderThatDoesNotExistNamesTheOption() throws Exception {
    Path wh = SparkTestSession.tempDir("f-model");
    Path input = wh.resolve("input.csv");
    Files.writeString(input, "x1,x2\n1,2\n");
    Path missing = wh.resolve("no-such-model");
    assertThat(run(wh, "score", "--model", missing.toString(), "--input", input.toString(), "--format", "csv",
        "--output", wh.resolve("out.csv").toString())).isEqualTo(1);
    assertOneLine("ERROR: score failed: --model " + missing + ": no such file or folder");
  }
}
