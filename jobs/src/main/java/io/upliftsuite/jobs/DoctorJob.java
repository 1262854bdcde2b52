package io.upliftsuite.jobs;

import io.upliftsuite.runs.ModelFolders;
import io.upliftsuite.spark.ClusterCheck;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "doctor", mixinStandardHelpOptions = true,
    description = "Check a deployment: run tasks on the executors, write and read back a Delta table (ops/doctor); "
        + "finish the commits of runs that died half-way (every job does this at start) and list model folders no "
        + "models row points to (--clean deletes them).")
public final class DoctorJob implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(DoctorJob.class);

  @Mixin JobOptions job;

  @Option(names = "--tasks", defaultValue = "4", description = "Number of tasks to spread (default: ${DEFAULT-VALUE}).")
  int tasks;

  @Option(names = "--clean", description = "Delete the orphan model folders it lists (no models row points to them "
      + "and their run can no longer commit one).")
  boolean clean;

  @Override
  public Integer call() {
    try (JobRun run = job.start("doctor")) {
      // the check writes and reads back at once, so it commits directly instead of with the run's unit
      ClusterCheck.Result r = ClusterCheck.run(run.spark(), run.tables().location("doctor"), tasks,
          run.context().direct());
      LOG.info("doctor: driver JVM {}; tasks ran in JVMs {}; {} rows written and {} read back from {}",
          r.driverJvm(), r.executorJvms(), r.rowsWritten(), r.rowsReadBack(), r.path());
      if (r.rowsReadBack() != tasks) {
        throw new IllegalStateException("doctor: expected " + tasks + " rows in " + r.path() + ", read " + r.rowsReadBack());
      }
      LOG.info("doctor: runs that died half-way: {} finished from their staged rows, {} dropped (never committed); "
          + "live runs with open units: {}", run.recovered().completed(), run.recovered().dropped(),
          run.recovered().live());
      ModelFolders.Sweep sweep = ModelFolders.sweep(run.spark(), run.runSettings(), run.tables().location("models"),
          clean);
      LOG.info("doctor: {} model folder(s) referenced by models rows; {} orphan(s){}{}", sweep.referenced(),
          sweep.orphans().size(), sweep.orphans().isEmpty() ? "" : ": " + sweep.orphans(),
          clean ? " — deleted " + sweep.deleted().size() : sweep.orphans().isEmpty() ? "" : " (--clean deletes them)");
    }
    return 0;
  }
}
