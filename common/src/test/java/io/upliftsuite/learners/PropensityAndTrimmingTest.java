package io.upliftsuite.learners;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.apache.spark.sql.functions.col;

import io.upliftsuite.testing.SparkTestSession;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PropensityAndTrimmingTest {
  private static SparkSession spark;
  private static Dataset<Row> encoded;

  @BeforeAll
  static void data() {
    spark = SparkTestSession.get();
    Dataset<Row> episodes = SyntheticEpisodes.generate(spark, 4000, List.of(1), 0.0, 7L).episodes().cache();
    FeatureSpace space = FeatureSpace.fit(episodes, FeatureColumns.fromSchema(episodes.schema()));
    encoded = space.transform(episodes).cache();
  }

  @Test
  void logisticPropensityIsAccurateAndCalibrated() {
    PropensityModel.Fitted fitted = new PropensityModel().seed(1).fit(encoded);
    Dataset<Row> scored = fitted.transform(encoded);
    PropensityModel.Diagnostics d = PropensityModel.diagnose(scored, "action", 10);
    // The true model is logistic in x2 with slope 7.24, whose population AUC is about 0.85.
    assertThat(d.auc()).isBetween(0.80, 0.90);
    assertThat(d.calibration().expectedCalibrationError()).isLessThan(0.03);
    assertThat(d.calibration().bins()).hasSizeGreaterThan(5);
    assertThat(d.rows()).isEqualTo(4000);
  }

  @Test
  void gbtPropensityOptionAlsoSeparatesTheArms() {
    PropensityModel.Fitted fitted = new PropensityModel().kind(PropensityModel.Kind.GBT).maxIter(5).seed(1)
        .fit(encoded);
    PropensityModel.Diagnostics d = PropensityModel.diagnose(fitted.transform(encoded), "action", 10);
    assertThat(d.auc()).isBetween(0.80, 0.92);
  }

  @Test
  void trimmingRemovesTheSmallShareWhosePropensityIsExtreme() {
    Dataset<Row> scored = new PropensityModel().fit(encoded).transform(encoded);
    PositivityTrimming.Result r = PositivityTrimming.apply(scored, PropensityModel.PROPENSITY, 0.01, 0.99);
    // By construction 2% of rows have a true propensity above 0.99 and none below 0.01.
    assertThat(r.rows()).isEqualTo(4000);
    assertThat(r.excludedShare()).isBetween(0.005, 0.04);
    assertThat(r.kept().count()).isEqualTo(r.rows() - r.excluded());
    assertThat(r.kept().where(col(PropensityModel.PROPENSITY).gt(0.99)).count()).isZero();
  }

  @Test
  void trimmingCountsHandComputedCaseWithInclusiveBounds() {
    StructType schema = new StructType().add("propensity", DataTypes.DoubleType);
    Dataset<Row> rows = spark.createDataFrame(List.of(RowFactory.create(0.005), RowFactory.create(0.01),
        RowFactory.create(0.5), RowFactory.create(0.99), RowFactory.create(0.995)), schema);
    PositivityTrimming.Result r = PositivityTrimming.apply(rows, "propensity", 0.01, 0.99);
    assertThat(r.excluded()).isEqualTo(2);
    assertThat(r.excludedShare()).isEqualTo(0.4);
    assertThat(r.kept().count()).isEqualTo(3);
    assertThatThrownBy(() -> PositivityTrimming.apply(rows, "propensity", 0.5, 0.4))
        .hasMessageContaining("0 <= low < high <= 1");
  }

  @Test
  void calibrationOfHandComputedBins() {
    StructType schema = new StructType().add("p", DataTypes.DoubleType).add("y", DataTypes.IntegerType);
    Dataset<Row> rows = spark.createDataFrame(List.of(RowFactory.create(0.1, 0), RowFactory.create(0.1, 0),
        RowFactory.create(0.2, 1), RowFactory.create(0.8, 1), RowFactory.create(0.9, 1)), schema);
    ProbabilityCalibration c = ProbabilityCalibration.of(rows, "p", "y", 2);
    // bin 0: p mean 0.1333, observed 1/3 (3 rows); bin 1: p mean 0.85, observed 1 (2 rows)
    assertThat(c.bins()).hasSize(2);
    assertThat(c.bins().get(0).rows()).isEqualTo(3);
    assertThat(c.expectedCalibrationError())
        .isCloseTo((3 * Math.abs(0.4 / 3 - 1.0 / 3) + 2 * 0.15) / 5, org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void baselineRanksTheOutcome() {
    var model = new PredictiveBaseline().maxIter(10).maxDepth(3).seed(3).fit(encoded);
    Dataset<Row> scored = PredictiveBaseline.score(model, encoded);
    double auc = new org.apache.spark.ml.evaluation.BinaryClassificationEvaluator()
        .setRawPredictionCol(PredictiveBaseline.BASELINE_SCORE).setLabelCol("y")
        .evaluate(scored.withColumn("y", col("outcome_90d").cast("double")));
    // The outcome depends on x3, x2, the action and the CATE drivers; a fitted ranker beats chance clearly.
    assertThat(auc).isGreaterThan(0.62);
    assertThat(scored.where(col(PredictiveBaseline.BASELINE_SCORE).lt(0)
        .or(col(PredictiveBaseline.BASELINE_SCORE).gt(1))).count()).isZero();
  }
}
