package io.upliftsuite.jobs;

import io.upliftsuite.spark.TableExport;
import io.upliftsuite.spark.TableExportException;
import io.upliftsuite.spark.TableFormat;
import io.upliftsuite.spark.TableLocation;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Copy a table out of the warehouse as CSV or Parquet (an --output ending in .csv is one CSV file). "
        + "CSV writes array, map and struct columns as JSON text; Parquet keeps every type.")
public final class ExportJob implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ExportJob.class);

  @Mixin JobOptions job;

  @Spec CommandSpec spec;

  static final class Source {
    @Option(names = "--table", paramLabel = "NAME", description = "Logical table name from config (tables.NAME).")
    String table;

    @Option(names = "--path", paramLabel = "DELTA_PATH", description = "Path of a Delta table.")
    String path;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  @Option(names = "--format", defaultValue = "csv", paramLabel = "csv|parquet",
      description = "Output format (default: ${DEFAULT-VALUE}).")
  TableExport.Format format;

  @Option(names = "--output", required = true, paramLabel = "PATH",
      description = "Output file (.csv: one file with a header) or folder (Spark part files); replaced if present.")
  String output;

  @Option(names = "--where", paramLabel = "SQL", description = "A Spark SQL predicate to filter rows.")
  String where;

  @Override
  public Integer call() {
    try (JobRun run = job.start("export")) {
      TableLocation location = source.table != null
          ? run.tables().location(source.table)
          : new TableLocation(source.path, source.path, TableFormat.DELTA);
      TableExport.Result result = TableExport.on(run.spark())
          .source(location).where(where).format(format).output(output).execute();
      LOG.info("export: wrote {} rows of {} to {}{}", result.rows(), location, result.output(),
          result.singleFile() ? " (one CSV file with a header)" : "");
    } catch (TableExportException e) {
      // One line for the user; the stack is for whoever debugs the suite.
      LOG.debug("export of table {} failed", e.table(), e);
      spec.commandLine().getErr().println("ERROR: export failed: " + e.getMessage());
      return 1;
    }
    return 0;
  }
}
