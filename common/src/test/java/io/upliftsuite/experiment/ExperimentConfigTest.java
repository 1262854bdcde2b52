package io.upliftsuite.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.upliftsuite.config.SuiteConfig;
import io.upliftsuite.config.SuiteConfigException;
import io.upliftsuite.recommend.RecommendOptions;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExperimentConfigTest {
  static List<Experiment> parse(String experiments) {
    SuiteConfig config = SuiteConfig.load("local", List.of(), List.of("recommend.experiments=" + experiments));
    return RecommendOptions.fromConfig(config.section("recommend")).experiments();
  }

  @Test
  void defaultsAndTheShippedExampleParse() {
    assertThat(RecommendOptions.fromConfig(SuiteConfig.defaults().section("recommend")).experiments()).isEmpty();
    SuiteConfig example = SuiteConfig.load("local",
        List.of(java.nio.file.Path.of("..", "conf", "examples", "simulated-experiment.conf")), List.of());
    Experiment e = RecommendOptions.fromConfig(example.section("recommend")).experiments().get(0);
    assertThat(e.id()).isEqualTo("day1-ab");
    assertThat(e.start()).isEqualTo(LocalDate.parse("2020-12-01"));
    assertThat(e.treatmentShare()).isEqualTo(0.5);
    assertThat(e.salt()).isEqualTo("day1-ab-2020");
  }

  @Test
  void omittedKeysTakeTheirDefaultsAndTheSaltDefaultsToTheId() {
    Experiment e = parse("[{id = a, start = \"2021-01-01\", end = \"2021-01-31\"}]").get(0);
    assertThat(e.shareOfEligible()).isEqualTo(1.0);
    assertThat(e.treatmentShare()).isEqualTo(0.5);
    assertThat(e.salt()).isEqualTo("a");
    assertThat(e.excludeWeekends()).isTrue();
    assertThat(e.hasRoster()).isFalse();
  }

  @Test
  void aBadExperimentConfigNamesItsKey() {
    assertBad("[{id = a, start = \"2021-01-01\", end = \"2021-01-31\", treatment-share = 1.5}]",
        "recommend.experiments[0].treatment-share");
    assertBad("[{id = a, start = \"2021-01-01\", end = \"2021-01-31\", share-of-eligible = 0}]",
        "recommend.experiments[0].share-of-eligible");
    assertBad("[{id = a, start = \"2021-01-01\", end = \"2021-01-31\", tretment-share = 0.4}]",
        "recommend.experiments[0].tretment-share");
    assertBad("[{id = a, end = \"2021-01-31\"}]", "recommend.experiments[0].start");
    assertBad("[{id = a, start = \"2021-02-30\", end = \"2021-03-31\"}]", "recommend.experiments[0].start");
    assertBad("[{id = a, start = \"2021-02-01\", end = \"2021-01-31\"}]", "recommend.experiments[0].end");
    assertBad("[{id = a, start = \"2021-01-01\", end = \"2021-01-31\", exclude-weekends = maybe}]",
        "recommend.experiments[0].exclude-weekends");
    assertBad("[{id = a, start = \"2021-01-01\", end = \"2021-01-31\"}, "
        + "{id = b, start = \"2021-01-31\", end = \"2021-02-28\"}]", "recommend.experiments[1].start");
    assertBad("[{id = a, start = \"2021-01-01\", end = \"2021-01-31\"}, "
        + "{id = a, start = \"2021-03-01\", end = \"2021-03-31\"}]", "recommend.experiments[1].id");
    assertBad("{id = a}", "recommend.experiments");
    assertThatThrownBy(() -> RecommendOptions.fromConfig(SuiteConfig.load("local", List.of(),
        List.of("recommend.daily-capacity=-1")).section("recommend")))
        .isInstanceOf(SuiteConfigException.class).hasMessageContaining("recommend.daily-capacity");
  }

  private static void assertBad(String experiments, String key) {
    assertThatThrownBy(() -> parse(experiments)).isInstanceOf(SuiteConfigException.class)
        .hasMessageContaining("'" + key);
  }
}
