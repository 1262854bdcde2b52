package io.upliftsuite.episodes;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.upliftsuite.config.SuiteConfig;
import io.upliftsuite.testing.SparkTestSession;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The acceptance case: a hand-written tiny log with every labelling case gives exactly the expected episodes. */
class EpisodeLabellingTest {
  static final String REG = "2024-03-04T15:30:00Z"; // a Monday; day d's decision time is 2024-03-(4+d) 09:00 UTC

  static SparkSession spark;
  static Map<String, Row> episodes;       // "item/day" -> episode row
  static Map<String, String> dayReasons;  // "item/day" -> exclusion reason
  static Map<String, Long> itemReasons;   // reason -> items

  /** Horizon 3 days, end of data 2024-06-30, value threshold 100; everything else from the defaults. */
  static EpisodeOptions options() {
    return EpisodeOptions.fromConfig(ConfigFactory.parseString(
            "horizon-days = 3, data-end = \"2024-06-30T00:00:00Z\", scope.min-value-estimate = 100")
        .withFallback(SuiteConfig.defaults().section("episodes")));
  }

  static TinyLogs everyCase() {
    TinyLogs logs = new TinyLogs();
    // A: AE first on day 1 (an automatic SMS before and a lead call after do not matter); nothing on day 2; the
    // lead writes first on day 3.
    logs.item("A", REG)
        .comm("A", "2024-03-05T08:00:00Z", "sms", "system", false, false)
        .comm("A", "2024-03-05T10:00:00Z", "call", "ae", false, true)
        .comm("A", "2024-03-05T11:00:00Z", "call", "lead", false, true)
        .stage("A", "2024-03-05T12:00:00Z", "ready_to_ship")
        .comm("A", "2024-03-07T12:00:00Z", "email", "lead", false, false);
    // B: the lead calls first on day 1 (the AE's call later does not make it a contact day).
    logs.item("B", REG)
        .comm("B", "2024-03-05T09:30:00Z", "call", "lead", false, true)
        .comm("B", "2024-03-05T10:00:00Z", "call", "ae", false, true);
    // C: a prescheduled AE call is the first communication of day 1.
    logs.item("C", REG).comm("C", "2024-03-05T09:15:00Z", "call", "ae", true, true);
    // D: only automatic messages: never a contact.
    logs.item("D", REG).comm("D", "2024-03-05T10:00:00Z", "email", "system", false, false);
    // E: no communication at all.
    logs.item("E", REG);
    // F: delivered before day 2's decision time.
    logs.item("F", REG).stage("F", "2024-03-06T08:00:00Z", "delivered").delivered("F", "2024-03-06T08:00:00Z");
    // G: abandoned on day 1 after the decision time.
    logs.item("G", REG).stage("G", "2024-03-05T20:00:00Z", "abandoned");
    // H: the 90-day window ends after the data: censored.
    logs.item("H", "2024-06-01T10:00:00Z");
    // I: the action windows end after the data: excluded.
    logs.item("I", "2024-06-28T10:00:00Z");
    // J: delivered after 30 days: outcome_90d = 1, outcome_14d = 0.
    logs.item("J", REG).delivered("J", "2024-04-03T15:30:00Z");
    // Out of scope: fraud, commercial, a lead with two items, an unpopular type, a low value.
    logs.item("K", "L-K", REG, "ring", 500.0, true, false);
    logs.item("L", "L-L", REG, "ring", 500.0, false, true);
    logs.item("M1", "L-M", REG, "ring", 500.0, false, false);
    logs.item("M2", "L-M", REG, "watch", 500.0, false, false);
    logs.item("N", "L-N", REG, "other", 500.0, false, false);
    logs.item("O", "L-O", REG, "ring", 50.0, false, false);
    return logs;
  }

