package io.upliftsuite.learners.benchmark;

import java.util.List;

/**
 * One learner's cross-validation UQC against another's on the same folds: the per-fold differences, their mean and
 * sample sd, and in how many folds the learner ranked higher. Both learners see the same training and held-out rows
 * of each fold, so the difference removes the fold-to-fold variation both share (a fold with few persuadables is
 * hard for every learner); the two means' own sds are mostly that shared variation and say little about which
 * learner is better. No p-value: cross-validation folds share most of their training rows, so the differences are
 * not independent and a paired t-test would overstate the evidence.
 *
 * @param differences learner minus baseline, fold 0..k-1
 * @param higher folds where the learner's UQC is strictly above the baseline's
 */
public record PairedUqc(String learner, String baseline, double[] differences, double mean, double sd, int higher) {

  /** The paired comparison of {@code learner} with {@code baseline} over the cross-validation folds of a result. */
  public static PairedUqc of(LearnerBenchmark.Result result, String learner, String baseline) {
    List<FoldResult> a = result.of(learner, "cv");
    List<FoldResult> b = result.of(baseline, "cv");
    if (a.isEmpty() || b.isEmpty()) {
      throw new IllegalArgumentException("no cross-validation folds for " + (a.isEmpty() ? learner : baseline)
          + " in benchmark " + result.dataset() + " (learners " + result.learners() + ")");
    }
    if (a.size() != b.size()) {
      throw new IllegalStateException(learner + " has " + a.size() + " folds, " + baseline + " " + b.size());
    }
    double[] d = new double[a.size()];
    int higher = 0;
    for (int k = 0; k < d.length; k++) {
      if (a.get(k).fold() != b.get(k).fold()) {
        throw new IllegalStateException("folds out of order: " + a.get(k).fold() + " vs " + b.get(k).fold());
      }
      d[k] = a.get(k).uqc() - b.get(k).uqc();
      if (d[k] > 0) {
        higher++;
      }
    }
    double[] meanSd = LearnerBenchmark.meanSd(d); // the same mean and sample sd as the per-learner summary
    return new PairedUqc(learner, baseline, d, meanSd[0], meanSd[1], higher);
  }

  /** Folds compared. */
  public int folds() {
    return differences.length;
  }
}
