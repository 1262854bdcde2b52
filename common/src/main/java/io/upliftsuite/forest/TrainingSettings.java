package io.upliftsuite.forest;

import java.io.Serializable;

/**
 * Everything the trainer needs from the estimator's params, resolved and validated (shipped to executors).
 *
 * <p>One fit may grow several forests at once (an ensemble): forest {@code e} has seed {@code seeds[e]} and trees
 * {@code e * treesPerForest .. (e + 1) * treesPerForest - 1} in the trainer's global tree numbering. Every random
 * choice of a tree (its bag, its honesty half, its nodes' feature subsets) is drawn from (its forest's seed, its index
 * within that forest), so a tree grown in a group is the tree a separate fit with that seed grows.
 */
record TrainingSettings(
    SplitCriterion criterion,
    int numArms,
    int treesPerForest,
    long[] seeds,
    int maxDepth,
    double minInstancesPerNode,
    double minTreatmentInstances,
    String featureSubsetStrategy,
    double subsamplingRate,
    boolean bootstrap,
    double minGain,
    boolean honesty,
    boolean normalization,
    double nReg,
    int maxMemoryInMB) implements Serializable {

  TrainingSettings {
    if (seeds.length == 0 || treesPerForest < 1) {
      throw new IllegalArgumentException("a fit needs at least one forest of at least one tree");
    }
    seeds = seeds.clone();
  }

  boolean regression() {
    return criterion == SplitCriterion.CAUSAL_MSE;
  }

  /** Trees grown by the fit: forests x trees per forest. */
  int numTrees() {
    return seeds.length * treesPerForest;
  }

  int numForests() {
    return seeds.length;
  }

  /** The seed of the forest that global tree {@code tree} belongs to. */
  long treeSeed(int tree) {
    return seeds[tree / treesPerForest];
  }

  /** The index of global tree {@code tree} within its forest. */
  int treeInForest(int tree) {
    return tree % treesPerForest;
  }

  /** Statistics per (bin, arm): weight and weighted y; plus weighted y^2 for regression. */
  int statsPerArm() {
    return regression() ? 3 : 2;
  }

  /**
   * How many features each node considers, as MLlib resolves featureSubsetStrategy, except that "auto" means
   * onethird for a forest (MLlib's choice for regression forests; estimating an effect is a regression problem, and
   * on generated data sqrt lost to onethird on every criterion, see docs/forest.md) and all for a single tree. A
   * forest's size is its own number of trees, not the number grown together in one fit.
   */
  int featuresPerNode(int numFeatures) {
    String s = featureSubsetStrategy.trim().toLowerCase(java.util.Locale.ROOT);
    int k = switch (s) {
      case "all" -> numFeatures;
      case "auto" -> treesPerForest == 1 ? numFeatures : (int) Math.ceil(numFeatures / 3.0);
      case "sqrt" -> (int) Math.ceil(Math.sqrt(numFeatures));
      case "log2" -> Math.max(1, (int) Math.ceil(Math.log(numFeatures) / Math.log(2)));
      case "onethird" -> (int) Math.ceil(numFeatures / 3.0);
      default -> {
        double v = Double.parseDouble(s);
        yield s.contains(".") ? (int) Math.ceil(v * numFeatures) : (int) v;
      }
    };
    return Math.max(1, Math.min(numFeatures, k));
  }
}
