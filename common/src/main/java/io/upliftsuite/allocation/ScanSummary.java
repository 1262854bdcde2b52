package io.upliftsuite.allocation;

import io.upliftsuite.spark.InputValidationException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;

/**
 * What one pass over the freshly cached blocks learns: the validation counts (null ids, null/NaN values per column,
 * negative weights), the number of rows, the value scale V = sum_i max_k |v_ik| (scales multipliers and
 * tolerances), and per configured constraint the totals its limit and its feasibility need: its use if everyone got
 * arm k, and the least and most any assignment can use (every customer on the arm that minimises / maximises it).
 *
 * <p>Layout of the per-partition array: {@code [rows, valueScale, nullIds, negativeWeights, nan_0..nan_{S-1},}
 * then per constraint j {@code everyone_0..everyone_K, min, max]} with S value slots (see {@link ScoreTable.Slots}).
 */
final class ScanSummary implements Serializable {
  private final long rows;
  private final double valueScale;
  private final double[][] everyone;
  private final double[] min;
  private final double[] max;

  private ScanSummary(long rows, double valueScale, double[][] everyone, double[] min, double[] max) {
    this.rows = rows;
    this.valueScale = valueScale;
    this.everyone = everyone;
    this.min = min;
    this.max = max;
  }

  long rows() {
    return rows;
  }

  double valueScale() {
    return valueScale;
  }

  /** Use of constraint j if every customer got {@code arm}. */
  double everyone(int j, int arm) {
    return everyone[j][arm];
  }

  double minReachable(int j) {
    return min[j];
  }

  double maxReachable(int j) {
    return max[j];
  }

  /** One pass: validates the blocks (throws naming table, column and count) and sums the totals. */
  static ScanSummary of(JavaRDD<ScoreBlock> blocks, List<ConstraintSpec.Term> terms, ScoreTable.Slots slots,
      String table) {
    int k = slots.objective().length;
    int arms = k + 1;
    int metrics = slots.metric().length;
    int valueSlots = k + metrics * arms + 2;
    int m = terms.size();
    int base = 4 + valueSlots;
    int width = arms + 2;
    ConstraintSpec.Term[] ts = terms.toArray(ConstraintSpec.Term[]::new);
    double[] zero = new double[base + m * width];
    double[] t = blocks.treeAggregate(zero, (acc, b) -> {
      for (int i = 0; i < b.rows; i++) {
        acc[0] += 1;
        if (b.ids[i] == null) {
          acc[2] += 1;
        }
        double best = 0;
        for (int a = 1; a < arms; a++) {
          double o = b.objective[i * k + a - 1];
          if (Double.isNaN(o)) {
            acc[4 + a - 1] += 1;
          }
          best = Math.max(best, Math.abs(b.value(i, a)));
        }
        if (Double.isFinite(best)) {
          acc[1] += best;
        }
        for (int q = 0; q < metrics; q++) {
          for (int a = 0; a < arms; a++) {
            if (Double.isNaN(b.metrics[q][i * arms + a])) {
              acc[4 + k + q * arms + a] += 1;
            }
          }
        }
        if (b.weight != null) {
          if (Double.isNaN(b.weight[i])) {
            acc[4 + valueSlots - 2] += 1;
          } else if (b.weight[i] < 0) {
            acc[3] += 1;
          }
        }
        if (b.score != null && Double.isNaN(b.score[i])) {
          acc[4 + valueSlots - 1] += 1;
        }
        for (int j = 0; j < m; j++) {
          int at = base + j * width;
          double lo = Double.POSITIVE_INFINITY;
          double hi = Double.NEGATIVE_INFINITY;
          for (int a = 0; a < arms; a++) {
            double c = ts[j].coefficient(b, i, a);
            acc[at + a] += c;
            lo = Math.min(lo, c);
            hi = Math.max(hi, c);
          }
          acc[at + arms] += lo;
          acc[at + arms + 1] += hi;
        }
      }
      return acc;
    }, PolicyEvaluation::merge, 2);
    check(t, slots, table, valueSlots);
    double[][] everyone = new double[m][arms];
    double[] min = new double[m];
    double[] max = new double[m];
    for (int j = 0; j < m; j++) {
      int at = base + j * width;
      System.arraycopy(t, at, everyone[j], 0, arms);
      min[j] = t[at + arms];
      max[j] = t[at + arms + 1];
    }
    return new ScanSummary(Math.round(t[0]), t[1], everyone, min, max);
  }

  private static void check(double[] t, ScoreTable.Slots slots, String table, int valueSlots) {
    if (t[2] > 0) {
      throw new InputValidationException(table, slots.id(), "null values are not allowed", Math.round(t[2]));
    }
    List<String> columns = new ArrayList<>(List.of(slots.objective()));
    for (String[] metric : slots.metric()) {
      columns.addAll(java.util.Arrays.asList(metric));
    }
    columns.add(slots.weight());
    columns.add(slots.score());
    for (int s = 0; s < valueSlots; s++) {
      if (t[4 + s] > 0) {
        throw new InputValidationException(table, columns.get(s), "null or NaN values are not allowed",
            Math.round(t[4 + s]));
      }
    }
    if (t[3] > 0) {
      throw new InputValidationException(table, slots.weight(), "negative values are not allowed", Math.round(t[3]));
    }
    if (t[0] == 0) {
      throw new InputValidationException(table, "*", "no rows to allocate", 0);
    }
  }

  /** For tests: totals computed elsewhere. */
  static ScanSummary of(long rows, double valueScale, double[][] everyone, double[] min, double[] max) {
    return new ScanSummary(rows, valueScale, everyone, min, max);
  }
}
