package io.upliftsuite.campaign.evaluation;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;

/**
 * A policy judged on the experiment: per customer, the probability of each arm, as K column expressions (arm order
 * of the campaign settings). A deterministic policy gives 1 to one arm; the random baseline gives 1/K to each.
 */
public record CampaignPolicy(String name, List<Column> armProbabilities) {
  /** The allocated policy's name in the results. */
  public static final String ALLOCATED = "allocated";
  public static final String RANDOM = "random";

  public static String everyone(String arm) {
    return "everyone_" + arm;
  }

  /** Everyone gets arm {@code arm}. */
  static CampaignPolicy everyone(List<String> arms, int arm) {
    List<Column> p = new ArrayList<>();
    for (int k = 0; k < arms.size(); k++) {
      p.add(lit(k == arm ? 1.0 : 0.0));
    }
    return new CampaignPolicy(everyone(arms.get(arm)), p);
  }

  /** Each arm with probability 1/K, whatever the customer. */
  static CampaignPolicy random(int arms) {
    List<Column> p = new ArrayList<>();
    for (int k = 0; k < arms; k++) {
      p.add(lit(1.0 / arms));
    }
    return new CampaignPolicy(RANDOM, p);
  }

  /** The arm in an int column (its index). */
  static CampaignPolicy fromArmIndex(String name, Column armIndex, int arms) {
    List<Column> p = new ArrayList<>();
    for (int k = 0; k < arms; k++) {
      p.add(when(armIndex.equalTo(k), lit(1.0)).otherwise(lit(0.0)));
    }
    return new CampaignPolicy(name, p);
  }

  /** Customers whose score is below {@code below} get arm {@code arm}, the others {@code otherwise}. */
  static CampaignPolicy scoreThreshold(List<String> arms, String scoreColumn, double below, int arm, int otherwise) {
    List<Column> p = new ArrayList<>();
    Column low = col("`" + scoreColumn + "`").lt(below);
    for (int k = 0; k < arms.size(); k++) {
      p.add(when(low, lit(k == arm ? 1.0 : 0.0)).otherwise(lit(k == otherwise ? 1.0 : 0.0)));
    }
    return new CampaignPolicy("score_below_" + below + "_" + arms.get(arm) + "_else_" + arms.get(otherwise), p);
  }
}
