package io.upliftsuite.learners.benchmark;

import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.upliftsuite.learners.meta.SLearner;
import io.upliftsuite.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.classification.RandomForestClassifier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class LearnerCatalogTest {
  private static final LearnerCatalog.Settings SMALL = new LearnerCatalog.Settings(10, 4, 20, 10, 3, 40, 2, 5, 4,
      50, 10, 20, 6, 0.65, "stage-two", 32, 11);

  /**
   * A minority outcome (P(y = 1) = 0.04 + 0.03 x1 + 0.04 t, below 0.11 everywhere) with a real treatment effect
   * of 0.04: every leaf of every tree has a majority of y = 0. MLlib's {@code RandomForestClassifier} merges sibling
   * leaves that predict the same class, so its trees collapse to their root and an S-learner built on it scores every
   * row alike (its uplift is identically 0: UQC exactly 1, as on 6 of 10 Hillstrom folds). The catalog's response
   * model (a regression forest of the 0/1 outcome) keeps its leaves: the S-learner's uplift varies and its mean is
   * near the true 0.04.
   */
  @Test
  void sLearnerUsesTheTreatmentOfAMinorityOutcome() {
    BenchmarkData data = BenchmarkData.fromTable("minority", minorityOutcome(6000, 3), "t", "1", "0", "y",
        List.of("x1", "x2"), Set.of());

    Dataset<Row> catalog = upliftOf(LearnerCatalog.create("s", SMALL, data.maxCategories()), data);
    assertThat(catalog.select("u").distinct().count()).isGreaterThan(10);
    double mean = catalog.agg(org.apache.spark.sql.functions.avg("u")).first().getDouble(0);
    assertThat(mean).isBetween(0.015, 0.07);

    // the cause: the same S-learner on MLlib's classifier forest predicts one uplift for every row
    Estimator<?> pruned = new SLearner().setFeaturesCol(BenchmarkData.FEATURES).setTreatmentCol(BenchmarkData.TREATMENT)
        .setLabelCol(BenchmarkData.OUTCOME).setControlLabel("0").setSeed(11)
        .setOutcomeClassifier(new RandomForestClassifier().setNumTrees(10).setMaxDepth(4).setMinInstancesPerNode(20));
    assertThat(upliftOf(pruned, data).select("u").distinct().count()).isEqualTo(1);
  }

  /** The two-step learner's lost-cause model and the response models are probability forests with these sizes. */
  @Test
  void twoStepLostCauseForestHasTheConfiguredSize() {
    var twoStep = (io.upliftsuite.learners.meta.TwoStepUpliftEstimator) LearnerCatalog.create("two-step", SMALL, 4);
    var forest = (org.apache.spark.ml.regression.RandomForestRegressor) twoStep.getLostCauseClassifier();
    assertThat(forest.getNumTrees()).isEqualTo(20);
    assertThat(forest.getMaxDepth()).isEqualTo(6);
    assertThat(forest.getFeatureSubsetStrategy()).isEqualTo("sqrt");
    assertThat(forest.getCacheNodeIds()).isTrue();
  }

  private static Dataset<Row> upliftOf(Estimator<?> learner, BenchmarkData data) {
    Model<?> model = (Model<?>) learner.fit(data.rows());
    return model.transform(data.rows()).withColumn("u", vector_to_array(col("uplift"), "float64").getItem(0));
  }

  private static Dataset<Row> minorityOutcome(int n, long seed) {
    Random rnd = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double x1 = rnd.nextDouble();
      double x2 = rnd.nextDouble();
      int t = rnd.nextBoolean() ? 1 : 0;
      int y = rnd.nextDouble() < 0.04 + 0.03 * x1 + 0.04 * t ? 1 : 0;
      rows.add(RowFactory.create(x1, x2, t, y));
    }
    StructType schema = new StructType().add("x1", DataTypes.DoubleType).add("x2", DataTypes.DoubleType)
        .add("t", DataTypes.IntegerType).add("y", DataTypes.IntegerType);
    return SparkTestSession.get().createDataFrame(rows, schema);
  }
}
