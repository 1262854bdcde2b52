package io.upliftsuite.episodes;

import io.upliftsuite.logs.RawTables;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * The feature dictionary of the {@code episodes} table: name, type and meaning of every feature column, in table
 * order. Every feature is computed only from what was known strictly before the episode's decision time.
 */
public final class EpisodeFeatures {
  private EpisodeFeatures() {}

  /** One feature column. String columns are categorical; int/long/double/boolean columns are numeric. */
  public record Feature(String name, DataType type, boolean nullable, String meaning) {}

  /** Look-back windows of the communication counts, in days; 0 means "since registration". */
  public static final List<Integer> COMM_WINDOWS_DAYS = List.of(1, 3, 7, 0);

  /** Value of the "hours since last ..." features when there was no such communication before the decision. */
  public static final double NEVER = -1.0;

  public static final List<Feature> ALL;

  static {
    List<Feature> f = new ArrayList<>();
    f.add(new Feature("lead_state", DataTypes.StringType, true, "Lead's state/region (leads.state)."));
    f.add(new Feature("lead_age_band", DataTypes.StringType, true, "Lead's age band (leads.age_band)."));
    f.add(new Feature("lead_acquisition_channel", DataTypes.StringType, true,
        "How the lead was acquired (leads.acquisition_channel)."));
    f.add(new Feature("lead_is_commercial", DataTypes.BooleanType, true,
        "Lead is a business (always false while scope.private-leads-only is on)."));
    f.add(new Feature("item_type", DataTypes.StringType, false, "Item type (items.item_type)."));
    f.add(new Feature("value_estimate", DataTypes.DoubleType, false, "Item's value estimate (items.value_estimate)."));
    f.add(new Feature("stage", DataTypes.StringType, false,
        "Latest stage before the decision time ('registered' when there is no stage event yet)."));
    f.add(new Feature("hours_in_stage", DataTypes.DoubleType, false,
        "Hours from entering that stage (or registration) to the decision time."));
    for (int w : COMM_WINDOWS_DAYS) {
      String span = w == 0 ? "since registration" : "in the " + w + " day(s) before the decision time";
      f.add(new Feature(commCount(w, "total"), DataTypes.IntegerType, false, "Communications " + span + "."));
      for (String channel : RawTables.CHANNELS) {
        f.add(new Feature(commCount(w, channel), DataTypes.IntegerType, false,
            "Communications over channel '" + channel + "' " + span + "."));
      }
      for (String initiator : RawTables.INITIATORS) {
        f.add(new Feature(commCount(w, initiator), DataTypes.IntegerType, false,
            "Communications initiated by '" + initiator + "' " + span + "."));
      }
      f.add(new Feature(commCount(w, "connected"), DataTypes.IntegerType, false,
          "Connected communications (connected = true) " + span + "."));
    }
    f.add(new Feature("hours_since_last_ae_contact", DataTypes.DoubleType, false,
        "Hours since the last AE-initiated communication before the decision time; " + NEVER + " if none."));
    f.add(new Feature("hours_since_last_lead_contact", DataTypes.DoubleType, false,
        "Hours since the last lead-initiated communication before the decision time; " + NEVER + " if none."));
    f.add(new Feature("hours_since_registration", DataTypes.DoubleType, false,
        "Hours from the item's registration to the decision time."));
    f.add(new Feature("registration_hour", DataTypes.IntegerType, false,
        "Local hour of the item's registration (0-23, business time zone)."));
    f.add(new Feature("registration_weekday", DataTypes.IntegerType, false,
        "Local weekday of the registration (1 = Monday .. 7 = Sunday)."));
    f.add(new Feature("registration_month", DataTypes.IntegerType, false, "Local month of the registration (1-12)."));
    f.add(new Feature("registration_season", DataTypes.StringType, false,
        "Meteorological season of the registration month, northern hemisphere (winter = Dec-Feb, spring, summer, "
            + "autumn)."));
    f.add(new Feature("decision_weekday", DataTypes.IntegerType, false,
        "Local weekday of the decision day (1 = Monday .. 7 = Sunday)."));
    f.add(new Feature("day_index", DataTypes.IntegerType, false,
        "Day index d of the decision (same value as decision_day, usable as a feature)."));
    ALL = Collections.unmodifiableList(f);
  }

  /** Name of a communication-count feature, e.g. {@code comms_7d_call} or {@code comms_all_ae}. */
  public static String commCount(int windowDays, String what) {
    return "comms_" + (windowDays == 0 ? "all" : windowDays + "d") + "_" + what;
  }

  public static List<String> names() {
    return ALL.stream().map(Feature::name).toList();
  }
}
