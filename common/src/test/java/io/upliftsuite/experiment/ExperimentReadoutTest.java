package io.upliftsuite.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.upliftsuite.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/** The readout rows from counts: the published readout, incomplete windows reported as such, the SRM alarm. */
class ExperimentReadoutTest {
  static final Experiment HALF = new Experiment("x", LocalDate.parse("2021-01-01"), LocalDate.parse("2021-03-31"),
      1.0, 0.5, "x", true, "", true, true);

  static ArmCounts arm(String segment, String arm, long assigned, long analysed, long contacted, long complied,
      long shortComplete, long shortDelivered, long longComplete, long longDelivered) {
    return new ArmCounts(segment, arm, assigned, assigned - analysed, 0, 0, 0, analysed, contacted, complied,
        shortComplete, shortDelivered, longComplete, longDelivered, Double.NaN, 0, Double.NaN, 0);
  }

  static ResultRow row(List<ResultRow> rows, String metric, String arm) {
    return rows.stream().filter(r -> r.segment().equals("all") && r.metric().equals(metric) && r.arm().equals(arm))
        .findFirst().orElseThrow(() -> new AssertionError("no " + metric + "/" + arm));
  }

  @Test
  void thePublishedReadoutFromItsCounts() {
    // 1,781 control / 1,722 treatment items; 14-day delivery 153 / 181; contact 36% / 51%
    List<ResultRow> rows = ExperimentReadout.of(HALF, List.of(
        arm("all", "control", 1781, 1781, 641, 516, 1781, 153, 1781, 400),
        arm("all", "treatment", 1722, 1722, 878, 930, 1722, 181, 1722, 420)), 0.95, 14, 90, "2021-05-31");
    assertThat(row(rows, "srm_p_value", ResultRow.COMPARISON).value()).isCloseTo(0.3188, within(1e-4));
    assertThat(row(rows, "srm_p_value", ResultRow.COMPARISON).note()).isNull();
    assertThat(row(rows, "relative_lift_delivery_14d", ResultRow.COMPARISON).value()).isCloseTo(0.2235,
        within(1e-4));
    assertThat(row(rows, "welch_p_one_sided_14d", ResultRow.COMPARISON).value()).isCloseTo(0.0267, within(1e-4));
    ResultRow rate = row(rows, "delivery_rate_14d", "control");
    assertThat(rate.value()).isEqualTo(153 / 1781.0);
    assertThat(rate.n()).isEqualTo(1781);
    assertThat(rate.note()).isNull();
    assertThat(row(rows, "contact_rate", "treatment").value()).isEqualTo(878 / 1722.0);
    assertThat(row(rows, "compliance", "treatment").low()).isLessThan(930 / 1722.0);
  }

  @Test
  void incompleteWindowsAreReportedAndNeverSilentlyDropped() {
    List<ResultRow> rows = ExperimentReadout.of(HALF, List.of(
        arm("all", "control", 60, 50, 20, 25, 50, 10, 40, 15),
        arm("all", "treatment", 62, 52, 30, 40, 52, 14, 0, 0)), 0.95, 14, 90, "2021-05-31T23:59:59Z");
    ResultRow control90 = row(rows, "delivery_rate_90d", "control");
    assertThat(control90.value()).isEqualTo(15 / 40.0);
    assertThat(control90.n()).isEqualTo(40);
    assertThat(control90.note()).isEqualTo("incomplete: 10 of 50 analysed items' 90-day windows end after the data "
        + "(2021-05-31T23:59:59Z); the rate uses the 40 complete ones");
    ResultRow treatment90 = row(rows, "delivery_rate_90d", "treatment");
    assertThat(treatment90.value()).isNaN();
    assertThat(treatment90.note()).startsWith("incomplete: no analysed item's 90-day window has ended");
    ResultRow diff90 = row(rows, "difference_delivery_90d", ResultRow.COMPARISON);
    assertThat(diff90.value()).isNaN();
    assertThat(diff90.note()).startsWith("incomplete: 62 of 102");
    assertThat(row(rows, "difference_delivery_14d", ResultRow.COMPARISON).note()).isNull();
    assertThat(row(rows, "excluded_lead_initiated_first", "control").value()).isEqualTo(10);
  }

  @Test
  void aSampleRatioMismatchIsFlaggedLoudlyInTheRowsAndTheReport() throws Exception {
    List<ResultRow> rows = ExperimentReadout.of(HALF, List.of(
        arm("all", "control", 1600, 1600, 500, 800, 1600, 200, 1600, 500),
        arm("all", "treatment", 1900, 1900, 900, 1000, 1900, 260, 1900, 600)), 0.95, 14, 90, "2021-05-31");
    ResultRow srm = row(rows, "srm_p_value", ResultRow.COMPARISON);
    assertThat(srm.value()).isLessThan(1e-6);
    assertThat(srm.note()).startsWith("WARNING: sample ratio mismatch").contains("1900 treatment vs 1600 control");
    Path dir = SparkTestSession.tempDir("readout-report");
    String index = ExperimentReport.write(rows, new ExperimentReport.Context(HALF, "2021-06-01", "2021-05-31",
        List.of("m1"), 14, 90, 0.95, null), dir.toString(), new Configuration());
    String html = Files.readString(Path.of(index.replace("file:", "")));
    assertThat(html).contains("class=\"alarm\"", "WARNING: sample ratio mismatch", "No decision points to explain");
    assertThat(Files.size(dir.resolve("delivery.png"))).isGreaterThan(5_000);
  }
}
