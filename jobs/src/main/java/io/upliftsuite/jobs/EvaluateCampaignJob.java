package io.upliftsuite.jobs;

import io.upliftsuite.campaign.evaluation.CampaignEvaluation;
import io.upliftsuite.campaign.evaluation.PolicyMeasure;
import java.time.LocalDate;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "evaluate-campaign", mixinStandardHelpOptions = true,
    description = "Off-policy evaluation of the allocated policy and baselines on the campaign experiment's test "
        + "split (IPS, SNIPS, DR with bootstrap CIs; lifts, e%%iS, constraint slacks; true values on simulated data); "
        + "writes campaign_evaluations and an HTML report (last log line: its path).")
public final class EvaluateCampaignJob implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(EvaluateCampaignJob.class);

  @Mixin JobOptions job;

  @Option(names = "--policy-id", paramLabel = "ID",
      description = "The allocated policy's id in the policies table (default: allocation.policy-id).")
  String policyId;

  @Option(names = "--policy-date", paramLabel = "YYYY-MM-DD",
      description = "The run date of the allocated policy (default: the run date).")
  LocalDate policyDate;

  @Override
  public Integer call() {
    try (JobRun run = job.start("evaluate-campaign")) {
      CampaignEvaluation.Result r = CampaignEvaluation.on(run.spark(), run.config(), run.tables())
          .policyId(policyId).policyDate(policyDate).execute(run.context());
      CampaignEvaluation.Verdict v = r.verdict();
      for (PolicyMeasure m : r.measures()) {
        if (m.measure().equals(PolicyMeasure.VALUE) && m.estimator().equals("dr")) {
          LOG.info("evaluate-campaign: {} {} = {} [{}, {}]{}", m.policy(), m.outcome(), fmt(m.estimate()),
              fmt(m.ciLow()), fmt(m.ciHigh()), Double.isNaN(m.truth()) ? "" : " (true " + fmt(m.truth()) + ")");
        }
      }
      LOG.info("evaluate-campaign: allocated policy {} {} (DR), meets the constraints: {}, beats every baseline "
          + "that meets them: {} ({} basis); {} test customers in {} s", v.outcome(), fmt(v.allocatedEstimate()),
          v.allocatedFeasible(), v.beatsEveryFeasibleBaseline(), Double.isNaN(v.allocatedTruth()) ? "DR" : "true",
          r.testRows(), String.format(Locale.ROOT, "%.1f", run.elapsedSeconds()));
      LOG.info("evaluate-campaign: report {}", r.reportPath());
    }
    return 0;
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4g", v);
  }
}
