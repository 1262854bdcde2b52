package io.upliftsuite.learners;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Episodes with known potential outcomes, in the episodes-table contract, for tests that must know the truth:
 * <ul>
 *   <li>features x1..x5 ~ U(0,1), region ∈ {A (50%), B (30%), C (20%)}, has_email (noise), n_calls (noise);</li>
 *   <li>assignment: P(action = 1) = sigmoid({@value #PROPENSITY_INTERCEPT} + {@value #PROPENSITY_SLOPE}·x2), so x2
 *       confounds, and exactly the rows with x2 &gt; 0.98 have a true propensity above 0.99 (2% of rows);</li>
 *   <li>outcome: P(Y(0) = 1) = 0.15 + 0.2·x3 + 0.1·x2 and P(Y(1) = 1) = P(Y(0) = 1) + CATE with
 *       CATE = (0.3·x1 + 0.2·[region = A])·(8 − day)/7: the drivers of heterogeneity are x1 and region.</li>
 * </ul>
 * The oracle dataset has the contract of {@code oracle_episodes} (true 90-day probabilities per action).
 *
 * <p>For tests and {@code scripts/bench/train} (through {@code io.upliftsuite.bench.SyntheticEpisodesTable}; the
 * simulator is the realistic source); rows are generated on the driver, so keep it to tens of thousands of rows.
 */
public final class SyntheticEpisodes {
  static final double PROPENSITY_INTERCEPT = -2.5;
  static final double PROPENSITY_SLOPE = 7.24;
  static final Instant FIRST_REGISTRATION = Instant.parse("2024-01-01T00:00:00Z");
  static final long REGISTRATION_SPAN_SECONDS = 730L * 86400L;

  public static final StructType SCHEMA = new StructType()
      .add("item_id", DataTypes.StringType).add("lead_id", DataTypes.StringType)
      .add("decision_day", DataTypes.IntegerType).add("decision_ts", DataTypes.TimestampType)
      .add("registered_at", DataTypes.TimestampType).add("action", DataTypes.IntegerType)
      .add("outcome_90d", DataTypes.IntegerType).add("outcome_14d", DataTypes.IntegerType)
      .add("censored", DataTypes.BooleanType)
      .add("x1", DataTypes.DoubleType).add("x2", DataTypes.DoubleType).add("x3", DataTypes.DoubleType)
      .add("x4", DataTypes.DoubleType).add("x5", DataTypes.DoubleType)
      .add("region", DataTypes.StringType).add("has_email", DataTypes.BooleanType)
      .add("n_calls", DataTypes.IntegerType);

  public static final StructType ORACLE_SCHEMA = new StructType()
      .add("item_id", DataTypes.StringType).add("decision_day", DataTypes.IntegerType)
      .add("p_delivery_90d_contact", DataTypes.DoubleType).add("p_delivery_90d_no_contact", DataTypes.DoubleType)
      .add("p_delivery_14d_contact", DataTypes.DoubleType).add("p_delivery_14d_no_contact", DataTypes.DoubleType);

  public record Data(Dataset<Row> episodes, Dataset<Row> oracle) {}

  private SyntheticEpisodes() {}

  public static double trueCate(double x1, String region, int day) {
    return (0.3 * x1 + ("A".equals(region) ? 0.2 : 0.0)) * (8 - day) / 7.0;
  }

  public static double truePropensity(double x2) {
    return 1.0 / (1.0 + Math.exp(-(PROPENSITY_INTERCEPT + PROPENSITY_SLOPE * x2)));
  }

  /** {@code itemsPerDay} items, each with one episode on every day of {@code days}; censoredShare of them censored. */
  public static Data generate(SparkSession spark, int itemsPerDay, List<Integer> days, double censoredShare,
      long seed) {
    Random rnd = new Random(seed);
    List<Row> episodes = new ArrayList<>();
    List<Row> oracle = new ArrayList<>();
    for (int day : days) {
      for (int i = 0; i < itemsPerDay; i++) {
        String item = "i" + i;
        double x1 = rnd.nextDouble();
        double x2 = rnd.nextDouble();
        double x3 = rnd.nextDouble();
        double x4 = rnd.nextDouble();
        double x5 = rnd.nextDouble();
        double u = rnd.nextDouble();
        String region = u < 0.5 ? "A" : u < 0.8 ? "B" : "C";
        boolean hasEmail = rnd.nextBoolean();
        int calls = rnd.nextInt(6);
        Instant registered = FIRST_REGISTRATION.plusSeconds((long) (rnd.nextDouble() * REGISTRATION_SPAN_SECONDS));
        int action = rnd.nextDouble() < truePropensity(x2) ? 1 : 0;
        double p0 = 0.15 + 0.2 * x3 + 0.1 * x2;
        double p1 = p0 + trueCate(x1, region, day);
        int y = rnd.nextDouble() < (action == 1 ? p1 : p0) ? 1 : 0;
        int y14 = y == 1 && rnd.nextDouble() < 0.4 ? 1 : 0;
        boolean censored = rnd.nextDouble() < censoredShare;
        episodes.add(RowFactory.create(item, "l" + i, day, Timestamp.from(registered.plusSeconds(86400L * day)),
            Timestamp.from(registered), action, y, y14, censored, x1, x2, x3, x4, x5, region, hasEmail, calls));
        oracle.add(RowFactory.create(item, day, p1, p0, 0.4 * p1, 0.4 * p0));
      }
    }
    return new Data(spark.createDataFrame(episodes, SCHEMA), spark.createDataFrame(oracle, ORACLE_SCHEMA));
  }
}
