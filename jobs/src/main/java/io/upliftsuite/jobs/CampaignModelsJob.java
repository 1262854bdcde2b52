package io.upliftsuite.jobs;

import io.upliftsuite.campaign.CampaignModels;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "campaign-models", mixinStandardHelpOptions = true,
    description = "Fit a multi-arm uplift forest per campaign outcome on the experiment's training split and write "
        + "the scores table (customer id, predicted control outcome and uplift per offer per outcome); see "
        + "docs/campaign.md.")
public final class CampaignModelsJob implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(CampaignModelsJob.class);

  @Mixin JobOptions job;

  @Override
  public Integer call() {
    try (JobRun run = job.start("campaign-models")) {
      CampaignModels.Result r = CampaignModels.on(run.spark(), run.config(), run.tables()).execute(run.context());
      LOG.info("campaign-models: {} training customers, {} scored, models {} in {} s", r.trainRows(), r.scoredRows(),
          r.models(), String.format("%.1f", r.seconds()));
    }
    return 0;
  }
}
