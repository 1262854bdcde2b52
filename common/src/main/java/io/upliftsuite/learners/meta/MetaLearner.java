package io.upliftsuite.learners.meta;

import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The estimator half shared by the S-, T-, X- and DR-learners: the common setters (returning the concrete class so
 * calls chain from Java) and {@link #fit}, which validates and prepares the rows once ({@link TrainingRows}), lets
 * the learner fit its stages, and copies the params into the model.
 */
public abstract class MetaLearner<E extends MetaLearner<E, M>, M extends MetaLearnerModel<M>> extends Estimator<M>
    implements MetaLearnerParams, DefaultParamsWritable {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(MetaLearner.class);

  private final String uid;
  private final MetaParamSet params;

  MetaLearner(String uid, MetaParamSet.Level level) {
    this.uid = uid;
    this.params = new MetaParamSet(uid);
    params.setDefaults(this, level);
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public MetaParamSet metaParams() {
    return params;
  }

  @SuppressWarnings("unchecked")
  E self() {
    return (E) this;
  }

  public E setFeaturesCol(String v) { set(featuresCol(), v); return self(); }
  public E setTreatmentCol(String v) { set(treatmentCol(), v); return self(); }
  public E setLabelCol(String v) { set(labelCol(), v); return self(); }
  public E setWeightCol(String v) { set(weightCol(), v == null ? "" : v); return self(); }
  public E setControlLabel(String v) { set(controlLabel(), v); return self(); }
  public E setOutcomeType(String v) { set(outcomeType(), v); return self(); }
  public E setSeed(long v) { set(seed(), v); return self(); }
  public E setOutcomeClassifier(Estimator<?> v) { set(outcomeClassifier(), v); return self(); }
  public E setOutcomeRegressor(Estimator<?> v) { set(outcomeRegressor(), v); return self(); }

  @Override
  public M fit(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    long start = System.nanoTime();
    try (TrainingRows rows = TrainingRows.prepare(this, dataset.toDF(), numFoldsToAssign(), foldColumn())) {
      M model = fitStages(rows);
      LOG.info("fitted {} on {} rows, arms {}, {} outcome, in {} s", getClass().getSimpleName(), rows.count(),
          String.join(", ", rows.arms()), rows.binaryOutcome() ? "binary" : "continuous",
          String.format("%.2f", (System.nanoTime() - start) / 1e9));
      copyValues(model, ParamMap.empty());
      return model.setParent(this);
    }
  }

  /** Fits the learner's stages on the prepared rows; the model's params are copied in by {@link #fit}. */
  abstract M fitStages(TrainingRows rows);

  /** Folds {@link TrainingRows} assigns (0: none). */
  int numFoldsToAssign() {
    return 0;
  }

  String foldColumn() {
    return "";
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return MetaSchemas.validateAndTransform(this, schema, true, true);
  }

  @Override
  public E copy(ParamMap extra) {
    return defaultCopy(extra);
  }
}
