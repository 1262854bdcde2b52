package io.upliftsuite.evaluation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Chooses the decision day to act on. Training writes one model per decision day, so each model's own evaluation
 * sees a single day; the choice must compare the days ACROSS models. The rule: the largest added value (DR,
 * recommended policy minus existing policy) among days whose 95% interval excludes zero; when no day's does, the
 * largest added value overall.
 */
public final class DaySelection {
  static final String ADDED = "day_added_value_dr";
  static final Set<String> DAY_CURVES = Set.of(ADDED, "day_recommended_value_dr", "day_existing_value_dr");
  static final Set<String> DAY_METRICS = Set.of("chosen_day", "chosen_day_added_value_dr", "is_chosen_day");

  /** A day and the added value of acting on it. */
  public record DayValue(int day, Interval added) {}

  private DaySelection() {}

  /** The chosen day among {@code days} (non-empty) by the rule above. */
  public static DayValue choose(List<DayValue> days) {
    Comparator<DayValue> byAdded = Comparator.comparingDouble(d -> d.added().value());
    return days.stream().filter(d -> d.added().low() > 0).max(byAdded)
        .orElseGet(() -> days.stream().max(byAdded).orElseThrow());
  }

  /**
   * Day selection per training run: the models are grouped by {@code runOf} (model id to its training run) and the
   * day is re-decided across the models of each run ({@link #acrossModels}); the order of the models is kept. Models
   * of different runs never compete, so a second training run does not disturb the first one's choice.
   */
  public static List<ModelEvaluation> byTrainingRun(List<ModelEvaluation> models, Function<String, String> runOf) {
    Map<String, List<ModelEvaluation>> runs = new LinkedHashMap<>();
    for (ModelEvaluation m : models) {
      runs.computeIfAbsent(runOf.apply(m.modelId()), r -> new ArrayList<>()).add(m);
    }
    Map<String, ModelEvaluation> decided = new HashMap<>();
    for (List<ModelEvaluation> run : runs.values()) {
      acrossModels(run).forEach(m -> decided.put(m.modelId(), m));
    }
    return models.stream().map(m -> decided.get(m.modelId())).toList();
  }

  /**
   * Re-decides the day across the models of ONE training run: every model gets the day curves of all models, the
   * global {@code chosen_day} and {@code chosen_day_added_value_dr}, and {@code is_chosen_day} (1 when the chosen
   * day is one of its own days). Unchanged when the models cover only one day. Two models that evaluate the same day
   * cannot both be one run's: that is rejected, naming them (evaluate one training run at a time).
   */
  public static List<ModelEvaluation> acrossModels(List<ModelEvaluation> models) {
    Map<Integer, List<CurveRow>> dayCurves = new TreeMap<>();
    Map<Integer, DayValue> added = new TreeMap<>();
    Map<Integer, String> dayModel = new HashMap<>();
    for (ModelEvaluation m : models) {
      for (CurveRow c : m.curve(ADDED)) {
        int day = (int) c.x();
        String other = dayModel.put(day, m.modelId());
        if (other != null) {
          throw new IllegalArgumentException("Models '" + other + "' and '" + m.modelId() + "' both evaluate "
              + "decision day " + day + ": the day is chosen across the models of one training run; evaluate one "
              + "run at a time (--training-run-date or --model-id)");
        }
        added.put(day, new DayValue(day, new Interval(c.y(), c.lo(), c.hi())));
      }
      for (CurveRow c : m.curves()) {
        if (DAY_CURVES.contains(c.curve())) {
          dayCurves.computeIfAbsent((int) c.x(), d -> new ArrayList<>()).add(c);
        }
      }
    }
    if (added.size() <= 1 || models.size() <= 1) {
      return models;
    }
    DayValue chosen = choose(List.copyOf(added.values()));
    List<CurveRow> allDayCurves = dayCurves.values().stream().flatMap(List::stream).toList();
    List<ModelEvaluation> out = new ArrayList<>();
    for (ModelEvaluation m : models) {
      Set<Integer> own = m.curve(ADDED).stream().map(c -> (int) c.x()).collect(Collectors.toSet());
      List<MetricRow> metrics = new ArrayList<>(m.metrics().stream()
          .filter(r -> !DAY_METRICS.contains(r.metric())).toList());
      metrics.add(MetricRow.of("chosen_day", chosen.day()));
      metrics.add(MetricRow.of("chosen_day_added_value_dr", chosen.added()));
      metrics.add(MetricRow.of("is_chosen_day", own.contains(chosen.day()) ? 1 : 0));
      List<CurveRow> curves = new ArrayList<>(m.curves().stream()
          .filter(c -> !DAY_CURVES.contains(c.curve())).toList());
      curves.addAll(allDayCurves);
      out.add(new ModelEvaluation(m.modelId(), metrics, curves));
    }
    return out;
  }

  /** The model whose own day was chosen, if the selection ran across models. */
  public static Optional<ModelEvaluation> chosenModel(List<ModelEvaluation> models) {
    return models.stream().filter(m -> m.metric("is_chosen_day").map(r -> r.value() == 1).orElse(false)).findFirst();
  }
}
