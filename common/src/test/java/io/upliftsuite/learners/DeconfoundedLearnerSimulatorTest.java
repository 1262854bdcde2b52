package io.upliftsuite.learners;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;

import io.upliftsuite.config.SuiteConfig;
import io.upliftsuite.episodes.EpisodeLabelling;
import io.upliftsuite.episodes.EpisodeOptions;
import io.upliftsuite.episodes.RawLogs;
import io.upliftsuite.evaluation.EvaluationOptions;
import io.upliftsuite.evaluation.ModelEvaluation;
import io.upliftsuite.evaluation.OracleComparison;
import io.upliftsuite.evaluation.PredictionsEvaluation;
import io.upliftsuite.logs.RawTables;
import io.upliftsuite.simulate.CrmSimulator;
import io.upliftsuite.simulate.SimulatedTables;
import io.upliftsuite.simulate.SimulationSettings;
import io.upliftsuite.testing.SparkTestSession;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The default learner on CRM-like logs, judged against the simulator's truth (not on a planted synthetic effect).
 *
 * <p>Data: the CRM simulator (its shipped model) with 24,000 items registered over two years, day 1, and its latent
 * intent switched off ({@code simulate.confounding.enabled = false}) — so every confounder of the existing policy
 * (lead score from item type, value, channel and age; stage; weekday) is in the episodes' features, the assumption
 * under which any deconfounding method can be right. (With the intent on, no learner on the logged features can be;
 * docs/quality.md measures how far that moves every learner.) Day 1, holdout = the last 4 months of uncensored
 * registrations, the default learner (the small-ensemble settings below apply when it is a forest learner).
 *
 * <p>Every bound comes from the truth of this data, computed in the test:
 * <ul>
 *   <li>level: the naive contacted-minus-not difference misses the true effect by B = |naive − ATE| (the logging
 *       policy's confounding); the learner's mean CATE must miss it by less than B / 3, and B must exceed 4 standard
 *       errors of a difference of means of this size, so the data really is confounded beyond noise;</li>
 *   <li>ranking: Spearman(CATE, true CATE) must exceed 3 / √(n − 1), three standard deviations of the rank
 *       correlation of a CATE unrelated to the truth (n holdout rows) — the learner must rank better than chance,
 *       not only get the average right (the forest learners do not: docs/quality.md);</li>
 *   <li>policy: on day 1 every segment's contact effect is positive on average, so contacting more of the leads
 *       the existing policy skips pays; the true value of the evaluation's recommended policy (the calibrated
 *       targeting when the model shows skill, else the uniform policy the estimated effect favours) must not fall
 *       below the existing policy's, nor below contacting no one.</li>
 * </ul>
 */
class DeconfoundedLearnerSimulatorTest {
  private static SparkSession spark;
  private static OracleComparison.Result truth;
  private static double naiveDifference;
  private static double naiveStandardError;
  private static double recommendedValue;
  private static double recommendedShare;

