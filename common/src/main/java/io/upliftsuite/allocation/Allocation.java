package io.upliftsuite.allocation;

import java.sql.Date;
import java.time.LocalDate;
import java.util.Iterator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/** A finished allocation: its result and the per-customer decisions, computed from the cached scores on demand. */
public final class Allocation implements AutoCloseable {
  private final SparkSession spark;
  private final JavaRDD<ScoreBlock> blocks;
  private final MultiplierRule rule;
  private final ScoreLayout layout;
  private final AllocationResult result;

  Allocation(SparkSession spark, JavaRDD<ScoreBlock> blocks, MultiplierRule rule, ScoreLayout layout,
      AllocationResult result) {
    this.spark = spark;
    this.blocks = blocks;
    this.rule = rule;
    this.layout = layout;
    this.result = result;
  }

  public AllocationResult result() {
    return result;
  }

  /** One row per customer (control included) in the {@link PolicyTables#POLICIES} schema. */
  public Dataset<Row> policies(String policyId, LocalDate runDate) {
    MultiplierRule r = rule;
    String[] names = new String[layout.arms()];
    for (int a = 0; a < names.length; a++) {
      names[a] = layout.armName(a);
    }
    String method = result.method();
    Date date = Date.valueOf(runDate);
    // Lazy per-row iterator: a partition's rows are streamed to the writer, never held in a list.
    JavaRDD<Row> rows = blocks.mapPartitions(
        (Iterator<ScoreBlock> it) -> new PolicyRows(it, r, policyId, date, names, method));
    return spark.createDataFrame(rows, PolicyTables.POLICIES);
  }

  @Override
  public void close() {
    blocks.unpersist(false);
  }

  /** Streams one policy row per customer of the partition's blocks. */
  private static final class PolicyRows implements Iterator<Row> {
    private final Iterator<ScoreBlock> blocks;
    private final MultiplierRule rule;
    private final String policyId;
    private final Date date;
    private final String[] names;
    private final String method;
    private ScoreBlock block;
    private int i;

    PolicyRows(Iterator<ScoreBlock> blocks, MultiplierRule rule, String policyId, Date date, String[] names,
        String method) {
      this.blocks = blocks;
      this.rule = rule;
      this.policyId = policyId;
      this.date = date;
      this.names = names;
      this.method = method;
    }

    @Override
    public boolean hasNext() {
      while ((block == null || i >= block.rows) && blocks.hasNext()) {
        block = blocks.next();
        i = 0;
      }
      return block != null && i < block.rows;
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new java.util.NoSuchElementException();
      }
      int arm = rule.arm(block, i);
      Row row = RowFactory.create(policyId, date, block.ids[i], names[arm], block.uplift(i, arm), method);
      i++;
      return row;
    }
  }
}
