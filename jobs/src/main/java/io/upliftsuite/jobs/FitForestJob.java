package io.upliftsuite.jobs;

import com.typesafe.config.Config;
import io.upliftsuite.forest.FitForestAction;
import io.upliftsuite.forest.UpliftForestEstimator;
import io.upliftsuite.forest.UpliftRandomForestClassifier;
import io.upliftsuite.forest.UpliftRandomForestRegressor;
import io.upliftsuite.spark.TableFormat;
import io.upliftsuite.spark.TableLocation;
import java.util.List;
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
      description = "Feature columns: numbers/booleans are numeric, strings categorical.")
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

  @Option(names = "--control-label") String controlLabel;
  @Option(names = "--criterion") String criterion;
  @Option(names = "--num-trees") Integer numTrees;
  @Option(names = "--max-depth") Integer maxDepth;
  @Option(names = "--min-instances-per-node") Double minInstancesPerNode;
  @Option(names = "--min-treatment-instances") Double minTreatmentInstances;
  @Option(names = "--max-bins") Integer maxBins;
  @Option(names = "--feature-subset-strategy") String featureSubsetStrategy;
  @Option(names = "--subsampling-rate") Double subsamplingRate;
  @Option(names = "--bootstrap", arity = "1") Boolean bootstrap;
  @Option(names = "--min-gain") Double minGain;
  @Option(names = "--honesty", arity = "1") Boolean honesty;
  @Option(names = "--normalization", arity = "1") Boolean normalization;
  @Option(names = "--n-reg") Double nReg;
  @Option(names = "--training-mode", description = "auto, distributed or local.") String trainingMode;
  @Option(names = "--seed", description = "Random seed (default: suite.seed).") Long seed;

  @Override
  public Integer call() {
    try (JobRun run = job.start("fit-forest")) {
      Config c = run.config().config().getConfig("forest");
      boolean continuous = switch (outcomeType) {
        case "binary" -> false;
        case "continuous" -> true;
        default -> throw new IllegalArgumentException("--outcome-type must be binary or continuous, not " + outcomeType);
      };
      UpliftForestEstimator<?> forest = continuous ? new UpliftRandomForestRegressor()
          : new UpliftRandomForestClassifier().setCriterion(or(criterion, c.getString("criterion")));
      if (continuous && criterion != null) {
        forest.setCriterion(criterion);
      }
      forest.setTreatmentCol(treatmentCol).setLabelCol(outcomeCol).setWeightCol(weightCol)
          .setControlLabel(or(controlLabel, c.getString("control-label")))
          .setNumTrees(or(numTrees, c.getInt("num-trees")))
          .setMaxDepth(or(maxDepth, c.getInt("max-depth")))
          .setMinInstancesPerNode(or(minInstancesPerNode, c.getDouble("min-instances-per-node")))
          .setMinTreatmentInstances(or(minTreatmentInstances, c.getDouble("min-treatment-instances")))
          .setMaxBins(or(maxBins, c.getInt("max-bins")))
          .setFeatureSubsetStrategy(or(featureSubsetStrategy, c.getString("feature-subset-strategy")))
          .setSubsamplingRate(or(subsamplingRate, c.getDouble("subsampling-rate")))
          .setBootstrap(or(bootstrap, c.getBoolean("bootstrap")))
          .setMinGain(or(minGain, c.getDouble("min-gain")))
          .setHonesty(or(honesty, c.getBoolean("honesty")))
          .setNormalization(or(normalization, c.getBoolean("normalization")))
          .setNReg(or(nReg, c.getDouble("n-reg")))
          .setMaxMemoryInMB(c.getInt("max-memory-mb"))
          .setTrainingMode(or(trainingMode, c.getString("training-mode")))
          .setLocalModeMaxRows(c.getLong("local-mode-max-rows"))
          .setSeed(or(seed, run.config().seed()));
      FitForestAction.Result r = FitForestAction.on(run.spark())
          .input(new TableLocation(input, input, TableFormat.parse(format, "--format")))
          .features(features).estimator(forest).modelPath(model).execute();
      LOG.info("fit-forest: {} rows, {} trees ({} nodes), arms {}, fit in {} s; model saved to {}", r.rows(),
          r.trees(), r.nodes(), r.arms(), String.format("%.2f", r.fitSeconds()), r.modelPath());
    }
    return 0;
  }

  private static <T> T or(T given, T fallback) {
    return given != null ? given : fallback;
  }
}
