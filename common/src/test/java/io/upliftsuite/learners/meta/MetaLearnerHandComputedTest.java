package io.upliftsuite.learners.meta;

import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.upliftsuite.testing.SparkTestSession;
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
 * Cases small enough to compute on paper. A depth-0 decision tree predicts the (weighted) mean of its training labels
 * (a classifier: the class shares), a depth-1 tree on one 0/1 feature the mean per feature value, so every stage's
 * prediction is known.
 */
class MetaLearnerHandComputedTest {
  private static final StructType SCHEMA = new StructType()
      .add("id", DataTypes.StringType, false)
      .add("features", SQLDataTypes.VectorType(), false)
      .add("treatment", DataTypes.IntegerType, false)
      .add("y", DataTypes.DoubleType, false)
      .add("g", DataTypes.DoubleType, false)
      .add("w", DataTypes.DoubleType, false);

  private static Dataset<Row> rows(Object[]... rows) {
    List<Row> out = new ArrayList<>();
    for (Object[] r : rows) {
      // id, x, t, y, g, w
      out.add(RowFactory.create(r[0], Vectors.dense((Double) r[1]), r[2], r[3], r[4], r[5]));
    }
    return SparkTestSession.get().createDataFrame(out, SCHEMA);
  }

  /**
   * Two folds by the hash of id (seed 42): fold 0 = ids 8, 11, 12, 13, fold 1 = ids 0, 1, 2, 3 (asserted first).
   * Fold 0 rows (t, y): (1, 4), (1, 2), (0, 1), (0, 3); fold 1 rows: (1, 6), (0, 2), (0, 0), (0, 1).
   * Nuisances of fold 0 rows come from fold 1: mu1 = 6, mu0 = (2 + 0 + 1) / 3 = 1, e = 1/4; of fold 1 rows from
   * fold 0: mu1 = (4 + 2) / 2 = 3, mu0 = (1 + 3) / 2 = 2, e = 2/4.
   * phi = mu1 - mu0 + t (y - mu1) / e - (1 - t) (y - mu0) / (1 - e):
   * fold 0: 5 - 8 = -3, 5 - 16 = -11, 5 - 0 = 5, 5 - 2 / 0.75 = 7/3; fold 1: 1 + 3 / 0.5 = 7, 1 - 0 = 1,
   * 1 + 2 / 0.5 = 5, 1 + 1 / 0.5 = 3. The depth-0 effect model predicts their mean: (28/3) / 8 = 7/6 for every row.
   */
  @Test
  void drPseudoOutcomesAreCrossFittedAndAveraged() {
    Dataset<Row> data = rows(
        new Object[] {"8", 0.0, 1, 4.0, 0.5, 1.0}, new Object[] {"11", 0.0, 1, 2.0, 0.5, 1.0},
        new Object[] {"12", 0.0, 0, 1.0, 0.5, 1.0}, new Object[] {"13", 0.0, 0, 3.0, 0.5, 1.0},
        new Object[] {"0", 0.0, 1, 6.0, 0.5, 1.0}, new Object[] {"1", 0.0, 0, 2.0, 0.5, 1.0},
        new Object[] {"2", 0.0, 0, 0.0, 0.5, 1.0}, new Object[] {"3", 0.0, 0, 1.0, 0.5, 1.0});
    DRLearner dr = new DRLearner().setLabelCol("y").setFoldCol("id").setNumFolds(2).setSeed(42)
        .setOutcomeRegressor(new DecisionTreeRegressor().setMaxDepth(0))
        .setPropensityClassifier(new DecisionTreeClassifier().setMaxDepth(0))
        .setEffectRegressor(new DecisionTreeRegressor().setMaxDepth(0));
    List<Row> folds = data.select(col("id"), TrainingRows.foldOf(dr, "id", 2)).orderBy("id").collectAsList();
    assertThat(folds.toString()).isEqualTo("[[0,1], [1,1], [11,0], [12,0], [13,0], [2,1], [3,1], [8,0]]");

    DRLearnerModel model = dr.fit(data);
    assertThat(model.binaryOutcome()).isFalse();
    for (Row r : model.transform(data).select(vector_to_array(col("uplift"), "float64")).collectAsList()) {
      assertThat(r.getList(0)).hasSize(1);
      assertThat((Double) r.getList(0).get(0)).isCloseTo(7.0 / 6.0, within(1e-12));
    }
  }

  /** The pseudo-outcome formula alone, at the numbers of the fold 0 rows above. */
  @Test
  void pseudoOutcomeFormula() {
    Row r = SparkTestSession.get().sql("select 1.0 as one").select(
        DRLearner.pseudoOutcome(lit(4.0), lit(1.0), lit(1.0), lit(6.0), lit(0.25)),
        DRLearner.pseudoOutcome(lit(3.0), lit(0.0), lit(1.0), lit(6.0), lit(0.25))).first();
    assertThat(r.getDouble(0)).isCloseTo(-3.0, within(1e-12));
    assertThat(r.getDouble(1)).isCloseTo(7.0 / 3.0, within(1e-12));
  }

