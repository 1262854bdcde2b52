package io.upliftsuite.forest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.upliftsuite.testing.SparkTestSession;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The continuous-outcome forest (causal MSE) recovers a planted effect and ignores a baseline-only feature. */
class UpliftRandomForestRegressorTest {

  @Test
  void causalMseForestFindsTheEffectNotTheBaseline() {
    // y = 5 x0 (baseline only) + 2 [x1 > 0.5] for treated rows + uniform noise in [-0.5, 0.5)
    Dataset<Row> data = new UpliftDataGenerator(5, 2, 21).generate(SparkTestSession.get(), 0, 3000, 2)
        .selectExpr("*", "5 * x0 + case when treatment = 1 and x1 > 0.5 then 2.0 else 0.0 end "
            + "+ (x2 * 7919 - floor(x2 * 7919)) - 0.5 as spend");
    UpliftRandomForestModel model = new UpliftRandomForestRegressor().setTreatmentCol("treatment")
        .setLabelCol("spend").setNumTrees(5).setMaxDepth(3).setMinInstancesPerNode(50)
        .setMinTreatmentInstances(10).setFeatureSubsetStrategy("all").setSeed(3).fit(data);
    assertThat(model.getCriterion()).isEqualTo("CausalMSE");
    assertThat(model.featureImportances().argmax()).as("importances %s", model.featureImportances()).isEqualTo(1);
    Row means = TestTables.upliftScores(model.transform(data))
        .selectExpr("avg(case when x1 > 0.5 then u0 end)", "avg(case when x1 <= 0.5 then u0 end)").first();
    assertThat(means.getDouble(0)).isCloseTo(2.0, within(0.25));
    assertThat(means.getDouble(1)).isCloseTo(0.0, within(0.25));
  }
}