  @BeforeAll
  static void label() {
    spark = SparkTestSession.get();
    RawLogs logs = everyCase().build(spark).validate();
    EpisodeOptions options = options();
    Dataset<Row> items = EpisodeLabelling.scopedItems(logs, options.scope());
    itemReasons = new TreeMap<>();
    for (Row r : items.where("_scope_reason is not null").groupBy("_scope_reason").count().collectAsList()) {
      itemReasons.put(r.getString(0), r.getLong(1));
    }
    Dataset<Row> labelled = EpisodeLabelling.labelDays(items.where("_scope_reason is null"), logs, options,
        micros("2024-06-30T00:00:00Z"));
    dayReasons = new TreeMap<>();
    for (Row r : labelled.where("_status is not null").collectAsList()) {
      dayReasons.put(r.getString(1) + "/" + r.getInt(3), r.getString(0));
    }
    episodes = new HashMap<>();
    for (Row r : EpisodeLabelling.episodes(labelled).collectAsList()) {
      episodes.put(r.getString(0) + "/" + r.getInt(2), r);
    }
  }

  static long micros(String iso) {
    return TinyLogs.ts(iso).toInstant().toEpochMilli() * 1000;
  }

  @Test
  void everyLabellingCaseGivesExactlyTheExpectedEpisodes() {
    // item/day -> {action, outcome_90d, outcome_14d, censored (1/0)}
    Map<String, List<Integer>> expected = new TreeMap<>();
    expected.put("A/1", List.of(1, 0, 0, 0));
    expected.put("A/2", List.of(0, 0, 0, 0));
    expected.put("B/2", List.of(0, 0, 0, 0));
    expected.put("B/3", List.of(0, 0, 0, 0));
    expected.put("C/2", List.of(0, 0, 0, 0));
    expected.put("C/3", List.of(0, 0, 0, 0));
    for (int d = 1; d <= 3; d++) {
      expected.put("D/" + d, List.of(0, 0, 0, 0));
      expected.put("E/" + d, List.of(0, 0, 0, 0));
      expected.put("H/" + d, List.of(0, 0, 0, 1));
      expected.put("J/" + d, List.of(0, 1, 0, 0));
    }
    expected.put("F/1", List.of(0, 1, 1, 0));
    expected.put("G/1", List.of(0, 0, 0, 0));

    Map<String, List<Integer>> actual = new TreeMap<>();
    episodes.forEach((k, r) -> actual.put(k, List.of(r.getInt(5), r.getInt(6), r.getInt(7), r.getBoolean(8) ? 1 : 0)));
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void excludedDaysAreCountedByReason() {
    Map<String, String> expected = new TreeMap<>();
    expected.put("A/3", "lead_initiated_first");
    expected.put("B/1", "lead_initiated_first");
    expected.put("C/1", "prescheduled_first");
    expected.put("F/2", "delivered_before_day");
    expected.put("F/3", "delivered_before_day");
    expected.put("G/2", "abandoned_before_day");
    expected.put("G/3", "abandoned_before_day");
    expected.put("I/1", "after_data_end");
    expected.put("I/2", "after_data_end");
    expected.put("I/3", "after_data_end");
    assertThat(dayReasons).isEqualTo(expected);
    assertThat(itemReasons).isEqualTo(Map.of("fraud_flagged", 1L, "commercial_lead", 1L, "multi_item_lead", 2L,
        "item_type_not_in_scope", 1L, "value_below_threshold", 1L));
  }

  @Test
  void decisionTimeIsNineOnTheCalendarDayAfterRegistration() {
    Row a1 = episodes.get("A/1");
    assertThat(a1.getString(1)).isEqualTo("L-A");
    assertThat(a1.<Timestamp>getAs("decision_ts")).isEqualTo(TinyLogs.ts("2024-03-05T09:00:00Z"));
    assertThat(a1.<Timestamp>getAs("registered_at")).isEqualTo(TinyLogs.ts(REG));
    assertThat(episodes.get("H/3").<Timestamp>getAs("decision_ts")).isEqualTo(TinyLogs.ts("2024-06-04T09:00:00Z"));
  }

  @Test
  void featuresAreHandComputedFromEventsBeforeTheDecision() {
    Row a1 = episodes.get("A/1"); // only the 08:00 automatic SMS came before
    assertThat(a1.<Integer>getAs("comms_1d_total")).isEqualTo(1);
    assertThat(a1.<Integer>getAs("comms_1d_sms")).isEqualTo(1);
    assertThat(a1.<Integer>getAs("comms_1d_system")).isEqualTo(1);
    assertThat(a1.<Integer>getAs("comms_1d_call")).isEqualTo(0);
    assertThat(a1.<Integer>getAs("comms_all_connected")).isEqualTo(0);
    assertThat(a1.<Double>getAs("hours_since_last_ae_contact")).isEqualTo(-1.0);
    assertThat(a1.<String>getAs("stage")).isEqualTo("registered");
    assertThat(a1.<Double>getAs("hours_in_stage")).isEqualTo(17.5);
    assertThat(a1.<Double>getAs("hours_since_registration")).isEqualTo(17.5);
    assertThat(a1.<Integer>getAs("registration_hour")).isEqualTo(15);
    assertThat(a1.<Integer>getAs("registration_weekday")).isEqualTo(1);
    assertThat(a1.<Integer>getAs("registration_month")).isEqualTo(3);
    assertThat(a1.<String>getAs("registration_season")).isEqualTo("spring");
    assertThat(a1.<Integer>getAs("decision_weekday")).isEqualTo(2);
    assertThat(a1.<Integer>getAs("day_index")).isEqualTo(1);
    assertThat(a1.<String>getAs("item_type")).isEqualTo("ring");
    assertThat(a1.<Double>getAs("value_estimate")).isEqualTo(500.0);
    assertThat(a1.<String>getAs("lead_state")).isEqualTo("CA");

    Row a2 = episodes.get("A/2"); // SMS 25 h before, AE call 23 h before, lead call 22 h before, stage 21 h before
    assertThat(a2.<Integer>getAs("comms_1d_total")).isEqualTo(2);
    assertThat(a2.<Integer>getAs("comms_1d_call")).isEqualTo(2);
    assertThat(a2.<Integer>getAs("comms_1d_ae")).isEqualTo(1);
    assertThat(a2.<Integer>getAs("comms_1d_lead")).isEqualTo(1);
    assertThat(a2.<Integer>getAs("comms_1d_connected")).isEqualTo(2);
    assertThat(a2.<Integer>getAs("comms_3d_total")).isEqualTo(3);
    assertThat(a2.<Integer>getAs("comms_7d_sms")).isEqualTo(1);
    assertThat(a2.<Integer>getAs("comms_all_total")).isEqualTo(3);
    assertThat(a2.<Double>getAs("hours_since_last_ae_contact")).isEqualTo(23.0);
    assertThat(a2.<Double>getAs("hours_since_last_lead_contact")).isEqualTo(22.0);
    assertThat(a2.<String>getAs("stage")).isEqualTo("ready_to_ship");
    assertThat(a2.<Double>getAs("hours_in_stage")).isEqualTo(21.0);
    assertThat(a2.<Integer>getAs("decision_weekday")).isEqualTo(3);

    Row d2 = episodes.get("D/2"); // the automatic e-mail counts as a feature
    assertThat(d2.<Integer>getAs("comms_1d_system")).isEqualTo(1);
    assertThat(d2.<Integer>getAs("comms_1d_email")).isEqualTo(1);
  }

  @Test
  void tableHasTheContractColumnsThenTheFeatures() {
    Row any = episodes.get("A/1");
    List<String> names = List.of(any.schema().fieldNames());
    assertThat(names.subList(0, EpisodeColumns.NON_FEATURE_COLUMNS.size()))
        .isEqualTo(EpisodeColumns.NON_FEATURE_COLUMNS);
    assertThat(names.subList(EpisodeColumns.NON_FEATURE_COLUMNS.size(), names.size()))
        .isEqualTo(EpisodeFeatures.names());
    for (EpisodeFeatures.Feature f : EpisodeFeatures.ALL) {
      assertThat(any.schema().apply(f.name()).dataType()).as(f.name()).isEqualTo(f.type());
    }
  }
}
