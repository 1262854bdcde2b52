package io.upliftsuite.jobs;

import io.upliftsuite.evaluation.DaySelection;
import io.upliftsuite.evaluation.EvaluateModels;
import io.upliftsuite.evaluation.ModelEvaluation;
import io.upliftsuite.evaluation.MetricRow;
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

@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = "Evaluate models' holdout predictions: Qini/AUUC, calibration, off-policy value with bootstrap CIs, "
        + "day selection; writes the evaluations and curves tables and an HTML report (last log line: its path).")
public final class EvaluateJob implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(EvaluateJob.class);

  @Mixin JobOptions job;

  @Option(names = "--model-id", paramLabel = "ID", split = ",",
      description = "Evaluate these models (repeatable or comma-separated) instead of a training run.")
  List<String> modelIds = new ArrayList<>();

  @Option(names = "--training-run-date", paramLabel = "YYYY-MM-DD",
      description = "Evaluate the models of this training run (their run date in 'models'); default: the latest run "
          + "(without a 'models' table: every model in predictions, each on its own).")
  LocalDate trainingRunDate;

  @Override
  public Integer call() {
    try (JobRun run = job.start("evaluate")) {
      EvaluateModels.Result r = EvaluateModels.on(run.spark(), run.config(), run.tables(), run.context())
          .models(modelIds).trainingRun(trainingRunDate).execute();
      for (ModelEvaluation m : r.models()) {
        LOG.info("evaluate: model {}: recommended policy value {} vs existing {} (added {}), Qini coefficient {}",
            m.modelId(), fmt(m, "recommended_value_dr"), fmt(m, "existing_value_dr"),
            fmt(m, "recommended_added_value_dr"), fmt(m, "qini_auc"));
      }
      DaySelection.chosenModel(r.models()).ifPresent(m -> LOG.info(
          "evaluate: chosen decision day {} (model {}): added value {}", (int) m.metric("chosen_day").get().value(),
          m.modelId(), fmt(m, "chosen_day_added_value_dr")));
      LOG.info("evaluate: {} models, {} evaluation rows, {} curve points in {} s", r.models().size(),
          r.evaluationRows(), r.curveRows(), String.format(Locale.ROOT, "%.1f", run.elapsedSeconds()));
      LOG.info("evaluate: report {}", r.reportPath());
    }
    return 0;
  }

  private static String fmt(ModelEvaluation m, String metric) {
    return m.metric(metric).map(EvaluateJob::fmt).orElse("n/a");
  }

  private static String fmt(MetricRow r) {
    return Double.isNaN(r.ciLow())
        ? String.format(Locale.ROOT, "%.4g", r.value())
        : String.format(Locale.ROOT, "%.4f [%.4f, %.4f]", r.value(), r.ciLow(), r.ciHigh());
  }
}
