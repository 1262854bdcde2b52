package io.upliftsuite.allocation;

import java.io.Serializable;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where the allocation finds its inputs in the scores table: the customer id column, the treatments (arm 0 is
 * control, arms 1..K the treatments in this order), the objective column per treatment ({@code objective} is a
 * pattern with {@code {arm}}: the predicted gain of that treatment over control), an optional weight column that
 * multiplies the objective, an optional score column (for the score-threshold baseline), and the metrics constraints
 * may limit.
 */
public record ScoreLayout(String customerId, List<String> treatments, String control, String objective,
    String weight, String score, List<Metric> metrics) implements Serializable {

  public ScoreLayout {
    treatments = List.copyOf(treatments);
    metrics = List.copyOf(metrics);
    weight = blankToNull(weight);
    score = blankToNull(score);
    if (treatments.isEmpty()) {
      throw new IllegalArgumentException("allocation.treatments: at least one treatment is needed");
    }
    Set<String> names = new HashSet<>();
    for (String t : treatments) {
      if (t == null || t.isBlank() || t.equals(control) || !names.add(t)) {
        throw new IllegalArgumentException("allocation.treatments: names must be distinct, non-blank and not the "
            + "control name '" + control + "', got " + treatments);
      }
    }
    if (objective == null || !objective.contains(Metric.ARM)) {
      throw new IllegalArgumentException("allocation.columns.objective must contain " + Metric.ARM + ", got '"
          + objective + "'");
    }
    Set<String> metricNames = new HashSet<>();
    for (Metric m : metrics) {
      if (!metricNames.add(m.name())) {
        throw new IllegalArgumentException("allocation.metrics: metric '" + m.name() + "' is defined twice");
      }
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  public int arms() {
    return treatments.size() + 1;
  }

  public String objectiveColumn(String treatment) {
    return objective.replace(Metric.ARM, treatment);
  }

  /** The arm's name: control for arm 0, else the treatment. */
  public String armName(int arm) {
    return arm == 0 ? control : treatments.get(arm - 1);
  }

  /** Arm index of a name (control = 0), or an error naming the config key. */
  public int armIndex(String name, String key) {
    if (name.equals(control)) {
      return 0;
    }
    int t = treatments.indexOf(name);
    if (t < 0) {
      throw new IllegalArgumentException(key + ": unknown arm '" + name + "' (arms: " + control + ", "
          + String.join(", ", treatments) + ")");
    }
    return t + 1;
  }

  /** Index of a metric, -1 for "count", or an error naming the config key. */
  public int metricIndex(String name, String key) {
    if (Metric.COUNT.equals(name)) {
      return -1;
    }
    for (int i = 0; i < metrics.size(); i++) {
      if (metrics.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException(key + ": unknown metric '" + name + "' (metrics: count"
        + metrics.stream().map(m -> ", " + m.name()).reduce("", String::concat) + ")");
  }
}
