package io.upliftsuite.recommend;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.upliftsuite.episodes.RawLogs;
import io.upliftsuite.experiment.AnalyseExperiment;
import io.upliftsuite.experiment.ArmAssignment;
import io.upliftsuite.experiment.ArmCounts;
import io.upliftsuite.experiment.Experiment;
import io.upliftsuite.experiment.ExperimentPlayback;
import io.upliftsuite.experiment.ResultRow;
import io.upliftsuite.simulate.CrmSimulator;
import io.upliftsuite.simulate.SimulatedTables;
import io.upliftsuite.spark.TableFormat;
import io.upliftsuite.spark.TableIO;
import io.upliftsuite.spark.TableLocation;
import io.upliftsuite.spark.WriteContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The closed loop on the simulator: recommend over an experiment window, the simulator plays the experiment from the
 * recommendations table (treatment follows with compliance 0.8, control keeps the existing policy), and the report
 * reads it back: arms, exclusions, compliance, the simulator's true effect beside the estimate, the tables and a
 * re-run that changes no row.
 */
class ClosedLoopTest {
  static final String EXPERIMENT = "[{id = loop-ab, start = \"2021-02-01\", end = \"2021-03-31\", salt = s1}]";
  static ClosedLoopFixture f;
  static Experiment experiment;
  static Dataset<Row> recommendations;
  static RawLogs played;
  static Dataset<Row> truth;
  static AnalyseExperiment.Result first;
  static Path reports;

  @BeforeAll
  static void loop() {
    f = ClosedLoopFixture.get();
    RecommendOptions options = f.options(EXPERIMENT);
    experiment = options.experiments().get(0);
    TableLocation recs = f.location("recommendations_loop");
    Recommend.on(f.spark).logs(f.logs()).episodeOptions(f.episodeOptions).registry(f.registry)
        .evaluations(f.location("evaluations")).options(options)
        .dates(experiment.start(), experiment.end()).table(recs)
        .context(WriteContext.of("recommend", experiment.start())).execute();
    recommendations = TableIO.read(f.spark, recs);

    Path world = f.warehouse.resolve("played");
    Function<String, TableLocation> at = name -> new TableLocation(name, world.resolve(name).toString(),
        TableFormat.DELTA);
    CrmSimulator.on(f.spark).settings(f.settings)
        .recommendations(ExperimentPlayback.simulatorInput(recommendations, experiment.id()), "recommendations_loop")
        .execute(at, WriteContext.of("simulate", experiment.start()));
    played = new RawLogs(TableIO.read(f.spark, at.apply("leads")), TableIO.read(f.spark, at.apply("items")),
        TableIO.read(f.spark, at.apply("stage_events")), TableIO.read(f.spark, at.apply("communications")),
        TableIO.read(f.spark, at.apply("deliveries")));
    truth = TableIO.read(f.spark, at.apply(SimulatedTables.EXPERIMENT_ASSIGNMENTS));
    reports = f.warehouse.resolve("reports");
    first = analyse();
  }

  static AnalyseExperiment.Result analyse() {
    return AnalyseExperiment.on(f.spark).experiment(experiment).recommendations(recommendations).logs(played)
        .episodeOptions(f.episodeOptions).truth(truth)
        .explain(new AnalyseExperiment.ExplainOptions(3, 10, 0.3, 42L))
        .tables(f.location("experiment_results"), f.location("policy_rules"))
        .reportDir(reports.toString()).context(WriteContext.of("experiment-report", LocalDate.parse("2021-06-01")))
        .execute();
  }

