package io.upliftsuite.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * One local SparkSession (Delta enabled, small shuffles) shared by all tests of a test JVM: starting Spark costs
 * seconds, so tests borrow this one and never stop it. Tests write under {@link #tempDir(String)}.
 */
public final class SparkTestSession {
  private static SparkSession session;

  private SparkTestSession() {}

  public static synchronized SparkSession get() {
    if (session == null) {
      session = SparkSession.builder()
          .master("local[2]")
          .appName("uplift-suite-tests")
          .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
          .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
          .config("spark.sql.shuffle.partitions", "2")
          .config("spark.default.parallelism", "2")
          .config("spark.sql.session.timeZone", "UTC")
          .config("spark.ui.enabled", "false")
          .config("spark.ui.showConsoleProgress", "false")
          .config("spark.databricks.delta.snapshotPartitions", "1")
          .config("spark.sql.adaptive.enabled", "false")
          .getOrCreate();
      // as a job run's session has (io.upliftsuite.spark.Lineage cuts lineages by checkpoints there)
      session.sparkContext().setCheckpointDir(tempDir("checkpoints").toString());
    }
    return session;
  }

  /** A fresh temporary folder, deleted when the JVM exits. */
  public static Path tempDir(String prefix) {
    try {
      Path dir = Files.createTempDirectory("uplift-" + prefix + "-");
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
