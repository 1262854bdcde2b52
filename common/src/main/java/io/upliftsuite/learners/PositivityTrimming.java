package io.upliftsuite.learners;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Positivity trimming: rows whose propensity lies outside [low, high] have (almost) only one possible action, so no
 * model can learn their contact effect from data; they are excluded from training, and the excluded share is recorded
 * (the published study excluded under 1%).
 */
public final class PositivityTrimming {
  private PositivityTrimming() {}

  /** The rows kept and what was removed. */
  public record Result(Dataset<Row> kept, long rows, long excluded) {
    public double excludedShare() {
      return rows == 0 ? 0.0 : (double) excluded / rows;
    }
  }

  public static Result apply(Dataset<Row> scored, String propensityCol, double low, double high) {
    if (!(low >= 0 && low < high && high <= 1)) {
      throw new IllegalArgumentException("propensity trimming bounds must satisfy 0 <= low < high <= 1, got ["
          + low + ", " + high + "]");
    }
    Column inside = col(propensityCol).geq(low).and(col(propensityCol).leq(high));
    Row counts = scored.agg(count(lit(1)), sum(when(inside, 0L).otherwise(1L))).first();
    long rows = counts.getLong(0);
    long excluded = counts.isNullAt(1) ? 0L : counts.getLong(1);
    return new Result(scored.where(inside), rows, excluded);
  }
}
