package io.upliftsuite.evaluation;

import java.util.List;
import java.util.Optional;

/** Everything the evaluation found for one model: the rows of {@code evaluations} and {@code curves}. */
public record ModelEvaluation(String modelId, List<MetricRow> metrics, List<CurveRow> curves) {
  public Optional<MetricRow> metric(String name) {
    return metrics.stream().filter(m -> m.metric().equals(name)).findFirst();
  }

  public List<CurveRow> curve(String name) {
    return curves.stream().filter(c -> c.curve().equals(name)).toList();
  }
}
