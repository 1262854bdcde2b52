package io.upliftsuite.learners.meta;

import static org.apache.spark.sql.functions.col;

import java.util.Map;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** A fitted {@link TLearner}: CATE of arm a = mu_a(x) - mu_control(x). */
public final class TLearnerModel extends MetaLearnerModel<TLearnerModel> {
  private static final long serialVersionUID = 1L;

  TLearnerModel(String uid, String[] arms, boolean binaryOutcome, Map<String, Model<?>> models) {
    super(uid, MetaParamSet.Level.OUTCOME_ONLY, arms, binaryOutcome, models);
  }

  @Override
  Dataset<Row> addEffects(Dataset<Row> rows, String[] effectCols) {
    int numArms = arms().size();
    String[] mu = new String[numArms];
    for (int a = 0; a < numArms; a++) {
      mu[a] = SCRATCH + "mu_" + a;
    }
    Dataset<Row> out = ArmOutcomes.from(models(), TLearner.OUTCOME_PREFIX, numArms)
        .predict(rows, getFeaturesCol(), mu);
    for (int a = 1; a < numArms; a++) {
      out = out.withColumn(effectCols[a], col(mu[a]).minus(col(mu[0])));
    }
    return out;
  }

  @Override
  public TLearnerModel copy(ParamMap extra) {
    TLearnerModel copy = new TLearnerModel(uid(), arms().toArray(String[]::new), binaryOutcome(), models());
    copyValues(copy, extra);
    return copy.setParent(parent());
  }

  public static MLReader<TLearnerModel> read() {
    return new MetaModelIO.Reader<>(TLearnerModel.class, TLearnerModel::new);
  }

  public static TLearnerModel load(String path) {
    return read().load(path);
  }
}
