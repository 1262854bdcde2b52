package io.upliftsuite.recommend;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValueType;
import io.upliftsuite.config.SuiteConfigException;
import io.upliftsuite.experiment.Experiment;
import io.upliftsuite.experiment.ExperimentConfig;
import java.util.List;

/**
 * The recommendation policy and the experiments (config section {@code recommend}): contact when the predicted CATE
 * is above the threshold — {@code "evaluated"} (the default): each approved model's own
 * {@value EvaluatedThresholds#METRIC} from {@code evaluate}, i.e. the policy its approval was based on; or one fixed
 * number for every model — and with {@code dailyCapacity} > 0, only the top N decision points of a date by CATE.
 */
public record RecommendOptions(double threshold, boolean evaluatedThreshold, int dailyCapacity,
    List<Experiment> experiments) {
  /** The config value that takes each model's threshold from its evaluation. */
  public static final String EVALUATED = "evaluated";

  public RecommendOptions {
    if (!evaluatedThreshold && (Double.isNaN(threshold) || Double.isInfinite(threshold))) {
      throw new SuiteConfigException("Config key 'recommend.threshold' = " + threshold + ": must be a finite number "
          + "or \"" + EVALUATED + "\"");
    }
    if (dailyCapacity < 0) {
      throw new SuiteConfigException("Config key 'recommend.daily-capacity' = " + dailyCapacity
          + ": must be >= 0 (0 = no limit)");
    }
    experiments = List.copyOf(experiments);
  }

  public static RecommendOptions fromConfig(Config recommend) {
    double threshold = Double.NaN;
    boolean evaluated;
    int capacity;
    try {
      evaluated = recommend.getValue("threshold").valueType() == ConfigValueType.STRING
          && recommend.getString("threshold").trim().equalsIgnoreCase(EVALUATED);
      if (!evaluated) {
        threshold = recommend.getDouble("threshold");
      }
    } catch (ConfigException e) {
      throw new SuiteConfigException("Config key 'recommend.threshold': " + e.getMessage() + " (a number, or \""
          + EVALUATED + "\")", e);
    }
    try {
      capacity = recommend.getInt("daily-capacity");
    } catch (ConfigException e) {
      throw new SuiteConfigException("Config key 'recommend.daily-capacity': " + e.getMessage(), e);
    }
    return new RecommendOptions(threshold, evaluated, capacity, ExperimentConfig.parse(recommend));
  }
}
