package io.upliftsuite.episodes;

import static org.assertj.core.api.Assertions.assertThat;

import io.upliftsuite.logs.RawTables;
import io.upliftsuite.testing.SparkTestSession;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** Adding events at or after an episode's decision time changes none of that episode's features. */
class PointInTimeTest {

  static Map<String, Row> episodes(SparkSession spark, TinyLogs logs) {
    RawLogs raw = logs.build(spark).validate();
    EpisodeOptions options = EpisodeLabellingTest.options();
    Dataset<Row> items = EpisodeLabelling.scopedItems(raw, options.scope()).where("_scope_reason is null");
    Map<String, Row> out = new HashMap<>();
    for (Row r : EpisodeLabelling.episodes(EpisodeLabelling.labelDays(items, raw, options,
        EpisodeLabellingTest.micros("2024-06-30T00:00:00Z"))).collectAsList()) {
      out.put(r.getString(0) + "/" + r.getInt(2), r);
    }
    return out;
  }

  @Test
  void eventsAtOrAfterTheDecisionTimeChangeNoFeature() {
    SparkSession spark = SparkTestSession.get();
    TinyLogs base = EpisodeLabellingTest.everyCase();
    Map<String, Row> before = episodes(spark, base);

    // For every item with episodes, the cutoff is its last episode's decision time; add random events of every kind
    // at or after it (the first one exactly at the cutoff, the boundary case).
    Random random = new Random(7);
    TinyLogs more = base.copy();
    Map<String, Long> cutoffs = new HashMap<>();
    for (Row e : before.values()) {
      String item = e.getString(0);
      Timestamp decision = e.getAs("decision_ts");
      cutoffs.merge(item, decision.getTime(), Math::max);
    }
    for (Map.Entry<String, Long> c : cutoffs.entrySet()) {
      String item = c.getKey();
      for (int i = 0; i < 6; i++) {
        long at = c.getValue() + (i == 0 ? 0 : (long) (random.nextDouble() * 4 * 86_400_000L));
        String iso = new Timestamp(at).toInstant().toString();
        switch (i % 3) {
          case 0 -> more.comm(item, iso, pick(random, RawTables.CHANNELS), pick(random, RawTables.INITIATORS),
              random.nextBoolean(), random.nextBoolean());
          case 1 -> more.stage(item, iso, pick(random, RawTables.STAGES));
          default -> more.delivered(item, iso);
        }
      }
    }
    Map<String, Row> after = episodes(spark, more);

    int compared = 0;
    for (Map.Entry<String, Row> e : before.entrySet()) {
      Row b = e.getValue();
      long decision = b.<Timestamp>getAs("decision_ts").getTime();
      if (decision > cutoffs.get(b.getString(0))) {
        continue; // events were added before this episode's decision time: it may change
      }
      Row a = after.get(e.getKey());
      if (a == null) {
        // Only the action can drop an episode: the added events fall into its action window (lead first etc.).
        assertThat(decision + 86_400_000L).as(e.getKey()).isGreaterThan(cutoffs.get(b.getString(0)));
        continue;
      }
      for (String f : EpisodeFeatures.names()) {
        assertThat((Object) a.getAs(f)).as(e.getKey() + " " + f).isEqualTo(b.getAs(f));
      }
      compared++;
    }
    // 20 episodes of 9 items; at most the last episode of each item can drop out.
    assertThat(compared).isGreaterThanOrEqualTo(11);
  }

  private static String pick(Random random, List<String> values) {
    return values.get(random.nextInt(values.size()));
  }
}
