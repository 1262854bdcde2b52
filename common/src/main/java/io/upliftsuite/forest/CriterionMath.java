package io.upliftsuite.forest;

/**
 * The split criteria as formulas over per-arm node statistics. Arm 0 is control. For binary outcomes a node's
 * statistics per arm are n (weighted rows) and m (weighted positives); for continuous outcomes m is the weighted sum
 * of y and s the weighted sum of y^2.
 *
 * <p>The un-normalised divergences, estimates and gains follow CausalML's {@code uplift.pyx} (v0.17.0) in double
 * precision, including its quirks so the numbers agree: {@code kl(p, q) = 0} when q is exactly 0, Chi floors the
 * control rate at 1e-6, CTS and DDP ignore normalisation. Normalisation follows Rzepakowski &amp; Jaroszewicz (2012)
 * instead of CausalML (full two-point entropies, no +0.1 smoothing, Gini for ED/Chi); see docs/forest.md.
 */
final class CriterionMath {
  /** CausalML's {@code pow(0.1, 6)} floor (1.0000000000000004e-06, not the literal 1e-6). */
  static final double EPS = Math.pow(0.1, 6);
  /** Weight of the pooled treatment-vs-control term in the multi-treatment normaliser (R&amp;J 2012; CausalML 0.9). */
  static final double ALPHA = 0.9;

  private CriterionMath() {}

  /** KL divergence of Bernoulli(p) from Bernoulli(q), as CausalML's kl_divergence (in double precision). */
  static double kl(double p, double q) {
    if (q == 0) {
      return 0; // CausalML returns 0 here although the divergence is unbounded; kept to agree with it
    }
    q = Math.min(Math.max(q, EPS), 1 - EPS);
    if (p == 0) {
      return -Math.log(1 - q);
    } else if (p == 1) {
      return -Math.log(q);
    }
    return p * Math.log(p / q) + (1 - p) * Math.log((1 - p) / (1 - q));
  }

  /**
   * Per-arm outcome estimates of a node. Without a parent estimate: the raw rate m/n (0 for an empty arm). With one:
   * {@code (m + nReg * parent) / (n + nReg)} for arms with more than {@code minTreatment} rows, else the parent's value.
   */
  static double[] estimates(double[] n, double[] m, double[] parent, double nReg, double minTreatment) {
    double[] p = new double[n.length];
    for (int i = 0; i < n.length; i++) {
      if (parent == null) {
        p[i] = n[i] > 0 ? m[i] / n[i] : 0.0;
      } else if (n[i] > minTreatment) {
        p[i] = (m[i] + nReg * parent[i]) / (n[i] + nReg);
      } else {
        p[i] = parent[i];
      }
    }
    return p;
  }

