package io.upliftsuite.learners.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PairedUqcTest {
  private static FoldResult fold(String learner, String split, int fold, double uqc) {
    return new FoldResult(learner, split, fold, 100, uqc, 0, 0, 0, List.of(), new double[0], null, 1.0, false);
  }

  private static LearnerBenchmark.Result result(List<FoldResult> folds) {
    return new LearnerBenchmark.Result("hand", List.of("x", "two-step"), 3, 300, 0, folds, Map.of(), "x", null,
        Double.NaN, new double[0], 1.0);
  }

  @Test
  void differencesAreTakenFoldByFoldAndTheTestSplitIsLeftOut() {
    List<FoldResult> folds = new ArrayList<>(List.of(fold("x", "cv", 0, 1.0), fold("x", "cv", 1, 1.2),
        fold("x", "cv", 2, 1.1), fold("x", "test", -1, 9.0), fold("two-step", "cv", 0, 1.1),
        fold("two-step", "cv", 1, 1.15), fold("two-step", "cv", 2, 1.3), fold("two-step", "test", -1, 0.0)));
    PairedUqc p = PairedUqc.of(result(folds), "two-step", "x");
    // differences +0.10, -0.05, +0.20: mean 0.25 / 3; sample sd sqrt(((1/60)^2 + (8/60)^2 + (7/60)^2) / 2)
    assertThat(p.differences()).containsExactly(new double[] {0.1, -0.05, 0.2}, within(1e-12));
    assertThat(p.mean()).isCloseTo(0.25 / 3, within(1e-12));
    assertThat(p.sd()).isCloseTo(Math.sqrt((1.0 + 64.0 + 49.0) / 3600.0 / 2.0), within(1e-12));
    assertThat(p.higher()).isEqualTo(2);
    assertThat(p.folds()).isEqualTo(3);
    // a tie is not "higher"
    assertThat(PairedUqc.of(result(folds), "x", "x").higher()).isZero();
  }

  @Test
  void aLearnerWithoutFoldsIsNamed() {
    List<FoldResult> folds = List.of(fold("x", "cv", 0, 1.0), fold("x", "cv", 1, 1.2));
    assertThatThrownBy(() -> PairedUqc.of(result(folds), "two-step", "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two-step").hasMessageContaining("hand");
  }
}
