package io.upliftsuite.forest;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.linalg.Vector;

/**
 * How each feature's values map to bins, decided once before training. A continuous feature has sorted split
 * thresholds t_0 &lt; ... &lt; t_{k-1} and k+1 bins: a value v falls in the first bin b with v &lt;= t_b (the last bin
 * when v &gt; t_{k-1}). A categorical feature with c categories (values 0..c-1) has one bin per category.
 */
final class FeatureBinning implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Per feature: thresholds for continuous features, null for categorical ones. */
  private final double[][] thresholds;
  /** Per feature: number of categories, 0 for continuous features. */
  private final int[] categories;

  FeatureBinning(double[][] thresholds, int[] categories) {
    this.thresholds = thresholds;
    this.categories = categories;
  }

  /**
   * Bins from a sample of feature vectors: a continuous feature with at most maxBins distinct values gets a threshold
   * midway between each pair of neighbouring values (so bins cover every value and any split of the values is a bin
   * split); otherwise maxBins-1 thresholds at equally spaced quantiles, duplicates dropped.
   */
  static FeatureBinning fromSample(List<Vector> sample, int numFeatures, Map<Integer, Integer> categorical,
      int maxBins) {
    double[][] thresholds = new double[numFeatures][];
    int[] categories = new int[numFeatures];
    double[] column = new double[sample.size()];
    for (int f = 0; f < numFeatures; f++) {
      Integer c = categorical.get(f);
      if (c != null) {
        if (c > maxBins) {
          throw new IllegalArgumentException("maxBins = " + maxBins + " is smaller than the " + c
              + " categories of categorical feature " + f + "; raise maxBins to at least " + c);
        }
        categories[f] = c;
        continue;
      }
      for (int i = 0; i < column.length; i++) {
        column[i] = sample.get(i).apply(f);
      }
      thresholds[f] = quantileThresholds(column, maxBins);
    }
    return new FeatureBinning(thresholds, categories);
  }

  static double[] quantileThresholds(double[] values, int maxBins) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double[] distinct = Arrays.stream(sorted).distinct().toArray();
    if (distinct.length <= 1) {
      return new double[0];
    }
    if (distinct.length <= maxBins) {
      double[] t = new double[distinct.length - 1];
      for (int i = 0; i < t.length; i++) {
        t[i] = distinct[i] + (distinct[i + 1] - distinct[i]) / 2;
      }
      return t;
    }
    double[] t = new double[maxBins - 1];
    int k = 0;
    for (int q = 1; q < maxBins; q++) {
      double v = sorted[(int) Math.min(sorted.length - 1, Math.floor((double) q * sorted.length / maxBins))];
      // a threshold at the largest value would leave the last bin empty
      if (v < distinct[distinct.length - 1] && (k == 0 || v > t[k - 1])) {
        t[k++] = v;
      }
    }
    return Arrays.copyOf(t, k);
  }

  int numFeatures() {
    return categories.length;
  }

  boolean isCategorical(int f) {
    return categories[f] > 0;
  }

  int numBins(int f) {
    return isCategorical(f) ? categories[f] : thresholds[f].length + 1;
  }

  int numCategories(int f) {
    return categories[f];
  }

  /** The threshold of the split "bin &lt;= b goes left" of a continuous feature. */
  double threshold(int f, int b) {
    return thresholds[f][b];
  }

  int bin(int f, double value) {
    if (isCategorical(f)) {
      int c = (int) value;
      if (c != value || c < 0 || c >= categories[f]) {
        throw new IllegalArgumentException("categorical feature " + f + " has value " + value + " outside 0.."
            + (categories[f] - 1));
      }
      return c;
    }
    int i = Arrays.binarySearch(thresholds[f], value);
    return i >= 0 ? i : -i - 1;
  }

  int[] bins(Vector features) {
    int[] b = new int[categories.length];
    for (int f = 0; f < b.length; f++) {
      b[f] = bin(f, features.apply(f));
    }
    return b;
  }
}
