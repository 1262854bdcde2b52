package io.upliftsuite.jobs;

import io.upliftsuite.config.SuiteConfig;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options every job takes: configuration layers and the run date. */
public final class JobOptions {
  @Option(names = "--conf", paramLabel = "FILE",
      description = "A HOCON config file layered over the defaults (repeatable; later files win).")
  List<Path> confFiles = new ArrayList<>();

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Override one config key, e.g. --set warehouse.root=/data/uplift (repeatable; wins over --conf).")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--run-date", paramLabel = "YYYY-MM-DD",
      description = "The logical date of this run (default: today, UTC). Re-running the same date replaces its rows.")
  LocalDate runDate;

  @Option(names = "--env", paramLabel = "local|cluster",
      description = "Config profile over the defaults (default: ${DEFAULT-VALUE}).",
      defaultValue = "local")
  String env;

  public SuiteConfig loadConfig() {
    return SuiteConfig.load(env, confFiles, overrides);
  }

  public LocalDate runDate() {
    return runDate != null ? runDate : LocalDate.now(ZoneOffset.UTC);
  }

  /** Loads config, builds the session and the write context; the caller closes it. */
  public JobRun start(String jobName) {
    return JobRun.start(jobName, loadConfig(), runDate());
  }
}
