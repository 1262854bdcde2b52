package io.upliftsuite.learners.meta;

import static org.apache.spark.sql.functions.col;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * X-learner (Künzel et al. 2019), per treatment arm a against control:
 * <ol>
 *   <li>response models mu_0 (control rows) and mu_a (arm-a rows), as the T-learner;</li>
 *   <li>imputed effects: D = y - mu_0(x) on arm-a rows, D = mu_a(x) - y on control rows; an effect regressor
 *       tau_1 on the arm-a rows' D and tau_0 on the control rows' D;</li>
 *   <li>CATE(x) = g(x) tau_0(x) + (1 - g(x)) tau_1(x) with g the (clipped) propensity of arm a vs control: where
 *       most rows are treated, the control-based tau_0 (from the well-estimated mu_a) gets the weight.</li>
 * </ol>
 * The imputation applies each response model to the other arm's rows only, so it is out of sample by construction
 * and needs no cross-fitting (with an uplift forest as the response model the forest has seen every arm's rows).
 */
public final class XLearner extends MetaLearner<XLearner, XLearnerModel> implements EffectStageParams {
  private static final long serialVersionUID = 1L;
  static final String EFFECT_TREATED = "effect_treated_";
  static final String EFFECT_CONTROL = "effect_control_";
  static final String PROPENSITY = "propensity_";
  private static final String IMPUTED = MetaLearnerModel.SCRATCH + "imputed";

  public XLearner() {
    this(Identifiable.randomUID("xLearner"));
  }

  public XLearner(String uid) {
    super(uid, MetaParamSet.Level.EFFECT_STAGES);
  }

  public XLearner setEffectRegressor(Estimator<?> v) { set(effectRegressor(), v); return this; }
  public XLearner setPropensityClassifier(Estimator<?> v) { set(propensityClassifier(), v); return this; }
  public XLearner setPropensityCol(String v) { set(propensityCol(), v == null ? "" : v); return this; }
  public XLearner setPropensityLowerBound(double v) { set(propensityLowerBound(), v); return this; }
  public XLearner setPropensityUpperBound(double v) { set(propensityUpperBound(), v); return this; }

  @Override
  XLearnerModel fitStages(TrainingRows rows) {
    int numArms = rows.numArms();
    long seed = getSeed();
    String[] mu = new String[numArms];
    for (int a = 0; a < numArms; a++) {
      mu[a] = MetaLearnerModel.SCRATCH + "mu_" + a;
    }
    Dataset<Row> imputing = ArmOutcomes.fit(this, rows.rows(), numArms, rows.binaryOutcome(), seed)
        .predict(rows.rows(), getFeaturesCol(), mu).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Map<String, Model<?>> models = new LinkedHashMap<>();
      for (int a = 1; a < numArms; a++) {
        Dataset<Row> treated = imputing.where(col(TrainingRows.ARM).equalTo(a))
            .withColumn(IMPUTED, col(TrainingRows.Y).minus(col(mu[0])));
        Dataset<Row> control = imputing.where(col(TrainingRows.ARM).equalTo(0))
            .withColumn(IMPUTED, col(mu[a]).minus(col(TrainingRows.Y)));
        models.put(EFFECT_TREATED + a, BaseLearner.fit(getEffectRegressor(), "effect (arm " + a + " rows)", treated,
            getFeaturesCol(), IMPUTED, getWeightCol(), seed + 100 + a));
        models.put(EFFECT_CONTROL + a, BaseLearner.fit(getEffectRegressor(), "effect (control rows, arm " + a + ")",
            control, getFeaturesCol(), IMPUTED, getWeightCol(), seed + 200 + a));
        if (getPropensityCol().isEmpty()) {
          models.put(PROPENSITY + a, Propensities.fit(this, rows.pair(a), a, seed + 300 + a));
        }
      }
      return new XLearnerModel(uid(), rows.arms(), rows.binaryOutcome(), models);
    } finally {
      imputing.unpersist(false);
    }
  }

  public static MLReader<XLearner> read() {
    return new DefaultParamsReader<>();
  }

  public static XLearner load(String path) {
    return read().load(path);
  }
}
