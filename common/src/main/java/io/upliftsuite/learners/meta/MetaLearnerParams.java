package io.upliftsuite.learners.meta;

import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * Params of every meta-learner and its model (a model keeps the settings it was trained with): the columns, the
 * outcome type and the response-model base learners. Spark discovers params through public no-argument methods
 * returning a {@link Param}; the Param objects live in {@link MetaParamSet}.
 */
public interface MetaLearnerParams extends Params {
  MetaParamSet metaParams();

  default Param<String> featuresCol() { return metaParams().featuresCol; }
  default Param<String> treatmentCol() { return metaParams().treatmentCol; }
  default Param<String> labelCol() { return metaParams().labelCol; }
  default Param<String> weightCol() { return metaParams().weightCol; }
  default Param<String> controlLabel() { return metaParams().controlLabel; }
  default Param<String> outcomeType() { return metaParams().outcomeType; }
  default LongParam seed() { return metaParams().seed; }
  default EstimatorParam outcomeClassifier() { return metaParams().outcomeClassifier; }
  default EstimatorParam outcomeRegressor() { return metaParams().outcomeRegressor; }

  default String getFeaturesCol() { return getOrDefault(featuresCol()); }
  default String getTreatmentCol() { return getOrDefault(treatmentCol()); }
  default String getLabelCol() { return getOrDefault(labelCol()); }
  /** Empty: every row weighs 1. */
  default String getWeightCol() { return getOrDefault(weightCol()); }
  default String getControlLabel() { return getOrDefault(controlLabel()); }
  default String getOutcomeType() { return getOrDefault(outcomeType()); }
  default long getSeed() { return (Long) getOrDefault(seed()); }
  default Estimator<?> getOutcomeClassifier() { return getOrDefault(outcomeClassifier()); }
  default Estimator<?> getOutcomeRegressor() { return getOrDefault(outcomeRegressor()); }
}
