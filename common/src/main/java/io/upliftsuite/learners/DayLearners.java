package io.upliftsuite.learners;

import io.upliftsuite.learners.meta.DRLearner;
import io.upliftsuite.learners.meta.MetaLearner;
import io.upliftsuite.learners.meta.SLearner;
import io.upliftsuite.learners.meta.TLearner;
import io.upliftsuite.learners.meta.XLearner;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.ml.classification.RandomForestClassifier;
import org.apache.spark.ml.regression.GBTRegressor;
import org.apache.spark.ml.regression.RandomForestRegressor;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Fits a day's uplift learner ({@code training.learner}) on the kept training rows: every model it returns adds the
 * {@code uplift} vector column (element 0 = the CATE of contacting) and is {@code MLWritable}.
 *
 * <p>The rows carry the out-of-fold propensity ({@value PropensityModel#PROPENSITY}) and its stabilised inverse
 * weight ({@value CrossFittedPropensity#IPW_WEIGHT}): the IPW forest takes the weights, the X- and DR-learners the
 * propensities (so they use the same, trimmed, out-of-fold model as the rest of training instead of fitting their
 * own), and the meta-learners cross-fit their outcome models by the same item hash as the propensity folds.
 */
public final class DayLearners {
  private DayLearners() {}

  public static Model<?> fit(Dataset<Row> rows, String featuresCol, String outcomeCol, DailyTrainingOptions o,
      int day) {
    long seed = o.seed() + 100L * day;
    return switch (o.learner()) {
      case FOREST -> ForestEnsemble.fit(rows, featuresCol, ForestEnsemble.ACTION, outcomeCol, null, o, day);
      case IPW_FOREST -> ForestEnsemble.fit(rows, featuresCol, ForestEnsemble.ACTION, outcomeCol,
          CrossFittedPropensity.IPW_WEIGHT, o, day);
      case S -> configure(new SLearner(), featuresCol, outcomeCol, o.meta(), seed).fit(rows);
      case T -> configure(new TLearner(), featuresCol, outcomeCol, o.meta(), seed).fit(rows);
      case X -> configure(new XLearner(), featuresCol, outcomeCol, o.meta(), seed)
          .setEffectRegressor(effectRegressor(o.meta(), seed))
          .setPropensityCol(PropensityModel.PROPENSITY)
          .setPropensityLowerBound(o.trimLow()).setPropensityUpperBound(o.trimHigh())
          .fit(rows);
      case DR -> configure(new DRLearner(), featuresCol, outcomeCol, o.meta(), seed)
          .setEffectRegressor(effectRegressor(o.meta(), seed))
          .setPropensityCol(PropensityModel.PROPENSITY)
          .setPropensityLowerBound(o.trimLow()).setPropensityUpperBound(o.trimHigh())
          .setNumFolds(o.meta().folds()).setFoldCol("item_id")
          .fit(rows);
    };
  }

  private static <E extends MetaLearner<E, ?>> E configure(E learner, String featuresCol, String outcomeCol,
      MetaSettings m, long seed) {
    return learner.setFeaturesCol(featuresCol).setTreatmentCol(ForestEnsemble.ACTION).setLabelCol(outcomeCol)
        .setControlLabel(ForestEnsemble.CONTROL_LABEL).setOutcomeType("binary").setSeed(seed)
        .setOutcomeClassifier(outcomeClassifier(m, seed));
  }

  /** The response models' base learner: P(outcome | x) per arm (S: with the arm as a feature). */
  static Estimator<?> outcomeClassifier(MetaSettings m, long seed) {
    return switch (m.base()) {
      case "gbt" -> new GBTClassifier().setMaxIter(m.maxIter()).setMaxDepth(m.maxDepth()).setStepSize(m.stepSize())
          .setMinInstancesPerNode(m.minInstancesPerNode()).setSubsamplingRate(m.subsamplingRate()).setSeed(seed);
      case "random-forest" -> new RandomForestClassifier().setNumTrees(m.numTrees()).setMaxDepth(m.maxDepth())
          .setMinInstancesPerNode(m.minInstancesPerNode()).setSubsamplingRate(m.subsamplingRate()).setSeed(seed);
      default -> throw new IllegalArgumentException("Config key 'training.meta.base' = " + m.base()
          + ": must be gbt or random-forest");
    };
  }

  /** The effect stage's base learner: regresses the imputed effects (X) or the pseudo-outcomes (DR) on x. */
  static Estimator<?> effectRegressor(MetaSettings m, long seed) {
    return switch (m.base()) {
      case "gbt" -> new GBTRegressor().setMaxIter(m.maxIter()).setMaxDepth(m.effectMaxDepth())
          .setStepSize(m.stepSize()).setMinInstancesPerNode(m.effectMinInstancesPerNode())
          .setSubsamplingRate(m.subsamplingRate()).setSeed(seed + 1);
      case "random-forest" -> new RandomForestRegressor().setNumTrees(m.numTrees()).setMaxDepth(m.effectMaxDepth())
          .setMinInstancesPerNode(m.effectMinInstancesPerNode()).setSubsamplingRate(m.subsamplingRate())
          .setSeed(seed + 1);
      default -> throw new IllegalArgumentException("Config key 'training.meta.base' = " + m.base()
          + ": must be gbt or random-forest");
    };
  }
}
