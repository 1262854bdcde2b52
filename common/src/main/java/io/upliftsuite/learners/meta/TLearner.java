package io.upliftsuite.learners.meta;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;

/**
 * T-learner (two models; Künzel et al. 2019): one response model mu_a(x) per arm, fitted on that arm's rows (or one
 * uplift forest over all arms); the CATE of arm a is mu_a(x) - mu_control(x). Unbiased per arm, but the difference
 * of two separately regularised models is noisy where an arm has few rows.
 */
public final class TLearner extends MetaLearner<TLearner, TLearnerModel> {
  private static final long serialVersionUID = 1L;
  static final String OUTCOME_PREFIX = "outcome_";

  public TLearner() {
    this(Identifiable.randomUID("tLearner"));
  }

  public TLearner(String uid) {
    super(uid, MetaParamSet.Level.OUTCOME_ONLY);
  }

  @Override
  TLearnerModel fitStages(TrainingRows rows) {
    ArmOutcomes outcomes = ArmOutcomes.fit(this, rows.rows(), rows.numArms(), rows.binaryOutcome(), getSeed());
    Map<String, Model<?>> models = new LinkedHashMap<>();
    outcomes.addTo(models, OUTCOME_PREFIX);
    return new TLearnerModel(uid(), rows.arms(), rows.binaryOutcome(), models);
  }

  public static MLReader<TLearner> read() {
    return new DefaultParamsReader<>();
  }

  public static TLearner load(String path) {
    return read().load(path);
  }
}
