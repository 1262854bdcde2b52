package io.upliftsuite.learners;

import com.typesafe.config.Config;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The meta-learners' base learners ({@code training.meta}): one MLlib tree learner for the response models
 * (classifier) and, for X and DR, the effect stage (regressor, usually shallower and with larger leaves: its targets
 * — imputed effects or doubly robust pseudo-outcomes — are far noisier than outcomes).
 */
public record MetaSettings(String base, int folds, int numTrees, int maxIter, double stepSize, int maxDepth,
    int minInstancesPerNode, int effectMaxDepth, int effectMinInstancesPerNode, double subsamplingRate) {

  public MetaSettings {
    base = base.trim().toLowerCase(Locale.ROOT);
    check(base.equals("gbt") || base.equals("random-forest"), "base", base, "gbt or random-forest");
    check(folds >= 2, "folds", folds, ">= 2");
    check(numTrees >= 1, "num-trees", numTrees, ">= 1");
    check(maxIter >= 1, "max-iter", maxIter, ">= 1");
    check(stepSize > 0 && stepSize <= 1, "step-size", stepSize, "in (0, 1]");
    check(maxDepth >= 1 && maxDepth <= 30, "max-depth", maxDepth, "in [1, 30]");
    check(minInstancesPerNode >= 1, "min-instances-per-node", minInstancesPerNode, ">= 1");
    check(effectMaxDepth >= 1 && effectMaxDepth <= 30, "effect-max-depth", effectMaxDepth, "in [1, 30]");
    check(effectMinInstancesPerNode >= 1, "effect-min-instances-per-node", effectMinInstancesPerNode, ">= 1");
    check(subsamplingRate > 0 && subsamplingRate <= 1, "subsampling-rate", subsamplingRate, "in (0, 1]");
  }

  public static MetaSettings fromConfig(Config meta) {
    return new MetaSettings(meta.getString("base"), meta.getInt("folds"), meta.getInt("num-trees"),
        meta.getInt("max-iter"), meta.getDouble("step-size"), meta.getInt("max-depth"),
        meta.getInt("min-instances-per-node"), meta.getInt("effect-max-depth"),
        meta.getInt("effect-min-instances-per-node"), meta.getDouble("subsampling-rate"));
  }

  /** For {@code models.params}. */
  public Map<String, Object> asParams() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("meta_base", base);
    m.put("meta_folds", folds);
    m.put("meta_num_trees", numTrees);
    m.put("meta_max_iter", maxIter);
    m.put("meta_step_size", stepSize);
    m.put("meta_max_depth", maxDepth);
    m.put("meta_min_instances_per_node", minInstancesPerNode);
    m.put("meta_effect_max_depth", effectMaxDepth);
    m.put("meta_effect_min_instances_per_node", effectMinInstancesPerNode);
    m.put("meta_subsampling_rate", subsamplingRate);
    return m;
  }

  private static void check(boolean ok, String key, Object value, String rule) {
    if (!ok) {
      throw new IllegalArgumentException("Config key 'training.meta." + key + "' = " + value + ": must be " + rule);
    }
  }
}
