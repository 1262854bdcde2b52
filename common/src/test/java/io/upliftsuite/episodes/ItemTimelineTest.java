package io.upliftsuite.episodes;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.upliftsuite.config.SuiteConfig;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Calendar and time-zone rules of the per-item state machine, without Spark. */
class ItemTimelineTest {
  static long us(String iso) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse(iso));
  }

  static ItemTimeline timeline(String zone, String dataEnd) {
    EpisodeOptions options = EpisodeOptions.fromConfig(ConfigFactory.parseString(
            "horizon-days = 3, time-zone = \"" + zone + "\"").withFallback(SuiteConfig.defaults().section("episodes")));
    return new ItemTimeline(options, us(dataEnd));
  }

  static ItemFacts item(String registeredAt) {
    return new ItemFacts("I1", "L1", us(registeredAt), "ring", 100.0, "CA", "35-44", "search", false);
  }

  @Test
  void daysAreCalendarDaysOfTheBusinessZoneAndNineAmIsLocalAcrossDaylightSaving() {
    // 2024-03-09 03:00 UTC is 2024-03-08 22:00 in New York: the registration day is March 8 (local). Day 1 is
    // March 9 09:00 EST (14:00 UTC); day 2 is March 10, the first day of daylight saving: 09:00 EDT = 13:00 UTC.
    List<ItemTimeline.LabelledDay> days = timeline("America/New_York", "2024-12-31T00:00:00Z")
        .label(item("2024-03-09T03:00:00Z"), List.of());
    assertThat(days).extracting(ItemTimeline.LabelledDay::decisionMicros).containsExactly(
        us("2024-03-09T14:00:00Z"), us("2024-03-10T13:00:00Z"), us("2024-03-11T13:00:00Z"));
    Object[] day1 = days.get(0).features();
    int idx = EpisodeFeatures.names().indexOf("registration_hour");
    assertThat(day1[idx]).isEqualTo(22);
    assertThat(day1[EpisodeFeatures.names().indexOf("registration_weekday")]).isEqualTo(5); // Friday
    assertThat(day1[EpisodeFeatures.names().indexOf("hours_since_registration")]).isEqualTo(11.0);
  }

  @Test
  void theActionWindowRunsToTheNextDecisionTimeAndDeliveryAtTheDecisionTimeKeepsTheDay() {
    String reg = "2024-03-04T15:30:00Z";
    List<TimelineEvent> events = List.of(
        // 2024-03-06 08:59 is before day 2's decision: it belongs to day 1's window (09:00 on the 5th to 09:00 on the
        // 6th), so day 1 is a contact day.
        TimelineEvent.communication(us("2024-03-06T08:59:00Z"), "c1", "call", "ae", false, true),
        TimelineEvent.delivery(us("2024-03-07T09:00:00Z")));
    List<ItemTimeline.LabelledDay> days = timeline("UTC", "2024-12-31T00:00:00Z").label(item(reg), events);
    assertThat(days).extracting(ItemTimeline.LabelledDay::reason).containsExactly(null, null, null);
    assertThat(days).extracting(ItemTimeline.LabelledDay::action).containsExactly(1, 0, 0);
    // Day 3's decision time equals the delivery time: not known yet, so the day is still open (and outcome = 1).
    assertThat(days.get(2).outcome14d()).isEqualTo(1);
  }
}
