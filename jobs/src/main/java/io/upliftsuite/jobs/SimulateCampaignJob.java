package io.upliftsuite.jobs;

import io.upliftsuite.campaign.CampaignSettings;
import io.upliftsuite.campaign.simulate.CampaignSimulator;
import io.upliftsuite.campaign.simulate.CampaignWorld;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "simulate-campaign", mixinStandardHelpOptions = true,
    description = "Simulate a randomised multi-offer promotion experiment (campaign_experiment) with every customer's "
        + "expected outcomes under every arm (campaign_oracle); see docs/campaign.md.")
public final class SimulateCampaignJob implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(SimulateCampaignJob.class);

  @Mixin JobOptions job;

  @Option(names = "--customers", paramLabel = "N",
      description = "Number of customers (default: campaign.simulate.customers).")
  Long customers;

  @Override
  public Integer call() {
    try (JobRun run = job.start("simulate-campaign")) {
      var section = run.config().section("campaign.simulate");
      if (customers != null) {
        section = section.withValue("customers", com.typesafe.config.ConfigValueFactory.fromAnyRef(customers));
      }
      CampaignSimulator.Result r = CampaignSimulator.on(run.spark())
          .settings(CampaignSettings.from(run.config()))
          .world(CampaignWorld.from(section))
          .execute(run.tables()::location, run.context());
      LOG.info("simulate-campaign: {} customers (seed {}), per arm {}, in {} s", r.customers(), r.seed(),
          r.armCounts(), String.format("%.1f", r.seconds()));
    }
    return 0;
  }
}
