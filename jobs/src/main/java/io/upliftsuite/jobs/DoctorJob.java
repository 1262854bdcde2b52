package io.upliftsuite.jobs;

import io.upliftsuite.spark.ClusterCheck;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "doctor", mixinStandardHelpOptions = true,
    description = "Check a deployment: run tasks on the executors, write and read back a Delta table (ops/doctor).")
public final class DoctorJob implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(DoctorJob.class);

  @Mixin JobOptions job;

  @Option(names = "--tasks", defaultValue = "4", description = "Number of tasks to spread (default: ${DEFAULT-VALUE}).")
  int tasks;

  @Override
  public Integer call() {
    try (JobRun run = job.start("doctor")) {
      ClusterCheck.Result r = ClusterCheck.run(run.spark(), run.tables().location("doctor"), tasks, run.context());
      LOG.info("doctor: driver JVM {}; tasks ran in JVMs {}; {} rows written and {} read back from {}",
          r.driverJvm(), r.executorJvms(), r.rowsWritten(), r.rowsReadBack(), r.path());
      if (r.rowsReadBack() != tasks) {
        throw new IllegalStateException("doctor: expected " + tasks + " rows in " + r.path() + ", read " + r.rowsReadBack());
      }
    }
    return 0;
  }
}
