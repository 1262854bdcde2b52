package io.upliftsuite.learners.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A randomised coupon campaign (treatment 50/50) whose customers belong to the four textbook segments, drawn with
 * feature-dependent weights: persuadable exp(2 x1) (responds 0.6 treated, 0.1 untreated), sure thing exp(1.5 x4)
 * (responds 0.9 either way, one draw), lost cause exp(2 (1 - x1) + x2) (never responds) and sleeping dog
 * {@code dogWeight} exp(2 x3) (responds 0.1 treated, 0.6 untreated). {@code dogWeight = 0} is the no-sleeping-dog
 * variant, in which a treated non-responder is never hurt by the treatment. Columns: x1..x4 (U(0, 1)), then
 * {@code noise} more U(0, 1) columns x5, x6, ... that play no part (a campaign table's many irrelevant features),
 * treatment (0/1), outcome (0/1), and the truth, which is not a feature: segment (string) and true_uplift, the
 * expected effect at x: (0.6 - 0.1) P(persuadable | x) + (0.1 - 0.6) P(sleeping dog | x).
 *
 * <p>{@code dormantShare > 0} adds what the two-step method presumes, a lost-cause segment one can recognise: the
 * customers with x2 above {@code 1 - dormantShare} (think "no purchase for a year") are lost causes outright, and
 * the segment mixture above applies to the rest. With {@code dormantShare = 0} every segment is a feature-dependent
 * mixture and no region of x is all lost causes.
 * Test code: the product ships no data generator.
 */
public final class SegmentedCampaign {
  private SegmentedCampaign() {}

  /**
   * Writes one CSV file (header): {@code OUTPUT_DIR ROWS DOG_WEIGHT SEED [NOISE_FEATURES=0] [DORMANT_SHARE=0]}
   * (scripts/bench/learners uses it).
   */
  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().master("local[2]").appName("segmented-campaign")
        .config("spark.ui.enabled", "false").getOrCreate();
    try {
      int noise = args.length > 4 ? Integer.parseInt(args[4]) : 0;
      double dormant = args.length > 5 ? Double.parseDouble(args[5]) : 0.0;
      generate(spark, Integer.parseInt(args[1]), Double.parseDouble(args[2]), noise, dormant, Long.parseLong(args[3]))
          .coalesce(1).write().mode("overwrite").option("header", "true").csv(args[0]);
    } finally {
      spark.stop();
    }
  }

  static Dataset<Row> generate(SparkSession spark, int n, double dogWeight, long seed) {
    return generate(spark, n, dogWeight, 0, seed);
  }

  static Dataset<Row> generate(SparkSession spark, int n, double dogWeight, int noise, long seed) {
    return generate(spark, n, dogWeight, noise, 0.0, seed);
  }

  static Dataset<Row> generate(SparkSession spark, int n, double dogWeight, int noise, double dormantShare,
      long seed) {
    if (dormantShare < 0 || dormantShare >= 1) {
      throw new IllegalArgumentException("dormant share must be in [0, 1), got " + dormantShare);
    }
    SplittableRandom rng = new SplittableRandom(seed);
    List<Row> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      double x1 = rng.nextDouble();
      double x2 = rng.nextDouble();
      double x3 = rng.nextDouble();
      double x4 = rng.nextDouble();
      double[] w = {Math.exp(2 * x1), Math.exp(1.5 * x4), Math.exp(2 * (1 - x1) + x2), dogWeight * Math.exp(2 * x3)};
      double total = w[0] + w[1] + w[2] + w[3];
      double u = rng.nextDouble() * total;
      boolean dormant = x2 > 1 - dormantShare;
      int segment = dormant ? 2 : u < w[0] ? 0 : u < w[0] + w[1] ? 1 : u < w[0] + w[1] + w[2] ? 2 : 3;
      int t = rng.nextDouble() < 0.5 ? 1 : 0;
      double v = rng.nextDouble();
      double p = switch (segment) {
        case 0 -> t == 1 ? 0.6 : 0.1;
        case 1 -> 0.9;
        case 2 -> 0.0;
        default -> t == 1 ? 0.1 : 0.6;
      };
      String name = new String[] {"persuadable", "sure_thing", "lost_cause", "sleeping_dog"}[segment];
      Object[] values = new Object[4 + noise + 4];
      values[0] = x1;
      values[1] = x2;
      values[2] = x3;
      values[3] = x4;
      for (int k = 0; k < noise; k++) {
        values[4 + k] = rng.nextDouble();
      }
      values[4 + noise] = t;
      values[5 + noise] = v < p ? 1 : 0;
      values[6 + noise] = name;
      values[7 + noise] = dormant ? 0.0 : 0.5 * (w[0] - w[3]) / total;
      rows.add(RowFactory.create(values));
    }
    StructType schema = new StructType();
    for (int k = 1; k <= 4 + noise; k++) {
      schema = schema.add("x" + k, DataTypes.DoubleType);
    }
    schema = schema.add("treatment", DataTypes.IntegerType).add("outcome", DataTypes.IntegerType)
        .add("segment", DataTypes.StringType).add("true_uplift", DataTypes.DoubleType);
    return spark.createDataFrame(rows, schema);
  }
}
