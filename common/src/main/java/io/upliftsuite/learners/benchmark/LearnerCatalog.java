package io.upliftsuite.learners.benchmark;

import io.upliftsuite.forest.UpliftRandomForestClassifier;
import io.upliftsuite.learners.meta.DRLearner;
import io.upliftsuite.learners.meta.SLearner;
import io.upliftsuite.learners.meta.TLearner;
import io.upliftsuite.learners.meta.TwoStepUpliftEstimator;
import io.upliftsuite.learners.meta.XLearner;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.regression.RandomForestRegressor;

/**
 * The learners a benchmark can compare, by name, built from one {@link Settings} so that every meta-learner uses
 * the same base learners: {@code forest-kl}, {@code forest-ed}, {@code forest-chi}, {@code forest-cts},
 * {@code forest-ddp} (our uplift forest with that split criterion), {@code s}, {@code t}, {@code x}, {@code dr} (the
 * meta-learners) and {@code two-step} (lost-cause classifier + the X-learner). Every learner reads
 * {@link BenchmarkData}'s columns and scores with {@code uplift[0]}.
 */
public final class LearnerCatalog {
  public static final List<String> NAMES = List.of("forest-kl", "forest-ed", "forest-chi", "forest-cts",
      "forest-ddp", "s", "t", "x", "dr", "two-step");

  private LearnerCatalog() {}

  /**
   * Sizes of the base learners (config {@code benchmark.*}); {@code maxBins} is raised to the data's largest
   * category count where needed.
   */
  public record Settings(int baseTrees, int baseDepth, int baseMinInstances, int effectTrees, int effectDepth,
      int effectMinInstances, int drFolds, int forestTrees, int forestDepth, double forestMinInstances,
      double forestMinTreatmentInstances, int twoStepTrees, int twoStepDepth, double twoStepThreshold,
      String twoStepOrder, int maxBins, long seed) {}

  /**
   * The response model of a binary outcome: P(y = 1 | x) as a random forest of regression trees on the 0/1 outcome
   * (each tree predicts its leaf's share of y = 1; the forest averages them). Not MLlib's
   * {@code RandomForestClassifier}: after growing a tree it merges sibling leaves that predict the same class (always,
   * no param turns it off), so with a minority outcome such as Hillstrom's visit (13%) whole trees collapse to their
   * root, every row gets the base rate and the S-learner's mu(x, 1) - mu(x, 0) is identically 0 (Hillstrom: UQC
   * 1.0000 on 6 of 10 folds). The Gini impurity of a 0/1 outcome is twice its variance, so these trees split exactly where the
   * classifier's would; {@code sqrt} is the classifier's default feature subset.
   */
  static RandomForestRegressor probabilityForest(int trees, int depth, int minInstances, int bins) {
    return new RandomForestRegressor().setNumTrees(trees).setMaxDepth(depth).setMinInstancesPerNode(minInstances)
        .setMaxBins(bins).setFeatureSubsetStrategy("sqrt");
  }

  /**
   * The two-step learner's stage 1: P(lost cause | x) as a {@link #probabilityForest} with leaves of any size (the
   * paper's scikit-learn forest: depth 20, 1 row per leaf, its predict_proba is the leaf's weighted share of lost
   * causes, which MLlib's classifier would coarsen by merging same-class siblings). Deep trees on ~15k treated rows
   * have ~1,700 nodes each; MLlib grows every tree level by level, one pass over the data per group of nodes, so the
   * node ids are cached between passes ({@code cacheNodeIds}: no row is sent down a depth-20 tree again) and node
   * groups may use 1 GB ({@code maxMemoryInMB}, default 256 MB: fewer passes). Neither changes the trees.
   */
  static RandomForestRegressor lostCauseForest(int trees, int depth, int bins) {
    return probabilityForest(trees, depth, 1, bins).setCacheNodeIds(true).setMaxMemoryInMB(1024);
  }

  /** Fails with the known names when {@code name} is not one of them. */
  public static void check(String name) {
    if (!NAMES.contains(name.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException("unknown learner '" + name + "' (known: " + String.join(", ", NAMES) + ")");
    }
  }

  public static Estimator<?> create(String name, Settings s, int maxCategories) {
    check(name);
    int bins = Math.max(s.maxBins(), maxCategories);
    String n = name.toLowerCase(Locale.ROOT);
    if (n.startsWith("forest-")) {
      return new UpliftRandomForestClassifier().setFeaturesCol(BenchmarkData.FEATURES)
          .setTreatmentCol(BenchmarkData.TREATMENT).setLabelCol(BenchmarkData.OUTCOME).setControlLabel("0")
          .setCriterion(n.substring("forest-".length()).toUpperCase(Locale.ROOT).replace("CHI", "Chi"))
          .setNumTrees(s.forestTrees()).setMaxDepth(s.forestDepth()).setMinInstancesPerNode(s.forestMinInstances())
          .setMinTreatmentInstances(s.forestMinTreatmentInstances()).setMaxBins(bins).setSeed(s.seed());
    }
    RandomForestRegressor outcome = probabilityForest(s.baseTrees(), s.baseDepth(), s.baseMinInstances(), bins);
    RandomForestRegressor effect = new RandomForestRegressor().setNumTrees(s.effectTrees())
        .setMaxDepth(s.effectDepth()).setMinInstancesPerNode(s.effectMinInstances()).setMaxBins(bins);
    XLearner x = new XLearner().setOutcomeClassifier(outcome).setEffectRegressor(effect)
        .setPropensityClassifier(new LogisticRegression());
    Estimator<?> learner = switch (n) {
      case "s" -> new SLearner().setOutcomeClassifier(outcome);
      case "t" -> new TLearner().setOutcomeClassifier(outcome);
      case "x" -> x;
      case "dr" -> new DRLearner().setOutcomeClassifier(outcome).setEffectRegressor(effect)
          .setPropensityClassifier(new LogisticRegression()).setNumFolds(s.drFolds());
      case "two-step" -> new TwoStepUpliftEstimator().setUpliftLearner(x)
          .setLostCauseClassifier(lostCauseForest(s.twoStepTrees(), s.twoStepDepth(), bins))
          .setLostCauseThreshold(s.twoStepThreshold()).setLostCauseOrder(s.twoStepOrder());
      default -> throw new IllegalStateException(n);
    };
    // column params and the seed by name: the meta-learners and the two-step estimator share these names
    for (String[] kv : new String[][] {{"featuresCol", BenchmarkData.FEATURES},
        {"treatmentCol", BenchmarkData.TREATMENT}, {"labelCol", BenchmarkData.OUTCOME}, {"controlLabel", "0"}}) {
      learner.set(learner.getParam(kv[0]), kv[1]);
    }
    learner.set(learner.getParam("seed"), s.seed());
    return learner;
  }
}
