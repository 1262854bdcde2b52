package io.upliftsuite.learners.meta;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.Map;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A fitted {@link XLearner}: CATE of arm a = g_a(x) tau0_a(x) + (1 - g_a(x)) tau1_a(x), g_a the clipped propensity
 * of arm a vs control (from its propensity model, or from propensityCol, which transform then reads).
 */
public final class XLearnerModel extends MetaLearnerModel<XLearnerModel> implements EffectStageParams {
  private static final long serialVersionUID = 1L;

  XLearnerModel(String uid, String[] arms, boolean binaryOutcome, Map<String, Model<?>> models) {
    super(uid, MetaParamSet.Level.EFFECT_STAGES, arms, binaryOutcome, models);
  }

  @Override
  boolean readsPropensity() {
    return true;
  }

  @Override
  Dataset<Row> addEffects(Dataset<Row> rows, String[] effectCols) {
    int numArms = arms().size();
    Dataset<Row> out = rows;
    for (int a = 1; a < numArms; a++) {
      String g = SCRATCH + "g_" + a;
      String tau0 = SCRATCH + "tau0_" + a;
      String tau1 = SCRATCH + "tau1_" + a;
      out = getPropensityCol().isEmpty()
          ? Propensities.predict(this, model(XLearner.PROPENSITY + a), out, g)
          : out.withColumn(g, Propensities.given(this, out.schema(), a, numArms));
      out = BaseLearner.predict(model(XLearner.EFFECT_CONTROL + a), out, getFeaturesCol(), tau0);
      out = BaseLearner.predict(model(XLearner.EFFECT_TREATED + a), out, getFeaturesCol(), tau1);
      out = out.withColumn(effectCols[a], combine(col(g), col(tau0), col(tau1)));
    }
    return out;
  }

  /** Künzel et al.'s weighting: g tau_0 + (1 - g) tau_1. */
  static Column combine(Column g, Column tau0, Column tau1) {
    return g.multiply(tau0).plus(lit(1.0).minus(g).multiply(tau1));
  }

  @Override
  public XLearnerModel copy(ParamMap extra) {
    XLearnerModel copy = new XLearnerModel(uid(), arms().toArray(String[]::new), binaryOutcome(), models());
    copyValues(copy, extra);
    return copy.setParent(parent());
  }

  public static MLReader<XLearnerModel> read() {
    return new MetaModelIO.Reader<>(XLearnerModel.class, XLearnerModel::new);
  }

  public static XLearnerModel load(String path) {
    return read().load(path);
  }
}