  @BeforeAll
  static void simulateTrainAndCompare() {
    spark = SparkTestSession.get();
    SuiteConfig config = SuiteConfig.load("local", List.of(), List.of(
        "simulate.profiles.tiny.items=24000",
        "simulate.profiles.tiny.registration-start=2019-06-01",
        "simulate.profiles.tiny.registration-end=2021-05-31",
        "simulate.confounding.enabled=false",
        "simulate.oracle-last-day=1",
        "episodes.horizon-days=1"));
    SimulatedTables sim = CrmSimulator.on(spark)
        .settings(SimulationSettings.from(config.section("simulate"), config.seed(), "tiny")).generate();
    // each table materialised once: the simulator's tables are lazy and every job would simulate again
    RawLogs logs = new RawLogs(sim.table(RawTables.LEADS).localCheckpoint(),
        sim.table(RawTables.ITEMS).localCheckpoint(), sim.table(RawTables.STAGE_EVENTS).localCheckpoint(),
        sim.table(RawTables.COMMUNICATIONS).localCheckpoint(), sim.table(RawTables.DELIVERIES).localCheckpoint());
    Dataset<Row> oracle = sim.table(SimulatedTables.ORACLE_EPISODES).localCheckpoint();
    EpisodeOptions episodeOptions = EpisodeOptions.fromConfig(config.section("episodes"));
    Dataset<Row> items = EpisodeLabelling.scopedItems(logs, episodeOptions.scope())
        .where(col(EpisodeLabelling.SCOPE_REASON).isNull());
    Dataset<Row> episodes = EpisodeLabelling.episodes(
        EpisodeLabelling.labelDays(items, logs, episodeOptions, logs.latestTimestampMicros())).localCheckpoint();

    SuiteConfig training = SuiteConfig.load("local", List.of(), List.of(
        "training.days=[1]", "training.holdout-months=4", "training.forest.ensemble-size=4",
        "training.forest.num-trees=10", "training.baseline.max-iter=5", "training.baseline.max-depth=3"));
    DailyModelTrainer.Result result = DailyModelTrainer.on(spark).episodes(episodes)
        .options(DailyTrainingOptions.fromConfig(training.section("training"), training.seed()))
        .modelsDir(SparkTestSession.tempDir("deconfounded").toString()).runDate(LocalDate.parse("2021-06-01"))
        .execute();

    // the evaluation's own recommended policy (calibrated CATE > 0), its truth from the oracle
    ModelEvaluation evaluation = PredictionsEvaluation.of(result.predictions(), result.days().get(0).modelId())
        .options(EvaluationOptions.defaults().withReplicates(40)).oracle(oracle).execute();
    // ranking, level and the uniform and existing policies' true values (its policy column is not used here)
    Dataset<Row> holdout = result.predictions().join(oracle, new String[] {"item_id", "decision_day"})
        .withColumn("unused_policy", lit(0.0));
    truth = OracleComparison.of(holdout, "cate", "unused_policy", "action", "p_delivery_90d_contact",
        "p_delivery_90d_no_contact");
    recommendedValue = evaluation.metric("recommended_value_true").orElseThrow().value();
    recommendedShare = evaluation.metric("recommended_share_contacted").orElseThrow().value();
    Row naive = episodes.where(col("censored").equalTo(false).and(col("decision_day").equalTo(1)))
        .agg(avg(when(col("action").equalTo(1), col("outcome_90d"))),
            avg(when(col("action").equalTo(0), col("outcome_90d"))),
            sum(when(col("action").equalTo(1), 1L).otherwise(0L)), count(lit(1))).first();
    naiveDifference = naive.getDouble(0) - naive.getDouble(1);
    double n1 = naive.getLong(2);
    double n0 = naive.getLong(3) - n1;
    naiveStandardError = Math.sqrt(naive.getDouble(0) * (1 - naive.getDouble(0)) / n1
        + naive.getDouble(1) * (1 - naive.getDouble(1)) / n0);
    System.out.printf("simulator day 1: %d holdout rows; true ATE %.4f, mean CATE %.4f, naive difference %.4f "
            + "(se %.4f); Spearman %.3f; true values: learned %.4f (%.1f%% contacted), existing %.4f, all %.4f, "
            + "none %.4f, oracle %.4f%n", truth.rows(), truth.trueAte(), truth.meanCate(), naiveDifference,
        naiveStandardError, truth.spearman(), recommendedValue, 100 * recommendedShare,
        truth.existingValue(), truth.contactAllValue(), truth.contactNoneValue(), truth.oracleValue());
  }

  @Test
  void meanCateRemovesMostOfTheLoggingPolicysConfounding() {
    double naiveBias = Math.abs(naiveDifference - truth.trueAte());
    assertThat(naiveBias).as("the logs must be confounded beyond noise").isGreaterThan(4 * naiveStandardError);
    assertThat(Math.abs(truth.meanCate() - truth.trueAte())).isLessThan(naiveBias / 3);
  }

  @Test
  void cateRanksTheTrueEffectBetterThanChance() {
    double chance = 3 / Math.sqrt(truth.rows() - 1.0);
    assertThat(truth.spearman()).as("Spearman(cate, true CATE) on %d rows", truth.rows()).isGreaterThan(chance);
  }

  @Test
  void learnedPolicyIsNoWorseThanTheExistingPolicyOrContactingNoOne() {
    assertThat(recommendedValue).isGreaterThanOrEqualTo(truth.existingValue());
    assertThat(recommendedValue).isGreaterThanOrEqualTo(truth.contactNoneValue());
  }
}
