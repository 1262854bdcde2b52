package io.upliftsuite.recommend;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * The policy applied to scored decision points: recommend {@value #CONTACT} when {@code cate > threshold}, else
 * {@value #NO_CONTACT}; with a daily capacity N > 0, only the N decision points of a date with the highest CATE
 * among those above the threshold (ties broken by item_id and decision day, so the result never depends on the
 * partitioning). The same function serves {@code recommend} and the tests that apply the policy to episodes.
 */
public final class RecommendationPolicy {
  public static final String RECOMMENDATION = "recommendation";
  public static final String CONTACT = "contact";
  public static final String NO_CONTACT = "no_contact";

  private RecommendationPolicy() {}

  /** Adds {@value #RECOMMENDATION} to rows with {@code run_date}, {@code item_id}, {@code decision_day}, {@code cate}. */
  public static Dataset<Row> apply(Dataset<Row> scored, double threshold, int dailyCapacity) {
    return apply(scored, lit(threshold), dailyCapacity);
  }

  /**
   * The same with a threshold expression (e.g. a per-model column); -Infinity contacts every row with a finite CATE,
   * +Infinity none.
   */
  public static Dataset<Row> apply(Dataset<Row> scored, Column threshold, int dailyCapacity) {
    Column above = col("cate").gt(threshold);
    if (dailyCapacity <= 0) {
      return scored.withColumn(RECOMMENDATION, when(above, lit(CONTACT)).otherwise(lit(NO_CONTACT)));
    }
    // rows above the threshold first, then by CATE: their row number is the rank among them
    WindowSpec byDate = Window.partitionBy(col("run_date"))
        .orderBy(above.desc(), col("cate").desc(), col("item_id"), col("decision_day"));
    return scored.withColumn("_rank", row_number().over(byDate))
        .withColumn(RECOMMENDATION, when(above.and(col("_rank").leq(dailyCapacity)), lit(CONTACT))
            .otherwise(lit(NO_CONTACT)))
        .drop("_rank");
  }
}
