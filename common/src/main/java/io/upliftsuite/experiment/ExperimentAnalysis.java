package io.upliftsuite.experiment;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.upliftsuite.episodes.EpisodeColumns;
import io.upliftsuite.episodes.EpisodeLabelling;
import io.upliftsuite.episodes.EpisodeOptions;
import io.upliftsuite.episodes.ExclusionReason;
import io.upliftsuite.episodes.RawLogs;
import io.upliftsuite.recommend.RecommendationPolicy;
import io.upliftsuite.spark.InputValidationException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;

/**
 * From an experiment's rows of {@code recommendations} and the raw logs to the counts per arm and segment
 * ({@link ArmCounts}), in Spark; the driver receives at most 6 rows.
 *
 * <ol>
 *   <li>The randomised units: items with an arm (eligible and sampled), each at its entry — its first decision point
 *       in the experiment (earliest date, then day). Its recommendation there defines the segment (contact /
 *       no contact), which was computed for both arms before the arm mattered, so the segments are randomised
 *       comparisons too.</li>
 *   <li>The entry day labelled by the episodes' own code ({@link EpisodeLabelling#labelItemDays}): what the AE did
 *       (the day's first non-automatic contact), whether the lead or a prescheduled call came first, whether the day
 *       has ended within the data, and the outcomes (delivery within the short and long windows of registration)
 *       with whether each window is complete.</li>
 *   <li>Analysed items: assigned items whose day ended, minus (by the experiment's rules) lead-initiated and
 *       prescheduled first contacts — days the AE did not decide. Contact: the AE contacted first (a prescheduled
 *       first contact counts as contact when such days are kept, a lead-initiated one as none).</li>
 *   <li>One aggregation per (segment, arm); rates use only items whose outcome window is complete, and the pending
 *       ones are counted, never dropped silently.</li>
 * </ol>
 */
public final class ExperimentAnalysis {
  public static final String ALL = "all";

  private ExperimentAnalysis() {}

  /** The experiment's assigned items at their entry decision point: item_id, run_date, decision_day, arm, recommendation. */
  public static Dataset<Row> entries(Dataset<Row> recommendations, Experiment experiment) {
    Dataset<Row> assigned = recommendations.where(col("experiment_id").equalTo(experiment.id())
        .and(col("arm").isNotNull()).and(col("excluded_reason").isNull()));
    long mixed = assigned.groupBy("item_id").agg(countDistinct(col("arm")).as("_arms")).where(col("_arms").gt(1))
        .count();
    if (mixed > 0) {
      throw new InputValidationException("recommendations", "arm", "items of experiment '" + experiment.id()
          + "' with more than one arm (was the salt changed during the experiment?)", mixed);
    }
    return assigned
        .withColumn("_entry", row_number().over(Window.partitionBy(col("item_id"))
            .orderBy(col("run_date"), col("decision_day"))))
        .where(col("_entry").equalTo(1))
        .select("item_id", "run_date", "decision_day", "arm", "recommendation", "model_id");
  }

