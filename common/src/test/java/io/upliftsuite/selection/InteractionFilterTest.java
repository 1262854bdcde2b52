package io.upliftsuite.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.upliftsuite.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The F and LR statistics against independent fits: Commons Math OLS and MLlib's unregularised logistic regression. */
class InteractionFilterTest {
  private static final int N = 600;

  private static List<double[]> data() {
    Random rnd = new Random(11);
    List<double[]> out = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      double t = rnd.nextBoolean() ? 1 : 0;
      double x = rnd.nextDouble();
      double z = rnd.nextDouble();
      double p = 0.2 + 0.1 * x + t * 0.5 * x; // the effect of t grows with x; z plays no part
      out.add(new double[] {t, rnd.nextDouble() < p ? 1 : 0, x, z});
    }
    return out;
  }

  private static Dataset<Row> frame(SparkSession spark, List<double[]> d) {
    StructType schema = new StructType().add("t", DataTypes.DoubleType).add("y", DataTypes.DoubleType)
        .add("x", DataTypes.DoubleType).add("z", DataTypes.DoubleType);
    List<Row> rows = d.stream().map(v -> RowFactory.create(v[0], v[1], v[2], v[3])).toList();
    return spark.createDataFrame(rows, schema).withColumn("tx", org.apache.spark.sql.functions.col("t")
        .multiply(org.apache.spark.sql.functions.col("x")));
  }

  @Test
  void fStatisticMatchesOrdinaryLeastSquares() {
    List<double[]> d = data();
    double[] scores = InteractionFilter.scores(UpliftFilter.F, frame(SparkTestSession.get(), d), List.of("x", "z"),
        "t", "y");
    double[] y = d.stream().mapToDouble(v -> v[1]).toArray();
    double[][] full = d.stream().map(v -> new double[] {v[0], v[2], v[0] * v[2]}).toArray(double[][]::new);
    double[][] restricted = d.stream().map(v -> new double[] {v[0], v[2]}).toArray(double[][]::new);
    OLSMultipleLinearRegression a = new OLSMultipleLinearRegression();
    a.newSampleData(y, full);
    OLSMultipleLinearRegression b = new OLSMultipleLinearRegression();
    b.newSampleData(y, restricted);
    double rssFull = a.calculateResidualSumOfSquares();
    double expected = (b.calculateResidualSumOfSquares() - rssFull) / (rssFull / (N - 4));
    assertThat(scores[0]).isCloseTo(expected, offset(1e-6 * expected));
    assertThat(scores[1]).isCloseTo(fByOls(d, y, 3), offset(1e-6 * scores[1] + 1e-9));
    assertThat(scores[0]).isGreaterThan(10 * scores[1]); // z does not interact with t
  }

  private static double fByOls(List<double[]> d, double[] y, int column) {
    OLSMultipleLinearRegression a = new OLSMultipleLinearRegression();
    a.newSampleData(y, d.stream().map(v -> new double[] {v[0], v[column], v[0] * v[column]}).toArray(double[][]::new));
    OLSMultipleLinearRegression b = new OLSMultipleLinearRegression();
    b.newSampleData(y, d.stream().map(v -> new double[] {v[0], v[column]}).toArray(double[][]::new));
    double rssFull = a.calculateResidualSumOfSquares();
    return (b.calculateResidualSumOfSquares() - rssFull) / (rssFull / (N - 4));
  }

  @Test
  void likelihoodRatioMatchesMllibLogisticRegression() {
    SparkSession spark = SparkTestSession.get();
    List<double[]> d = data();
    Dataset<Row> df = frame(spark, d);
    double[] scores = InteractionFilter.scores(UpliftFilter.LR, df, List.of("x", "z"), "t", "y");
    double expected = 2 * (logLikelihood(df, "t", "x", "tx") - logLikelihood(df, "t", "x"));
    assertThat(scores[0]).isCloseTo(expected, offset(1e-4 * expected));
    assertThat(scores[0]).isGreaterThan(5.0);
    assertThat(scores[1]).isLessThan(scores[0] / 5);
  }

  private static double logLikelihood(Dataset<Row> df, String... inputs) {
    Dataset<Row> v = new VectorAssembler().setInputCols(inputs).setOutputCol("v").transform(df);
    LogisticRegressionModel m = new LogisticRegression().setFeaturesCol("v").setLabelCol("y").setRegParam(0)
        .setStandardization(false).setMaxIter(200).setTol(1e-12).fit(v);
    double ll = 0;
    for (Row r : m.transform(v).select("y", "probability").collectAsList()) {
      double p = ((org.apache.spark.ml.linalg.Vector) r.get(1)).apply(1);
      ll += r.getDouble(0) == 1 ? Math.log(p) : Math.log(1 - p);
    }
    return ll;
  }
}