  /** Node score: the divergence for KL/ED/Chi, -max p for CTS, p_t - p_c for DDP. */
  static double score(SplitCriterion c, double[] p) {
    double d = 0;
    switch (c) {
      case KL -> {
        for (int i = 1; i < p.length; i++) {
          d += kl(p[i], p[0]);
        }
      }
      case ED -> {
        for (int i = 1; i < p.length; i++) {
          d += 2 * (p[i] - p[0]) * (p[i] - p[0]);
        }
      }
      case CHI -> {
        for (int i = 1; i < p.length; i++) {
          double sq = (p[i] - p[0]) * (p[i] - p[0]);
          d += sq / Math.max(EPS, p[0]) + sq / Math.max(EPS, 1 - p[0]);
        }
      }
      case DDP -> {
        for (int i = 1; i < p.length; i++) {
          d += p[i] - p[0];
        }
      }
      case CTS -> {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : p) {
          max = Math.max(max, v);
        }
        d = -max;
      }
      case CAUSAL_MSE -> throw new IllegalArgumentException("CausalMSE needs variances; use causalMseScore");
    }
    return d;
  }

  static double sum(double[] a) {
    double s = 0;
    for (double v : a) {
      s += v;
    }
    return s;
  }

  /**
   * Gain of splitting a node (own estimate {@code parentP}) into left and right children, un-normalised:
   * KL/ED/Chi {@code w D(L) + (1-w) D(R) - D(P)}, CTS {@code S(P) - w S(L) - (1-w) S(R)}, DDP
   * {@code |D(L) - D(R)|}; w = n_L / n over all arms.
   */
  static double rawGain(SplitCriterion c, double[] parentP, double[] nL, double[] mL, double[] nR, double[] mR,
      double nReg, double minTreatment) {
    double[] pL = estimates(nL, mL, parentP, nReg, minTreatment);
    double[] pR = estimates(nR, mR, parentP, nReg, minTreatment);
    double left = sum(nL);
    double w = left / (left + sum(nR));
    return switch (c) {
      case KL, ED, CHI -> w * score(c, pL) + (1 - w) * score(c, pR) - score(c, parentP);
      case CTS -> score(c, parentP) - w * score(c, pL) - (1 - w) * score(c, pR);
      case DDP -> Math.abs(score(c, pL) - score(c, pR));
      case CAUSAL_MSE -> throw new IllegalArgumentException("CausalMSE uses causalMseGain");
    };
  }

  /** The split gain with normalisation applied when asked and the criterion is a divergence. */
  static double gain(SplitCriterion c, double[] parentP, double[] nL, double[] mL, double[] nR, double[] mR,
      double nReg, double minTreatment, boolean normalize) {
    double g = rawGain(c, parentP, nL, mL, nR, mR, nReg, minTreatment);
    if (normalize && c.isDivergence()) {
      double[] n = new double[nL.length];
      for (int i = 0; i < n.length; i++) {
        n[i] = nL[i] + nR[i];
      }
      g /= normalizer(c, n, nL);
    }
    return g;
  }

  /**
   * Rzepakowski &amp; Jaroszewicz's normaliser of a split from the row counts of the node ({@code n}) and its left child
   * ({@code nL}): for KL, {@code I = a H(N_T/N, N_C/N) KL(P_T(A):P_C(A)) + (1-a) sum_i H(N_i/(N_i+N_C), N_C/(N_i+N_C))
   * KL(P_i(A):P_C(A)) + sum_i N_i/N H(P_i(A)) + N_C/N H(P_C(A)) + 1/2}, where P_x(A) is the (left, right) split
   * distribution of group x, H the two-point entropy and a = 0.9. For ED and Chi the same shape with the Gini index
   * in place of H and the criterion's own divergence in place of KL (their J(A)). Natural logarithms.
   */
  static double normalizer(SplitCriterion c, double[] n, double[] nL) {
    double nC = n[0];
    double nCL = nL[0];
    double nT = 0;
    double nTL = 0;
    for (int i = 1; i < n.length; i++) {
      nT += n[i];
      nTL += nL[i];
    }
    double total = nT + nC;
    double pC = fraction(nCL, nC);
    double value = ALPHA * impurity(c, nT / total) * splitDivergence(c, fraction(nTL, nT), pC);
    for (int i = 1; i < n.length; i++) {
      double pI = fraction(nL[i], n[i]);
      value += (1 - ALPHA) * impurity(c, n[i] / (n[i] + nC)) * splitDivergence(c, pI, pC);
      value += n[i] / total * impurity(c, pI);
    }
    value += nC / total * impurity(c, pC);
    return value + 0.5;
  }

  private static double fraction(double part, double whole) {
    return whole > 0 ? part / whole : 0.0;
  }

  /** Two-point entropy (KL) or Gini index (ED, Chi) of the distribution (a, 1-a). */
  static double impurity(SplitCriterion c, double a) {
    if (c == SplitCriterion.KL) {
      return xlogx(a) + xlogx(1 - a);
    }
    return 1 - a * a - (1 - a) * (1 - a);
  }

  private static double xlogx(double a) {
    return a > 0 ? -a * Math.log(a) : 0.0;
  }

  /** The criterion's divergence between two (left, right) split distributions (a, 1-a) and (b, 1-b). */
  static double splitDivergence(SplitCriterion c, double a, double b) {
    return switch (c) {
      case KL -> klTwoPoint(a, b) ;
      case ED -> 2 * (a - b) * (a - b);
      default -> {
        double sq = (a - b) * (a - b);
        yield sq / Math.max(EPS, b) + sq / Math.max(EPS, 1 - b);
      }
    };
  }

  /** KL of (a, 1-a) from (b, 1-b) with the control side floored at 1e-6 so an empty branch stays finite. */
  private static double klTwoPoint(double a, double b) {
    double q = Math.min(Math.max(b, EPS), 1 - EPS);
    double d = 0;
    if (a > 0) {
      d += a * Math.log(a / q);
    }
    if (a < 1) {
      d += (1 - a) * Math.log((1 - a) / (1 - q));
    }
    return d;
  }

  /**
   * Causal-MSE node score (Athey &amp; Imbens 2016, honest variant): per treatment arm, the squared effect estimate
   * minus its sampling variance, {@code (mu_i - mu_0)^2 - (s_i^2/n_i + s_0^2/n_0)}, summed over treatment arms. The
   * variance term makes E[score] the true squared effect, so splits that only chase noise are not rewarded.
   */
  static double causalMseScore(double[] mu, double[] n, double[] m, double[] s) {
    double var0 = meanVariance(n[0], m[0], s[0]);
    double score = 0;
    for (int i = 1; i < mu.length; i++) {
      double tau = mu[i] - mu[0];
      score += tau * tau - (meanVariance(n[i], m[i], s[i]) + var0);
    }
    return score;
  }

  /** Variance of a sample mean: s^2 / n with the sample variance from sums (0 below two rows). */
  private static double meanVariance(double n, double m, double s) {
    if (n < 2) {
      return 0;
    }
    double mean = m / n;
    double var = Math.max(0, (s - n * mean * mean) / (n - 1));
    return var / n;
  }

  /** Causal-MSE gain {@code w score(L) + (1-w) score(R) - score(P)}. */
  static double causalMseGain(double[] parentMu, double[] n, double[] m, double[] s, double[] nL, double[] mL,
      double[] sL, double[] nR, double[] mR, double[] sR, double nReg, double minTreatment) {
    double[] muL = estimates(nL, mL, parentMu, nReg, minTreatment);
    double[] muR = estimates(nR, mR, parentMu, nReg, minTreatment);
    double left = sum(nL);
    double w = left / (left + sum(nR));
    return w * causalMseScore(muL, nL, mL, sL) + (1 - w) * causalMseScore(muR, nR, mR, sR)
        - causalMseScore(parentMu, n, m, s);
  }
}
