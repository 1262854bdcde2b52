package io.upliftsuite.learners;

import io.upliftsuite.forest.ForestSettings;
import io.upliftsuite.forest.UpliftRandomForestClassifier;
import io.upliftsuite.forest.UpliftRandomForestModel;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ensemble of E uplift forests that differ only in their seed, averaged into one model
 * ({@link UpliftRandomForestModel#average}): averaging forests grown from different bootstrap samples and feature
 * subsets lowers the variance of the CATE estimate. The E forests are grown in ONE grouped fit
 * ({@link UpliftRandomForestClassifier#fitEnsemble}): one read, one binning, one cache and one frontier over all
 * E x T trees, each forest the one a separate fit with its seed would grow.
 */
public final class ForestEnsemble {
  /** The control label of the episodes' action column (0 = not contacted). */
  public static final String CONTROL_LABEL = "0";
  /** The episodes' treatment column. */
  public static final String ACTION = "action";

  private static final Logger LOG = LoggerFactory.getLogger(ForestEnsemble.class);

  private ForestEnsemble() {}

  /** Fits day {@code day}'s ensemble on {@code rows} (treatment {@code action}, binary outcome, unweighted). */
  public static UpliftRandomForestModel fit(Dataset<Row> rows, String featuresCol, String outcomeCol,
      DailyTrainingOptions o, int day) {
    return fit(rows, featuresCol, ACTION, outcomeCol, null, o, day);
  }

  /**
   * Fits day {@code day}'s ensemble: {@code o.ensembleSize()} forests with the settings {@code o.forest()} and seeds
   * {@link DailyTrainingOptions#forestSeed}, averaged.
   *
   * @param treatmentCol 0/1 treatment column (control label 0)
   * @param weightCol row weights (e.g. inverse propensity), or null for unweighted rows
   */
  public static UpliftRandomForestModel fit(Dataset<Row> rows, String featuresCol, String treatmentCol,
      String outcomeCol, String weightCol, DailyTrainingOptions o, int day) {
    long[] seeds = new long[o.ensembleSize()];
    for (int e = 0; e < seeds.length; e++) {
      seeds[e] = o.forestSeed(day, e);
    }
    long start = System.nanoTime();
    UpliftRandomForestClassifier estimator = estimator(featuresCol, treatmentCol, outcomeCol, weightCol, o.forest());
    List<UpliftRandomForestModel> forests = estimator.fitEnsemble(rows, seeds);
    LOG.info("day {}: ensemble of {} x {} trees fitted in {} s", day, seeds.length, estimator.getNumTrees(),
        String.format("%.2f", (System.nanoTime() - start) / 1e9));
    return forests.size() == 1 ? forests.get(0) : UpliftRandomForestModel.average(forests);
  }

  /** The estimator of every forest of the ensemble (before its seed is set). */
  static UpliftRandomForestClassifier estimator(String featuresCol, String treatmentCol, String outcomeCol,
      String weightCol, ForestSettings settings) {
    return settings.applyTo(new UpliftRandomForestClassifier())
        .setFeaturesCol(featuresCol)
        .setTreatmentCol(treatmentCol)
        .setLabelCol(outcomeCol)
        .setWeightCol(weightCol)
        .setControlLabel(CONTROL_LABEL);
  }
}
