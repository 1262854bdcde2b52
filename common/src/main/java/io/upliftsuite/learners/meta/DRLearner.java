package io.upliftsuite.learners.meta;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * DR-learner (Kennedy 2020) with cross-fitting, per treatment arm a against control:
 * <ol>
 *   <li>rows are split into {@code numFolds} folds by a seeded hash ({@link TrainingRows#foldOf}); for each fold k
 *       the response models mu_0 ... mu_K and the propensities e_a (arm a vs control) are fitted on the other folds
 *       and predict the rows of fold k, so every row's nuisance values are out of fold;</li>
 *   <li>the doubly robust pseudo-outcome of a control or arm-a row, with T = 1 for arm a and e clipped:
 *       phi = mu_a - mu_0 + T (y - mu_a) / e - (1 - T) (y - mu_0) / (1 - e);</li>
 *   <li>the effect regressor tau_a is fitted on (x, phi) of those rows; CATE_a(x) = tau_a(x).</li>
 * </ol>
 * E[phi | x] is the CATE when either the response models or the propensity are right (hence "doubly robust"), and
 * cross-fitting keeps the nuisance models' overfitting out of phi. As EconML's DRLearner, one final model is fitted
 * on all rows' pseudo-outcomes (CausalML's BaseDRLearner instead rotates three splits and averages).
 */
public final class DRLearner extends MetaLearner<DRLearner, DRLearnerModel> implements CrossFitParams {
  private static final long serialVersionUID = 1L;
  static final String EFFECT = "effect_";
  private static final String PHI = MetaLearnerModel.SCRATCH + "phi";

  public DRLearner() {
    this(Identifiable.randomUID("drLearner"));
  }

  public DRLearner(String uid) {
    super(uid, MetaParamSet.Level.CROSS_FITTED);
  }

  public DRLearner setEffectRegressor(Estimator<?> v) { set(effectRegressor(), v); return this; }
  public DRLearner setPropensityClassifier(Estimator<?> v) { set(propensityClassifier(), v); return this; }
  public DRLearner setPropensityCol(String v) { set(propensityCol(), v == null ? "" : v); return this; }
  public DRLearner setPropensityLowerBound(double v) { set(propensityLowerBound(), v); return this; }
  public DRLearner setPropensityUpperBound(double v) { set(propensityUpperBound(), v); return this; }
  public DRLearner setNumFolds(int v) { set(numFolds(), v); return this; }
  public DRLearner setFoldCol(String v) { set(foldCol(), v == null ? "" : v); return this; }

  @Override
  int numFoldsToAssign() {
    return getNumFolds();
  }

  @Override
  String foldColumn() {
    return getFoldCol();
  }

  @Override
  DRLearnerModel fitStages(TrainingRows rows) {
    Dataset<Row> nuisance = outOfFoldNuisance(rows).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Map<String, Model<?>> models = new LinkedHashMap<>();
      for (int a = 1; a < rows.numArms(); a++) {
        Column treated = when(col(TrainingRows.ARM).equalTo(a), 1.0).otherwise(0.0);
        Dataset<Row> pair = nuisance.where(col(TrainingRows.ARM).isin(0, a))
            .withColumn(PHI, pseudoOutcome(col(TrainingRows.Y), treated, col(mu(0)), col(mu(a)), col(e(a))));
        models.put(EFFECT + a, BaseLearner.fit(getEffectRegressor(), "effect (arm " + a + ")", pair,
            getFeaturesCol(), PHI, getWeightCol(), getSeed() + 100 + a));
      }
      return new DRLearnerModel(uid(), rows.arms(), rows.binaryOutcome(), models);
    } finally {
      nuisance.unpersist(false);
    }
  }

  /** Every row with mu_0..mu_K and e_1..e_K predicted by models that did not see its fold. */
  private Dataset<Row> outOfFoldNuisance(TrainingRows rows) {
    int numArms = rows.numArms();
    String[] mu = new String[numArms];
    for (int a = 0; a < numArms; a++) {
      mu[a] = mu(a);
    }
    Dataset<Row> all = null;
    for (int k = 0; k < getNumFolds(); k++) {
      long foldSeed = getSeed() + 1000L * (k + 1);
      Dataset<Row> train = rows.rows().where(col(TrainingRows.FOLD).notEqual(k));
      Dataset<Row> held = rows.rows().where(col(TrainingRows.FOLD).equalTo(k));
      held = ArmOutcomes.fit(this, train, numArms, rows.binaryOutcome(), foldSeed).predict(held, getFeaturesCol(), mu);
      for (int a = 1; a < numArms; a++) {
        if (getPropensityCol().isEmpty()) {
          Model<?> propensity = Propensities.fit(this, train.where(col(TrainingRows.ARM).isin(0, a)), a,
              foldSeed + 500 + a);
          held = Propensities.predict(this, propensity, held, e(a));
        } else {
          held = held.withColumn(e(a), Propensities.given(this, held.schema(), a, numArms));
        }
      }
      all = all == null ? held : all.unionByName(held);
    }
    return all;
  }

  private static String mu(int a) {
    return MetaLearnerModel.SCRATCH + "mu_" + a;
  }

  private static String e(int a) {
    return MetaLearnerModel.SCRATCH + "e_" + a;
  }

  /** Kennedy's doubly robust pseudo-outcome mu1 - mu0 + t (y - mu1) / e - (1 - t) (y - mu0) / (1 - e). */
  static Column pseudoOutcome(Column y, Column t, Column mu0, Column mu1, Column e) {
    return mu1.minus(mu0)
        .plus(t.multiply(y.minus(mu1)).divide(e))
        .minus(lit(1.0).minus(t).multiply(y.minus(mu0)).divide(lit(1.0).minus(e)));
  }

  public static MLReader<DRLearner> read() {
    return new DefaultParamsReader<>();
  }

  public static DRLearner load(String path) {
    return read().load(path);
  }
}