  /**
   * One row per assigned item: its entry with the labels of its entry day and the analysis flags ({@code analysed},
   * {@code contact}, {@code complied}, the outcomes and window flags) and, when {@code truth} is given (item_id,
   * true_effect_14d, true_effect_90d), its true effects.
   */
  public static Dataset<Row> items(Dataset<Row> entries, RawLogs logs, EpisodeOptions options, long dataEndMicros,
      Experiment experiment, Dataset<Row> truth) {
    Dataset<Row> labels = EpisodeLabelling.labelItemDays(entries.select("item_id", "decision_day"), logs, options,
        dataEndMicros);
    Dataset<Row> joined = entries.join(labels, scala.jdk.javaapi.CollectionConverters.asScala(
        List.of("item_id", "decision_day")).toList(), "left");
    Column status = col(EpisodeLabelling.STATUS);
    Column leadFirst = status.equalTo(ExclusionReason.LEAD_INITIATED_FIRST.label());
    Column prescheduled = status.equalTo(ExclusionReason.PRESCHEDULED_FIRST.label());
    Column pending = status.equalTo(ExclusionReason.AFTER_DATA_END.label());
    // an item closed at the decision time in these logs, or missing from them (no labels)
    Column closed = coalesce(status.isin(ExclusionReason.DELIVERED_BEFORE_DAY.label(),
        ExclusionReason.ABANDONED_BEFORE_DAY.label()), lit(false)).or(col("outcome_14d").isNull());
    Column excludedLead = leadFirst.and(lit(experiment.excludeLeadInitiatedFirst()));
    Column excludedPre = prescheduled.and(lit(experiment.excludePrescheduledFirst()));
    Column analysed = coalesce(status.isNull().or(leadFirst.and(lit(!experiment.excludeLeadInitiatedFirst())))
        .or(prescheduled.and(lit(!experiment.excludePrescheduledFirst()))), lit(false)).and(closed.unary_$bang());
    Column contact = when(status.isNull(), col(EpisodeColumns.ACTION)).when(prescheduled, lit(1)).otherwise(lit(0));
    Dataset<Row> out = joined
        .withColumn("excluded_lead_first", coalesce(excludedLead, lit(false)))
        .withColumn("excluded_prescheduled", coalesce(excludedPre, lit(false)))
        .withColumn("pending_action", coalesce(pending, lit(false)))
        .withColumn("closed_before_day", coalesce(closed, lit(false)))
        .withColumn("analysed", analysed)
        .withColumn("contact", when(analysed, contact))
        .withColumn("complied", when(analysed, contact.equalTo(
            when(col("recommendation").equalTo(RecommendationPolicy.CONTACT), 1).otherwise(0))));
    if (truth != null) {
      out = out.join(truth.select(col("item_id").as("_truth_item"), col("true_effect_14d"), col("true_effect_90d")),
          col("item_id").equalTo(col("_truth_item")), "left").drop("_truth_item");
    } else {
      out = out.withColumn("true_effect_14d", lit(null).cast(DataTypes.DoubleType))
          .withColumn("true_effect_90d", lit(null).cast(DataTypes.DoubleType));
    }
    return out;
  }

  /** Counts per (segment, arm): segment "all" and each recommendation at entry. */
  public static List<ArmCounts> counts(Dataset<Row> items, boolean withTruth) {
    Dataset<Row> segmented = items.withColumn("segment",
        explode(array(lit(ALL), col("recommendation"))));
    Column a = col("analysed");
    Column shortDone = a.and(col("outcome_14d_observed"));
    Column longDone = a.and(col("outcome_90d_observed"));
    List<Row> rows = segmented.groupBy("segment", "arm").agg(
        count(lit(1)),
        n(col("excluded_lead_first")), n(col("excluded_prescheduled")), n(col("pending_action")),
        n(col("closed_before_day")), n(a),
        sum(when(a, col("contact")).otherwise(0)).cast("long"),
        n(a.and(col("complied"))),
        n(shortDone), n(shortDone.and(col("outcome_14d").equalTo(1))),
        n(longDone), n(longDone.and(col("outcome_90d").equalTo(1))),
        sum(when(shortDone, col("true_effect_14d"))), n(shortDone.and(col("true_effect_14d").isNotNull())),
        sum(when(longDone, col("true_effect_90d"))), n(longDone.and(col("true_effect_90d").isNotNull())))
        .collectAsList();
    List<ArmCounts> out = new ArrayList<>();
    for (Row r : rows) {
      out.add(new ArmCounts(r.getString(0), r.getString(1), r.getLong(2), r.getLong(3), r.getLong(4), r.getLong(5),
          r.getLong(6), r.getLong(7), r.isNullAt(8) ? 0 : r.getLong(8), r.getLong(9), r.getLong(10), r.getLong(11),
          r.getLong(12), r.getLong(13), withTruth && !r.isNullAt(14) ? r.getDouble(14) : Double.NaN, r.getLong(15),
          withTruth && !r.isNullAt(16) ? r.getDouble(16) : Double.NaN, r.getLong(17)));
    }
    return out;
  }

  private static Column n(Column condition) {
    return sum(when(coalesce(condition, lit(false)), 1L).otherwise(0L));
  }
}
