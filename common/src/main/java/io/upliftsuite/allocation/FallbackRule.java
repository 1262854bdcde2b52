package io.upliftsuite.allocation;

/**
 * An allocation pulled part of the way back to a fallback arm: a customer keeps the arm the Lagrangian rule gives
 * when its advantage over the fallback arm (reduced value of that arm minus the fallback's, at the rule's
 * multipliers) is at least {@code cut}, and gets the fallback arm otherwise. A cut of +infinity is everyone on the
 * fallback, -infinity the allocation itself; in between, the customers the allocation moves with the most to gain
 * per unit of constraint use move first, which is the allocation's own order at the margin.
 */
final class FallbackRule implements ArmRule {
  private final MultiplierRule rule;
  private final int fallback;
  private final double cut;

  FallbackRule(MultiplierRule rule, int fallback, double cut) {
    this.rule = rule;
    this.fallback = fallback;
    this.cut = cut;
  }

  /** Reduced value of {@code arm} minus that of the fallback arm for row i (0 for the fallback itself). */
  static double advantage(MultiplierRule rule, ScoreBlock b, int i, int arm, int fallback) {
    return arm == fallback ? 0.0 : rule.reduced(b, i, arm) - rule.reduced(b, i, fallback);
  }

  @Override
  public int arm(ScoreBlock b, int i) {
    int arm = rule.arm(b, i);
    if (arm == fallback) {
      return arm;
    }
    return advantage(rule, b, i, arm, fallback) >= cut ? arm : fallback;
  }
}
