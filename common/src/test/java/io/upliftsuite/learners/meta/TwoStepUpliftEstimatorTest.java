package io.upliftsuite.learners.meta;

import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.upliftsuite.testing.SparkTestSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.classification.DecisionTreeClassifier;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.regression.DecisionTreeRegressor;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * A case computed on paper: one feature x in {0, 1, 2}; depth-2 decision trees give per-x means (a regression tree
 * for stage 2's response models; the lost-cause classifier's leaves predict different classes, so MLlib keeps them).
 * <pre>
 *   x   treated rows (responders)  control rows (responders)
 *   0   8 (6)                      4 (1)
 *   1   4 (0)                      4 (0)
 *   2   4 (2)                      4 (3)
 * </pre>
 * Stage 2 (T-learner): uplift(0) = 6/8 - 1/4 = 0.5, uplift(1) = 0 - 0 = 0, uplift(2) = 2/4 - 3/4 = -0.25; its training
 * minimum is -0.25. Stage 1 on the treated rows: lost causes (no response) 2 of 8 at x = 0, 4 of 4 at x = 1, 2 of 4 at
 * x = 2: 8 lost causes and 8 responders, so balanced weights are all 1, and P(lost cause | x) = 0.25, 1, 0.5. With
 * threshold 0.65 only x = 1 is a predicted lost cause and gets -0.25 - 1e-6 (the paper's tied rule); x = 0 and x = 2
 * keep stage 2's uplift.
 */
class TwoStepUpliftEstimatorTest {
  static Dataset<Row> data() {
    List<Row> rows = new ArrayList<>();
    int[][] groups = {{0, 1, 8, 6}, {0, 0, 4, 1}, {1, 1, 4, 0}, {1, 0, 4, 0}, {2, 1, 4, 2}, {2, 0, 4, 3}};
    int id = 0;
    for (int[] g : groups) {
      for (int i = 0; i < g[2]; i++) {
        rows.add(RowFactory.create(id++, Vectors.dense(g[0]), g[1], i < g[3] ? 1.0 : 0.0));
      }
    }
    StructType schema = new StructType().add("id", DataTypes.IntegerType).add("features", SQLDataTypes.VectorType())
        .add("treatment", DataTypes.IntegerType).add("y", DataTypes.DoubleType);
    return SparkTestSession.get().createDataFrame(rows, schema);
  }

  private static TwoStepUpliftEstimator twoStep() {
    return new TwoStepUpliftEstimator().setLabelCol("y").setLostCauseProbabilityCol("p_lost")
        .setLostCauseClassifier(new DecisionTreeClassifier().setMaxDepth(2))
        // a regressor as the response model: MLlib's classification trees merge sibling leaves that predict the same
        // class, so their probabilities are not per-x means; a regression tree's predictions are
        .setUpliftLearner(new TLearner().setOutcomeClassifier(new DecisionTreeRegressor().setMaxDepth(2)));
  }

  /** uplift[0] and P(lost cause) at x = 0, 1, 2. */
  private static double[][] at012(TwoStepUpliftModel model) {
    StructType schema = new StructType().add("features", SQLDataTypes.VectorType());
    Dataset<Row> probe = SparkTestSession.get().createDataFrame(List.of(RowFactory.create(Vectors.dense(0)),
        RowFactory.create(Vectors.dense(1)), RowFactory.create(Vectors.dense(2))), schema);
    List<Row> out = model.transform(probe).select(vector_to_array(col("uplift"), "float64").getItem(0), col("p_lost"))
        .collectAsList();
    double[][] r = new double[3][];
    for (int i = 0; i < 3; i++) {
      r[i] = new double[] {out.get(i).getDouble(0), out.get(i).getDouble(1)};
    }
    return r;
  }

  @Test
  void predictedLostCausesRankJustBelowStageTwosMinimum() throws Exception {
    TwoStepUpliftModel model = twoStep().setLostCauseOrder("tied").fit(data());
    assertThat(model.lostCauseUplift()).containsExactly(new double[] {-0.25 - 1e-6}, within(1e-12));
    double[][] r = at012(model);
    assertThat(r[0][0]).isCloseTo(0.5, within(1e-12));
    assertThat(r[0][1]).isCloseTo(0.25, within(1e-12));
    assertThat(r[1][0]).isCloseTo(-0.25 - 1e-6, within(1e-12));
    assertThat(r[1][1]).isCloseTo(1.0, within(1e-12));
    assertThat(r[2][0]).isCloseTo(-0.25, within(1e-12));
    assertThat(r[2][1]).isCloseTo(0.5, within(1e-12));

    // a lower threshold also sends x = 2 (P = 0.5) below the minimum
    assertThat(at012(twoStep().setLostCauseOrder("tied").setLostCauseThreshold(0.5).fit(data()))[2][0])
        .isCloseTo(-0.25 - 1e-6, within(1e-12));

    Path dir = SparkTestSession.tempDir("two-step");
    model.write().overwrite().save(dir.toString());
    TwoStepUpliftModel loaded = TwoStepUpliftModel.load(dir.toString());
    assertThat(loaded.uid()).isEqualTo(model.uid());
    assertThat(loaded.lostCauseUplift()).containsExactly(model.lostCauseUplift());
    assertThat(loaded.upliftModel()).isInstanceOf(TLearnerModel.class);
    assertThat(at012(loaded)).isDeepEqualTo(r);
    assertThat(loaded.getLostCauseThreshold()).isEqualTo(0.65);
    assertThat(loaded.getLostCauseOrder()).isEqualTo("tied");
    assertThat(loaded.extractParamMap().toString()).isEqualTo(model.extractParamMap().toString());
    twoStep().write().overwrite().save(dir.resolve("estimator").toString());
    assertThat(TwoStepUpliftEstimator.load(dir.resolve("estimator").toString()).getUpliftLearner())
        .isInstanceOf(TLearner.class);
  }

  /**
   * Threshold 0.5 makes x = 1 (stage 2: 0) and x = 2 (stage 2: -0.25) lost causes. Tied, both get -0.25 - 1e-6; in
   * stage 2's order each goes below that floor by its distance from stage 2's training maximum 0.5: x = 1 to
   * -0.25 - 1e-6 - 0.5, x = 2 to -0.25 - 1e-6 - 0.75 — still below x = 0, and in stage 2's order among themselves.
   */
  @Test
  void lostCausesCanKeepStageTwosOrderBelowEveryoneElse() throws Exception {
    double floor = -0.25 - 1e-6;
    double[][] tied = at012(twoStep().setLostCauseOrder("tied").setLostCauseThreshold(0.5).fit(data()));
    assertThat(new double[] {tied[0][0], tied[1][0], tied[2][0]}).containsExactly(new double[] {0.5, floor, floor},
        within(1e-12));
    TwoStepUpliftModel model = twoStep().setLostCauseThreshold(0.5).fit(data()); // stage-two is the default
    assertThat(model.stageTwoMax()).containsExactly(new double[] {0.5}, within(1e-12));
    double[][] kept = at012(model);
    assertThat(new double[] {kept[0][0], kept[1][0], kept[2][0]})
        .containsExactly(new double[] {0.5, floor - 0.5, floor - 0.75}, within(1e-12));

    Path dir = SparkTestSession.tempDir("two-step-order");
    model.write().overwrite().save(dir.toString());
    TwoStepUpliftModel loaded = TwoStepUpliftModel.load(dir.toString());
    assertThat(loaded.getLostCauseOrder()).isEqualTo("stage-two");
    assertThat(loaded.stageTwoMax()).containsExactly(model.stageTwoMax());
    assertThat(at012(loaded)).isDeepEqualTo(kept);
    assertThatThrownBy(() -> twoStep().setLostCauseOrder("random")).isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * Balanced weights: without them the classifier's leaves hold plain shares; with 12 responders and 4 lost causes
   * (x = 1 rows made responders) the weights are 16 / (2 * 4) = 2 for lost causes and 16 / (2 * 12) = 2/3 for
   * responders, so P(lost cause | x = 0) = 2 * 2 / (2 * 2 + 6 * 2/3) = 0.5 instead of 2/8.
   */
  @Test
  void balancedWeightsEqualiseTheClasses() {
    Dataset<Row> data = data().withColumn("y", org.apache.spark.sql.functions.when(
        col("treatment").equalTo(1).and(col("id").between(12, 15)), 1.0).otherwise(col("y")));
    assertThat(at012(twoStep().fit(data))[0][1]).isCloseTo(0.5, within(1e-12));
    assertThat(at012(twoStep().setBalanceClasses(false).fit(data))[0][1]).isCloseTo(0.25, within(1e-12));
  }

  @Test
  void needsABinaryOutcomeAndBothKindsOfTreatedRows() {
    assertThatThrownBy(() -> twoStep().fit(data().withColumn("y", col("y").multiply(2))))
        .hasMessageContaining("outcome must be 0 or 1");
    assertThatThrownBy(() -> twoStep().fit(data().withColumn("y", org.apache.spark.sql.functions.lit(1.0))))
        .hasMessageContaining("treated non-responders 0");
  }
}
