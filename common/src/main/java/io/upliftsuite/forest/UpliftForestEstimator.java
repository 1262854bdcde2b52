package io.upliftsuite.forest;

import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;

/**
 * The estimator half of the uplift forest, shared by the classifier (binary outcome) and the regressor (continuous
 * outcome). Setters return the concrete class so calls chain from Java. {@link #fit} is {@link ForestFit}.
 */
public abstract class UpliftForestEstimator<E extends UpliftForestEstimator<E>>
    extends Estimator<UpliftRandomForestModel> implements UpliftForestParams, DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final ForestParamSet params;

  protected UpliftForestEstimator(String uid) {
    this.uid = uid;
    this.params = new ForestParamSet(uid, isRegression());
    params.setDefaults(this, isRegression());
  }

  /** True for the continuous-outcome variant. */
  abstract boolean isRegression();

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public ForestParamSet paramSet() {
    return params;
  }

  @SuppressWarnings("unchecked")
  private E self() {
    return (E) this;
  }

  public E setFeaturesCol(String v) { set(featuresCol(), v); return self(); }
  public E setTreatmentCol(String v) { set(treatmentCol(), v); return self(); }
  public E setLabelCol(String v) { set(labelCol(), v); return self(); }
  public E setWeightCol(String v) { set(weightCol(), v == null ? "" : v); return self(); }
  public E setControlLabel(String v) { set(controlLabel(), v); return self(); }
  public E setCriterion(String v) { set(criterion(), v); return self(); }
  public E setNumTrees(int v) { set(numTrees(), v); return self(); }
  public E setMaxDepth(int v) { set(maxDepth(), v); return self(); }
  public E setMinInstancesPerNode(double v) { set(minInstancesPerNode(), v); return self(); }
  public E setMinTreatmentInstances(double v) { set(minTreatmentInstances(), v); return self(); }
  public E setMaxBins(int v) { set(maxBins(), v); return self(); }
  public E setFeatureSubsetStrategy(String v) { set(featureSubsetStrategy(), v); return self(); }
  public E setSubsamplingRate(double v) { set(subsamplingRate(), v); return self(); }
  public E setBootstrap(boolean v) { set(bootstrap(), v); return self(); }
  public E setSeed(long v) { set(seed(), v); return self(); }
  public E setMinGain(double v) { set(minGain(), v); return self(); }
  public E setHonesty(boolean v) { set(honesty(), v); return self(); }
  public E setNormalization(boolean v) { set(normalization(), v); return self(); }
  public E setNReg(double v) { set(nReg(), v); return self(); }
  public E setMaxMemoryInMB(int v) { set(maxMemoryInMB(), v); return self(); }
  public E setTrainingMode(String v) { set(trainingMode(), v); return self(); }
  public E setLocalModeMaxRows(long v) { set(localModeMaxRows(), v); return self(); }

  @Override
  public UpliftRandomForestModel fit(Dataset<?> dataset) {
    return fitCounting(dataset).models().get(0);
  }

  /** {@link #fit}, also telling how many rows the forest was grown on. */
  ForestFit.Result fitCounting(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    ForestFit.Result result = new ForestFit(this, isRegression()).runEnsemble(dataset, new long[] {getSeed()});
    UpliftRandomForestModel model = result.models().get(0);
    copyValues(model, ParamMap.empty());
    model.setParent(this);
    return result;
  }

  /**
   * Fits one forest per seed, all grown together in the same passes over the rows (one read, one binning, one cache,
   * one frontier over all trees): forest {@code e} equals {@code copy().setSeed(seeds[e]).fit(dataset)}, tree for
   * tree. This is how an ensemble of E forests x T trees costs far less than E separate fits.
   */
  public java.util.List<UpliftRandomForestModel> fitEnsemble(Dataset<?> dataset, long[] seeds) {
    if (seeds.length == 0) {
      throw new IllegalArgumentException("fitEnsemble needs at least one seed");
    }
    transformSchema(dataset.schema());
    java.util.List<UpliftRandomForestModel> models = new ForestFit(this, isRegression()).runEnsemble(dataset, seeds)
        .models();
    for (int e = 0; e < models.size(); e++) {
      copyValues(models.get(e), ParamMap.empty());
      models.get(e).set(models.get(e).seed(), seeds[e]);
      models.get(e).setParent(this);
    }
    return models;
  }

  /**
   * Fits one forest per value of {@code groupCol} (e.g. one per decision day), each grown in memory by one task, all
   * in one Spark job: the "many small forests" mode. Arms and feature bins are shared across groups; bagging is
   * seeded by row position in the whole input. Keys are the group values as strings.
   */
  public java.util.Map<String, UpliftRandomForestModel> fitPerGroup(Dataset<?> dataset, String groupCol) {
    transformSchema(dataset.schema());
    java.util.Map<String, UpliftRandomForestModel> models = new ForestFit(this, isRegression())
        .runGroups(dataset, groupCol);
    for (UpliftRandomForestModel m : models.values()) {
      copyValues(m, ParamMap.empty());
      m.setParent(this);
    }
    return models;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return ForestSchemas.validateAndTransform(this, schema, true);
  }

  @Override
  public E copy(ParamMap extra) {
    return defaultCopy(extra);
  }
}
