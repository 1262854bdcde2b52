package io.upliftsuite.jobs;

import io.upliftsuite.forest.FitForestAction;
import io.upliftsuite.forest.ForestSettings;
import io.upliftsuite.forest.UpliftForestEstimator;
import io.upliftsuite.forest.UpliftRandomForestClassifier;
import io.upliftsuite.forest.UpliftRandomForestRegressor;
import io.upliftsuite.spark.TableFormat;
import io.upliftsuite.spark.TableLocation;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "fit-forest", mixinStandardHelpOptions = true,
    description = "Fit an uplift random forest on any table and save it (with its feature preparation) to --model.")
public final class FitForestJob implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(FitForestJob.class);

  @Mixin JobOptions job;

  @Option(names = "--input", required = true, paramLabel = "PATH", description = "Table to train on.")
  String input;

  @Option(names = "--format", defaultValue = "delta", description = "csv, parquet or delta (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--features", required = true, split = ",", paramLabel = "COL",
      description = "Feature columns. Numeric unless listed in --categorical-features (Delta/Parquet string columns "
          + "are categorical anyway).")
  List<String> features;

  @Option(names = "--treatment-col", required = true, paramLabel = "COL", description = "Arm label column.")
  String treatmentCol;

  @Option(names = "--outcome-col", required = true, paramLabel = "COL", description = "Outcome column.")
  String outcomeCol;

  @Option(names = "--outcome-type", defaultValue = "binary",
      description = "binary (0/1, classifier) or continuous (regressor) (default: ${DEFAULT-VALUE}).")
  String outcomeType;

  @Option(names = "--weight-col", paramLabel = "COL", description = "Row weight column (default: none).")
  String weightCol;

  @Option(names = "--model", required = true, paramLabel = "DIR", description = "Folder to save the model to.")
  String model;

  @Option(names = "--categorical-features", split = ",", paramLabel = "COL",
      description = "Features to index as categories (CSV: every other feature must be a number; Delta/Parquet: "
          + "string features are categorical anyway).")
  List<String> categoricalFeatures;

  // The forest settings: each option overrides the config key of the same name in forest { } (conf/forest.conf).
  @Option(names = "--control-label", paramLabel = "LABEL",
      description = "Treatment label of the control arm (default: forest.control-label).")
  String controlLabel;
  @Option(names = "--criterion", paramLabel = "NAME",
      description = "Split criterion: KL, ED, Chi, CTS or DDP for a binary outcome; CausalMSE (the only one) for a "
          + "continuous outcome (default: forest.criterion).")
  String criterion;
  @Option(names = "--num-trees", paramLabel = "N", description = "Trees in the forest (default: forest.num-trees).")
  Integer numTrees;
  @Option(names = "--max-depth", paramLabel = "N", description = "Maximum tree depth, 0..30 (default: forest.max-depth).")
  Integer maxDepth;
  @Option(names = "--min-instances-per-node", paramLabel = "N",
      description = "Minimum (weighted) rows in each child of a split (default: forest.min-instances-per-node).")
  Double minInstancesPerNode;
  @Option(names = "--min-treatment-instances", paramLabel = "N",
      description = "Minimum (weighted) rows of every arm in each child of a split "
          + "(default: forest.min-treatment-instances).")
  Double minTreatmentInstances;
  @Option(names = "--max-bins", paramLabel = "N",
      description = "Bins per continuous feature, at least the categories of any categorical feature "
          + "(default: forest.max-bins).")
  Integer maxBins;
  @Option(names = "--feature-subset-strategy", paramLabel = "S",
      description = "Features tried per node: auto, all, sqrt, log2, onethird, a fraction or a count "
          + "(default: forest.feature-subset-strategy).")
  String featureSubsetStrategy;
  @Option(names = "--subsampling-rate", paramLabel = "R",
      description = "Fraction of rows bagged per tree, (0, 1] (default: forest.subsampling-rate).")
  Double subsamplingRate;
  @Option(names = "--bootstrap", arity = "1", paramLabel = "true|false",
      description = "Bag with replacement (Poisson counts) instead of subsampling (default: forest.bootstrap).")
  Boolean bootstrap;
  @Option(names = "--min-gain", paramLabel = "G",
      description = "A split needs gain above this (default: forest.min-gain).")
  Double minGain;
  @Option(names = "--honesty", arity = "1", paramLabel = "true|false",
      description = "Choose splits on half the rows, estimate leaves on the other half (default: forest.honesty).")
  Boolean honesty;
  @Option(names = "--normalization", arity = "1", paramLabel = "true|false",
      description = "Normalise KL/ED/Chi gains (Rzepakowski-Jaroszewicz) (default: forest.normalization).")
  Boolean normalization;
  @Option(names = "--n-reg", paramLabel = "N",
      description = "Weight of the parent's estimate in a child's estimate, CausalML's n_reg (default: forest.n-reg).")
  Double nReg;
  @Option(names = "--max-memory-mb", paramLabel = "MB",
      description = "Memory for node statistics per training pass (default: forest.max-memory-mb).")
  Integer maxMemoryMb;
  @Option(names = "--training-mode", paramLabel = "MODE",
      description = "auto (local when rows <= local-mode-max-rows), distributed or local (default: forest.training-mode).")
  String trainingMode;
  @Option(names = "--local-mode-max-rows", paramLabel = "N",
      description = "Largest input trained in local mode under auto (default: forest.local-mode-max-rows).")
  Long localModeMaxRows;
  @Option(names = "--seed", paramLabel = "N", description = "Random seed (default: suite.seed).")
  Long seed;

  @Override
  public Integer call() {
    try (JobRun run = job.start("fit-forest")) {
      boolean continuous = switch (outcomeType) {
        case "binary" -> false;
        case "continuous" -> true;
        default -> throw new IllegalArgumentException("--outcome-type must be binary or continuous, not " + outcomeType);
      };
      ForestSettings settings = ForestSettings.fromConfig(run.config().section("forest"), "forest", Set.of())
          .with("control-label", controlLabel).with("num-trees", numTrees).with("max-depth", maxDepth)
          .with("min-instances-per-node", minInstancesPerNode).with("min-treatment-instances", minTreatmentInstances)
          .with("max-bins", maxBins).with("feature-subset-strategy", featureSubsetStrategy)
          .with("subsampling-rate", subsamplingRate).with("bootstrap", bootstrap).with("min-gain", minGain)
          .with("honesty", honesty).with("normalization", normalization).with("n-reg", nReg)
          .with("max-memory-mb", maxMemoryMb).with("training-mode", trainingMode)
          .with("local-mode-max-rows", localModeMaxRows);
      UpliftForestEstimator<?> forest;
      if (continuous) {
        UpliftRandomForestRegressor regressor = settings.applyTo(new UpliftRandomForestRegressor());
        if (criterion != null) {
          regressor.setCriterion(criterion);
        }
        forest = regressor;
      } else {
        forest = settings.with("criterion", criterion).applyTo(new UpliftRandomForestClassifier());
      }
      forest.setTreatmentCol(treatmentCol).setLabelCol(outcomeCol).setWeightCol(weightCol)
          .setSeed(seed != null ? seed : run.config().seed());
      FitForestAction.Result r = FitForestAction.on(run.spark())
          .input(new TableLocation(input, input, TableFormat.parse(format, "--format")))
          .features(features).categorical(categoricalFeatures).estimator(forest).modelPath(model).execute();
      LOG.info("fit-forest: {} rows, {} trees ({} nodes), arms {}, fit in {} s; model saved to {}", r.rows(),
          r.trees(), r.nodes(), r.arms(), String.format("%.2f", r.fitSeconds()), r.modelPath());
    }
    return 0;
  }
}