  /**
   * X-learner with depth-0 response models (global arm means) and depth-1 effect models (means per x):
   * x = 0: treated y 5, 3; control y 1, 2. x = 1: treated y 10; control y 4, 6, 8.
   * mu1 = 18 / 3 = 6, mu0 = 21 / 5 = 4.2. Imputed treated D = y - mu0: x = 0: 0.8, -1.2 => tau1(0) = -0.2;
   * x = 1: 5.8 => tau1(1) = 5.8. Imputed control D = mu1 - y: x = 0: 5, 4 => tau0(0) = 4.5; x = 1: 2, 0, -2 =>
   * tau0(1) = 0. With the given propensity g = 0.25 at x = 0 and 0.8 at x = 1:
   * CATE(0) = 0.25 * 4.5 + 0.75 * (-0.2) = 0.975; CATE(1) = 0.8 * 0 + 0.2 * 5.8 = 1.16.
   */
  @Test
  void xLearnerWeighsTheTwoEffectModelsByThePropensity() {
    Dataset<Row> data = rows(
        new Object[] {"a", 0.0, 1, 5.0, 0.25, 1.0}, new Object[] {"b", 0.0, 1, 3.0, 0.25, 1.0},
        new Object[] {"c", 0.0, 0, 1.0, 0.25, 1.0}, new Object[] {"d", 0.0, 0, 2.0, 0.25, 1.0},
        new Object[] {"e", 1.0, 1, 10.0, 0.8, 1.0}, new Object[] {"f", 1.0, 0, 4.0, 0.8, 1.0},
        new Object[] {"g", 1.0, 0, 6.0, 0.8, 1.0}, new Object[] {"h", 1.0, 0, 8.0, 0.8, 1.0});
    XLearnerModel model = xLearner().fit(data);
    assertThat(model.models().keySet()).containsExactly("effect_treated_1", "effect_control_1");
    List<Row> out = model.transform(data).select(col("id"), vector_to_array(col("uplift"), "float64").getItem(0))
        .orderBy("id").collectAsList();
    double[] expected = {0.975, 0.975, 0.975, 0.975, 1.16, 1.16, 1.16, 1.16};
    for (int i = 0; i < expected.length; i++) {
      assertThat(out.get(i).getDouble(1)).as("row %s", out.get(i)).isCloseTo(expected[i], within(1e-12));
    }
  }

  /** A row of weight 2 counts as that row twice, in every stage (depth-0/1 trees take weighted means). */
  @Test
  void aWeightOfTwoEqualsADuplicatedRow() {
    Object[][] base = {
        {"a", 0.0, 1, 5.0, 0.25, 1.0}, {"b", 0.0, 1, 3.0, 0.25, 1.0}, {"c", 0.0, 0, 1.0, 0.25, 1.0},
        {"d", 0.0, 0, 2.0, 0.25, 1.0}, {"e", 1.0, 1, 10.0, 0.8, 1.0}, {"f", 1.0, 0, 4.0, 0.8, 1.0},
        {"g", 1.0, 0, 6.0, 0.8, 1.0}};
    List<Object[]> weighted = new ArrayList<>(List.of(base));
    weighted.add(new Object[] {"h", 1.0, 0, 8.0, 0.8, 2.0});
    List<Object[]> duplicated = new ArrayList<>(List.of(base));
    duplicated.add(new Object[] {"h", 1.0, 0, 8.0, 0.8, 1.0});
    duplicated.add(new Object[] {"h2", 1.0, 0, 8.0, 0.8, 1.0});
    double[] w = cates(xLearner().setWeightCol("w").fit(rows(weighted.toArray(Object[][]::new))));
    double[] d = cates(xLearner().fit(rows(duplicated.toArray(Object[][]::new))));
    assertThat(w).containsExactly(d, within(1e-12));
    // and the weight changed the answer: without it, h counts once
    double[] unweighted = cates(xLearner().fit(rows(weighted.toArray(Object[][]::new))));
    assertThat(Math.abs(unweighted[1] - w[1])).isGreaterThan(0.01);
  }

  private static XLearner xLearner() {
    return new XLearner().setLabelCol("y").setPropensityCol("g")
        .setOutcomeRegressor(new DecisionTreeRegressor().setMaxDepth(0))
        .setEffectRegressor(new DecisionTreeRegressor().setMaxDepth(1));
  }

  /** CATE at x = 0 and x = 1 (propensities 0.25 and 0.8). */
  private static double[] cates(XLearnerModel model) {
    Dataset<Row> probe = rows(new Object[] {"p0", 0.0, 0, 0.0, 0.25, 1.0}, new Object[] {"p1", 1.0, 0, 0.0, 0.8, 1.0});
    List<Row> out = model.transform(probe).select(vector_to_array(col("uplift"), "float64").getItem(0))
        .collectAsList();
    return new double[] {out.get(0).getDouble(0), out.get(1).getDouble(0)};
  }

  private static org.apache.spark.sql.Column lit(double v) {
    return org.apache.spark.sql.functions.lit(v);
  }
}
