package io.upliftsuite.jobs;

import io.upliftsuite.config.SuiteConfig;
import io.upliftsuite.runs.ModelFolders;
import io.upliftsuite.runs.RunRecovery;
import io.upliftsuite.runs.RunSettings;
import io.upliftsuite.runs.RunUnit;
import io.upliftsuite.spark.SparkSessions;
import io.upliftsuite.spark.TableLocation;
import io.upliftsuite.spark.Tables;
import io.upliftsuite.spark.WriteContext;
import java.time.LocalDate;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a running job has: its config, its Spark session, the table registry and who it is (for commit metadata).
 *
 * <p>A run is a unit ({@link RunUnit}): on start it first finishes what dead runs left half-committed in the warehouse
 * ({@link RunRecovery}); while the job runs, every table write through its {@link #context()} is staged; the launcher
 * ({@link Suite}) then commits them all when the job returned normally, or drops them when it failed. Closing the run
 * (the end of the job's {@code try} block) only marks the end of the job's own work.
 */
public final class JobRun implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JobRun.class);

  private final SuiteConfig config;
  private final SparkSession spark;
  private final Tables tables;
  private final RunSettings settings;
  private final RunUnit unit;
  private final RunRecovery.Report recovered;
  private final WriteContext context;
  private final boolean ownsSession;
  private final long startNanos = System.nanoTime();
  private boolean finished;

  private JobRun(SuiteConfig config, SparkSession spark, Tables tables, RunSettings settings, RunUnit unit,
      RunRecovery.Report recovered, WriteContext context, boolean ownsSession) {
    this.config = config;
    this.spark = spark;
    this.tables = tables;
    this.settings = settings;
    this.unit = unit;
    this.recovered = recovered;
    this.context = context;
    this.ownsSession = ownsSession;
  }

  static JobRun start(String jobName, SuiteConfig config, LocalDate runDate) {
    // A session that already exists (tests, notebooks) is borrowed, not stopped at the end.
    boolean existed = SparkSession.getActiveSession().isDefined() || SparkSession.getDefaultSession().isDefined();
    Tables tables = new Tables(config);
    RunSettings settings = RunSettings.from(config, tables);
    SparkSession spark = SparkSessions.create(config, jobName);
    try {
      RunRecovery.Report recovered = RunRecovery.run(spark, settings);
      if (!recovered.isEmpty()) {
        LOG.info("{}: finished the commits of dead run(s) {}; dropped the staged rows of {}", jobName,
            recovered.completed(), recovered.dropped());
      }
      WriteContext plain = WriteContext.of(jobName, runDate);
      RunUnit unit = RunUnit.open(spark, settings, plain);
      spark.sparkContext().setCheckpointDir(unit.checkpointDir());
      WriteContext context = plain.withStaging(unit);
      LOG.info("{}: run {} for {} (warehouse {}, master {})", jobName, context.runId(), runDate, tables.root(),
          spark.sparkContext().master());
      spark.sparkContext().setJobGroup(context.runId(), jobName + " " + runDate, false);
      return new JobRun(config, spark, tables, settings, unit, recovered, context, !existed);
    } catch (RuntimeException e) {
      if (!existed) {
        spark.stop();
      }
      throw e;
    }
  }

  public SuiteConfig config() {
    return config;
  }

  public SparkSession spark() {
    return spark;
  }

  public Tables tables() {
    return tables;
  }

  /** Who is writing; its writes are staged and commit together when the job ends without error. */
  public WriteContext context() {
    return context;
  }

  public RunSettings runSettings() {
    return settings;
  }

  /** What this run's start found of dead runs and finished or dropped. */
  public RunRecovery.Report recovered() {
    return recovered;
  }

  public double elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** The end of the job's own work; the launcher commits or drops its writes ({@link #finish}). */
  @Override
  public void close() {
    spark.sparkContext().clearJobGroup();
  }

  /**
   * Ends the run: with {@code success}, commits every staged write (in the order staged) and then deletes the model
   * folders that no {@code models} row points to any more; otherwise drops the staged writes, so no table changes.
   * Stops the session if the run started it.
   */
  void finish(boolean success) {
    if (finished) {
      return;
    }
    finished = true;
    try {
      if (success) {
        TableLocation models = tables.hasTable("models") ? tables.location("models") : null;
        if (models != null && unit.writes(models)) {
          unit.afterCommit(() -> ModelFolders.sweep(spark, settings, models, true));
        }
        try {
          unit.commit();
        } catch (RuntimeException e) {
          if (!unit.mayStillCommit()) {
            ModelFolders.dropRunFolder(spark, settings, context.runId());
          }
          throw e;
        }
        LOG.info("{}: run {} committed in {} s", context.job(), context.runId(),
            String.format(java.util.Locale.ROOT, "%.1f", elapsedSeconds()));
      } else {
        unit.abort();
        // files a failed run saved (e.g. the days trained before another day failed): no row will point to them
        ModelFolders.dropRunFolder(spark, settings, context.runId());
      }
    } finally {
      if (ownsSession) {
        spark.stop();
      }
    }
  }
}
