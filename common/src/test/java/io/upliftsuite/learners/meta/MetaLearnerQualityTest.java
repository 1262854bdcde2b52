package io.upliftsuite.learners.meta;

import static org.assertj.core.api.Assertions.assertThat;

import io.upliftsuite.testing.SparkTestSession;
import org.apache.spark.ml.classification.RandomForestClassifier;
import org.apache.spark.ml.regression.RandomForestRegressor;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * The meta-learners against the truth of {@link ConfoundedData}: observational rows whose logging policy depends on
 * the confounder x1, which also moves the baseline outcome, with a heterogeneous effect known per row.
 *
 * <p>Bounds come from the generator: the mean CATE must be within 4 standard errors of the true ATE, the standard
 * error being that of the efficient estimator computed from the true propensities and outcome means
 * ({@link Truth#efficientSe}); a correct estimator misses by more with probability 6e-5. The naive difference of
 * arm means must miss by more than the same bound, so the tests have teeth. The effect is linear in x2 (and x3), a
 * shape shallow forests approximate well; a correlation of 0.8 (R^2 0.64) with the true CATE is "high", while any
 * score that ignores the effect (e.g. the naive constant) has 0.
 */
class MetaLearnerQualityTest {
  private static final double SE_BOUND = 4.0;

  private static RandomForestClassifier outcomeClassifier() {
    return new RandomForestClassifier().setNumTrees(20).setMaxDepth(5).setMinInstancesPerNode(20);
  }

  private static RandomForestRegressor outcomeRegressor() {
    return new RandomForestRegressor().setNumTrees(20).setMaxDepth(5).setMinInstancesPerNode(20);
  }

  private static RandomForestRegressor effectRegressor() {
    return new RandomForestRegressor().setNumTrees(20).setMaxDepth(4).setMinInstancesPerNode(50);
  }

  private static void assertRecovers(String learner, Truth truth, double minCorrelation) {
    double bound = SE_BOUND * truth.efficientSe();
    System.out.printf("%s: ATE %.4f, mean CATE %.4f, bound %.4f, naive %.4f, corr %.3f%n", learner, truth.ate(),
        truth.meanCate(), bound, truth.naive(), truth.correlation());
    assertThat(Math.abs(truth.naive() - truth.ate())).as("naive difference must miss the ATE: %s", truth)
        .isGreaterThan(bound);
    assertThat(Math.abs(truth.meanCate() - truth.ate())).as("%s mean CATE within %s of the ATE: %s", learner, bound,
        truth).isLessThanOrEqualTo(bound);
    assertThat(truth.correlation()).as("%s correlation with the true CATE: %s", learner, truth)
        .isGreaterThanOrEqualTo(minCorrelation);
  }

  @Test
  void drAndXRecoverTheEffectOfABinaryOutcomeUnderConfounding() {
    Dataset<Row> data = ConfoundedData.generate(SparkTestSession.get(), ConfoundedData.Kind.BINARY, 6000, 7).cache();
    Dataset<Row> dr = new DRLearner().setLabelCol("y").setNumFolds(3).setSeed(5)
        .setOutcomeClassifier(outcomeClassifier()).setEffectRegressor(effectRegressor()).fit(data).transform(data);
    assertRecovers("DR", Truth.of(dr, 1, true), 0.8);
    Dataset<Row> x = new XLearner().setLabelCol("y").setSeed(5)
        .setOutcomeClassifier(outcomeClassifier()).setEffectRegressor(effectRegressor()).fit(data).transform(data);
    assertRecovers("X", Truth.of(x, 1, true), 0.8);
    data.unpersist();
  }

  /** Three arms: each arm's CATE against control, in arm order (uplift[0] = arm 1, uplift[1] = arm 2). */
  @Test
  void drRecoversEachArmOfAMultiArmTreatment() {
    Dataset<Row> data = ConfoundedData.generate(SparkTestSession.get(), ConfoundedData.Kind.THREE_ARMS, 6000, 11)
        .cache();
    DRLearnerModel model = new DRLearner().setLabelCol("y").setNumFolds(2).setSeed(5)
        .setOutcomeClassifier(outcomeClassifier()).setEffectRegressor(effectRegressor()).fit(data);
    assertThat(model.arms()).containsExactly("0", "1", "2");
    Dataset<Row> scored = model.transform(data).cache();
    assertRecovers("DR arm 1", Truth.of(scored, 1, true), 0.7);
    assertRecovers("DR arm 2", Truth.of(scored, 2, true), 0.7);
    scored.unpersist();
    data.unpersist();
  }

  @Test
  void drAndXRecoverTheEffectOfAContinuousOutcome() {
    Dataset<Row> data = ConfoundedData.generate(SparkTestSession.get(), ConfoundedData.Kind.CONTINUOUS, 4000, 13)
        .cache();
    DRLearnerModel drModel = new DRLearner().setLabelCol("y").setNumFolds(2).setSeed(5)
        .setOutcomeRegressor(outcomeRegressor()).setEffectRegressor(effectRegressor()).fit(data);
    assertThat(drModel.binaryOutcome()).isFalse();
    assertRecovers("DR", Truth.of(drModel.transform(data), 1, false), 0.8);
    Dataset<Row> x = new XLearner().setLabelCol("y").setSeed(5)
        .setOutcomeRegressor(outcomeRegressor()).setEffectRegressor(effectRegressor()).fit(data).transform(data);
    assertRecovers("X", Truth.of(x, 1, false), 0.8);
    data.unpersist();
  }
}
