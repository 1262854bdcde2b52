package io.upliftsuite.learners.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ClassifierScoresTest {
  /**
   * Confusion: actual 0 -> predicted 0: 50, predicted 1: 10; actual 1 -> 0: 5, 1: 35. Class 0: precision 50/55,
   * recall 50/60, F1 = 2 * 50 / (55 + 60) = 100/115; class 1: precision 35/45, recall 35/40, F1 = 70/85; weighted F1 =
   * (60 * 100/115 + 40 * 70/85) / 100 (scikit-learn's "weighted avg").
   */
  @Test
  void perClassAndWeightedF1() {
    ClassifierScores s = ClassifierScores.of(50, 10, 5, 35);
    assertThat(s.precision0()).isCloseTo(50.0 / 55, within(1e-12));
    assertThat(s.recall0()).isCloseTo(50.0 / 60, within(1e-12));
    assertThat(s.f1Class0()).isCloseTo(100.0 / 115, within(1e-12));
    assertThat(s.precision1()).isCloseTo(35.0 / 45, within(1e-12));
    assertThat(s.recall1()).isCloseTo(35.0 / 40, within(1e-12));
    assertThat(s.f1Class1()).isCloseTo(70.0 / 85, within(1e-12));
    assertThat(s.weightedF1()).isCloseTo((60 * 100.0 / 115 + 40 * 70.0 / 85) / 100, within(1e-12));
  }

  @Test
  void aClassNeverPredictedScoresZero() {
    ClassifierScores s = ClassifierScores.of(60, 0, 40, 0);
    assertThat(s.precision1()).isZero();
    assertThat(s.f1Class1()).isZero();
    assertThat(s.f1Class0()).isCloseTo(2 * 0.6 / 1.6, within(1e-12));
  }
}
