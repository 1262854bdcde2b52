package io.upliftsuite.learners.meta;

import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.classification.RandomForestClassifier;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;

/**
 * Params of the {@link TwoStepUpliftEstimator} and its model: the columns (the forest's names and defaults), the
 * lost-cause classifier of stage 1 and its threshold, and the uplift learner of stage 2.
 */
public interface TwoStepParams extends Params {
  /** {@link #lostCauseOrder()}: every predicted lost cause gets the same uplift. */
  String TIED = "tied";
  /** {@link #lostCauseOrder()}: predicted lost causes keep stage 2's order among themselves. */
  String STAGE_TWO_ORDER = "stage-two";

  ParamSet twoStepParams();

  default Param<String> featuresCol() { return twoStepParams().featuresCol; }
  default Param<String> treatmentCol() { return twoStepParams().treatmentCol; }
  default Param<String> labelCol() { return twoStepParams().labelCol; }
  default Param<String> weightCol() { return twoStepParams().weightCol; }
  default Param<String> controlLabel() { return twoStepParams().controlLabel; }
  default LongParam seed() { return twoStepParams().seed; }
  default EstimatorParam lostCauseClassifier() { return twoStepParams().lostCauseClassifier; }
  default BooleanParam balanceClasses() { return twoStepParams().balanceClasses; }
  default DoubleParam lostCauseThreshold() { return twoStepParams().lostCauseThreshold; }
  default DoubleParam lostCauseMargin() { return twoStepParams().lostCauseMargin; }
  default Param<String> lostCauseOrder() { return twoStepParams().lostCauseOrder; }
  default EstimatorParam upliftLearner() { return twoStepParams().upliftLearner; }
  default Param<String> lostCauseProbabilityCol() { return twoStepParams().lostCauseProbabilityCol; }

  default String getFeaturesCol() { return getOrDefault(featuresCol()); }
  default String getTreatmentCol() { return getOrDefault(treatmentCol()); }
  default String getLabelCol() { return getOrDefault(labelCol()); }
  default String getWeightCol() { return getOrDefault(weightCol()); }
  default String getControlLabel() { return getOrDefault(controlLabel()); }
  default long getSeed() { return (Long) getOrDefault(seed()); }
  default Estimator<?> getLostCauseClassifier() { return getOrDefault(lostCauseClassifier()); }
  default boolean getBalanceClasses() { return (Boolean) getOrDefault(balanceClasses()); }
  default double getLostCauseThreshold() { return (Double) getOrDefault(lostCauseThreshold()); }
  default double getLostCauseMargin() { return (Double) getOrDefault(lostCauseMargin()); }
  default String getLostCauseOrder() { return getOrDefault(lostCauseOrder()); }
  default Estimator<?> getUpliftLearner() { return getOrDefault(upliftLearner()); }
  /** Empty: the lost-cause probability is not added to the output. */
  default String getLostCauseProbabilityCol() { return getOrDefault(lostCauseProbabilityCol()); }

  /** The Param objects, with docs, ranges and (all in one place) defaults. */
  final class ParamSet implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    final Param<String> featuresCol;
    final Param<String> treatmentCol;
    final Param<String> labelCol;
    final Param<String> weightCol;
    final Param<String> controlLabel;
    final LongParam seed;
    final EstimatorParam lostCauseClassifier;
    final BooleanParam balanceClasses;
    final DoubleParam lostCauseThreshold;
    final DoubleParam lostCauseMargin;
    final Param<String> lostCauseOrder;
    final EstimatorParam upliftLearner;
    final Param<String> lostCauseProbabilityCol;

    ParamSet(String uid) {
      featuresCol = new Param<>(uid, "featuresCol", "features vector column");
      treatmentCol = new Param<>(uid, "treatmentCol", "treatment (arm) column: string or integer labels");
      labelCol = new Param<>(uid, "labelCol", "binary (0/1) outcome column");
      weightCol = new Param<>(uid, "weightCol", "row weight column; empty means every row weighs 1");
      controlLabel = new Param<>(uid, "controlLabel", "the treatment label of the control arm");
      seed = new LongParam(uid, "seed", "random seed of both stages");
      lostCauseClassifier = new EstimatorParam(uid, "lostCauseClassifier",
          "stage 1: any MLlib probabilistic classifier of the lost-cause label (treated and no response), fitted on "
              + "the treated rows");
      balanceClasses = new BooleanParam(uid, "balanceClasses",
          "weight stage 1's rows so both classes weigh the same (n / (2 n_class), times the row weight)");
      lostCauseThreshold = new DoubleParam(uid, "lostCauseThreshold",
          "a row is a predicted lost cause when P(lost cause) >= this (0, 1]", ParamValidators.inRange(0, 1, false, true));
      lostCauseMargin = new DoubleParam(uid, "lostCauseMargin",
          "predicted lost causes get the stage-2 training minimum minus this (>= 0)", ParamValidators.gtEq(0));
      lostCauseOrder = new Param<>(uid, "lostCauseOrder",
          "order of the predicted lost causes below every other row: stage-two (they keep stage 2's order among "
              + "themselves) or tied (all get the same uplift, the paper's rule)",
          ParamValidators.inArray(new String[] {TIED, STAGE_TWO_ORDER}));
      upliftLearner = new EstimatorParam(uid, "upliftLearner",
          "stage 2: any uplift learner whose model adds an uplift vector (meta-learners, the uplift forest)");
      lostCauseProbabilityCol = new Param<>(uid, "lostCauseProbabilityCol",
          "output column for stage 1's P(lost cause); empty means none");
    }

    void setDefaults(Params owner) {
      owner.setDefault(featuresCol, "features");
      owner.setDefault(treatmentCol, "treatment");
      owner.setDefault(labelCol, "label");
      owner.setDefault(weightCol, "");
      owner.setDefault(controlLabel, "0");
      owner.setDefault(seed, 42L);
      // the scenario: a random forest of 100 trees, depth 20, balanced class weights, threshold 0.65
      owner.setDefault(lostCauseClassifier, new RandomForestClassifier().setNumTrees(100).setMaxDepth(20));
      owner.setDefault(balanceClasses, true);
      owner.setDefault(lostCauseThreshold, 0.65);
      owner.setDefault(lostCauseMargin, 1e-6);
      // stage-two by measurement (docs/learners.md): ties threw away stage 2's order inside the lost causes
      owner.setDefault(lostCauseOrder, STAGE_TWO_ORDER);
      owner.setDefault(upliftLearner, new XLearner());
      owner.setDefault(lostCauseProbabilityCol, "");
    }
  }
}
