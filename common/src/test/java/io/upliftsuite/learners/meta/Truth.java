package io.upliftsuite.learners.meta;

import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.corr;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** What the generator's truth says about an arm, and how a scored data set compares with it. */
record Truth(double ate, double naive, double efficientSe, double meanCate, double correlation) {

  /**
   * For arm {@code arm} of {@link ConfoundedData} rows scored with {@code uplift}: the true ATE (mean true CATE of
   * the rows), the naive difference of outcome means (arm minus control), the standard error of the efficient
   * (AIPW) estimator of the ATE from the true nuisances, sqrt(V / n) with V = mean[(tau - ATE)^2 + var(y | x, arm) /
   * p_arm + var(y | x, control) / p_control] (Hahn 1998's bound; var = mu (1 - mu) for a binary outcome, 1 for the
   * continuous one), the mean predicted CATE and its correlation with the true CATE.
   */
  static Truth of(Dataset<Row> scored, int arm, boolean binary) {
    String tau = "true_cate_" + arm;
    String pArm = "p" + arm;
    String armVar = binary ? "(mu0 + " + tau + ") * (1 - mu0 - " + tau + ")" : "1.0";
    String controlVar = binary ? "mu0 * (1 - mu0)" : "1.0";
    Dataset<Row> s = scored.withColumn("_cate", vector_to_array(col("uplift"), "float64").getItem(arm - 1));
    Row r = s.agg(avg(col(tau)), avg(when(col("treatment").equalTo(arm), col("y"))),
        avg(when(col("treatment").equalTo(0), col("y"))),
        avg(expr(armVar + " / " + pArm + " + " + controlVar + " / p0")), avg(col("_cate")),
        corr(col("_cate"), col(tau)), org.apache.spark.sql.functions.count("*")).first();
    double ate = r.getDouble(0);
    double spread = s.agg(avg(expr("pow(" + tau + " - " + ate + ", 2)"))).first().getDouble(0);
    long n = r.getLong(6);
    return new Truth(ate, r.getDouble(1) - r.getDouble(2), Math.sqrt((spread + r.getDouble(3)) / n), r.getDouble(4),
        r.getDouble(5));
  }
}
