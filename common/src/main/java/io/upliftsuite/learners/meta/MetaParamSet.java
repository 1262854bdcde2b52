package io.upliftsuite.learners.meta;

import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.RandomForestClassifier;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.regression.RandomForestRegressor;

/**
 * The Param objects of one meta-learner or meta-learner model, with their docs, valid ranges and (all in one place)
 * defaults. Column params have the forest's names and defaults (CONVENTIONS.md item 1). Which params a learner
 * exposes is decided by the interface it implements ({@link MetaLearnerParams}, {@link EffectStageParams},
 * {@link CrossFitParams}); {@link #setDefaults} sets the defaults of exactly those.
 */
public final class MetaParamSet implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  /** How much of the param set a learner exposes. */
  enum Level { OUTCOME_ONLY, EFFECT_STAGES, CROSS_FITTED }

  final Param<String> featuresCol;
  final Param<String> treatmentCol;
  final Param<String> labelCol;
  final Param<String> weightCol;
  final Param<String> controlLabel;
  final Param<String> outcomeType;
  final LongParam seed;
  final EstimatorParam outcomeClassifier;
  final EstimatorParam outcomeRegressor;
  final EstimatorParam effectRegressor;
  final EstimatorParam propensityClassifier;
  final Param<String> propensityCol;
  final DoubleParam propensityLowerBound;
  final DoubleParam propensityUpperBound;
  final IntParam numFolds;
  final Param<String> foldCol;

  MetaParamSet(String uid) {
    featuresCol = new Param<>(uid, "featuresCol", "features vector column");
    treatmentCol = new Param<>(uid, "treatmentCol", "treatment (arm) column: string or integer labels, 2+ arms");
    labelCol = new Param<>(uid, "labelCol", "outcome column: 0/1 (binary) or any number (continuous)");
    weightCol = new Param<>(uid, "weightCol", "row weight column; empty means every row weighs 1");
    controlLabel = new Param<>(uid, "controlLabel", "the treatment label of the control arm");
    outcomeType = new Param<String>(uid, "outcomeType",
        "auto (binary when every outcome is 0 or 1), binary or continuous; chooses outcomeClassifier or "
            + "outcomeRegressor for the response models",
        ParamValidators.inArray(new String[] {"auto", "binary", "continuous"}));
    seed = new LongParam(uid, "seed", "random seed (folds and every base learner's seed derive from it)");
    outcomeClassifier = new EstimatorParam(uid, "outcomeClassifier",
        "response model of a binary outcome: any MLlib classifier (P(y = 1) is used) or regressor, or an uplift "
            + "forest (one forest for all arms; not for the S-learner)");
    outcomeRegressor = new EstimatorParam(uid, "outcomeRegressor",
        "response model of a continuous outcome: any MLlib regressor, or an uplift forest regressor");
    effectRegressor = new EstimatorParam(uid, "effectRegressor",
        "regressor of the effect stages (X: imputed effects; DR: pseudo-outcomes): any MLlib regressor");
    propensityClassifier = new EstimatorParam(uid, "propensityClassifier",
        "classifier of P(arm | x, arm or control), one per treatment arm: any MLlib probabilistic classifier");
    propensityCol = new Param<>(uid, "propensityCol",
        "given propensities instead of a fitted model: a number P(treated | x) for two arms, or a vector of "
            + "P(arm | x) per arm (control first); empty means fit propensityClassifier");
    propensityLowerBound = new DoubleParam(uid, "propensityLowerBound",
        "propensities are clipped to [lower, upper]; lower in (0, 0.5)",
        ParamValidators.inRange(0, 0.5, false, false));
    propensityUpperBound = new DoubleParam(uid, "propensityUpperBound",
        "propensities are clipped to [lower, upper]; upper in (0.5, 1)",
        ParamValidators.inRange(0.5, 1, false, false));
    numFolds = new IntParam(uid, "numFolds", "cross-fitting folds (>= 2): nuisance models are fitted out of fold",
        ParamValidators.gtEq(2));
    foldCol = new Param<>(uid, "foldCol",
        "row id column whose seeded hash assigns folds; empty means a hash of features, treatment, label and weight");
  }

  void setDefaults(Params owner, Level level) {
    owner.setDefault(featuresCol, "features");
    owner.setDefault(treatmentCol, "treatment");
    owner.setDefault(labelCol, "label");
    owner.setDefault(weightCol, "");
    owner.setDefault(controlLabel, "0");
    owner.setDefault(outcomeType, "auto");
    owner.setDefault(seed, 42L);
    owner.setDefault(outcomeClassifier, new RandomForestClassifier().setNumTrees(50).setMaxDepth(6)
        .setMinInstancesPerNode(10));
    owner.setDefault(outcomeRegressor, new RandomForestRegressor().setNumTrees(50).setMaxDepth(6)
        .setMinInstancesPerNode(10));
    if (level == Level.OUTCOME_ONLY) {
      return;
    }
    // effects are noisier than outcomes (differences, or inverse-propensity-weighted pseudo-outcomes): bigger leaves
    owner.setDefault(effectRegressor, new RandomForestRegressor().setNumTrees(50).setMaxDepth(5)
        .setMinInstancesPerNode(50));
    owner.setDefault(propensityClassifier, new LogisticRegression().setMaxIter(100));
    owner.setDefault(propensityCol, "");
    owner.setDefault(propensityLowerBound, 0.01);
    owner.setDefault(propensityUpperBound, 0.99);
    if (level == Level.EFFECT_STAGES) {
      return;
    }
    owner.setDefault(numFolds, 5);
    owner.setDefault(foldCol, "");
  }
}
