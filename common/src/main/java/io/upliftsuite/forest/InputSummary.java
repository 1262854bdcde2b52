package io.upliftsuite.forest;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * What the one validation pass over a fit's rows learns, per partition and merged: row counts (for each partition,
 * so every row gets its global position without another job), the counts of rows breaking each input rule, the
 * distinct treatment labels and the sizes of the feature vectors.
 */
final class InputSummary implements Serializable {
  private static final long serialVersionUID = 1L;
  /** More distinct treatment labels than this is not an arm column. */
  static final int MAX_ARMS = 1000;

  long rows;
  long nullTreatment;
  long nullLabel;
  long nullFeatures;
  long nonFiniteFeatures;
  long badLabel;
  long badWeight;
  /** Size of the first non-null feature vector seen (-1: none). */
  int firstSize = -1;
  /** Rows per feature vector size. */
  final Map<Integer, Long> sizes = new LinkedHashMap<>();
  final TreeSet<String> labels = new TreeSet<>();
  boolean tooManyLabels;

  /** Counts one row: treatment label (string), outcome, weight, features. */
  void add(String treatment, Double label, Double weight, org.apache.spark.ml.linalg.Vector features,
      boolean regression) {
    rows++;
    if (treatment == null) {
      nullTreatment++;
    } else if (!tooManyLabels && labels.add(treatment) && labels.size() > MAX_ARMS) {
      tooManyLabels = true;
      labels.clear();
    }
    if (label == null) {
      nullLabel++;
    } else {
      double y = label;
      if (regression ? !Double.isFinite(y) : y != 0 && y != 1) {
        badLabel++;
      }
    }
    if (weight == null || Double.isNaN(weight) || weight < 0 || weight == Double.POSITIVE_INFINITY) {
      badWeight++;
    }
    if (features == null) {
      nullFeatures++;
      return;
    }
    int n = features.size();
    if (firstSize < 0) {
      firstSize = n;
    }
    sizes.merge(n, 1L, Long::sum);
    if (features instanceof org.apache.spark.ml.linalg.DenseVector d) {
      for (double v : d.values()) {
        if (!Double.isFinite(v)) {
          nonFiniteFeatures++;
          return;
        }
      }
    } else {
      for (double v : ((org.apache.spark.ml.linalg.SparseVector) features).values()) {
        if (!Double.isFinite(v)) {
          nonFiniteFeatures++;
          return;
        }
      }
    }
  }

  /** Adds another partition's summary (partitions in order, so the first vector size is the input's first). */
  InputSummary merge(InputSummary o) {
    rows += o.rows;
    nullTreatment += o.nullTreatment;
    nullLabel += o.nullLabel;
    nullFeatures += o.nullFeatures;
    nonFiniteFeatures += o.nonFiniteFeatures;
    badLabel += o.badLabel;
    badWeight += o.badWeight;
    if (firstSize < 0) {
      firstSize = o.firstSize;
    }
    o.sizes.forEach((k, v) -> sizes.merge(k, v, Long::sum));
    tooManyLabels |= o.tooManyLabels;
    if (!tooManyLabels) {
      labels.addAll(o.labels);
      tooManyLabels = labels.size() > MAX_ARMS;
    }
    if (tooManyLabels) {
      labels.clear();
    }
    return this;
  }

  /** Rows whose feature vector does not have {@code expected} elements. */
  long wrongSize(int expected) {
    long bad = 0;
    for (Map.Entry<Integer, Long> e : sizes.entrySet()) {
      if (e.getKey() != expected) {
        bad += e.getValue();
      }
    }
    return bad;
  }

  /** A size other than {@code expected} that occurs, for the error message. */
  int otherSize(int expected) {
    for (int s : sizes.keySet()) {
      if (s != expected) {
        return s;
      }
    }
    return expected;
  }
}
