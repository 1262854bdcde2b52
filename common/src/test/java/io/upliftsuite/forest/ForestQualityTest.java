package io.upliftsuite.forest;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.upliftsuite.testing.SparkTestSession;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import io.upliftsuite.spark.TrainingSummaries;
import org.apache.spark.ml.classification.RandomForestClassificationModel;
import org.apache.spark.ml.classification.RandomForestClassifier;
import org.apache.spark.ml.functions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * On generated data with a known CATE, the forest's Qini coefficient and correlation with the true CATE beat a
 * T-learner of two MLlib RandomForestClassifiers of the same size (trees, depth, bins).
 */
class ForestQualityTest {
  private static final int TREES = 20;
  private static final int DEPTH = 5;
  private static final int BINS = 32;

  @Test
  void beatsATLearnerOfMllibForestsOnQiniAndCateCorrelation() {
    SparkSession spark = SparkTestSession.get();
    UpliftDataGenerator generator = new UpliftDataGenerator(20, 2, 2024, 0.4);
    Dataset<Row> train = generator.generate(spark, 0, 20_000, 2).cache();
    Dataset<Row> test = generator.generate(spark, 1_000_000, 20_000, 2).cache();

    UpliftRandomForestModel forest = new UpliftRandomForestClassifier().setTreatmentCol("treatment")
        .setLabelCol("outcome").setCriterion("KL").setNumTrees(TREES).setMaxDepth(DEPTH).setMaxBins(BINS)
        .setMinInstancesPerNode(100).setMinTreatmentInstances(20).setSeed(5).fit(train);
    double[][] ours = scores(TestTables.upliftScores(forest.transform(test)));

    RandomForestClassifier rf = new RandomForestClassifier().setFeaturesCol("features").setLabelCol("outcome")
        .setNumTrees(TREES).setMaxDepth(DEPTH).setMaxBins(BINS).setMinInstancesPerNode(100).setSeed(5);
    // without their training summaries: a summary holds the session, which does not serialise once any earlier test
    // of this JVM used Dataset.observe (see TrainingSummaries)
    RandomForestClassificationModel treated = TrainingSummaries.drop(rf.fit(train.where("treatment = 1")));
    RandomForestClassificationModel control = TrainingSummaries.drop(rf.fit(train.where("treatment = 0")));
    Dataset<Row> tScored = control.setProbabilityCol("p0").setRawPredictionCol("r0").setPredictionCol("y0")
        .transform(test);
    tScored = treated.setProbabilityCol("p1").setRawPredictionCol("r1").setPredictionCol("y1").transform(tScored)
        .withColumn("u0", functions.vector_to_array(col("p1"), "float64").getItem(1)
            .minus(functions.vector_to_array(col("p0"), "float64").getItem(1)));
    double[][] theirs = scores(tScored);

    double oursQini = qini(ours);
    double theirsQini = qini(theirs);
    double oursOracle = oracleQini(ours);
    double theirsOracle = oracleQini(theirs);
    double oursCorr = correlation(ours);
    double theirsCorr = correlation(theirs);
    System.out.printf("uplift forest: Qini %.4f, oracle Qini %.4f, corr(true CATE) %.3f; "
        + "T-learner: Qini %.4f, oracle Qini %.4f, corr %.3f%n",
        oursQini, oursOracle, oursCorr, theirsQini, theirsOracle, theirsCorr);
    assertThat(oursOracle).as("oracle Qini").isGreaterThan(theirsOracle);
    assertThat(oursQini).as("Qini: forest %.4f vs T-learner %.4f", oursQini, theirsQini).isGreaterThan(theirsQini);
    assertThat(oursCorr).as("corr: forest %.3f vs T-learner %.3f", oursCorr, theirsCorr).isGreaterThan(theirsCorr);
    assertThat(oursCorr).as("measured 0.657 (T-learner 0.539)").isGreaterThan(0.6);
  }

  /** Rows of (score, treatment, outcome, true CATE) of the test set (20k rows: fine on a test driver). */
  private static double[][] scores(Dataset<Row> scored) {
    List<Row> rows = scored.select(col("u0"), col("treatment").cast("double"), col("outcome").cast("double"),
        col("true_cate")).collectAsList();
    return rows.stream().map(r -> new double[] {r.getDouble(0), r.getDouble(1), r.getDouble(2), r.getDouble(3)})
        .toArray(double[][]::new);
  }

  /**
   * Unscaled Qini coefficient: area between the Qini curve Q(k) = Y_T(k) - Y_C(k) N_T(k)/N_C(k) (rows by descending
   * score, ties grouped) and the random line, divided by the number of rows.
   */
  static double qini(double[][] rows) {
    double[][] sorted = rows.clone();
    Arrays.sort(sorted, Comparator.comparingDouble((double[] r) -> -r[0]));
    double nt = 0;
    double nc = 0;
    double yt = 0;
    double yc = 0;
    double area = 0;
    int n = sorted.length;
    double[] curve = new double[n + 1];
    int i = 0;
    while (i < n) {
      int j = i;
      while (j < n && sorted[j][0] == sorted[i][0]) {
        if (sorted[j][1] == 1) {
          nt++;
          yt += sorted[j][2];
        } else {
          nc++;
          yc += sorted[j][2];
        }
        j++;
      }
      double q = yt - (nc > 0 ? yc * nt / nc : 0);
      for (int k = i + 1; k <= j; k++) {
        curve[k] = curve[i] + (q - curve[i]) * (k - i) / (j - i);
      }
      i = j;
    }
    double total = curve[n];
    for (int k = 1; k <= n; k++) {
      area += curve[k] - total * k / n;
    }
    return area / n / n;
  }

  /** The same area with the known CATE in place of observed outcomes: the cumulative true uplift of the ranking. */
  static double oracleQini(double[][] rows) {
    double[][] sorted = rows.clone();
    Arrays.sort(sorted, Comparator.comparingDouble((double[] r) -> -r[0]));
    double total = 0;
    for (double[] r : sorted) {
      total += r[3];
    }
    double cum = 0;
    double area = 0;
    int n = sorted.length;
    for (int k = 1; k <= n; k++) {
      cum += sorted[k - 1][3];
      area += cum - total * k / n;
    }
    return area / n / n;
  }

  static double correlation(double[][] rows) {
    double n = rows.length;
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double syy = 0;
    double sxy = 0;
    for (double[] r : rows) {
      sx += r[0];
      sy += r[3];
      sxx += r[0] * r[0];
      syy += r[3] * r[3];
      sxy += r[0] * r[3];
    }
    return (sxy - sx * sy / n) / Math.sqrt((sxx - sx * sx / n) * (syy - sy * sy / n));
  }
}
