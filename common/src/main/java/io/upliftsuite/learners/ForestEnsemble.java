package io.upliftsuite.learners;

import io.upliftsuite.forest.UpliftRandomForestClassifier;
import io.upliftsuite.forest.UpliftRandomForestModel;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * An ensemble of E uplift forests that differ only in their seed, averaged into one model
 * ({@link UpliftRandomForestModel#average}): averaging forests grown from different bootstrap samples and feature
 * subsets lowers the variance of the CATE estimate more cheaply than one very large forest would, and each forest is
 * one independent fit that can run concurrently with the others.
 */
public final class ForestEnsemble {
  public static final String CONTROL_LABEL = "0";

  private ForestEnsemble() {}

  /** Fits E forests on {@code rows} (treatment "action" with control 0, binary outcome) and averages them. */
  public static UpliftRandomForestModel fit(Dataset<Row> rows, String featuresCol, String outcomeCol,
      DailyTrainingOptions o, int day) {
    List<UpliftRandomForestModel> forests = new ArrayList<>();
    for (int e = 0; e < o.ensembleSize(); e++) {
      forests.add(estimator(featuresCol, outcomeCol, o).setSeed(o.forestSeed(day, e)).fit(rows));
    }
    return forests.size() == 1 ? forests.get(0) : UpliftRandomForestModel.average(forests);
  }

  static UpliftRandomForestClassifier estimator(String featuresCol, String outcomeCol, DailyTrainingOptions o) {
    return new UpliftRandomForestClassifier()
        .setFeaturesCol(featuresCol)
        .setTreatmentCol("action")
        .setLabelCol(outcomeCol)
        .setControlLabel(CONTROL_LABEL)
        .setCriterion(o.criterion())
        .setNumTrees(o.numTrees())
        .setMaxDepth(o.maxDepth())
        .setMinInstancesPerNode(o.minInstancesPerNode())
        .setMinTreatmentInstances(o.minTreatmentInstances())
        .setMaxBins(o.maxBins())
        .setFeatureSubsetStrategy(o.featureSubsetStrategy())
        .setSubsamplingRate(o.subsamplingRate())
        .setHonesty(o.honesty())
        .setTrainingMode(o.forestTrainingMode());
  }
}
