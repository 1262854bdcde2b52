package io.upliftsuite.jobs;

import io.upliftsuite.registry.ModelRegistry;
import io.upliftsuite.registry.Promotion;
import io.upliftsuite.registry.TrainingRun;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "promote", mixinStandardHelpOptions = true,
    description = "Approve the chosen day's model of an evaluated training run when the lower bound of its added "
        + "value's 95%% CI is above registry.approval-margin (retiring the previously approved model); otherwise the "
        + "approved model stays. Updates the status columns of table 'models'.")
public final class PromoteJob implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(PromoteJob.class);

  @Mixin JobOptions job;

  @Option(names = "--training-run-date", paramLabel = "YYYY-MM-DD",
      description = "The training run to decide on (its run date in 'models'); default: the latest training run.")
  LocalDate trainingRunDate;

  @Option(names = "--model-id", paramLabel = "ID", split = ",",
      description = "Decide on these models instead of a training run (comma-separated or repeated).")
  List<String> modelIds = new ArrayList<>();

  @Override
  public Integer call() {
    try (JobRun run = job.start("promote")) {
      ModelRegistry registry = ModelRegistry.at(run.spark(), run.tables().location(ModelRegistry.TABLE));
      Promotion.Result r = Promotion.on(run.spark()).registry(registry)
          .evaluationsTable(run.tables().location("evaluations"))
          .run(TrainingRun.resolve(registry, trainingRunDate, modelIds))
          .margin(run.config().getDouble("registry.approval-margin"))
          .context(run.context())
          .execute();
      LOG.info("promote: {}: chosen model {} (day {}), added value {} [{}, {}]: {}; approved now: {}; {} rows changed "
              + "in {} s", r.run(), r.chosenModelId(), r.chosenDay(), fmt(r.addedValue()), fmt(r.ciLow()),
          fmt(r.ciHigh()), r.approved() ? "APPROVED" : "not approved", r.approvedNow(), r.rowsChanged(),
          String.format(Locale.ROOT, "%.1f", run.elapsedSeconds()));
      LOG.info("promote: {}", r.reason());
    }
    return 0;
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }
}
