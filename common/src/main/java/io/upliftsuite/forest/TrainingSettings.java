package io.upliftsuite.forest;

import java.io.Serializable;

/** Everything the trainer needs from the estimator's params, resolved and validated (shipped to executors). */
record TrainingSettings(
    SplitCriterion criterion,
    int numArms,
    int numTrees,
    int maxDepth,
    double minInstancesPerNode,
    double minTreatmentInstances,
    String featureSubsetStrategy,
    double subsamplingRate,
    boolean bootstrap,
    long seed,
    double minGain,
    boolean honesty,
    boolean normalization,
    double nReg,
    int maxMemoryInMB) implements Serializable {

  boolean regression() {
    return criterion == SplitCriterion.CAUSAL_MSE;
  }

  /** Statistics per (bin, arm): weight and weighted y; plus weighted y^2 for regression. */
  int statsPerArm() {
    return regression() ? 3 : 2;
  }

  /** How many features each node considers, as MLlib resolves featureSubsetStrategy. */
  int featuresPerNode(int numFeatures) {
    String s = featureSubsetStrategy.trim().toLowerCase(java.util.Locale.ROOT);
    int k = switch (s) {
      case "all" -> numFeatures;
      case "auto" -> numTrees == 1 ? numFeatures : (int) Math.ceil(Math.sqrt(numFeatures));
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
