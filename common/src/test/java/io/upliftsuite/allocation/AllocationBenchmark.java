package io.upliftsuite.allocation;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;

import io.upliftsuite.config.SuiteConfig;
import io.upliftsuite.spark.DeltaTables;
import io.upliftsuite.spark.SparkSessions;
import io.upliftsuite.spark.TableIO;
import io.upliftsuite.spark.TableLocation;
import io.upliftsuite.spark.Tables;
import io.upliftsuite.spark.WriteContext;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;

/**
 * Benchmark behind {@code scripts/bench/allocate} (not a job, not part of the build's tests): in ONE session,
 * times a full scan of the scores table (count, sum of every numeric column, longest id: every column read), then
 * each method's allocation (read, validate, cache, optimise, verify) and the write of its policies, and prints
 * each as a ratio to the scan. Arguments: customers, methods (comma-separated), partitions, then config overrides.
 */
public final class AllocationBenchmark {
  private AllocationBenchmark() {}

  public static void main(String[] args) {
    long customers = Long.parseLong(args[0]);
    List<String> methods = Arrays.asList(args[1].split(","));
    int partitions = Integer.parseInt(args[2]);
    List<String> overrides = new ArrayList<>(Arrays.asList(args).subList(3, args.length));
    SuiteConfig config = SuiteConfig.load("local", List.of(), overrides);
    SparkSession spark = SparkSessions.create(config, "bench-allocate");
    Tables tables = new Tables(config);
    TableLocation scores = tables.location(AllocationSettings.scoresTable(config));
    WriteContext context = WriteContext.of("bench-allocate", LocalDate.of(2026, 1, 1));
    try {
      long t0 = System.nanoTime();
      boolean reuse = DeltaTables.exists(spark, scores.path())
          && TableIO.read(spark, scores).count() == customers;
      if (!reuse) {
        DeltaTables.overwrite(ScoresGenerator.generate(spark, customers, ScoresGenerator.campaignTreatments(),
            partitions, config.seed()), scores, List.of(), context);
      }
      System.out.printf("generate: %s %d customers in %.1f s%n", reuse ? "reused" : "wrote", customers, secs(t0));

      double scan = Double.POSITIVE_INFINITY;
      for (int rep = 0; rep < 2; rep++) {
        long s = System.nanoTime();
        fullScan(TableIO.read(spark, scores));
        scan = Math.min(scan, secs(s));
      }
      System.out.printf("full scan of the scores table (best of 2): %.2f s%n", scan);

      for (String m : methods) {
        Allocator.Method method = Allocator.Method.parse(m, "methods");
        long s = System.nanoTime();
        Allocator allocator = AllocationSettings.configure(Allocator.on(spark), config)
            .scores(TableIO.read(spark, scores), scores.name()).method(method);
        try (Allocation allocation = allocator.run()) {
          double run = secs(s);
          long w = System.nanoTime();
          PolicyTables.write(allocation, "bench-" + method.label(), context.runDate(), tables.location("policies"),
              tables.location("policy_summaries"), context);
          double write = secs(w);
          AllocationResult r = allocation.result();
          System.out.printf("%-10s allocate %.2f s = %.2f x scan (iterations %d, passes %d, gap %.4f%%); "
                  + "+ write policies %.2f s => end-to-end %.2f x scan%n", method.label(), run, run / scan,
              r.iterations(), r.dataPasses(), 100 * r.gap(), write, (run + write) / scan);
          System.out.println("  " + r.summary());
        }
      }
    } finally {
      spark.stop();
    }
  }

  private static void fullScan(Dataset<Row> df) {
    List<Column> aggs = new ArrayList<>();
    aggs.add(count(lit(1)));
    for (StructField f : df.schema().fields()) {
      aggs.add(f.dataType() instanceof NumericType ? sum(df.col("`" + f.name() + "`"))
          : max(length(df.col("`" + f.name() + "`"))));
    }
    df.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new)).collect();
  }

  private static double secs(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
