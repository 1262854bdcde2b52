package io.upliftsuite.learners.benchmark;

/**
 * Precision, recall and F1 of a binary classifier per class and their support-weighted mean (scikit-learn's
 * {@code classification_report}: "weighted avg"), from the confusion counts. A class with no predictions or no rows
 * has precision or recall 0 (scikit-learn's zero_division = 0).
 */
public record ClassifierScores(double precision0, double recall0, double f1Class0, double support0,
    double precision1, double recall1, double f1Class1, double support1) {

  /** From counts of (actual, predicted) pairs: a = actual, p = predicted. */
  public static ClassifierScores of(double actual0Predicted0, double actual0Predicted1, double actual1Predicted0,
      double actual1Predicted1) {
    double support0 = actual0Predicted0 + actual0Predicted1;
    double support1 = actual1Predicted0 + actual1Predicted1;
    double p0 = ratio(actual0Predicted0, actual0Predicted0 + actual1Predicted0);
    double r0 = ratio(actual0Predicted0, support0);
    double p1 = ratio(actual1Predicted1, actual1Predicted1 + actual0Predicted1);
    double r1 = ratio(actual1Predicted1, support1);
    return new ClassifierScores(p0, r0, f1(p0, r0), support0, p1, r1, f1(p1, r1), support1);
  }

  public double weightedF1() {
    double n = support0 + support1;
    return n == 0 ? 0 : (f1Class0 * support0 + f1Class1 * support1) / n;
  }

  private static double ratio(double a, double b) {
    return b == 0 ? 0 : a / b;
  }

  private static double f1(double p, double r) {
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }
}
