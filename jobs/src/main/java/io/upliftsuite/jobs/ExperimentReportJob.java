package io.upliftsuite.jobs;

import io.upliftsuite.config.SuiteConfigException;
import io.upliftsuite.episodes.EpisodeOptions;
import io.upliftsuite.episodes.RawLogs;
import io.upliftsuite.experiment.AnalyseExperiment;
import io.upliftsuite.experiment.Experiment;
import io.upliftsuite.experiment.ExperimentTables;
import io.upliftsuite.experiment.ResultRow;
import io.upliftsuite.recommend.RecommendOptions;
import io.upliftsuite.recommend.Recommendations;
import io.upliftsuite.spark.TableIO;
import io.upliftsuite.spark.TableLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "experiment-report", mixinStandardHelpOptions = true,
    description = "The readout of a randomised experiment of the recommendations: per arm items, 14- and 90-day "
        + "delivery with Wilson CIs, difference and relative lift with CIs, one-sided Welch and exact p-values, "
        + "sample-ratio-mismatch test, contact rate and compliance, the same per recommendation; a surrogate tree "
        + "explaining the policy. Writes tables 'experiment_results' and 'policy_rules' and an HTML report (last log "
        + "line: its path).")
public final class ExperimentReportJob implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ExperimentReportJob.class);

  @Mixin JobOptions job;

  @Option(names = "--experiment-id", paramLabel = "ID", split = ",",
      description = "The experiments to report (ids in recommend.experiments); default: every configured one.")
  List<String> experimentIds = new ArrayList<>();

  /** The headline numbers as key=value pairs (scripts/bench/experiment reads them). */
  static String summary(AnalyseExperiment.Result r) {
    StringBuilder s = new StringBuilder();
    for (ResultRow x : r.rows()) {
      if (!x.segment().equals("all")) {
        continue;
      }
      String m = x.metric();
      if (m.equals("assigned_items")) {
        s.append("assigned_").append(x.arm()).append('=').append((long) x.value()).append(' ');
      } else if (m.startsWith("difference_delivery_")) {
        String w = m.substring("difference_delivery_".length());
        s.append(String.format(Locale.ROOT, "diff_%s=%.6f lo_%s=%.6f hi_%s=%.6f ", w, x.value(), w, x.low(), w,
            x.high()));
      } else if (m.startsWith("true_effect_delivery_")) {
        s.append(String.format(Locale.ROOT, "true_%s=%.6f ", m.substring("true_effect_delivery_".length()),
            x.value()));
      } else if (m.equals("srm_p_value")) {
        s.append(String.format(Locale.ROOT, "srm_p=%.6f ", x.value()));
      }
    }
    return s.toString().trim();
  }

  @Override
  public Integer call() {
    try (JobRun run = job.start("experiment-report")) {
      List<Experiment> configured = RecommendOptions.fromConfig(run.config().section("recommend")).experiments();
      List<Experiment> chosen = new ArrayList<>();
      for (String id : experimentIds) {
        chosen.add(configured.stream().filter(e -> e.id().equals(id)).findFirst().orElseThrow(() ->
            new SuiteConfigException("--experiment-id " + id + ": no such experiment in config key "
                + "'recommend.experiments' (configured: " + configured.stream().map(Experiment::id).toList() + ")")));
      }
      if (chosen.isEmpty()) {
        chosen.addAll(configured);
      }
      if (chosen.isEmpty()) {
        throw new SuiteConfigException("No experiment to report: config key 'recommend.experiments' is empty");
      }
      var report = run.config().section("experiment-report");
      var explain = run.config().section("explain");
      String truthName = report.getString("truth-table");
      Dataset<Row> truth = null;
      if (!truthName.isBlank() && run.config().config().hasPath("tables." + truthName)) {
        TableLocation at = run.tables().location(truthName);
        truth = TableIO.pathExists(run.spark(), at.path()) ? TableIO.read(run.spark(), at) : null;
      }
      for (Experiment e : chosen) {
        String dir = run.tables().reportsDir() + "/" + report.getString("report-folder") + "/" + e.id() + "/"
            + run.context().runDate();
        AnalyseExperiment.Result r = AnalyseExperiment.on(run.spark()).experiment(e)
            .recommendations(TableIO.read(run.spark(), run.tables().location(Recommendations.TABLE)))
            .logs(RawLogs.read(run.spark(), run.tables()))
            .episodeOptions(EpisodeOptions.fromConfig(run.config().section("episodes")))
            .truth(truth)
            .confidence(report.getDouble("confidence"))
            .explain(new AnalyseExperiment.ExplainOptions(explain.getInt("max-depth"),
                explain.getInt("min-instances-per-node"), explain.getDouble("holdout-share"), run.config().seed()))
            .tables(run.tables().location(ExperimentTables.RESULTS), run.tables().location(ExperimentTables.RULES))
            .reportDir(dir)
            .context(run.context())
            .execute();
        LOG.info("experiment-report: {}: SRM p {}, {} result rows, models {}, {} s", e.id(),
            String.format(Locale.ROOT, "%.3f", r.srmPValue()), r.rows().size(), r.modelIds(),
            String.format(Locale.ROOT, "%.1f", run.elapsedSeconds()));
        LOG.info("experiment-report: {}: summary {}", e.id(), summary(r));
        LOG.info("experiment-report: report {}", r.reportPath());
      }
    }
    return 0;
  }
}
