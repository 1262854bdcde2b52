package io.upliftsuite.learners.meta;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Observational test data with known potential outcomes. Four features x1..x4 ~ U(-1, 1). The logging policy
 * depends on x1 (the confounder, which also drives the baseline outcome), the effect on x2 (and x3 for a second
 * arm), so the naive treated-minus-control difference is biased while the truth is known per row.
 *
 * <ul>
 *   <li>Binary outcome, two arms: e(x) = sigmoid(-0.3 + 2 x1 + 0.6 x3), mu0 = 0.4 + 0.2 x1 + 0.05 x4 in [0.15, 0.65],
 *       tau = 0.1 + 0.25 x2 in [-0.15, 0.35], y ~ Bernoulli(mu0 + t tau); ATE = 0.1.</li>
 *   <li>Binary outcome, three arms 0/1/2: P(arm | x) = softmax(0, 1.5 x1, -1.5 x1 + 0.5 x3); logistic outcome
 *       means mu0 = sigmoid(-0.2 + 2 x1), mu1 = sigmoid(-0.2 + 2 x1 + 0.5 + x2), mu2 = sigmoid(-0.2 + 2 x1 - 0.3 +
 *       0.8 x3); tau_a = mu_a - mu0 (ATEs about 0.09 and -0.05).</li>
 *   <li>Continuous outcome, two arms: e as above, y = 2 + 3 x1 + x4 + t (1 + 1.5 x2) + N(0, 1); ATE = 1.</li>
 * </ul>
 * Columns: id (long), features (vector x1..x4), treatment (int), y (double), true_cate_1 and true_cate_2 (the
 * true CATE of arms 1 and 2; 0 for a missing arm), p0, p1, p2 (true P(arm | x)), mu0 (true E[y | x, control]).
 */
final class ConfoundedData {
  enum Kind { BINARY, THREE_ARMS, CONTINUOUS }

  private ConfoundedData() {}

  static double sigmoid(double z) {
    return 1.0 / (1.0 + Math.exp(-z));
  }

  static Dataset<Row> generate(SparkSession spark, Kind kind, int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    List<Row> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      double x1 = rng.nextDouble(-1, 1);
      double x2 = rng.nextDouble(-1, 1);
      double x3 = rng.nextDouble(-1, 1);
      double x4 = rng.nextDouble(-1, 1);
      var features = Vectors.dense(x1, x2, x3, x4);
      switch (kind) {
        case BINARY -> {
          double e = sigmoid(-0.3 + 2 * x1 + 0.6 * x3);
          double mu0 = 0.4 + 0.2 * x1 + 0.05 * x4;
          double tau = 0.1 + 0.25 * x2;
          int t = rng.nextDouble() < e ? 1 : 0;
          double y = rng.nextDouble() < mu0 + t * tau ? 1 : 0;
          rows.add(RowFactory.create((long) i, features, t, y, tau, 0.0, 1 - e, e, 0.0, mu0));
        }
        case THREE_ARMS -> {
          double s1 = Math.exp(1.5 * x1);
          double s2 = Math.exp(-1.5 * x1 + 0.5 * x3);
          double p0 = 1 / (1 + s1 + s2);
          double p1 = s1 * p0;
          double u = rng.nextDouble();
          int t = u < p0 ? 0 : u < p0 + p1 ? 1 : 2;
          double base = -0.2 + 2 * x1;
          double mu0 = sigmoid(base);
          double tau1 = sigmoid(base + 0.5 + x2) - mu0;
          double tau2 = sigmoid(base - 0.3 + 0.8 * x3) - mu0;
          double mean = mu0 + (t == 1 ? tau1 : t == 2 ? tau2 : 0);
          double y = rng.nextDouble() < mean ? 1 : 0;
          rows.add(RowFactory.create((long) i, features, t, y, tau1, tau2, p0, p1, s2 * p0, mu0));
        }
        case CONTINUOUS -> {
          double e = sigmoid(-0.3 + 2 * x1 + 0.6 * x3);
          double mu0 = 2 + 3 * x1 + x4;
          double tau = 1 + 1.5 * x2;
          int t = rng.nextDouble() < e ? 1 : 0;
          double y = mu0 + t * tau + gaussian(rng);
          rows.add(RowFactory.create((long) i, features, t, y, tau, 0.0, 1 - e, e, 0.0, mu0));
        }
        default -> throw new IllegalStateException();
      }
    }
    StructType schema = new StructType()
        .add("id", DataTypes.LongType, false)
        .add("features", SQLDataTypes.VectorType(), false)
        .add("treatment", DataTypes.IntegerType, false)
        .add("y", DataTypes.DoubleType, false)
        .add("true_cate_1", DataTypes.DoubleType, false)
        .add("true_cate_2", DataTypes.DoubleType, false)
        .add("p0", DataTypes.DoubleType, false)
        .add("p1", DataTypes.DoubleType, false)
        .add("p2", DataTypes.DoubleType, false)
        .add("mu0", DataTypes.DoubleType, false);
    return spark.createDataFrame(rows, schema);
  }

  private static double gaussian(SplittableRandom rng) {
    // Box-Muller from the same seeded stream
    double u1 = rng.nextDouble();
    double u2 = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  }
}
