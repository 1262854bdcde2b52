package io.upliftsuite.experiment;

/**
 * One number of an experiment's readout ({@code experiment_results}).
 *
 * @param segment {@code all}, or the recommendation at entry ({@code contact} / {@code no_contact}), or
 *     {@code policy} for the surrogate tree's fidelity
 * @param arm {@code treatment}, {@code control}, or {@value #COMPARISON} for a number about both
 * @param n the units behind the number (items, or held-out rows for the surrogate)
 * @param note what a reader must know: incomplete windows, a sample-ratio warning, an undefined value
 */
public record ResultRow(String segment, String metric, String arm, double value, double low, double high, long n,
    String note) {
  public static final String COMPARISON = "treatment_vs_control";

  static ResultRow of(String segment, String metric, String arm, double value, long n) {
    return new ResultRow(segment, metric, arm, value, Double.NaN, Double.NaN, n, null);
  }
}
