package io.upliftsuite.jobs;

import io.upliftsuite.config.SuiteConfigException;
import io.upliftsuite.spark.InputValidationException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

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
        AllocateJob.class,
        // the forest on any table
        FitForestJob.class,
        ScoreJob.class,
        BenchmarkLearnersJob.class,
        // operations
        ExportJob.class,
        DoctorJob.class,
    })
public final class Suite implements Runnable {
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

  /** As {@link #run(String...)}, with error messages written to {@code err}. */
  public static int run(PrintWriter err, String... args) {
    CommandLine cl = new CommandLine(new Suite()).setCaseInsensitiveEnumValuesAllowed(true);
    cl.setErr(err);
    cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      String job = commandLine.getCommandName();
      if (ex instanceof SuiteConfigException || ex instanceof InputValidationException
          || ex instanceof IllegalArgumentException) {
        commandLine.getErr().println("ERROR: " + job + " failed: " + ex.getMessage());
      } else {
        commandLine.getErr().println("ERROR: " + job + " failed: " + ex);
        ex.printStackTrace(commandLine.getErr());
      }
      return 1;
    });
    return cl.execute(args);
  }
}
