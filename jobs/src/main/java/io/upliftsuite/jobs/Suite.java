package io.upliftsuite.jobs;

import io.upliftsuite.config.SuiteConfig;
import io.upliftsuite.runs.FailureLine;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The suite's one entry point: {@code scripts/suite <job> [options]} locally, the same arguments after the cluster
 * jar with spark-submit. Every job is a subcommand; a failed job exits non-zero with a one-line reason on stderr.
 */
@Command(name = "suite", mixinStandardHelpOptions = true, version = "Uplift Suite 0.1.0",
    description = "Causal targeting policies from CRM interaction logs, on Apache Spark.",
    subcommands = {
        CommandLine.HelpCommand.class,
        // the pipeline, in order
        SimulateJob.class,
        BuildEpisodesJob.class,
        TrainDailyModelsJob.class,
        EvaluateJob.class,
        PromoteJob.class,
        RecommendJob.class,
        ExperimentReportJob.class,
        AllocateJob.class,
        // the campaign: experiment -> multi-outcome models -> allocate -> off-policy evaluation
        SimulateCampaignJob.class,
        CampaignModelsJob.class,
        EvaluateCampaignJob.class,
        // the forest on any table
        FitForestJob.class,
        ScoreJob.class,
        BenchmarkLearnersJob.class,
        // operations
        ExportJob.class,
        DoctorJob.class,
    })
public final class Suite implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(Suite.class);

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing job name; see suite --help");
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a job in this JVM and returns its exit code (0 = success); tests call this. */
  public static int run(String... args) {
    return run(new PrintWriter(System.err, true), args);
  }

  /**
   * As {@link #run(String...)}, with error messages written to {@code err}.
   *
   * <p>This is the job boundary. A job that returns normally has its staged table writes committed together here; a
   * job that fails has them dropped, and its failure becomes one line on {@code err} ({@link FailureLine}: the table,
   * path and format, the config key or option and value, the offending rows), with the stack trace in the log at
   * debug level.
   */
  public static int run(PrintWriter err, String... args) {
    CommandLine cl = new CommandLine(new Suite()).setCaseInsensitiveEnumValuesAllowed(true);
    cl.setErr(err);
    cl.setExecutionStrategy(Suite::executeAndEndRun);
    cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      String job = commandLine.getCommandName();
      commandLine.getErr().println("ERROR: " + job + " failed: " + FailureLine.of(ex, hints(parseResult)));
      LOG.debug("{} failed", job, ex);
      return 1;
    });
    return cl.execute(args);
  }

  /** Runs the chosen job, then commits its run unit if it returned 0 and drops it otherwise. */
  private static int executeAndEndRun(ParseResult parseResult) {
    ParseResult leaf = leaf(parseResult);
    JobOptions options = jobOptions(leaf);
    int code;
    try {
      code = new CommandLine.RunLast().execute(parseResult);
    } catch (RuntimeException e) {
      endQuietly(options);
      throw e;
    }
    if (options != null) {
      try {
        options.finish(code == 0);
      } catch (RuntimeException e) {
        throw new CommandLine.ExecutionException(leaf.commandSpec().commandLine(), "commit failed", e);
      }
    }
    return code;
  }

  private static void endQuietly(JobOptions options) {
    if (options == null) {
      return;
    }
    try {
      options.finish(false);
    } catch (RuntimeException e) {
      LOG.debug("dropping the staged writes failed", e);
    }
  }

  private static ParseResult leaf(ParseResult parseResult) {
    ParseResult leaf = parseResult;
    while (leaf.hasSubcommand()) {
      leaf = leaf.subcommand();
    }
    return leaf;
  }

  private static JobOptions jobOptions(ParseResult leaf) {
    for (CommandLine.Model.CommandSpec mixin : leaf.commandSpec().mixins().values()) {
      if (mixin.userObject() instanceof JobOptions o) {
        return o;
      }
    }
    return null;
  }

  /** What the failed command said: its options as typed, the keys they set, the loaded config. */
  private static FailureLine.Hints hints(ParseResult parseResult) {
    if (parseResult == null) {
      return FailureLine.Hints.none();
    }
    ParseResult leaf = leaf(parseResult);
    Map<String, String> options = new LinkedHashMap<>();
    for (OptionSpec o : leaf.matchedOptions()) {
      options.put(o.longestName(), String.join(",", o.originalStringValues()));
    }
    JobOptions job = jobOptions(leaf);
    if (job == null) {
      return new FailureLine.Hints(options, Map.of(), null, Set.of());
    }
    SuiteConfig config = job.loadedConfig();
    return new FailureLine.Hints(options, job.keyToOption(), config == null ? null : config.config(),
        job.overriddenKeys());
  }
}
