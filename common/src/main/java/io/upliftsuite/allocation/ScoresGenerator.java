package io.upliftsuite.allocation;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lpad;
import static org.apache.spark.sql.functions.randn;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A seeded synthetic scores table for local runs and the benchmark (until trained models' scores exist):
 * a latent responsiveness drives every treatment's uplift (treatment j has (j+1) times the effect plus noise),
 * baseline sales are log-normal, sales under treatment j are baseline + uplift_j, and the propensity is a noisy
 * logistic of the latent. Same seed, size and partitions give the same table.
 */
public final class ScoresGenerator {
  private ScoresGenerator() {}

  public static Dataset<Row> generate(SparkSession spark, long customers, List<Treatment> treatments, int partitions,
      long seed, ScoreColumns columns) {
    Dataset<Row> base = spark.range(0, customers, 1, partitions)
        .withColumn("latent", randn(seed))
        .withColumn("base_sales", exp(randn(seed + 1).multiply(0.5)).multiply(30.0))
        .withColumn("noise", randn(seed + 2));
    List<Column> out = new ArrayList<>();
    out.add(concat(lit("c"), lpad(col("id").cast("string"), 10, "0")).as(columns.customerId()));
    out.add(lit(1.0).as(columns.weight()));
    for (int j = 0; j < treatments.size(); j++) {
      out.add(upliftColumn(j, seed).as(columns.uplift(treatments.get(j).name())));
    }
    out.add(col("base_sales").as(columns.salesControl()));
    for (int j = 0; j < treatments.size(); j++) {
      out.add(col("base_sales").plus(upliftColumn(j, seed)).as(columns.sales(treatments.get(j).name())));
    }
    Column logit = col("latent").plus(col("noise").multiply(0.3));
    out.add(lit(1.0).divide(lit(1.0).plus(exp(logit.multiply(-1)))).as(columns.propensity()));
    return base.withColumns(upliftNoise(treatments.size(), seed)).select(out.toArray(Column[]::new));
  }

  private static java.util.Map<String, Column> upliftNoise(int treatments, long seed) {
    java.util.Map<String, Column> m = new java.util.LinkedHashMap<>();
    for (int j = 0; j < treatments; j++) {
      m.put("uplift_noise_" + j, randn(seed + 10 + j));
    }
    return m;
  }

  private static Column upliftColumn(int j, long seed) {
    return col("latent").plus(0.5).multiply(j + 1.0).plus(col("uplift_noise_" + j).multiply(1.5));
  }
}
