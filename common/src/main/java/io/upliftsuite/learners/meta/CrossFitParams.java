package io.upliftsuite.learners.meta;

import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;

/** Params of a cross-fitted learner (DR): folds, and the row id whose hash assigns them. */
public interface CrossFitParams extends EffectStageParams {
  default IntParam numFolds() { return metaParams().numFolds; }
  default Param<String> foldCol() { return metaParams().foldCol; }

  default int getNumFolds() { return (Integer) getOrDefault(numFolds()); }
  /** Empty: folds hash the features, treatment, label and weight of the row. */
  default String getFoldCol() { return getOrDefault(foldCol()); }
}
