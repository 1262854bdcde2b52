package io.upliftsuite.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.upliftsuite.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-made decile tables: 100 treated and 100 control rows per decile, so N_T / N_C = 1 and Q_d sums y_T - y_C. */
class SleepingDogDiagnosticTest {
  /** Deciles with these treated and control responders (100 rows of each arm per decile). */
  private static List<DecileRow> deciles(int[] treated, int[] control) {
    List<DecileRow> out = new ArrayList<>();
    for (int b = 0; b < treated.length; b++) {
      out.add(new DecileRow(b + 1, 100, 100, treated[b], control[b]));
    }
    return out;
  }

  @Test
  void aRankingThatOnlyAddsHasNoSleepingDogs() {
    // increments 20, 15, 10, 8, 5, 3, 2, 1, 0, 0: Q rises to 64 and stays; no fall
    SleepingDogDiagnostic.Result r = SleepingDogDiagnostic.of(deciles(
        new int[] {40, 35, 30, 28, 25, 23, 22, 21, 20, 20}, new int[] {20, 20, 20, 20, 20, 20, 20, 20, 20, 20}), 0.1);
    assertThat(r.sleepingDogs()).isFalse();
    assertThat(r.twoStepApplies()).isTrue();
    assertThat(r.qiniAtN()).isEqualTo(64.0);
    assertThat(r.peakQini()).isEqualTo(64.0);
    assertThat(r.averageEffect()).isCloseTo(64.0 / 1000, within(1e-12));
    assertThat(r.sleepingDogDeciles()).isEmpty();
    assertThat(r.verdict()).contains("the two-step method applies");
  }

  @Test
  void negativeDecilesAtTheEndAreSleepingDogs() {
    // increments 20, 15, 10, 8, 5, 3, 0, -4, -8, -12: peak Q_6 = 61, Q(N) = 37, fall 24 = 64.9% of 37 > 10%
    SleepingDogDiagnostic.Result r = SleepingDogDiagnostic.of(deciles(
        new int[] {40, 35, 30, 28, 25, 23, 20, 16, 12, 8}, new int[] {20, 20, 20, 20, 20, 20, 20, 20, 20, 20}), 0.1);
    assertThat(r.sleepingDogs()).isTrue();
    assertThat(r.twoStepApplies()).isFalse();
    assertThat(r.peakDecile()).isEqualTo(6);
    assertThat(r.peakQini()).isEqualTo(61.0);
    assertThat(r.qiniAtN()).isEqualTo(37.0);
    assertThat(r.fallShare()).isCloseTo(24.0 / 37.0, within(1e-12));
    assertThat(r.sleepingDogDeciles()).containsExactly(8, 9, 10);
    assertThat(r.decileUplift().get(9)).isCloseTo(-0.12, within(1e-12));
    assertThat(r.verdict()).contains("does not apply").contains("[8, 9, 10]");
  }

  @Test
  void aFallWithinTheMarginIsNoise() {
    // increments 20, 15, 10, 8, 5, 3, 2, 1, 0, -6: peak 64, Q(N) 58, fall 6 = 10.3% of 58: above 10%, below 11%
    int[] treated = {40, 35, 30, 28, 25, 23, 22, 21, 20, 14};
    int[] control = {20, 20, 20, 20, 20, 20, 20, 20, 20, 20};
    assertThat(SleepingDogDiagnostic.of(deciles(treated, control), 0.10).sleepingDogs()).isTrue();
    assertThat(SleepingDogDiagnostic.of(deciles(treated, control), 0.11).sleepingDogs()).isFalse();
  }

  @Test
  void unequalArmsUseTheOverallRatio() {
    // two bins; treated 100 + 100, control 50 + 150 => N_T/N_C = 1: bin 1: 30 - 10 = 20; bin 2: 10 - 40 = -30
    List<DecileRow> d = List.of(new DecileRow(1, 100, 50, 30, 10), new DecileRow(2, 100, 150, 10, 40));
    SleepingDogDiagnostic.Result r = SleepingDogDiagnostic.of(d, 0.1);
    assertThat(r.qiniAtN()).isEqualTo(-10.0);
    assertThat(r.peakQini()).isEqualTo(20.0);
    assertThat(r.sleepingDogs()).isTrue();
    assertThat(r.sleepingDogDeciles()).containsExactly(2);
  }

  /**
   * The evaluate job reports the verdict: {@link SyntheticPredictions}' contact hurts where x1 < 0 (sleeping dogs) and
   * its CATE is the truth plus a little noise, so the ranking ends with the hurt rows.
   */
  @Test
  void evaluateReportsTheVerdict() {
    var rows = SyntheticPredictions.generate(SparkTestSession.get(), 3000, 5, 0.03, 1);
    ModelEvaluation m = PredictionsEvaluation.of(rows, "synthetic-5")
        .options(EvaluationOptions.defaults().withReplicates(20).withSeed(3)).execute();
    assertThat(m.metric("two_step_applies").orElseThrow().value()).isEqualTo(0.0);
    assertThat(m.metric("sleeping_dog_deciles").orElseThrow().value()).isGreaterThanOrEqualTo(1.0);
  }
}
