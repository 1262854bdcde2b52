package io.upliftsuite.learners.benchmark;

import io.upliftsuite.evaluation.DecileRow;
import java.util.List;

/**
 * One learner scored on one held-out part: a cross-validation fold ({@code split = "cv"}, fold 0..k-1) or the test
 * set after the final fit on all training rows ({@code split = "test"}, fold -1).
 *
 * @param qiniCurve Q(x)/N at the shares of {@link LearnerBenchmark#curveShares}
 * @param lostCause the two-step classifier's scores on the part's treated rows (null for other learners)
 * @param constantScore every row of the part got the same score: the learner ranks nothing (UQC exactly 1, the
 *     random line), e.g. a response model that never uses the treatment
 */
public record FoldResult(String learner, String split, int fold, long rows, double uqc, double qiniAuc, double auuc,
    double upliftAtK, List<DecileRow> deciles, double[] qiniCurve, ClassifierScores lostCause, double fitSeconds,
    boolean constantScore) {}
