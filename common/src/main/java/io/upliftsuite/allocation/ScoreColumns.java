package io.upliftsuite.allocation;

import java.io.Serializable;

/**
 * Column names of the scores table: {@code <uplift-prefix><treatment>} is required per treatment; the weight,
 * {@code <cost-prefix><treatment>} (overrides the unit cost per customer), {@code <sales-prefix><treatment>} plus
 * the control sales column, and the propensity column are optional.
 */
public record ScoreColumns(String customerId, String weight, String upliftPrefix, String costPrefix,
    String salesPrefix, String salesControl, String propensity) implements Serializable {

  public static ScoreColumns defaults() {
    return new ScoreColumns("customer_id", "weight", "uplift_", "cost_", "sales_", "sales_control", "propensity");
  }

  public String uplift(String treatment) {
    return upliftPrefix + treatment;
  }

  public String cost(String treatment) {
    return costPrefix + treatment;
  }

  public String sales(String treatment) {
    return salesPrefix + treatment;
  }
}
