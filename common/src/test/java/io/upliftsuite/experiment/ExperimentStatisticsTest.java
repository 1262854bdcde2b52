package io.upliftsuite.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * The readout statistics against hand-computed cases and a published readout. Reference values were computed by hand
 * from the formulas in {@link ExperimentStatistics} and cross-checked with SciPy 1.10.1 ({@code stats.chisquare},
 * {@code ttest_ind(equal_var=False, alternative='greater')}, {@code fisher_exact(alternative='greater')}).
 */
class ExperimentStatisticsTest {

  @Test
  void srmOfThePublishedReadout() {
    // 1,781 control / 1,722 treatment items, designed 50/50: chi2 = 2 * 29.5^2 / 1751.5 = 0.99372, p = 0.3188
    // (the published readout says p = 0.32)
    assertThat(ExperimentStatistics.srmPValue(1722, 1781, 0.5)).isCloseTo(0.318835, within(1e-5));
    // a real mismatch: 1,900 vs 1,600 -> chi2 = 25.71, p = 4e-7
    assertThat(ExperimentStatistics.srmPValue(1900, 1600, 0.5)).isLessThan(1e-6);
    // the designed share matters: 700 / 300 is exactly a 70/30 design
    assertThat(ExperimentStatistics.srmPValue(700, 300, 0.7)).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void wilsonIntervalsOfNewcombesExamples() {
    // Newcombe (1998), Statistics in Medicine 17:857, Table I, method 3 (score interval without continuity correction)
    assertRate(ExperimentStatistics.wilson(81, 263, 0.95), 0.2553, 0.3662);
    assertRate(ExperimentStatistics.wilson(15, 148, 0.95), 0.0624, 0.1605);
    assertRate(ExperimentStatistics.wilson(0, 20, 0.95), 0.0, 0.1611);
    assertRate(ExperimentStatistics.wilson(1, 29, 0.95), 0.0061, 0.1718);
    assertThat(ExperimentStatistics.wilson(0, 0, 0.95).rate()).isNaN();
  }

  @Test
  void publishedReadoutDifferenceLiftAndOneSidedTests() {
    // 8.61% of 1,781 control and 10.52% of 1,722 treatment items delivered within 14 days: 153 and 181 items.
    ExperimentStatistics.Comparison c = ExperimentStatistics.compare(181, 1722, 153, 1781, 0.95);
    assertThat(c.difference()).isCloseTo(181 / 1722.0 - 153 / 1781.0, within(1e-12));
    // relative lift +22% (published: +22%)
    assertThat(c.relativeLift()).isCloseTo(0.2235, within(1e-4));
    // Welch t = 0.019203 / 0.0099384 = 1.9323, one-sided p = 0.0267 (published: 0.026)
    assertThat(c.welchT()).isCloseTo(1.932258, within(1e-5));
    assertThat(c.welchPOneSided()).isCloseTo(0.026705, within(1e-5));
    assertThat(c.exactPOneSided()).isCloseTo(0.030226, within(1e-5));
    // two-sided 95% intervals just include 0 (consistent with a one-sided p just above 0.025):
    // 0.019203 - t(3448, 0.975) * 0.0099384 = -0.000282; lift exp(ln 1.2235 - 1.96 * 0.10449) - 1 = -0.0030
    assertThat(c.differenceLow()).isCloseTo(-0.000282, within(1e-6));
    assertThat(c.liftLow()).isCloseTo(-0.003048, within(1e-5));
  }

  @Test
  void smallTableByHand() {
    // 7/10 vs 3/10: s^2 = 0.21 * 10/9, SE = sqrt(2 * 0.023333) = 0.216025, df = 18 exactly (equal arms),
    // t(18, 0.975) = 2.100922 -> 0.4 +- 0.453851; t = 1.851640, one-sided p = 0.040277.
    ExperimentStatistics.Comparison c = ExperimentStatistics.compare(7, 10, 3, 10, 0.95);
    assertThat(c.welchDf()).isCloseTo(18.0, within(1e-9));
    assertThat(c.differenceLow()).isCloseTo(0.4 - 0.453851, within(1e-5));
    assertThat(c.differenceHigh()).isCloseTo(0.4 + 0.453851, within(1e-5));
    assertThat(c.welchPOneSided()).isCloseTo(0.040277, within(1e-5));
    // Fisher: sum over k = 7..10 of C(10,k) C(10,10-k) / C(20,10) = (14400 + 2025 + 100 + 1) / 184756 = 0.089448
    assertThat(c.exactPOneSided()).isCloseTo(16526.0 / 184756.0, within(1e-12));
    // 3/4 vs 0/4: P(X = 3) = C(3,3) C(5,1) / C(8,4) = 5/70
    assertThat(ExperimentStatistics.fisherOneSided(3, 4, 0, 4)).isCloseTo(5.0 / 70.0, within(1e-12));
    // lift undefined with no control success
    assertThat(ExperimentStatistics.compare(3, 4, 0, 4, 0.95).relativeLift()).isNaN();
  }

  private static void assertRate(ExperimentStatistics.Rate r, double low, double high) {
    assertThat(r.low()).isCloseTo(low, within(5e-5));
    assertThat(r.high()).isCloseTo(high, within(5e-5));
  }
}
