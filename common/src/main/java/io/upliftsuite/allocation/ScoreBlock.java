package io.upliftsuite.allocation;

import java.io.Serializable;

/**
 * One partition of the scores table as flat primitive arrays, cached in executor memory so that each multiplier
 * iteration is a tight loop instead of a table scan. Arm 0 is control (objective 0); arm k >= 1 is treatment k-1.
 *
 * <p>Index formulas: {@code objective[i * treatments + (k - 1)]} (k >= 1, unweighted), {@code metrics[q][i * arms +
 * k]} (metric q under arm k, natural units, control included).
 */
final class ScoreBlock implements Serializable {
  final int rows;
  final int treatments;
  final String[] ids;
  final double[] objective;
  /** Objective weight per row; null when the table has none (weight 1). */
  final double[] weight;
  final double[][] metrics;
  /** The score of the score-threshold baseline; null when not configured. */
  final double[] score;

  ScoreBlock(int rows, int treatments, String[] ids, double[] objective, double[] weight, double[][] metrics,
      double[] score) {
    this.rows = rows;
    this.treatments = treatments;
    this.ids = ids;
    this.objective = objective;
    this.weight = weight;
    this.metrics = metrics;
    this.score = score;
  }

  int arms() {
    return treatments + 1;
  }

  /** The objective's value of giving row i arm k: w_i * objective_k(x_i); control is 0. */
  double value(int i, int arm) {
    if (arm == 0) {
      return 0.0;
    }
    double v = objective[i * treatments + arm - 1];
    return weight == null ? v : weight[i] * v;
  }

  /** The unweighted objective column of arm k for row i (what the policies table reports); 0 for control. */
  double uplift(int i, int arm) {
    return arm == 0 ? 0.0 : objective[i * treatments + arm - 1];
  }

  double metric(int q, int i, int arm) {
    return metrics[q][i * (treatments + 1) + arm];
  }

  /** A block of the given rows of this one (row order kept), e.g. a sample. */
  ScoreBlock select(int[] rowsToKeep) {
    int n = rowsToKeep.length;
    int k = treatments;
    int arms = k + 1;
    String[] id = new String[n];
    double[] obj = new double[n * k];
    double[] w = weight == null ? null : new double[n];
    double[][] met = new double[metrics.length][n * arms];
    double[] sc = score == null ? null : new double[n];
    for (int r = 0; r < n; r++) {
      int i = rowsToKeep[r];
      id[r] = ids[i];
      System.arraycopy(objective, i * k, obj, r * k, k);
      if (w != null) {
        w[r] = weight[i];
      }
      for (int q = 0; q < met.length; q++) {
        System.arraycopy(metrics[q], i * arms, met[q], r * arms, arms);
      }
      if (sc != null) {
        sc[r] = score[i];
      }
    }
    return new ScoreBlock(n, k, id, obj, w, met, sc);
  }

  /** The rows of several blocks with the same layout in one block. */
  static ScoreBlock concat(java.util.List<ScoreBlock> blocks, int treatments, int metricCount, boolean weighted,
      boolean scored) {
    int n = 0;
    for (ScoreBlock b : blocks) {
      n += b.rows;
    }
    int arms = treatments + 1;
    String[] id = new String[n];
    double[] obj = new double[n * treatments];
    double[] w = weighted ? new double[n] : null;
    double[][] met = new double[metricCount][n * arms];
    double[] sc = scored ? new double[n] : null;
    int at = 0;
    for (ScoreBlock b : blocks) {
      System.arraycopy(b.ids, 0, id, at, b.rows);
      System.arraycopy(b.objective, 0, obj, at * treatments, b.rows * treatments);
      if (w != null) {
        System.arraycopy(b.weight, 0, w, at, b.rows);
      }
      for (int q = 0; q < metricCount; q++) {
        System.arraycopy(b.metrics[q], 0, met[q], at * arms, b.rows * arms);
      }
      if (sc != null) {
        System.arraycopy(b.score, 0, sc, at, b.rows);
      }
      at += b.rows;
    }
    return new ScoreBlock(n, treatments, id, obj, w, met, sc);
  }
}
