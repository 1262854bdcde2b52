package io.upliftsuite.learners.meta;

import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.upliftsuite.spark.TrainingSummaries;
import io.upliftsuite.spark.InputValidationException;
import io.upliftsuite.spark.TableChecks;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two-step "lost cause" uplift. Where no one is hurt by the treatment (no sleeping dogs), a treated row without a
 * response would not have responded untreated either: it is a <em>known</em> lost cause, so a supervised classifier
 * can learn P(lost cause | x) from the treated rows. Stage 1 fits that classifier (by default a random forest with
 * balanced class weights); stage 2 fits any uplift learner (by default the X-learner) on all rows. The model ranks
 * every row the classifier calls a lost cause (P >= {@code lostCauseThreshold}) just below every other row: its
 * uplift becomes stage 2's minimum over the training rows minus {@code lostCauseMargin}, per treatment arm — the same
 * for all of them ({@code lostCauseOrder = tied}, the paper's rule), or shifted down by how far below stage 2's training
 * maximum the row's own stage-2 uplift lies ({@code stage-two}), so that the lost causes keep stage 2's order among
 * themselves instead of tying.
 *
 * <p>Whether the method applies is what the sleeping-dog diagnostic
 * ({@code io.upliftsuite.evaluation.SleepingDogDiagnostic}) decides; with sleeping dogs, treated non-responders
 * include rows the treatment hurt, which are not lost causes.
 */
public final class TwoStepUpliftEstimator extends Estimator<TwoStepUpliftModel>
    implements TwoStepParams, DefaultParamsWritable {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(TwoStepUpliftEstimator.class);
  static final String LOST_CAUSE = "__two_step_lost_cause";
  static final String WEIGHT = "__two_step_weight";
  static final String TABLE = TrainingRows.TABLE;

  private final String uid;
  private final ParamSet params;

  public TwoStepUpliftEstimator() {
    this(Identifiable.randomUID("twoStepUplift"));
  }

  public TwoStepUpliftEstimator(String uid) {
    this.uid = uid;
    this.params = new ParamSet(uid);
    params.setDefaults(this);
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public ParamSet twoStepParams() {
    return params;
  }

  public TwoStepUpliftEstimator setFeaturesCol(String v) { set(featuresCol(), v); return this; }
  public TwoStepUpliftEstimator setTreatmentCol(String v) { set(treatmentCol(), v); return this; }
  public TwoStepUpliftEstimator setLabelCol(String v) { set(labelCol(), v); return this; }
  public TwoStepUpliftEstimator setWeightCol(String v) { set(weightCol(), v == null ? "" : v); return this; }
  public TwoStepUpliftEstimator setControlLabel(String v) { set(controlLabel(), v); return this; }
  public TwoStepUpliftEstimator setSeed(long v) { set(seed(), v); return this; }
  public TwoStepUpliftEstimator setLostCauseClassifier(Estimator<?> v) { set(lostCauseClassifier(), v); return this; }
  public TwoStepUpliftEstimator setBalanceClasses(boolean v) { set(balanceClasses(), v); return this; }
  public TwoStepUpliftEstimator setLostCauseThreshold(double v) { set(lostCauseThreshold(), v); return this; }
  public TwoStepUpliftEstimator setLostCauseMargin(double v) { set(lostCauseMargin(), v); return this; }
  public TwoStepUpliftEstimator setLostCauseOrder(String v) { set(lostCauseOrder(), v); return this; }
  public TwoStepUpliftEstimator setUpliftLearner(Estimator<?> v) { set(upliftLearner(), v); return this; }
  public TwoStepUpliftEstimator setLostCauseProbabilityCol(String v) {
    set(lostCauseProbabilityCol(), v == null ? "" : v);
    return this;
  }

  @Override
  public TwoStepUpliftModel fit(Dataset<?> dataset) {
    return fitWithStageTwo(dataset, null);
  }

  /**
   * As {@link #fit(Dataset)}, with stage 2 already fitted on the same rows (e.g. a benchmark's X-learner of the same
   * fold, so it is not fitted twice); null fits the uplift learner.
   */
  public TwoStepUpliftModel fitWithStageTwo(Dataset<?> dataset, Model<?> fittedUpliftModel) {
    transformSchema(dataset.schema());
    long start = System.nanoTime();
    Dataset<Row> rows = dataset.toDF();
    Column treated = treated(rows);
    validate(rows, treated);
    // stage 2: the uplift learner on every row; its training minimum per arm is where lost causes go
    Model<?> uplift = fittedUpliftModel != null ? fittedUpliftModel : fitUpliftLearner(rows);
    double[][] range = upliftRange(uplift.transform(rows));
    double[] floors = range[0];
    for (int a = 0; a < floors.length; a++) {
      floors[a] -= getLostCauseMargin();
    }
    // stage 1: the lost-cause classifier on the treated rows
    Dataset<Row> treatedRows = rows.where(treated).withColumn(LOST_CAUSE,
        lit(1.0).minus(col(getLabelCol()).cast(DataTypes.DoubleType)));
    String weight = getWeightCol();
    if (getBalanceClasses()) {
      treatedRows = balanced(treatedRows);
      weight = WEIGHT;
    }
    Model<?> lostCause = BaseLearner.fit(getLostCauseClassifier(), "lost-cause", treatedRows, getFeaturesCol(),
        LOST_CAUSE, weight, getSeed());
    LOG.info("fitted two-step uplift (stage 2 {}, stage 1 {}) in {} s", getUpliftLearner().getClass().getSimpleName(),
        getLostCauseClassifier().getClass().getSimpleName(), String.format("%.2f", (System.nanoTime() - start) / 1e9));
    TwoStepUpliftModel model = new TwoStepUpliftModel(uid, floors, range[1], Map.of(TwoStepUpliftModel.LOST_CAUSE_MODEL,
        lostCause, TwoStepUpliftModel.UPLIFT_MODEL, uplift));
    copyValues(model, ParamMap.empty());
    return model.setParent(this);
  }

  /** True for rows of a treatment arm (numeric labels compare as numbers: "0" and "0.0" are the same arm). */
  Column treated(Dataset<Row> rows) {
    Column t = col(getTreatmentCol());
    if (rows.schema().apply(getTreatmentCol()).dataType() instanceof NumericType) {
      try {
        return t.cast(DataTypes.DoubleType).notEqual(lit(Double.parseDouble(getControlLabel())));
      } catch (NumberFormatException e) {
        return lit(true);
      }
    }
    return t.cast(DataTypes.StringType).notEqual(lit(getControlLabel()));
  }

  private void validate(Dataset<Row> rows, Column treated) {
    Column y = col(getLabelCol()).cast(DataTypes.DoubleType);
    TableChecks checks = TableChecks.of(TABLE, rows).notNull(getTreatmentCol(), getLabelCol(), getFeaturesCol())
        .rule(getLabelCol(), "outcome must be 0 or 1 (a lost cause is a treated row without a response)",
            y.notEqual(0).and(y.notEqual(1)));
    if (!getWeightCol().isEmpty()) {
      Column w = col(getWeightCol()).cast(DataTypes.DoubleType);
      checks.rule(getWeightCol(), "weight must be a finite number >= 0",
          w.isNull().or(isnan(w)).or(w.lt(0)).or(w.equalTo(Double.POSITIVE_INFINITY)));
    }
    checks.check();
    Row counts = rows.agg(sum(when(treated, 0L).otherwise(1L)), sum(when(treated.and(y.equalTo(0)), 1L).otherwise(0L)),
        sum(when(treated.and(y.equalTo(1)), 1L).otherwise(0L))).first();
    if (counts.getLong(0) == 0) {
      throw new InputValidationException(TABLE, getTreatmentCol(), "no rows with the control label '"
          + getControlLabel() + "'", 0);
    }
    if (counts.getLong(1) == 0 || counts.getLong(2) == 0) {
      throw new InputValidationException(TABLE, getLabelCol(), "the lost-cause classifier needs treated rows with and "
          + "without a response (treated non-responders " + counts.getLong(1) + ", responders " + counts.getLong(2)
          + ")", 0);
    }
  }

  /** Stage 2 with our columns and seed set by name on a copy of the user's learner. */
  @SuppressWarnings("unchecked")
  private Model<?> fitUpliftLearner(Dataset<Row> rows) {
    Estimator<?> learner = getUpliftLearner();
    ParamMap p = new ParamMap();
    for (Object[] kv : new Object[][] {{"featuresCol", getFeaturesCol()}, {"treatmentCol", getTreatmentCol()},
        {"labelCol", getLabelCol()}, {"controlLabel", getControlLabel()}, {"seed", getSeed()}}) {
      if (!learner.hasParam((String) kv[0])) {
        throw new IllegalArgumentException("The uplift learner " + learner.getClass().getSimpleName() + " has no param "
            + kv[0] + "; stage 2 must be an uplift learner (a meta-learner or the uplift forest)");
      }
      p.put((Param<Object>) learner.getParam((String) kv[0]), kv[1]);
    }
    if (!getWeightCol().isEmpty()) {
      p.put((Param<Object>) learner.getParam("weightCol"), getWeightCol());
    }
    return TrainingSummaries.drop((Model<?>) learner.fit(rows, p));
  }

  /** Per treatment arm, the smallest ([0]) and largest ([1]) predicted uplift of the training rows (one pass). */
  private static double[][] upliftRange(Dataset<Row> scored) {
    List<Row> ranges = scored.select(posexplode(vector_to_array(col(MetaSchemas.UPLIFT), "float64")))
        .groupBy("pos").agg(min("col"), max("col")).orderBy("pos").collectAsList();
    double[][] out = new double[2][ranges.size()];
    for (int a = 0; a < ranges.size(); a++) {
      out[0][a] = ranges.get(a).getDouble(1);
      out[1][a] = ranges.get(a).getDouble(2);
    }
    return out;
  }

  /** Row weight x n / (2 n_class) (weighted counts), so both classes weigh the same in stage 1. */
  private Dataset<Row> balanced(Dataset<Row> treatedRows) {
    Column w = getWeightCol().isEmpty() ? lit(1.0) : col(getWeightCol()).cast(DataTypes.DoubleType);
    Row totals = treatedRows.agg(sum(when(col(LOST_CAUSE).equalTo(1.0), w).otherwise(0.0)),
        sum(when(col(LOST_CAUSE).equalTo(0.0), w).otherwise(0.0))).first();
    double lost = totals.getDouble(0);
    double responders = totals.getDouble(1);
    double all = lost + responders;
    return treatedRows.withColumn(WEIGHT, w.multiply(when(col(LOST_CAUSE).equalTo(1.0), all / (2 * lost))
        .otherwise(all / (2 * responders))));
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return TwoStepUpliftModel.validateAndTransform(this, schema, true);
  }

  @Override
  public TwoStepUpliftEstimator copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  public static MLReader<TwoStepUpliftEstimator> read() {
    return new DefaultParamsReader<>();
  }

  public static TwoStepUpliftEstimator load(String path) {
    return read().load(path);
  }
}
