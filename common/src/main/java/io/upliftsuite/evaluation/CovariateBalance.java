package io.upliftsuite.evaluation;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Standardised mean differences between treated and control rows, SMD = (m_T − m_C)/√((s²_T + s²_C)/2), for each
 * numeric covariate, in one aggregation. In a randomised experiment |SMD| should be small (a common rule: < 0.1).
 */
public final class CovariateBalance {
  private CovariateBalance() {}

  public static Map<String, Double> smd(Dataset<Row> rows, String treatedCol, List<String> covariates) {
    if (covariates.isEmpty()) {
      return Map.of();
    }
    Column t = col(treatedCol).cast("int").equalTo(1);
    List<Column> aggs = new ArrayList<>();
    aggs.add(sum(when(t, 1.0).otherwise(0.0)));
    aggs.add(sum(when(t, 0.0).otherwise(1.0)));
    for (String c : covariates) {
      Column x = col(c).cast("double");
      aggs.add(sum(when(t, x).otherwise(0.0)));
      aggs.add(sum(when(t, pow(x, 2)).otherwise(0.0)));
      aggs.add(sum(when(t, 0.0).otherwise(x)));
      aggs.add(sum(when(t, 0.0).otherwise(pow(x, 2))));
    }
    Row r = rows.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new)).first();
    double nT = r.getDouble(0);
    double nC = r.getDouble(1);
    Map<String, Double> out = new LinkedHashMap<>();
    for (int i = 0; i < covariates.size(); i++) {
      int o = 2 + 4 * i;
      out.put(covariates.get(i), smd(nT, r.getDouble(o), r.getDouble(o + 1), nC, r.getDouble(o + 2),
          r.getDouble(o + 3)));
    }
    return out;
  }

  static double smd(double nT, double sumT, double sumSqT, double nC, double sumC, double sumSqC) {
    double mT = sumT / nT;
    double mC = sumC / nC;
    double vT = (sumSqT - nT * mT * mT) / (nT - 1);
    double vC = (sumSqC - nC * mC * mC) / (nC - 1);
    double pooled = Math.sqrt((vT + vC) / 2);
    return pooled == 0 ? 0.0 : (mT - mC) / pooled;
  }

}
