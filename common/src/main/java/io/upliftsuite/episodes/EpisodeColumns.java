package io.upliftsuite.episodes;

import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code episodes} table contract: the columns that identify, label and time an episode. Every other column of
 * the table is a feature (numeric: int/long/double/boolean; categorical: string); see {@link EpisodeFeatures}.
 */
public final class EpisodeColumns {
  private EpisodeColumns() {}

  public static final String TABLE = "episodes";
  public static final String EXCLUSIONS_TABLE = "episode_exclusions";

  public static final String ITEM_ID = "item_id";
  public static final String LEAD_ID = "lead_id";
  /** The day index d = 1..D after the registration day; the table's partition column. */
  public static final String DECISION_DAY = "decision_day";
  public static final String DECISION_TS = "decision_ts";
  public static final String REGISTERED_AT = "registered_at";
  /** 1 = the AE contacted the lead first on that day, 0 = no non-automatic communication that day. */
  public static final String ACTION = "action";
  public static final String OUTCOME_90D = "outcome_90d";
  public static final String OUTCOME_14D = "outcome_14d";
  /** The long outcome window runs past the end of the data: the outcome is not final; do not train on it. */
  public static final String CENSORED = "censored";

  /** Columns that are not features, in table order; a learner must drop exactly these. */
  public static final List<String> NON_FEATURE_COLUMNS = List.of(
      ITEM_ID, LEAD_ID, DECISION_DAY, DECISION_TS, REGISTERED_AT, ACTION, OUTCOME_90D, OUTCOME_14D, CENSORED);

  public static final List<String> PARTITION_COLUMNS = List.of(DECISION_DAY);

  /** The non-feature part of the schema (features follow in {@link EpisodeFeatures#ALL} order). */
  public static final StructType KEY_SCHEMA = new StructType()
      .add(ITEM_ID, DataTypes.StringType, false)
      .add(LEAD_ID, DataTypes.StringType, false)
      .add(DECISION_DAY, DataTypes.IntegerType, false)
      .add(DECISION_TS, DataTypes.TimestampType, false)
      .add(REGISTERED_AT, DataTypes.TimestampType, false)
      .add(ACTION, DataTypes.IntegerType, false)
      .add(OUTCOME_90D, DataTypes.IntegerType, false)
      .add(OUTCOME_14D, DataTypes.IntegerType, false)
      .add(CENSORED, DataTypes.BooleanType, false);

  /** The full schema of the {@code episodes} table. */
  public static StructType schema() {
    StructType s = KEY_SCHEMA;
    for (EpisodeFeatures.Feature f : EpisodeFeatures.ALL) {
      s = s.add(f.name(), f.type(), f.nullable());
    }
    return s;
  }

  /** Schema of {@code episode_exclusions}: how many candidates were dropped, by reason, for one run. */
  public static final StructType EXCLUSIONS_SCHEMA = new StructType()
      .add("run_date", DataTypes.DateType, false)
      .add(DECISION_DAY, DataTypes.IntegerType, true)
      .add("reason", DataTypes.StringType, false)
      .add("level", DataTypes.StringType, false)
      .add("rows", DataTypes.LongType, false);
}
