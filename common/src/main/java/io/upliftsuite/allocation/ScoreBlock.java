package io.upliftsuite.allocation;

import java.io.Serializable;

/**
 * One partition of the scores table as flat primitive arrays, cached in executor memory so that each multiplier
 * iteration is a tight loop instead of a table scan. Arm 0 is control (value 0, cost 0); arm k >= 1 is treatment k-1.
 *
 * <p>Index formulas: {@code uplift[i * treatments + (k - 1)]}, {@code cost[i * treatments + (k - 1)]},
 * {@code sales[i * (treatments + 1) + k]} (k = 0 is control).
 */
final class ScoreBlock implements Serializable {
  final int rows;
  final int treatments;
  final String[] ids;
  final double[] weight;
  final double[] uplift;
  final double[] cost;
  /** Predicted sales per arm including control; null when the table has no sales columns. */
  final double[] sales;
  /** Predicted response propensity; null when the table has no propensity column. */
  final double[] propensity;

  ScoreBlock(int rows, int treatments, String[] ids, double[] weight, double[] uplift, double[] cost, double[] sales,
      double[] propensity) {
    this.rows = rows;
    this.treatments = treatments;
    this.ids = ids;
    this.weight = weight;
    this.uplift = uplift;
    this.cost = cost;
    this.sales = sales;
    this.propensity = propensity;
  }

  int arms() {
    return treatments + 1;
  }

  /** The objective's value of giving row i arm k: w_i * tau_k(x_i); control is 0. */
  double value(int i, int arm) {
    return arm == 0 ? 0.0 : weight[i] * uplift[i * treatments + arm - 1];
  }

  /** The unweighted predicted uplift of arm k for row i (what the policies table reports). */
  double uplift(int i, int arm) {
    return arm == 0 ? 0.0 : uplift[i * treatments + arm - 1];
  }

  double cost(int i, int arm) {
    return arm == 0 ? 0.0 : cost[i * treatments + arm - 1];
  }

  double sales(int i, int arm) {
    return sales[i * (treatments + 1) + arm];
  }
}
