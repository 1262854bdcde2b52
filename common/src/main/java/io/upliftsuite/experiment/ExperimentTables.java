package io.upliftsuite.experiment;

import io.upliftsuite.explain.PolicyRule;
import io.upliftsuite.spark.DeltaTables;
import io.upliftsuite.spark.TableLocation;
import io.upliftsuite.spark.WriteContext;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The tables of an experiment report: {@code experiment_results} (the readout, one number per row) and
 * {@code policy_rules} (the surrogate tree's leaves). Each write replaces the rows of the experiment and report
 * date (replaceWhere), so a re-run for the same date on the same data writes the same rows, never more.
 */
public final class ExperimentTables {
  public static final String RESULTS = "experiment_results";
  public static final String RULES = "policy_rules";

  public static final StructType RESULTS_SCHEMA = new StructType()
      .add("experiment_id", DataTypes.StringType, false)
      .add("report_date", DataTypes.DateType, false)
      .add("segment", DataTypes.StringType, false)
      .add("metric", DataTypes.StringType, false)
      .add("arm", DataTypes.StringType, false)
      .add("value", DataTypes.DoubleType, true)
      .add("ci_low", DataTypes.DoubleType, true)
      .add("ci_high", DataTypes.DoubleType, true)
      .add("n", DataTypes.LongType, false)
      .add("note", DataTypes.StringType, true);

  public static final StructType RULES_SCHEMA = new StructType()
      .add("experiment_id", DataTypes.StringType, false)
      .add("report_date", DataTypes.DateType, false)
      .add("model_ids", DataTypes.StringType, false)
      .add("rule_id", DataTypes.IntegerType, false)
      .add("rule", DataTypes.StringType, false)
      .add("recommendation", DataTypes.StringType, false)
      .add("rows", DataTypes.LongType, false)
      .add("contact_share", DataTypes.DoubleType, false);

  private ExperimentTables() {}

  public static void write(SparkSession spark, String experimentId, LocalDate reportDate, List<ResultRow> results,
      String modelIds, List<PolicyRule> rules, TableLocation resultsTable, TableLocation rulesTable,
      WriteContext context) {
    Date date = Date.valueOf(reportDate);
    List<Row> r = new ArrayList<>();
    for (ResultRow x : results) {
      r.add(RowFactory.create(experimentId, date, x.segment(), x.metric(), x.arm(), orNull(x.value()),
          orNull(x.low()), orNull(x.high()), x.n(), x.note()));
    }
    List<Row> q = new ArrayList<>();
    for (PolicyRule x : rules) {
      q.add(RowFactory.create(experimentId, date, modelIds, x.ruleId(), x.condition(), x.decision(), x.rows(),
          x.contactShare()));
    }
    String predicate = "experiment_id = '" + experimentId.replace("'", "''") + "' AND report_date = '" + reportDate
        + "'";
    DeltaTables.replaceWhere(spark.createDataFrame(r, RESULTS_SCHEMA).coalesce(1), resultsTable, predicate, List.of(),
        context);
    DeltaTables.replaceWhere(spark.createDataFrame(q, RULES_SCHEMA).coalesce(1), rulesTable, predicate, List.of(),
        context);
  }

  private static Double orNull(double v) {
    return Double.isNaN(v) || Double.isInfinite(v) ? null : v;
  }
}
