package io.upliftsuite.learners.meta;

import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Param;

/** Params of the learners with an effect stage and a propensity (X and DR). */
public interface EffectStageParams extends MetaLearnerParams {
  default EstimatorParam effectRegressor() { return metaParams().effectRegressor; }
  default EstimatorParam propensityClassifier() { return metaParams().propensityClassifier; }
  default Param<String> propensityCol() { return metaParams().propensityCol; }
  default DoubleParam propensityLowerBound() { return metaParams().propensityLowerBound; }
  default DoubleParam propensityUpperBound() { return metaParams().propensityUpperBound; }

  default Estimator<?> getEffectRegressor() { return getOrDefault(effectRegressor()); }
  default Estimator<?> getPropensityClassifier() { return getOrDefault(propensityClassifier()); }
  /** Empty: propensities are fitted by the propensity classifier. */
  default String getPropensityCol() { return getOrDefault(propensityCol()); }
  default double getPropensityLowerBound() { return (Double) getOrDefault(propensityLowerBound()); }
  default double getPropensityUpperBound() { return (Double) getOrDefault(propensityUpperBound()); }
}
