package io.upliftsuite.allocation;

import io.upliftsuite.spark.DeltaTables;
import io.upliftsuite.spark.TableLocation;
import io.upliftsuite.spark.WriteContext;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The two tables an allocation writes, partitioned by run_date. Both are written with replaceWhere on
 * (run_date, policy_id): a re-run of the same policy for the same date replaces its rows, never duplicates them,
 * and other policies of that date stay.
 */
public final class PolicyTables {
  private PolicyTables() {}

  /** policies: one row per customer and run; treatment is a treatment name or "control". */
  public static final StructType POLICIES = new StructType()
      .add("policy_id", DataTypes.StringType, false)
      .add("run_date", DataTypes.DateType, false)
      .add("customer_id", DataTypes.StringType, false)
      .add("treatment", DataTypes.StringType, false)
      .add("expected_uplift", DataTypes.DoubleType, false)
      .add("method", DataTypes.StringType, false);

  static final StructType CONSTRAINT = new StructType()
      .add("name", DataTypes.StringType)
      .add("kind", DataTypes.StringType)
      .add("sense", DataTypes.StringType)
      .add("use", DataTypes.DoubleType)
      .add("limit", DataTypes.DoubleType);

  static final StructType BASELINE = new StructType()
      .add("name", DataTypes.StringType)
      .add("objective", DataTypes.DoubleType)
      .add("feasible", DataTypes.BooleanType)
      .add("violated", DataTypes.StringType)
      .add("treated", DataTypes.LongType);

  /** policy_summaries: one row per policy and run. */
  public static final StructType POLICY_SUMMARIES = new StructType()
      .add("policy_id", DataTypes.StringType, false)
      .add("run_date", DataTypes.DateType, false)
      .add("method", DataTypes.StringType, false)
      .add("rows", DataTypes.LongType, false)
      .add("objective", DataTypes.DoubleType, false)
      .add("dual_bound", DataTypes.DoubleType, false)
      .add("gap", DataTypes.DoubleType, false)
      .add("iterations", DataTypes.IntegerType, false)
      .add("data_passes", DataTypes.IntegerType, false)
      .add("core_rows", DataTypes.IntegerType, false)
      .add("arm_counts", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType))
      .add("constraints", DataTypes.createArrayType(CONSTRAINT))
      .add("baselines", DataTypes.createArrayType(BASELINE));

  public static Dataset<Row> summary(SparkSession spark, String policyId, LocalDate runDate, AllocationResult r) {
    List<Row> constraints = new ArrayList<>();
    for (ConstraintUse c : r.constraints()) {
      constraints.add(RowFactory.create(c.name(), c.kind(), c.sense(), c.use(), c.limit()));
    }
    List<Row> baselines = new ArrayList<>();
    for (Baseline b : r.baselines()) {
      baselines.add(RowFactory.create(b.name(), b.objective(), b.feasible(), b.violated(), b.treated()));
    }
    Row row = RowFactory.create(policyId, Date.valueOf(runDate), r.method(), r.rows(), r.objective(), r.dualBound(),
        r.gap(), r.iterations(), r.dataPasses(), r.coreRows(),
        scala.jdk.javaapi.CollectionConverters.asScala(r.armCounts()),
        scala.jdk.javaapi.CollectionConverters.asScala(constraints).toSeq(),
        scala.jdk.javaapi.CollectionConverters.asScala(baselines).toSeq());
    return spark.createDataFrame(List.of(row), POLICY_SUMMARIES);
  }

  /** Writes the policy rows and then its summary row; each write is one atomic Delta commit. */
  public static void write(Allocation allocation, String policyId, LocalDate runDate, TableLocation policies,
      TableLocation summaries, WriteContext context) {
    SparkSession spark = SparkSession.active();
    String predicate = "run_date = '" + runDate + "' AND policy_id = '" + policyId.replace("'", "''") + "'";
    DeltaTables.replaceWhere(allocation.policies(policyId, runDate), policies, predicate, List.of("run_date"),
        context);
    DeltaTables.replaceWhere(summary(spark, policyId, runDate, allocation.result()), summaries, predicate,
        List.of("run_date"), context);
  }
}
