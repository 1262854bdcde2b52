package io.upliftsuite.jobs;

import io.upliftsuite.config.SuiteConfig;
import io.upliftsuite.spark.SparkSessions;
import io.upliftsuite.spark.Tables;
import io.upliftsuite.spark.WriteContext;
import java.time.LocalDate;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What a running job has: its config, its Spark session, the table registry and who it is (for commit metadata). */
public final class JobRun implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JobRun.class);

  private final SuiteConfig config;
  private final SparkSession spark;
  private final Tables tables;
  private final WriteContext context;
  private final boolean ownsSession;
  private final long startNanos = System.nanoTime();

  private JobRun(SuiteConfig config, SparkSession spark, Tables tables, WriteContext context, boolean ownsSession) {
    this.config = config;
    this.spark = spark;
    this.tables = tables;
    this.context = context;
    this.ownsSession = ownsSession;
  }

  static JobRun start(String jobName, SuiteConfig config, LocalDate runDate) {
    // A session that already exists (tests, notebooks) is borrowed, not stopped at the end.
    boolean existed = SparkSession.getActiveSession().isDefined() || SparkSession.getDefaultSession().isDefined();
    SparkSession spark = SparkSessions.create(config, jobName);
    WriteContext context = WriteContext.of(jobName, runDate);
    Tables tables = new Tables(config);
    LOG.info("{}: run {} for {} (warehouse {}, master {})", jobName, context.runId(), runDate, tables.root(),
        spark.sparkContext().master());
    spark.sparkContext().setJobGroup(context.runId(), jobName + " " + runDate, false);
    return new JobRun(config, spark, tables, context, !existed);
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

  public WriteContext context() {
    return context;
  }

  public double elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  @Override
  public void close() {
    spark.sparkContext().clearJobGroup();
    if (ownsSession) {
      spark.stop();
    }
  }
}
