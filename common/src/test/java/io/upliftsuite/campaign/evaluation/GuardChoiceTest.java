package io.upliftsuite.campaign.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.upliftsuite.allocation.ConstraintSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The guard's arithmetic on hand-computed cases: the grid, the lower bound, the slacks and the choice. */
class GuardChoiceTest {

  private static GuardChoice.Step step(double share, boolean onScores, double... lowerBounds) {
    return new GuardChoice.Step(share, 0, onScores, lowerBounds.clone(), lowerBounds);
  }

  @Test
  void theGridIsFineNearTheFallback() {
    assertThat(GuardChoice.shares(4)).containsExactly(0.0, 0.0625, 0.25, 0.5625, 1.0);
  }

  @Test
  void theChoiceIsTheLastStepOfTheUnbrokenRunFromTheFallback() {
    // Step 3 holds again, but after step 2 broke: not trusted.
    assertThat(GuardChoice.choose(List.of(step(0, true, 0.01), step(0.1, true, 0.0), step(0.3, true, -0.001),
        step(0.6, true, 0.02)))).isEqualTo(1);
    // A step must meet the constraints on the scores too, and every constraint's bound must hold.
    assertThat(GuardChoice.choose(List.of(step(0, true, 0.01, 0.2), step(0.1, false, 0.01, 0.2)))).isZero();
    assertThat(GuardChoice.choose(List.of(step(0, true, 0.01, 0.2), step(0.1, true, 0.01, -0.2)))).isZero();
    assertThat(GuardChoice.choose(List.of(step(0, true, 0.01), step(1, true, 0.5)))).isEqualTo(1);
    // The fallback itself does not hold: nothing can be written.
    assertThat(GuardChoice.choose(List.of(step(0, true, -0.01), step(0.1, true, 0.5)))).isEqualTo(-1);
    // An undefined bound (too few finite replicates) never holds.
    assertThat(GuardChoice.choose(List.of(step(0, true, Double.NaN)))).isEqualTo(-1);
  }

  @Test
  void theLowerBoundIsTheOneSidedPercentileOfTheReplicates() {
    double[] values = new double[101];
    values[0] = 50; // the point estimate is not a replicate
    for (int b = 1; b <= 100; b++) {
      values[b] = b;
    }
    // R-7 at p = 0.05 over 1..100: h = 99 * 0.05 + 1 = 5.95, between the 5th and 6th values.
    assertThat(GuardChoice.lowerBound(values, 0.95)).isCloseTo(5.95, within(1e-12));
    assertThat(GuardChoice.lowerBound(values, 0.5)).isCloseTo(50.5, within(1e-12));
    double[] constant = new double[51];
    java.util.Arrays.fill(constant, 0.0101);
    assertThat(GuardChoice.lowerBound(constant, 0.95)).isEqualTo(0.0101);
    assertThat(GuardChoice.lowerBound(new double[] {1, 2, 3}, 0.95)).isNaN();
  }

  @Test
  void slacksAreRelativeToTheLimitWithTheSignOfTheBound() {
    // Sales at least 99% of the reference: use 98, reference 100 -> (98 - 99) / 99.
    ConstraintSpec floor = new ConstraintSpec("floor", "sales", List.of(), ConstraintSpec.Bound.MIN_RATIO, 0.99,
        "reward_20");
    assertThat(AllocationGuard.slack(floor, new double[] {98}, new double[] {100}, 10)[0])
        .isCloseTo(-1.0 / 99, within(1e-12));
    // Budget at most 500 in total over 1,000 customers: 0.5 per customer; use 0.4 -> (0.5 - 0.4) / 0.5.
    ConstraintSpec budget = new ConstraintSpec("budget", "reward_cost", List.of(), ConstraintSpec.Bound.MAX, 500,
        null);
    assertThat(AllocationGuard.slack(budget, new double[] {0.4}, null, 1000)[0]).isCloseTo(0.2, within(1e-12));
    // At most 10% of customers on an arm: a mean count of 0.12 breaks it by 20%.
    ConstraintSpec share = new ConstraintSpec("big", "count", List.of("reward_20"), ConstraintSpec.Bound.MAX_SHARE,
        0.1, null);
    assertThat(AllocationGuard.slack(share, new double[] {0.12}, null, 1000)[0]).isCloseTo(-0.2, within(1e-12));
  }
}
