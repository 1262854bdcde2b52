package io.upliftsuite.allocation;

import io.upliftsuite.campaign.evaluation.AllocationGuard;
import io.upliftsuite.config.SuiteConfig;
import io.upliftsuite.spark.TableIO;
import io.upliftsuite.spark.TableLocation;
import io.upliftsuite.spark.Tables;
import io.upliftsuite.spark.WriteContext;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code allocate} job's one entry point: read the scores table, allocate with the configured method, check the
 * allocation on the experiment's guard split when {@code allocation.guard.enabled} ({@link AllocationGuard}: the
 * policy written keeps only as many of the allocation's moves as the held-out outcomes confirm), and write
 * {@code policies} and {@code policy_summaries} for the run date.
 * Everything is validated and computed before the first write, so bad input or infeasible constraints write nothing.
 */
public final class AllocatePolicies {
  private final SparkSession spark;
  private final SuiteConfig config;
  private final Tables tables;
  private String scoresTable;
  private Allocator.Method method;
  private String policyId;

  private AllocatePolicies(SparkSession spark, SuiteConfig config, Tables tables) {
    this.spark = spark;
    this.config = config;
    this.tables = tables;
  }

  public static AllocatePolicies on(SparkSession spark, SuiteConfig config, Tables tables) {
    return new AllocatePolicies(spark, config, tables);
  }

  /** Logical name of the scores table (config tables.NAME); default allocation.scores-table. */
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

  public AllocationResult execute(WriteContext context) {
    String name = scoresTable != null ? scoresTable : AllocationSettings.scoresTable(config);
    TableLocation scores = tables.location(name);
    Allocator allocator = AllocationSettings.configure(Allocator.on(spark), config)
        .scores(TableIO.read(spark, scores), name);
    if (method != null) {
      allocator.method(method);
    }
    String id = policyId != null ? policyId : AllocationSettings.policyId(config);
    try (Allocation allocation = allocator.run()) {
      Allocation written = AllocationGuard.enabled(config)
          ? AllocationGuard.on(spark, config, tables).apply(allocation, name).allocation() : allocation;
      PolicyTables.write(written, id, context.runDate(), tables.location("policies"),
          tables.location("policy_summaries"), context);
      return written.result();
    }
  }
}
