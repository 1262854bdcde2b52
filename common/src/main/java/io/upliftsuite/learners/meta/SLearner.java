package io.upliftsuite.learners.meta;

import static org.apache.spark.sql.functions.col;

import io.upliftsuite.forest.UpliftForestEstimator;
import java.util.Map;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.functions;

/**
 * S-learner (single model; Künzel et al. 2019): one response model mu(x, t) of the outcome on the features plus a
 * one-hot of the treatment arm (one element per treatment arm, control = all zeros); the CATE of arm a is
 * mu(x, a) - mu(x, control). Simple and low-variance, but a tree learner may ignore the treatment columns and
 * shrink effects toward 0.
 */
public final class SLearner extends MetaLearner<SLearner, SLearnerModel> {
  private static final long serialVersionUID = 1L;
  static final String OUTCOME = "outcome";
  /** The features with the arm's one-hot appended (scratch column). */
  static final String ARM_FEATURES = MetaLearnerModel.SCRATCH + "arm_features";

  public SLearner() {
    this(Identifiable.randomUID("sLearner"));
  }

  public SLearner(String uid) {
    super(uid, MetaParamSet.Level.OUTCOME_ONLY);
  }

  @Override
  SLearnerModel fitStages(TrainingRows rows) {
    Estimator<?> learner = ArmOutcomes.learner(this, rows.binaryOutcome());
    if (learner instanceof UpliftForestEstimator<?>) {
      throw new IllegalArgumentException("The S-learner's response model takes the treatment as a feature; an uplift "
          + "forest models arms separately: use it with the T-, X- or DR-learner instead");
    }
    Model<?> model = BaseLearner.fit(learner, "outcome", rows.rows().withColumn(ARM_FEATURES,
        withArm(col(getFeaturesCol()), col(TrainingRows.ARM), rows.numArms())), ARM_FEATURES, TrainingRows.Y,
        getWeightCol(), getSeed());
    return new SLearnerModel(uid(), rows.arms(), rows.binaryOutcome(), Map.of(OUTCOME, model));
  }

  /** features ++ one-hot(arm) over the treatment arms 1..numArms-1 (a sparse input stays sparse). */
  static Column withArm(Column features, Column arm, int numArms) {
    UDF2<Vector, Integer, Vector> append = (v, a) -> {
      int n = v.size();
      if (v instanceof SparseVector s) {
        int extra = a > 0 ? 1 : 0;
        int[] idx = java.util.Arrays.copyOf(s.indices(), s.indices().length + extra);
        double[] val = java.util.Arrays.copyOf(s.values(), s.values().length + extra);
        if (extra == 1) {
          idx[idx.length - 1] = n + a - 1;
          val[val.length - 1] = 1.0;
        }
        return Vectors.sparse(n + numArms - 1, idx, val);
      }
      double[] out = java.util.Arrays.copyOf(v.toArray(), n + numArms - 1);
      if (a > 0) {
        out[n + a - 1] = 1.0;
      }
      return Vectors.dense(out);
    };
    return functions.udf(append, SQLDataTypes.VectorType()).apply(features, arm);
  }

  public static MLReader<SLearner> read() {
    return new DefaultParamsReader<>();
  }

  public static SLearner load(String path) {
    return read().load(path);
  }
}
