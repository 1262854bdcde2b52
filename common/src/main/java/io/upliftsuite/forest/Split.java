package io.upliftsuite.forest;

import java.io.Serializable;

/**
 * A node's test. Continuous feature: rows with value &lt;= threshold go left (bin &lt;= thresholdBin during training).
 * Categorical feature: rows whose category is in {@code leftCategories} go left; unseen categories go right.
 */
record Split(int feature, double threshold, int thresholdBin, boolean[] leftCategories) implements Serializable {

  static Split continuous(int feature, double threshold, int bin) {
    return new Split(feature, threshold, bin, null);
  }

  static Split categorical(int feature, boolean[] leftCategories) {
    return new Split(feature, Double.NaN, -1, leftCategories);
  }

  boolean isCategorical() {
    return leftCategories != null;
  }

  boolean goesLeftBin(int bin) {
    return isCategorical() ? leftCategories[bin] : bin <= thresholdBin;
  }

  boolean goesLeft(double value) {
    if (isCategorical()) {
      int c = (int) value;
      return c >= 0 && c < leftCategories.length && c == value && leftCategories[c];
    }
    return value <= threshold;
  }

  String describe(String featureName) {
    if (!isCategorical()) {
      return featureName + " <= " + threshold;
    }
    StringBuilder sb = new StringBuilder(featureName).append(" in {");
    String sep = "";
    for (int c = 0; c < leftCategories.length; c++) {
      if (leftCategories[c]) {
        sb.append(sep).append(c);
        sep = ",";
      }
    }
    return sb.append('}').toString();
  }
}
