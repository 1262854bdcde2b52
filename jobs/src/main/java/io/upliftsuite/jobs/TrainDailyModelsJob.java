package io.upliftsuite.jobs;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.upliftsuite.learners.DailyTrainingOptions;
import io.upliftsuite.learners.TrainDailyModels;
import io.upliftsuite.runs.ModelFolders;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "train-daily-models", mixinStandardHelpOptions = true,
    description = "Train one uplift model per decision day on the uncensored 'episodes': temporal holdout, propensity "
        + "model + positivity trimming, uplift feature selection, an ensemble of uplift forests and a predictive "
        + "baseline. Writes model files under the warehouse models dir, table 'models' (MERGE on model_id) and "
        + "'predictions' (one row per holdout episode). Settings: config section 'training' (docs/training.md).")
public final class TrainDailyModelsJob implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(TrainDailyModelsJob.class);

  @Mixin JobOptions job;

  @Option(names = "--days", split = ",", paramLabel = "DAY",
      description = "Decision days to train (comma-separated); default: config training.days.")
  List<Integer> days;

  @Override
  public Integer call() {
    try (JobRun run = job.start("train-daily-models")) {
      var training = run.config().section("training");
      if (days != null && !days.isEmpty()) {
        training = ConfigFactory.empty().withValue("days", ConfigValueFactory.fromIterable(days))
            .withFallback(training);
        job.optionSetsKey("--days", "training.days");
      }
      TrainDailyModels.Result r = TrainDailyModels.on(run.spark())
          .episodesTable(run.tables().location("episodes"))
          .modelsTable(run.tables().location("models"))
          .predictionsTable(run.tables().location("predictions"))
          // a folder of this run's own: files under committed rows never change (ModelFolders)
          .modelsDir(ModelFolders.runFolder(run.tables().modelsDir(), run.context().runId()))
          .options(DailyTrainingOptions.fromConfig(training, run.config().seed()))
          .context(run.context())
          .execute();
      String perDay = r.days().stream().map(d -> String.format("day %d: %d rows, %.2f%% trimmed, AUC %.3f, %d features",
          d.day(), d.trainingRows(), 100 * d.excludedShare(), d.propensity().auc(), d.selection().selected().size()))
          .collect(Collectors.joining("; "));
      LOG.info("train-daily-models: {} models, {} holdout predictions in {} s ({})", r.modelsWritten(),
          r.predictionsWritten(), String.format("%.1f", run.elapsedSeconds()), perDay);
    }
    return 0;
  }
}
