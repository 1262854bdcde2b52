package io.upliftsuite.forest;

import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The params shared by the forest estimators and their model (so a model keeps the settings it was trained with).
 * Spark discovers params through public no-argument methods returning a {@link Param}; the Param objects live in
 * {@link ForestParamSet}, created once per instance with its uid.
 */
public interface UpliftForestParams extends Params {
  ForestParamSet paramSet();

  default Param<String> featuresCol() { return paramSet().featuresCol; }
  default Param<String> treatmentCol() { return paramSet().treatmentCol; }
  default Param<String> labelCol() { return paramSet().labelCol; }
  default Param<String> weightCol() { return paramSet().weightCol; }
  default Param<String> controlLabel() { return paramSet().controlLabel; }
  default Param<String> criterion() { return paramSet().criterion; }
  default IntParam numTrees() { return paramSet().numTrees; }
  default IntParam maxDepth() { return paramSet().maxDepth; }
  default DoubleParam minInstancesPerNode() { return paramSet().minInstancesPerNode; }
  default DoubleParam minTreatmentInstances() { return paramSet().minTreatmentInstances; }
  default IntParam maxBins() { return paramSet().maxBins; }
  default Param<String> featureSubsetStrategy() { return paramSet().featureSubsetStrategy; }
  default DoubleParam subsamplingRate() { return paramSet().subsamplingRate; }
  default BooleanParam bootstrap() { return paramSet().bootstrap; }
  default LongParam seed() { return paramSet().seed; }
  default DoubleParam minGain() { return paramSet().minGain; }
  default BooleanParam honesty() { return paramSet().honesty; }
  default BooleanParam normalization() { return paramSet().normalization; }
  default DoubleParam nReg() { return paramSet().nReg; }
  default IntParam maxMemoryInMB() { return paramSet().maxMemoryInMB; }
  default Param<String> trainingMode() { return paramSet().trainingMode; }
  default LongParam localModeMaxRows() { return paramSet().localModeMaxRows; }

  default String getFeaturesCol() { return getOrDefault(featuresCol()); }
  default String getTreatmentCol() { return getOrDefault(treatmentCol()); }
  default String getLabelCol() { return getOrDefault(labelCol()); }
  /** Empty: every row weighs 1. */
  default String getWeightCol() { return getOrDefault(weightCol()); }
  default String getControlLabel() { return getOrDefault(controlLabel()); }
  default String getCriterion() { return getOrDefault(criterion()); }
  default int getNumTrees() { return (Integer) getOrDefault(numTrees()); }
  default int getMaxDepth() { return (Integer) getOrDefault(maxDepth()); }
  default double getMinInstancesPerNode() { return (Double) getOrDefault(minInstancesPerNode()); }
  default double getMinTreatmentInstances() { return (Double) getOrDefault(minTreatmentInstances()); }
  default int getMaxBins() { return (Integer) getOrDefault(maxBins()); }
  default String getFeatureSubsetStrategy() { return getOrDefault(featureSubsetStrategy()); }
  default double getSubsamplingRate() { return (Double) getOrDefault(subsamplingRate()); }
  default boolean getBootstrap() { return (Boolean) getOrDefault(bootstrap()); }
  default long getSeed() { return (Long) getOrDefault(seed()); }
  default double getMinGain() { return (Double) getOrDefault(minGain()); }
  default boolean getHonesty() { return (Boolean) getOrDefault(honesty()); }
  default boolean getNormalization() { return (Boolean) getOrDefault(normalization()); }
  default double getNReg() { return (Double) getOrDefault(nReg()); }
  default int getMaxMemoryInMB() { return (Integer) getOrDefault(maxMemoryInMB()); }
  default String getTrainingMode() { return getOrDefault(trainingMode()); }
  default long getLocalModeMaxRows() { return (Long) getOrDefault(localModeMaxRows()); }
}
