package io.upliftsuite.allocation;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lpad;
import static org.apache.spark.sql.functions.randn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A seeded synthetic scores table in the layout {@code campaign-models} writes (and conf/allocation.conf reads), for
 * tests and the allocation benchmark: customer_id, completion_score, and per treatment t with reward r_t
 * revenue_uplift_t, sales_uplift_t, reward_cost_uplift_t, plus sales_control and reward_cost_control (0).
 * A latent responsiveness L drives every treatment's sales uplift ((t+1)(L + 0.5) + 1.5 noise); the reward cost of
 * treatment t is r_t times a completion probability rising with L; revenue uplift = sales uplift - reward cost.
 * Base sales are log-normal. Same seed, size and partitions give the same table.
 */
public final class ScoresGenerator {
  private ScoresGenerator() {}

  public static Dataset<Row> generate(SparkSession spark, long customers, Map<String, Double> treatmentRewards,
      int partitions, long seed) {
    Map<String, Column> latent = new LinkedHashMap<>();
    latent.put("latent", randn(seed));
    latent.put("base_sales", exp(randn(seed + 1).multiply(0.5)).multiply(30.0));
    latent.put("noise", randn(seed + 2));
    int j = 0;
    for (String t : treatmentRewards.keySet()) {
      latent.put("uplift_noise_" + j, randn(seed + 10 + j));
      j++;
    }
    Dataset<Row> base = spark.range(0, customers, 1, partitions).withColumns(latent);
    List<Column> out = new ArrayList<>();
    out.add(concat(lit("c"), lpad(col("id").cast("string"), 10, "0")).as("customer_id"));
    Column logit = col("latent").plus(col("noise").multiply(0.3)).minus(1.0);
    out.add(lit(1.0).divide(lit(1.0).plus(exp(logit.multiply(-1)))).as("completion_score"));
    out.add(col("base_sales").as("sales_control"));
    out.add(lit(0.0).as("reward_cost_control"));
    j = 0;
    for (Map.Entry<String, Double> t : treatmentRewards.entrySet()) {
      Column sales = col("latent").plus(0.5).multiply(j + 1.0).plus(col("uplift_noise_" + j).multiply(1.5));
      Column completion = lit(1.0).divide(lit(1.0).plus(exp(col("latent").multiply(-0.4).plus(1.5 - 0.3 * j))));
      Column cost = completion.multiply(t.getValue());
      out.add(sales.minus(cost).as("revenue_uplift_" + t.getKey()));
      out.add(sales.as("sales_uplift_" + t.getKey()));
      out.add(cost.as("reward_cost_uplift_" + t.getKey()));
      j++;
    }
    return base.select(out.toArray(Column[]::new));
  }

  /** The default campaign treatments and rewards (conf/campaign.conf). */
  public static Map<String, Double> campaignTreatments() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("reward_5", 5.0);
    m.put("reward_10", 10.0);
    m.put("reward_20", 20.0);
    return m;
  }
}
