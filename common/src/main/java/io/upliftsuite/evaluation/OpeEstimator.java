package io.upliftsuite.evaluation;

/**
 * Off-policy value estimators (values are mean outcome per row under the policy). Not a Spark ML {@code Estimator}:
 * the name says which kind of estimator it is.
 */
public enum OpeEstimator {
  /** Inverse propensity scoring: (1/n) Σ w_i y_i with w_i = π(a_i|x_i)/p(a_i|x_i). */
  IPS,
  /** Self-normalised IPS (Swaminathan & Joachims 2015): Σ w_i y_i / Σ w_i. */
  SNIPS,
  /** Doubly robust: (1/n) Σ [Σ_a π(a|x_i) μ_a(x_i) + w_i (y_i − μ_{a_i}(x_i))]. */
  DR;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
