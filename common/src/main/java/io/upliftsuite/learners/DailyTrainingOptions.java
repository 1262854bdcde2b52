package io.upliftsuite.learners;

import com.typesafe.config.Config;
import io.upliftsuite.forest.ForestSettings;
import io.upliftsuite.selection.UpliftFilter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything {@link DailyModelTrainer} needs to know, read from the {@code training} config section
 * (conf/training.conf documents each key). Validated on construction, with messages that name the key.
 */
public record DailyTrainingOptions(
    List<Integer> days,
    String outcomeCol,
    UpliftLearner learner,
    int holdoutMonths,
    int parallelism,
    PropensityModel.Kind propensityModel,
    int propensityMaxIter,
    double propensityRegParam,
    int propensityGbtMaxDepth,
    int propensityFolds,
    double trimLow,
    double trimHigh,
    int calibrationBins,
    UpliftFilter selectionMethod,
    int selectionBins,
    int selectionTopK,
    long selectionMinArmRows,
    int ensembleSize,
    ForestSettings forest,
    MetaSettings meta,
    int baselineMaxIter,
    int baselineMaxDepth,
    long seed) {

  public DailyTrainingOptions {
    days = List.copyOf(days);
    if (days.isEmpty()) {
      throw bad("training.days", days, "a non-empty list of decision days");
    }
    for (int d : days) {
      if (d < 0) {
        throw bad("training.days", days, "days >= 0");
      }
    }
    if (!outcomeCol.equals("outcome_90d") && !outcomeCol.equals("outcome_14d")) {
      throw bad("training.outcome", outcomeCol, "outcome_90d or outcome_14d");
    }
    check(holdoutMonths >= 1, "training.holdout-months", holdoutMonths, ">= 1");
    check(parallelism >= 1, "training.parallelism", parallelism, ">= 1");
    check(propensityFolds >= 1, "training.propensity.folds", propensityFolds, ">= 1");
    check(trimLow >= 0 && trimLow < trimHigh && trimHigh <= 1, "training.propensity.trim-low/trim-high",
        "[" + trimLow + ", " + trimHigh + "]", "0 <= trim-low < trim-high <= 1");
    check(ensembleSize >= 1, "training.forest.ensemble-size", ensembleSize, ">= 1");
    check(String.valueOf(forest.get("control-label")).equals(ForestEnsemble.CONTROL_LABEL),
        "training.forest.control-label", forest.get("control-label"),
        ForestEnsemble.CONTROL_LABEL + " (the episodes' action column: 0 = not contacted)");
    check(selectionTopK >= 0, "training.selection.top-k", selectionTopK, ">= 0 (0 = keep every feature)");
  }

  public static DailyTrainingOptions fromConfig(Config training, long seed) {
    Config p = training.getConfig("propensity");
    Config s = training.getConfig("selection");
    Config f = training.getConfig("forest");
    Config b = training.getConfig("baseline");
    return new DailyTrainingOptions(
        training.getIntList("days"),
        training.getString("outcome"),
        UpliftLearner.parse(training.getString("learner")),
        training.getInt("holdout-months"),
        training.getInt("parallelism"),
        PropensityModel.Kind.parse(p.getString("model")),
        p.getInt("max-iter"),
        p.getDouble("reg-param"),
        p.getInt("gbt-max-depth"),
        p.getInt("folds"),
        p.getDouble("trim-low"),
        p.getDouble("trim-high"),
        p.getInt("calibration-bins"),
        UpliftFilter.parse(s.getString("method")),
        s.getInt("bins"),
        s.getInt("top-k"),
        s.getLong("min-arm-rows"),
        f.getInt("ensemble-size"),
        ForestSettings.fromConfig(f, "training.forest", Set.of("ensemble-size")),
        MetaSettings.fromConfig(training.getConfig("meta")),
        b.getInt("max-iter"),
        b.getInt("max-depth"),
        seed);
  }

  /** The seed of forest {@code e} of day {@code day}'s ensemble. */
  public long forestSeed(int day, int e) {
    return seed + day * 1000L + e;
  }

  /** The parameters recorded in the models table (as JSON). */
  public Map<String, Object> asParams() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("outcome", outcomeCol);
    m.put("learner", learner.key());
    m.put("holdout_months", holdoutMonths);
    m.put("propensity_model", propensityModel.name().toLowerCase());
    m.put("propensity_max_iter", propensityMaxIter);
    m.put("propensity_reg_param", propensityRegParam);
    m.put("propensity_folds", propensityFolds);
    m.put("trim_low", trimLow);
    m.put("trim_high", trimHigh);
    m.put("selection_method", selectionMethod.name());
    m.put("selection_bins", selectionBins);
    m.put("selection_top_k", selectionTopK);
    m.put("selection_min_arm_rows", selectionMinArmRows);
    m.put("ensemble_size", ensembleSize);
    // every forest setting the fits used (config over the estimator's defaults), e.g. num_trees, max_depth
    forest.asMap().forEach((key, value) -> m.put(key.replace('-', '_'), value));
    m.putAll(meta.asParams());
    m.put("baseline_max_iter", baselineMaxIter);
    m.put("baseline_max_depth", baselineMaxDepth);
    m.put("seed", seed);
    return m;
  }

  private static void check(boolean ok, String key, Object value, String rule) {
    if (!ok) {
      throw bad(key, value, rule);
    }
  }

  private static IllegalArgumentException bad(String key, Object value, String rule) {
    return new IllegalArgumentException("Config key '" + key + "' = " + value + ": must be " + rule);
  }
}
