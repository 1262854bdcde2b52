package io.upliftsuite.allocation;

import io.upliftsuite.config.SuiteConfig;
import io.upliftsuite.spark.DeltaTables;
import io.upliftsuite.spark.TableIO;
import io.upliftsuite.spark.TableLocation;
import io.upliftsuite.spark.Tables;
import io.upliftsuite.spark.WriteContext;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code allocate} job's one entry point: (optionally generate a seeded scores table,) read the scores table,
 * allocate with the configured method, and write {@code policies} and {@code policy_summaries} for the run date.
 * Everything is validated and computed before the first write, so bad input or infeasible constraints write nothing.
 */
public final class AllocatePolicies {
  private static final Logger LOG = LoggerFactory.getLogger(AllocatePolicies.class);

  private final SparkSession spark;
  private final SuiteConfig config;
  private final Tables tables;
  private String scoresTable = "allocation_scores";
  private Allocator.Method method;
  private String policyId;
  private long generateScores;

  private AllocatePolicies(SparkSession spark, SuiteConfig config, Tables tables) {
    this.spark = spark;
    this.config = config;
    this.tables = tables;
  }

  public static AllocatePolicies on(SparkSession spark, SuiteConfig config, Tables tables) {
    return new AllocatePolicies(spark, config, tables);
  }

  /** Logical name of the scores table (config tables.NAME); default allocation_scores. */
  public AllocatePolicies scoresTable(String name) {
    if (name != null) {
      this.scoresTable = name;
    }
    return this;
  }

  /** Overrides allocation.method when not null. */
  public AllocatePolicies method(Allocator.Method method) {
    this.method = method;
    return this;
  }

  /** Overrides allocation.policy-id when not null. */
  public AllocatePolicies policyId(String policyId) {
    this.policyId = policyId;
    return this;
  }

  /** When &gt; 0, first (re)writes the scores table with this many generated customers. */
  public AllocatePolicies generateScores(long customers) {
    this.generateScores = customers;
    return this;
  }

  public AllocationResult execute(WriteContext context) {
    TableLocation scores = tables.location(scoresTable);
    if (generateScores > 0) {
      Dataset<Row> generated = ScoresGenerator.generate(spark, generateScores, AllocationSettings.treatments(config),
          config.getInt("allocation.generate.partitions"), config.seed(), AllocationSettings.columns(config));
      DeltaTables.overwrite(generated, scores, List.of(), context);
      LOG.info("allocate: generated {} customers of scores into {}", generateScores, scores);
    }
    Allocator allocator = AllocationSettings.configure(Allocator.on(spark), config)
        .scores(TableIO.read(spark, scores), scoresTable);
    if (method != null) {
      allocator.method(method);
    }
    String id = policyId != null ? policyId : AllocationSettings.policyId(config);
    try (Allocation allocation = allocator.run()) {
      PolicyTables.write(allocation, id, context.runDate(), tables.location("policies"),
          tables.location("policy_summaries"), context);
      return allocation.result();
    }
  }
}
