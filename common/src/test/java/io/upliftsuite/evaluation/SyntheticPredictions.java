package io.upliftsuite.evaluation;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.rand;
import static org.apache.spark.sql.functions.randn;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Observational data with KNOWN potential outcomes, in the shape of the {@code predictions} table joined with the
 * {@code oracle_episodes} columns: for checking off-policy estimates and their intervals against the truth.
 *
 * <p>x1, x2 ~ N(0,1). The existing policy contacts with e = clip(σ(0.8·x1 − 0.3), 0.05, 0.95) (confounded: x1 also
 * drives the effect). Outcome probabilities p0 = σ(−1.2 + 0.6·x2) without contact, p1 = σ(−1.2 + 0.6·x2 + 0.9·x1)
 * with contact, so contact helps when x1 > 0 and hurts when x1 < 0 (sleeping dogs). The model's CATE is the true
 * CATE plus N(0, cateNoise²); baseline_score is the true E[Y|x] under the existing policy. Generated on the executors
 * from seeded column expressions over a fixed number of partitions, so a seed always gives the same rows.
 */
public final class SyntheticPredictions {
  private SyntheticPredictions() {}

  public static Dataset<Row> generate(SparkSession spark, long rows, long seed, double cateNoise, int days) {
    Column x1 = col("x1");
    Column x2 = col("x2");
    Dataset<Row> base = spark.range(0, rows, 1, 2)
        .withColumn("x1", randn(seed))
        .withColumn("x2", randn(seed + 1))
        .withColumn("u_action", rand(seed + 2))
        .withColumn("u_outcome", rand(seed + 3))
        .withColumn("noise", randn(seed + 4))
        .withColumn("propensity", greatest(lit(0.05), least(lit(0.95), sigmoid(x1.multiply(0.8).minus(0.3)))))
        .withColumn("p_delivery_90d_no_contact", sigmoid(lit(-1.2).plus(x2.multiply(0.6))))
        .withColumn("p_delivery_90d_contact", sigmoid(lit(-1.2).plus(x2.multiply(0.6)).plus(x1.multiply(0.9))));
    Column p1 = col("p_delivery_90d_contact");
    Column p0 = col("p_delivery_90d_no_contact");
    Column e = col("propensity");
    return base
        .withColumn("action", when(col("u_action").lt(e), 1).otherwise(0))
        .withColumn("outcome_90d",
            when(col("u_outcome").lt(when(col("action").equalTo(1), p1).otherwise(p0)), 1).otherwise(0))
        .withColumn("cate", p1.minus(p0).plus(col("noise").multiply(cateNoise)))
        .withColumn("baseline_score", e.multiply(p1).plus(lit(1.0).minus(e).multiply(p0)))
        .withColumn("item_id", concat(lit("item-"), col("id").cast("string")))
        .withColumn("decision_day", col("id").mod(days).cast("int"))
        .withColumn("model_id", lit("synthetic-" + seed))
        .select("model_id", "item_id", "decision_day", "cate", "propensity", "baseline_score", "action",
            "outcome_90d", "p_delivery_90d_contact", "p_delivery_90d_no_contact", "x1", "x2");
  }

  private static Column sigmoid(Column z) {
    return lit(1.0).divide(lit(1.0).plus(exp(z.unary_$minus())));
  }
}
