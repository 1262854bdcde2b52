package io.upliftsuite.jobs;

import io.upliftsuite.experiment.ExperimentPlayback;
import io.upliftsuite.recommend.Recommendations;
import io.upliftsuite.simulate.CrmSimulator;
import io.upliftsuite.simulate.SimulationSettings;
import io.upliftsuite.spark.TableIO;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = "Simulate multi-year CRM interaction logs (leads, items, stage_events, communications, deliveries) "
        + "with their true potential outcomes (oracle_episodes); in experiment mode also experiment_assignments.")
public final class SimulateJob implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(SimulateJob.class);

  @Mixin JobOptions job;

  @Option(names = "--profile", paramLabel = "NAME",
      description = "Size and span from simulate.profiles.NAME: tiny, small, medium, worthy (default: simulate.profile).")
  String profile;

  @Option(names = "--experiment-recommendations", paramLabel = "TABLE",
      description = "Experiment (closed-loop) mode: play the experiment of this table (logical name; the recommend "
          + "job's 'recommendations'): treatment items follow their recommendations with probability "
          + "simulate.experiment.compliance-rate, control items keep the existing policy; writes "
          + "experiment_assignments with each item's true effect.")
  String recommendationsTable;

  @Option(names = "--experiment-id", paramLabel = "ID",
      description = "With --experiment-recommendations: play only this experiment's rows (default: every experiment).")
  String experimentId;

  @Override
  public Integer call() {
    try (JobRun run = job.start("simulate")) {
      SimulationSettings settings =
          SimulationSettings.from(run.config().section("simulate"), run.config().seed(), profile);
      CrmSimulator simulator = CrmSimulator.on(run.spark()).settings(settings)
          .logEndDays(run.config().getInt("simulate.log-end-days"));
      if (recommendationsTable != null) {
        simulator.recommendations(ExperimentPlayback.simulatorInput(TableIO.read(run.spark(),
            run.tables().location(recommendationsTable), Recommendations.SCHEMA), experimentId), recommendationsTable);
      }
      CrmSimulator.Result r = simulator.execute(run.tables()::location, run.context());
      LOG.info("simulate: profile {} seed {}{}: {} rows in {}s ({} rows/s): {}", r.profile(), r.seed(),
          recommendationsTable != null ? " (experiment with " + recommendationsTable + ")" : "", r.totalRows(),
          String.format("%.1f", r.seconds()), Math.round(r.totalRows() / Math.max(1e-9, r.seconds())), r.rows());
    }
    return 0;
  }
}
