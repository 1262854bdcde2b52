package io.upliftsuite.jobs;

import io.upliftsuite.forest.ScoreAction;
import io.upliftsuite.spark.TableFormat;
import io.upliftsuite.spark.TableLocation;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "score", mixinStandardHelpOptions = true,
    description = "Score a table with a fit-forest model: every input column plus uplift (or uplift_<arm> per arm).")
public final class ScoreJob implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ScoreJob.class);

  @Mixin JobOptions job;

  @Option(names = "--model", required = true, paramLabel = "DIR", description = "Folder written by fit-forest.")
  String model;

  @Option(names = "--input", required = true, paramLabel = "PATH", description = "Table to score.")
  String input;

  @Option(names = "--format", defaultValue = "delta", description = "csv, parquet or delta (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--output", required = true, paramLabel = "PATH",
      description = "A path ending in .csv (one CSV file with a header) or a Delta table folder.")
  String output;

  @Override
  public Integer call() {
    try (JobRun run = job.start("score")) {
      ScoreAction.Result r = ScoreAction.on(run.spark()).model(model)
          .input(new TableLocation(input, input, TableFormat.parse(format, "--format")))
          .output(output).context(run.context()).execute();
      LOG.info("score: {} rows scored, added {}, wrote {}", r.rows(), r.addedColumns(), r.output());
    }
    return 0;
  }
}
