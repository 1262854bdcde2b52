package io.upliftsuite.allocation;

import org.apache.spark.api.java.JavaRDD;

/**
 * Totals of the scores table from one pass: rows, the value scale V = sum_i max_k |w_i tau_ik| (used to scale
 * multipliers and tolerances), sales per arm if everyone got it, and the largest achievable sales.
 */
record ScoreTotals(long rows, double valueScale, double[] salesPerArm, double maxSales) {

  static ScoreTotals of(JavaRDD<ScoreBlock> blocks, int arms) {
    // Layout: [rows, valueScale, maxSales, sales_0 .. sales_K].
    double[] t = blocks.treeAggregate(new double[3 + arms], (acc, b) -> {
      for (int i = 0; i < b.rows; i++) {
        acc[0] += 1;
        double best = 0;
        for (int k = 1; k < arms; k++) {
          best = Math.max(best, Math.abs(b.value(i, k)));
        }
        acc[1] += best;
        if (b.sales != null) {
          double maxSales = Double.NEGATIVE_INFINITY;
          for (int k = 0; k < arms; k++) {
            double s = b.sales(i, k);
            acc[3 + k] += s;
            maxSales = Math.max(maxSales, s);
          }
          acc[2] += maxSales;
        }
      }
      return acc;
    }, PolicyEvaluation::merge, 2);
    double[] sales = new double[arms];
    System.arraycopy(t, 3, sales, 0, arms);
    return new ScoreTotals(Math.round(t[0]), t[1], sales, t[2]);
  }
}
