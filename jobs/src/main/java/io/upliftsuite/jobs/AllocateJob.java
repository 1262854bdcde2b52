package io.upliftsuite.jobs;

import io.upliftsuite.allocation.AllocatePolicies;
import io.upliftsuite.allocation.AllocationResult;
import io.upliftsuite.allocation.Allocator;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "allocate", mixinStandardHelpOptions = true,
    description = "Assign one arm (a treatment or control) per customer from a scores table of per-arm predictions, "
        + "maximising the objective under the configured constraints (counts, budgets, floors relative to everyone on "
        + "an arm); writes the policies and policy_summaries tables for the run date.")
public final class AllocateJob implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(AllocateJob.class);

  @Mixin JobOptions job;

  @Option(names = "--method", paramLabel = "grouped|lagrangian",
      description = "Optimiser (default: allocation.method from config).")
  String method;

  @Option(names = "--scores", paramLabel = "TABLE",
      description = "Logical name of the scores table (config tables.TABLE; default: allocation.scores-table).")
  String scores;

  @Option(names = "--policy-id", paramLabel = "ID", description = "Policy id (default: allocation.policy-id).")
  String policyId;

  @Override
  public Integer call() {
    try (JobRun run = job.start("allocate")) {
      AllocationResult result = AllocatePolicies.on(run.spark(), run.config(), run.tables())
          .scoresTable(scores)
          .method(method == null ? null : Allocator.Method.parse(method, "--method"))
          .policyId(policyId)
          .execute(run.context());
      result.baselines().forEach(b -> LOG.info("allocate: baseline {} objective {} {}", b.name(),
          String.format("%.6g", b.objective()), b.feasible() ? "feasible" : "breaks " + b.violated()));
      LOG.info("allocate: {} in {} s", result.summary(), String.format("%.1f", run.elapsedSeconds()));
    }
    return 0;
  }
}
