package io.upliftsuite.experiment;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.dayofweek;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import io.upliftsuite.spark.TableChecks;
import java.sql.Date;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Puts recommendation rows into the configured experiments: a row whose decision date ({@code run_date}) is in an
 * experiment's window gets its {@value #EXPERIMENT_ID}, and either an {@value #EXCLUDED_REASON} (the first eligibility
 * rule it breaks) or an {@value #ARM} from {@link ArmAssignment}. {@value #DELIVER} says whether the recommendation
 * goes to the AE: outside experiments always, inside only in the treatment arm (control and excluded rows keep the
 * existing policy; their recommendation is still stored, the per-recommendation analysis needs it).
 *
 * <p>Eligibility, in this order: {@code weekend} (when the experiment excludes weekends), {@code ae_unknown} (a roster
 * is configured but the item has no {@code ae_id}), {@code ae_absent} (the roster says the item's AE is not present
 * that day), {@code not_sampled} (outside the experiment's share of eligible items). First contacts initiated by the
 * lead or prescheduled are only known once the day has passed: the experiment report leaves those out.
 */
public final class ExperimentAssignment {
  public static final String EXPERIMENT_ID = "experiment_id";
  public static final String ARM = "arm";
  public static final String EXCLUDED_REASON = "excluded_reason";
  public static final String DELIVER = "deliver";

  public static final String WEEKEND = "weekend";
  public static final String AE_UNKNOWN = "ae_unknown";
  public static final String AE_ABSENT = "ae_absent";
  public static final String NOT_SAMPLED = "not_sampled";

  /** The AE roster contract: one row per AE and date; {@code present = false} marks an absent AE. */
  public static final StructType ROSTER_SCHEMA = new StructType()
      .add("ae_id", DataTypes.StringType)
      .add("date", DataTypes.DateType)
      .add("present", DataTypes.BooleanType);

  private ExperimentAssignment() {}

  /** Checks a roster table: contract, non-null values, one row per (ae_id, date). */
  public static void validateRoster(String table, Dataset<Row> roster) {
    TableChecks.of(table, roster).hasSchema(ROSTER_SCHEMA).notNull("ae_id", "date", "present").check();
    TableChecks.of(table, roster.groupBy("ae_id", "date").agg(count(lit(1)).as("_n")))
        .rule("date", "more than one row per (ae_id, date) (count = duplicated pairs)", col("_n").gt(1))
        .check();
  }

  /**
   * Adds {@value #EXPERIMENT_ID}, {@value #ARM}, {@value #EXCLUDED_REASON} and {@value #DELIVER}.
   *
   * @param rows rows with {@code run_date} (date), {@code item_id} and {@code ae_id} (string, may be null)
   * @param rosters the validated roster of each experiment that has one, by experiment id
   */
  public static Dataset<Row> assign(Dataset<Row> rows, List<Experiment> experiments,
      Map<String, Dataset<Row>> rosters) {
    Dataset<Row> out = rows;
    Column experimentId = lit(null).cast(DataTypes.StringType);
    Column reason = lit(null).cast(DataTypes.StringType);
    Column arm = lit(null).cast(DataTypes.StringType);
    for (int i = experiments.size() - 1; i >= 0; i--) {
      Experiment e = experiments.get(i);
      Column inWindow = col("run_date").between(lit(Date.valueOf(e.start())), lit(Date.valueOf(e.end())));
      Column broken = lit(null).cast(DataTypes.StringType);
      // built back to front so that the first rule in the documented order wins
      UDF1<String, Boolean> sampledFn = item -> ArmAssignment.sampled(e, item);
      broken = when(udf(sampledFn, DataTypes.BooleanType).apply(col("item_id")).unary_$bang(), lit(NOT_SAMPLED))
          .otherwise(broken);
      if (e.hasRoster()) {
        String present = "_present_" + i;
        Dataset<Row> roster = rosters.get(e.id());
        if (roster == null) {
          throw new IllegalArgumentException("No roster given for experiment '" + e.id() + "' (table '"
              + e.aeRosterTable() + "')");
        }
        out = out.join(roster.select(col("ae_id").as("_ae_" + i), col("date").as("_date_" + i),
                col("present").as(present)),
            col("ae_id").equalTo(col("_ae_" + i)).and(col("run_date").equalTo(col("_date_" + i))), "left")
            .drop("_ae_" + i, "_date_" + i);
        broken = when(col("ae_id").isNull(), lit(AE_UNKNOWN))
            .when(col(present).equalTo(false), lit(AE_ABSENT)).otherwise(broken);
      }
      if (e.excludeWeekends()) {
        // dayofweek: 1 = Sunday, 7 = Saturday
        broken = when(dayofweek(col("run_date")).isin(1, 7), lit(WEEKEND)).otherwise(broken);
      }
      UDF1<String, String> armFn = item -> ArmAssignment.arm(e, item);
      experimentId = when(inWindow, lit(e.id())).otherwise(experimentId);
      reason = when(inWindow, broken).otherwise(reason);
      arm = when(inWindow.and(broken.isNull()), udf(armFn, DataTypes.StringType).apply(col("item_id")))
          .otherwise(arm);
    }
    out = out.withColumn(EXPERIMENT_ID, experimentId).withColumn(EXCLUDED_REASON, reason).withColumn(ARM, arm);
    for (int i = 0; i < experiments.size(); i++) {
      if (experiments.get(i).hasRoster()) {
        out = out.drop("_present_" + i);
      }
    }
    return out.withColumn(DELIVER, col(EXPERIMENT_ID).isNull()
        .or(coalesce(col(ARM).equalTo(ArmAssignment.TREATMENT), lit(false))));
  }
}
