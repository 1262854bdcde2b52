package io.upliftsuite.jobs;

import io.upliftsuite.learners.benchmark.BenchmarkLearners;
import io.upliftsuite.learners.benchmark.FoldResult;
import io.upliftsuite.learners.benchmark.LearnerBenchmark;
import io.upliftsuite.learners.benchmark.PairedUqc;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "benchmark-learners", mixinStandardHelpOptions = true,
    description = "Stratified k-fold comparison of uplift learners (forest criteria, S/T/X/DR, two-step) on "
        + "Hillstrom, a day of episodes or any table: UQC, Qini AUC, AUUC, uplift@k, deciles (mean +- sd), a final "
        + "fit scored on a held-out test, the sleeping-dog verdict; writes learner_benchmarks and an HTML report.")
public final class BenchmarkLearnersJob implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(BenchmarkLearnersJob.class);

  @Mixin JobOptions job;

  @Option(names = "--dataset", paramLabel = "NAME",
      description = "A data set of the repository: hillstrom (women's e-mail vs none, outcome visit).")
  String dataset;

  @Option(names = "--table", paramLabel = "NAME",
      description = "A configured table: episodes (one --day) or any other (with --treatment-col, --outcome-col).")
  String table;

  @Option(names = "--input", paramLabel = "PATH", description = "A file or folder to read (see --format).")
  String input;

  @Option(names = "--format", defaultValue = "csv", description = "Format of --input: csv, parquet or delta "
      + "(default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--day", description = "Decision day of the episodes table (default: benchmark.day).")
  Integer day;

  @Option(names = "--treatment-col", paramLabel = "COL", description = "Arm column of a table or file.")
  String treatmentCol;

  @Option(names = "--treated-label", paramLabel = "LABEL",
      description = "The arm compared with control (default: every non-control arm).")
  String treatedLabel;

  @Option(names = "--control-label", defaultValue = "0", paramLabel = "LABEL",
      description = "Control's label (default: ${DEFAULT-VALUE}).")
  String controlLabel;

  @Option(names = "--outcome-col", paramLabel = "COL", description = "0/1 outcome column.")
  String outcomeCol;

  @Option(names = "--features", split = ",", paramLabel = "COL",
      description = "Feature columns (default: every other numeric, boolean or string column).")
  List<String> features = new ArrayList<>();

  @Option(names = "--reference-col", paramLabel = "COL",
      description = "A fixed score column of the table or file (e.g. the production model's score, or a simulation's "
          + "true effect): its UQC on all rows is printed beside the learners'. Not a feature.")
  String referenceCol;

  @Option(names = "--learners", split = ",", paramLabel = "NAME",
      description = "Learners to compare (default: benchmark.learners).")
  List<String> learners = new ArrayList<>();

  @Option(names = "--folds", description = "Cross-validation folds (default: benchmark.folds).")
  Integer folds;

  @Option(names = "--benchmark-id", paramLabel = "ID",
      description = "Id of the rows in learner_benchmarks (default: <data set>-<run date>).")
  String benchmarkId;

  @Override
  public Integer call() {
    try (JobRun run = job.start("benchmark-learners")) {
      BenchmarkLearners.Outcome o = BenchmarkLearners.on(run.spark(), run.config(), run.tables(), run.context())
          .dataset(dataset).table(table).input(input, format).day(day)
          .treatment(treatmentCol, treatedLabel, controlLabel).outcome(outcomeCol).features(features).referenceScore(referenceCol)
          .learners(learners).folds(folds).benchmarkId(benchmarkId)
          .execute();
      LearnerBenchmark.Result r = o.result();
      if (!Double.isNaN(r.referenceUqc())) {
        LOG.info("benchmark-learners: fixed reference score UQC {}", String.format(Locale.ROOT, "%.5f",
            r.referenceUqc()));
      }
      for (String l : r.learners()) {
        LearnerBenchmark.Summary s = r.summaries().get(l);
        List<FoldResult> test = r.of(l, "test");
        long constant = r.of(l, "cv").stream().filter(FoldResult::constantScore).count();
        LOG.info("benchmark-learners: {} UQC {} +- {} over {} folds (Qini AUC {} +- {}){}{}, fit {} s per fold{}{}",
            String.format(Locale.ROOT, "%-9s", l), f4(s.mean("uqc")), f4(s.sd("uqc")), r.folds(),
            f4(s.mean("qini_auc")), f4(s.sd("qini_auc")), test.isEmpty() ? "" : ", test UQC " + f4(test.get(0).uqc()),
            s.meanSd().containsKey("lost_cause_f1_weighted")
                ? ", lost-cause weighted F1 " + f4(s.mean("lost_cause_f1_weighted")) : "",
            String.format(Locale.ROOT, "%.1f", s.mean("fit_seconds")),
            test.isEmpty() ? "" : String.format(Locale.ROOT, " (test fit %.1f s)", test.get(0).fitSeconds()),
            constant == 0 ? "" : "; CONSTANT score (ranks nothing, UQC 1) on " + constant + " of " + r.folds()
                + " folds");
      }
      if (r.folds() > 1 && r.learners().contains(r.verdictLearner())) {
        for (String l : r.learners()) {
          if (!l.equals(r.verdictLearner())) {
            PairedUqc p = PairedUqc.of(r, l, r.verdictLearner());
            LOG.info("benchmark-learners: {} minus {} UQC on the same folds {} +- {}, higher in {} of {} folds",
                l, p.baseline(), String.format(Locale.ROOT, "%+.4f", p.mean()), f4(p.sd()), p.higher(), p.folds());
          }
        }
      }
      LOG.info("benchmark-learners: {}", r.sleepingDogs().verdict());
      LOG.info("benchmark-learners: {} rows of {} written to learner_benchmarks in {} s", o.rowsWritten(),
          o.benchmarkId(), String.format(Locale.ROOT, "%.1f", run.elapsedSeconds()));
      LOG.info("benchmark-learners: report {}", o.reportPath());
    }
    return 0;
  }

  private static String f4(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }
}
