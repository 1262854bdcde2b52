package io.upliftsuite.campaign;

import com.typesafe.config.Config;
import io.upliftsuite.forest.UpliftForestEstimator;
import io.upliftsuite.forest.UpliftRandomForestClassifier;
import io.upliftsuite.forest.UpliftRandomForestRegressor;

/**
 * The forest of one campaign outcome, configured from {@code campaign.models.forest} (the keys of conf/forest.conf):
 * a classifier with the KL criterion for a binary outcome, the causal-MSE regressor for a continuous one, on the
 * experiment's arm column with the control arm's label.
 */
final class CampaignForests {
  private CampaignForests() {}

  static UpliftForestEstimator<?> forOutcome(CampaignOutcome outcome, CampaignSettings s, Config forest,
      String featuresCol) {
    UpliftForestEstimator<?> e = outcome.binary()
        ? new UpliftRandomForestClassifier().setCriterion("KL")
        : new UpliftRandomForestRegressor();
    return e.setFeaturesCol(featuresCol).setTreatmentCol(s.armColumn()).setLabelCol(outcome.column())
        .setControlLabel(s.control().name())
        .setNumTrees(forest.getInt("num-trees"))
        .setMaxDepth(forest.getInt("max-depth"))
        .setMinInstancesPerNode(forest.getDouble("min-instances-per-node"))
        .setMinTreatmentInstances(forest.getDouble("min-treatment-instances"))
        .setMaxBins(forest.getInt("max-bins"))
        .setFeatureSubsetStrategy(forest.getString("feature-subset-strategy"))
        .setSubsamplingRate(forest.getDouble("subsampling-rate"))
        .setBootstrap(forest.getBoolean("bootstrap"))
        .setMinGain(forest.getDouble("min-gain"))
        .setHonesty(forest.getBoolean("honesty"))
        .setNormalization(forest.getBoolean("normalization"))
        .setNReg(forest.getDouble("n-reg"))
        .setMaxMemoryInMB(forest.getInt("max-memory-mb"))
        .setTrainingMode(forest.getString("training-mode"))
        .setLocalModeMaxRows(forest.getLong("local-mode-max-rows"))
        // a different seed per outcome, so the forests' bags are not the same draws
        .setSeed(s.seed() * 31 + outcome.name().hashCode());
  }
}
