package io.upliftsuite.campaign.evaluation;

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
 * {@code campaign_evaluations}: one row per {@link PolicyMeasure} of an evaluation run, partitioned by run_date and
 * written with replaceWhere on (run_date, policy_id), so a re-run replaces its rows and other policies stay. Bounds
 * and true values are null when there are none.
 */
public final class CampaignEvaluationTables {
  public static final StructType SCHEMA = new StructType()
      .add("run_date", DataTypes.DateType, false)
      .add("policy_id", DataTypes.StringType, false)
      .add("policy", DataTypes.StringType, false)
      .add("measure", DataTypes.StringType, false)
      .add("outcome", DataTypes.StringType, false)
      .add("versus", DataTypes.StringType, false)
      .add("estimator", DataTypes.StringType, false)
      .add("estimate", DataTypes.DoubleType)
      .add("ci_low", DataTypes.DoubleType)
      .add("ci_high", DataTypes.DoubleType)
      .add("true_value", DataTypes.DoubleType)
      .add("covered", DataTypes.BooleanType);

  private CampaignEvaluationTables() {}

  public static Dataset<Row> rows(SparkSession spark, List<PolicyMeasure> measures, String policyId,
      LocalDate runDate) {
    List<Row> rows = new ArrayList<>();
    Date date = Date.valueOf(runDate);
    for (PolicyMeasure m : measures) {
      rows.add(RowFactory.create(date, policyId, m.policy(), m.measure(), m.outcome(), m.versus(), m.estimator(),
          orNull(m.estimate()), orNull(m.ciLow()), orNull(m.ciHigh()), orNull(m.truth()),
          Double.isNaN(m.truth()) ? null : m.covers()));
    }
    return spark.createDataFrame(rows, SCHEMA);
  }

  static void write(SparkSession spark, List<PolicyMeasure> measures, String policyId, LocalDate runDate,
      TableLocation table, WriteContext context) {
    String predicate = "run_date = '" + runDate + "' AND policy_id = '" + policyId.replace("'", "''") + "'";
    DeltaTables.replaceWhere(rows(spark, measures, policyId, runDate), table, predicate, List.of("run_date"),
        context);
  }

  private static Double orNull(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
