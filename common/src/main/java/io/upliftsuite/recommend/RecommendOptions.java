package io.upliftsuite.recommend;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.upliftsuite.config.SuiteConfigException;
import io.upliftsuite.experiment.Experiment;
import io.upliftsuite.experiment.ExperimentConfig;
import java.util.List;

/**
 * The recommendation policy and the experiments (config section {@code recommend}): contact when the predicted CATE
 * is above {@code threshold}; with {@code dailyCapacity} > 0, only the top N decision points of a date by CATE.
 */
public record RecommendOptions(double threshold, int dailyCapacity, List<Experiment> experiments) {
  public RecommendOptions {
    if (Double.isNaN(threshold) || Double.isInfinite(threshold)) {
      throw new SuiteConfigException("Config key 'recommend.threshold' = " + threshold + ": must be a finite number");
    }
    if (dailyCapacity < 0) {
      throw new SuiteConfigException("Config key 'recommend.daily-capacity' = " + dailyCapacity
          + ": must be >= 0 (0 = no limit)");
    }
    experiments = List.copyOf(experiments);
  }

  public static RecommendOptions fromConfig(Config recommend) {
    double threshold;
    int capacity;
    try {
      threshold = recommend.getDouble("threshold");
    } catch (ConfigException e) {
      throw new SuiteConfigException("Config key 'recommend.threshold': " + e.getMessage(), e);
    }
    try {
      capacity = recommend.getInt("daily-capacity");
    } catch (ConfigException e) {
      throw new SuiteConfigException("Config key 'recommend.daily-capacity': " + e.getMessage(), e);
    }
    return new RecommendOptions(threshold, capacity, ExperimentConfig.parse(recommend));
  }
}