  @Test
  void theSimulatorPlaysExactlyTheAssignedItemsWithTheirArms() {
    Map<String, String> assigned = recommendations.where(col("arm").isNotNull()).select("item_id", "arm").distinct()
        .collectAsList().stream().collect(Collectors.toMap(r -> r.getString(0), r -> r.getString(1)));
    Map<String, String> simulated = truth.select("item_id", "arm").collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getString(0), r -> r.getString(1)));
    assertThat(simulated).isEqualTo(assigned);
    assertThat(assigned).hasSizeGreaterThan(100);
    assertThat(assigned.values().stream().filter(ArmAssignment.TREATMENT::equals).count())
        .isStrictlyBetween((long) (0.35 * assigned.size()), (long) (0.65 * assigned.size()));
    // the truth is recorded for every item open at its entry day (all of them: recommend saw them open)
    assertThat(truth.where(col("true_effect_14d").isNull()).count()).isZero();
    assertThat(recommendations.where(col("excluded_reason").equalTo("weekend")
        .and(org.apache.spark.sql.functions.dayofweek(col("run_date")).isin(2, 3, 4, 5, 6))).count()).isZero();
  }

  @Test
  void theReadoutCountsEveryAssignedItemAndTheTreatmentArmFollowsTheRecommendations() {
    for (ArmCounts c : first.counts()) {
      assertThat(c.analysed() + c.excludedLeadFirst() + c.excludedPrescheduled() + c.pendingAction()
          + c.closedBeforeDay()).as("%s/%s", c.segment(), c.arm()).isEqualTo(c.assigned());
      assertThat(c.closedBeforeDay()).as("recommend only saw open items").isZero();
    }
    ArmCounts t = counts("all", ArmAssignment.TREATMENT);
    ArmCounts c = counts("all", ArmAssignment.CONTROL);
    // compliance 0.8 plus chance agreement, against chance agreement only
    assertThat((double) t.complied() / t.analysed()).isGreaterThan((double) c.complied() / c.analysed() + 0.2);
    assertThat(t.excludedLeadFirst() + c.excludedLeadFirst()).isPositive();
    assertThat(value("all", "srm_p_value", ResultRow.COMPARISON))
        .isEqualTo(io.upliftsuite.experiment.ExperimentStatistics.srmPValue(t.assigned(), c.assigned(), 0.5));
    // the simulator's truth is beside the estimate, and the estimate's interval covers it
    ResultRow diff = row("all", "difference_delivery_14d", ResultRow.COMPARISON);
    double trueEffect = value("all", "true_effect_delivery_14d", ResultRow.COMPARISON);
    assertThat(trueEffect).isBetween(diff.low(), diff.high());
    // the tiny model recommends contact for most rows: the tree must at least match the constant rule
    assertThat(first.surrogate().fidelity()).isGreaterThanOrEqualTo(first.surrogate().majorityBaseline());
  }

  @Test
  void theTablesAndReportAreWrittenAndARerunChangesNoRow() throws Exception {
    List<Row> results = f.read("experiment_results").orderBy("segment", "metric", "arm").collectAsList();
    List<Row> rules = f.read("policy_rules").orderBy("rule_id").collectAsList();
    assertThat(results).hasSize(first.rows().size());
    assertThat(rules).hasSize(first.surrogate().rules().size()).isNotEmpty();
    String html = Files.readString(Path.of(first.reportPath().replace("file:", "")));
    assertThat(html).contains("Readout: all eligible items", "<svg", "Policy explanation", "delivery.png");
    analyse();
    assertThat(f.read("experiment_results").orderBy("segment", "metric", "arm").collectAsList()).isEqualTo(results);
    assertThat(f.read("policy_rules").orderBy("rule_id").collectAsList()).isEqualTo(rules);
  }

  private static ArmCounts counts(String segment, String arm) {
    return first.counts().stream().filter(x -> x.segment().equals(segment) && x.arm().equals(arm)).findFirst()
        .orElseThrow();
  }

  private static ResultRow row(String segment, String metric, String arm) {
    return first.rows().stream().filter(r -> r.segment().equals(segment) && r.metric().equals(metric)
        && r.arm().equals(arm)).findFirst().orElseThrow(() -> new AssertionError("no row " + metric));
  }

  private static double value(String segment, String metric, String arm) {
    return row(segment, metric, arm).value();
  }
}
