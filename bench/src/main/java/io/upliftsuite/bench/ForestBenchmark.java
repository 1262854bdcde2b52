package io.upliftsuite.bench;

import io.upliftsuite.forest.ForestSettings;
import io.upliftsuite.forest.UpliftDataGenerator;
import io.upliftsuite.forest.UpliftRandomForestClassifier;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import org.apache.spark.ml.classification.RandomForestClassifier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Fit-time benchmark behind {@code scripts/bench/forest}: on the same generated data (cached before timing) and the
 * same numTrees / maxDepth / maxBins / feature subset, our uplift forest's fit time against Spark MLlib's
 * RandomForestClassifier fitted in the same JVM, plus rows/s and the JVM's peak heap. Arguments: row counts;
 * system properties bench.features (20), bench.trees (10), bench.depth (5), bench.bins (32), bench.master (local[2]).
 */
public final class ForestBenchmark {
  private ForestBenchmark() {}

  public static void main(String[] args) {
    int features = Integer.getInteger("bench.features", 20);
    int trees = Integer.getInteger("bench.trees", 10);
    int depth = Integer.getInteger("bench.depth", 5);
    int bins = Integer.getInteger("bench.bins", 32);
    String modes = System.getProperty("bench.modes", "distributed,local");
    SparkSession spark = SparkSession.builder().master(System.getProperty("bench.master", "local[2]"))
        .appName("forest-bench").config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.adaptive.enabled", "false").getOrCreate();
    long[] sizes = args.length == 0 ? new long[] {100_000} : java.util.Arrays.stream(args).mapToLong(Long::parseLong)
        .toArray();
    System.out.printf("%-9s %-8s %-12s %9s %9s %7s %12s %10s%n", "rows", "features", "learner", "fit_s",
        "mllib_s", "ratio", "rows_per_s", "peak_heap");
    int partitions = spark.sparkContext().defaultParallelism() * 2;
    for (long rows : sizes) {
      Dataset<Row> data = new UpliftDataGenerator(features, 2, 17).generate(spark, 0, rows, partitions)
          .select("features", "treatment", "outcome").persist(StorageLevel.MEMORY_AND_DISK());
      data.count();
      // warm-up on a slice so JIT and first-job costs are not charged to whichever learner runs first
      Dataset<Row> warm = data.limit(5_000);
      mllib(trees, depth, bins).fit(warm);
      ours(trees, depth, bins, "distributed").fit(warm);
      resetPeaks();
      long t0 = System.nanoTime();
      mllib(trees, depth, bins).fit(data);
      double mllibSeconds = (System.nanoTime() - t0) / 1e9;
      report(rows, features, "mllib-rf", mllibSeconds, mllibSeconds, rows);
      for (String mode : modes.split(",")) {
        resetPeaks();
        t0 = System.nanoTime();
        ours(trees, depth, bins, mode).fit(data);
        report(rows, features, "uplift-" + mode, (System.nanoTime() - t0) / 1e9, mllibSeconds, rows);
      }
      data.unpersist();
    }
    spark.stop();
  }

  private static RandomForestClassifier mllib(int trees, int depth, int bins) {
    return new RandomForestClassifier().setFeaturesCol("features").setLabelCol("outcome").setNumTrees(trees)
        .setMaxDepth(depth).setMaxBins(bins).setFeatureSubsetStrategy("onethird").setSeed(1);
  }

  /** Our forest with the forest settings of conf/forest.conf's defaults (ForestSettings) and the bench's sizes. */
  private static UpliftRandomForestClassifier ours(int trees, int depth, int bins, String mode) {
    return ForestSettings.defaults().with("num-trees", trees).with("max-depth", depth).with("max-bins", bins)
        .with("feature-subset-strategy", "onethird").with("min-instances-per-node", 1.0)
        .with("min-treatment-instances", 1.0).with("training-mode", mode).with("local-mode-max-rows", Long.MAX_VALUE)
        .applyTo(new UpliftRandomForestClassifier()).setTreatmentCol("treatment").setLabelCol("outcome").setSeed(1);
  }


  private static void resetPeaks() {
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
  }

  private static void report(long rows, int features, String learner, double seconds, double mllib, long n) {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    System.out.printf("%-9d %-8d %-12s %9.2f %9.2f %7.2f %12.0f %8dMB%n", rows, features, learner, seconds, mllib,
        seconds / mllib, n / seconds, peak >> 20);
  }
}
