package io.upliftsuite.jobs;

import io.upliftsuite.config.SuiteConfig;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * The options every job takes: configuration layers and the run date. It also holds what the launcher needs at the
 * end of the job: the run to commit or drop, and the config keys that options of this job set (so an error about
 * {@code training.days} can name {@code --days}).
 */
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

  private final Map<String, String> keyToOption = new LinkedHashMap<>();
  private SuiteConfig loaded;
  private JobRun run;

  public SuiteConfig loadConfig() {
    loaded = SuiteConfig.load(env, confFiles, overrides);
    return loaded;
  }

  public LocalDate runDate() {
    return runDate != null ? runDate : LocalDate.now(ZoneOffset.UTC);
  }

  /**
   * Records that option {@code option} of this job sets config key {@code key}: a failure about the key then names
   * the option and the value the user typed.
   */
  public JobOptions optionSetsKey(String option, String key) {
    keyToOption.put(key, option);
    return this;
  }

  /** Loads config, builds the session and the write context; the launcher ends the run (commit or drop). */
  public JobRun start(String jobName) {
    run = JobRun.start(jobName, loadConfig(), runDate());
    return run;
  }

  /** Commits ({@code success}) or drops the started run's writes; nothing to do if no run started. */
  void finish(boolean success) {
    if (run != null) {
      JobRun r = run;
      run = null;
      r.finish(success);
    }
  }

  Map<String, String> keyToOption() {
    return Map.copyOf(keyToOption);
  }

  /** The loaded config, or null if loading failed. */
  SuiteConfig loadedConfig() {
    return loaded;
  }

  /** Keys given with --set (the ones a user most likely means when a value is rejected). */
  Set<String> overriddenKeys() {
    Set<String> keys = new LinkedHashSet<>();
    for (String o : overrides) {
      int eq = o.indexOf('=');
      if (eq > 0) {
        keys.add(o.substring(0, eq).trim());
      }
    }
    return keys;
  }
}
