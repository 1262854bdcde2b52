package io.upliftsuite.forest;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Randomised-experiment data with a known conditional effect, for tests and the benchmark. Features x0..x{F-1} are
 * uniform on [0,1]; the arm is uniform over {0 = control, 1..K-1}; the control outcome rate is
 * {@code 0.05 + 0.25 x0 + 0.15 [x_{F-1} > 0.5]} (a baseline that does not interact with the arm, which a T-learner
 * spends its splits on); arm a adds {@code tau_a(x) = 0.15 (x_a > 0.5 ? 1 : -0.3) + 0.1 x_{a+1}}; the outcome is
 * Bernoulli of the arm's rate. Every value comes from a hash of (seed, row id, column), so the data does not depend
 * on partitioning. Columns: id, x0.., treatment (int), outcome (int), true_cate (arm 1 vs control), p_control,
 * features (vector of the x columns).
 */
public final class UpliftDataGenerator implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  private final int numFeatures;
  private final int numArms;
  private final long seed;
  private final double effectScale;

  public UpliftDataGenerator(int numFeatures, int numArms, long seed) {
    this(numFeatures, numArms, seed, 1.0);
  }

  /**
   * @param effectScale multiplies every tau_a (in [0, 1]); small effects next to a strong baseline are the realistic
   *     CRM case, where modelling each arm separately (T-learner) wastes its splits on the baseline.
   */
  public UpliftDataGenerator(int numFeatures, int numArms, long seed, double effectScale) {
    if (numFeatures < numArms + 2) {
      throw new IllegalArgumentException("numFeatures must be at least numArms + 2, got " + numFeatures);
    }
    this.numFeatures = numFeatures;
    this.numArms = numArms;
    this.seed = seed;
    if (effectScale < 0 || effectScale > 1) {
      throw new IllegalArgumentException("effectScale must be in [0, 1], got " + effectScale);
    }
    this.effectScale = effectScale;
  }

  /** The true outcome rate of {@code arm} at x. */
  public double rate(double[] x, int arm) {
    double p = 0.05 + 0.25 * x[0] + (x[x.length - 1] > 0.5 ? 0.15 : 0);
    if (arm > 0) {
      p += effectScale * effect(x, arm);
    }
    return Math.min(1, Math.max(0, p));
  }

  /** tau_arm(x) before clipping (the rates stay inside [0, 1] for these constants). */
  public static double effect(double[] x, int arm) {
    return 0.15 * (x[arm] > 0.5 ? 1 : -0.3) + 0.1 * x[arm + 1];
  }

  public StructType schema() {
    StructType s = new StructType().add("id", DataTypes.LongType, false);
    for (int f = 0; f < numFeatures; f++) {
      s = s.add("x" + f, DataTypes.DoubleType, false);
    }
    return s.add("treatment", DataTypes.IntegerType, false).add("outcome", DataTypes.IntegerType, false)
        .add("true_cate", DataTypes.DoubleType, false).add("p_control", DataTypes.DoubleType, false);
  }

  public List<String> featureColumns() {
    List<String> cols = new ArrayList<>();
    for (int f = 0; f < numFeatures; f++) {
      cols.add("x" + f);
    }
    return cols;
  }

  /** Rows with ids [start, start + rows), with a {@code features} vector column. */
  public Dataset<Row> generate(SparkSession spark, long start, long rows, int partitions) {
    int f = numFeatures;
    int k = numArms;
    long s = seed;
    UpliftDataGenerator self = this;
    MapFunction<Long, Row> row = id -> {
      Object[] values = new Object[f + 5];
      double[] x = new double[f];
      values[0] = id;
      for (int j = 0; j < f; j++) {
        x[j] = TreePoint.uniform(s, id, j, 11);
        values[1 + j] = x[j];
      }
      int arm = (int) Math.min(k - 1, Math.floor(TreePoint.uniform(s, id, -1, 12) * k));
      double p = self.rate(x, arm);
      values[f + 1] = arm;
      values[f + 2] = TreePoint.uniform(s, id, -2, 13) < p ? 1 : 0;
      values[f + 3] = self.rate(x, 1) - self.rate(x, 0);
      values[f + 4] = self.rate(x, 0);
      return RowFactory.create(values);
    };
    Dataset<Row> raw = spark.range(start, start + rows, 1, partitions).as(Encoders.LONG())
        .map(row, Encoders.row(schema()));
    return new VectorAssembler().setInputCols(featureColumns().toArray(String[]::new)).setOutputCol("features")
        .transform(raw);
  }
}
