package io.upliftsuite.learners.meta;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.Map;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** A fitted {@link SLearner}: CATE of arm a = mu(x, a) - mu(x, control) from its one response model. */
public final class SLearnerModel extends MetaLearnerModel<SLearnerModel> {
  private static final long serialVersionUID = 1L;

  SLearnerModel(String uid, String[] arms, boolean binaryOutcome, Map<String, Model<?>> models) {
    super(uid, MetaParamSet.Level.OUTCOME_ONLY, arms, binaryOutcome, models);
  }

  @Override
  Dataset<Row> addEffects(Dataset<Row> rows, String[] effectCols) {
    int numArms = arms().size();
    Model<?> outcome = model(SLearner.OUTCOME);
    Dataset<Row> out = rows;
    for (int a = 0; a < numArms; a++) {
      String features = SLearner.ARM_FEATURES + "_" + a;
      out = out.withColumn(features, SLearner.withArm(col(getFeaturesCol()), lit(a), numArms));
      out = BaseLearner.predict(outcome, out, features, SCRATCH + "mu_" + a);
    }
    for (int a = 1; a < numArms; a++) {
      out = out.withColumn(effectCols[a], col(SCRATCH + "mu_" + a).minus(col(SCRATCH + "mu_0")));
    }
    return out;
  }

  @Override
  public SLearnerModel copy(ParamMap extra) {
    SLearnerModel copy = new SLearnerModel(uid(), arms().toArray(String[]::new), binaryOutcome(), models());
    copyValues(copy, extra);
    return copy.setParent(parent());
  }

  public static MLReader<SLearnerModel> read() {
    return new MetaModelIO.Reader<>(SLearnerModel.class, SLearnerModel::new);
  }

  public static SLearnerModel load(String path) {
    return read().load(path);
  }
}
