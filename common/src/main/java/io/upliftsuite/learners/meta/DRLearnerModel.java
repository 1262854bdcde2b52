package io.upliftsuite.learners.meta;

import java.util.Map;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** A fitted {@link DRLearner}: CATE of arm a = tau_a(x), the regression of the pseudo-outcome on x. */
public final class DRLearnerModel extends MetaLearnerModel<DRLearnerModel> implements CrossFitParams {
  private static final long serialVersionUID = 1L;

  DRLearnerModel(String uid, String[] arms, boolean binaryOutcome, Map<String, Model<?>> models) {
    super(uid, MetaParamSet.Level.CROSS_FITTED, arms, binaryOutcome, models);
  }

  @Override
  Dataset<Row> addEffects(Dataset<Row> rows, String[] effectCols) {
    Dataset<Row> out = rows;
    for (int a = 1; a < arms().size(); a++) {
      out = BaseLearner.predict(model(DRLearner.EFFECT + a), out, getFeaturesCol(), effectCols[a]);
    }
    return out;
  }

  @Override
  public DRLearnerModel copy(ParamMap extra) {
    DRLearnerModel copy = new DRLearnerModel(uid(), arms().toArray(String[]::new), binaryOutcome(), models());
    copyValues(copy, extra);
    return copy.setParent(parent());
  }

  public static MLReader<DRLearnerModel> read() {
    return new MetaModelIO.Reader<>(DRLearnerModel.class, DRLearnerModel::new);
  }

  public static DRLearnerModel load(String path) {
    return read().load(path);
  }
}
