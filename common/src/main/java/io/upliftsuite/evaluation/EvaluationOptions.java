package io.upliftsuite.evaluation;

/**
 * Options of {@link PredictionsEvaluation} (defaults in conf/evaluation.conf).
 *
 * @param design "auto" (randomised when every propensity is equal), "randomised" or "observational"
 * @param shareSteps threshold policies contact 0, 1/shareSteps, ..., 100% of rows
 */
public record EvaluationOptions(String outcomeCol, int bootstrapReplicates, long seed, int shareSteps,
    int curvePoints, int deciles, int calibrationBins, double upliftAtK, String design, double sleepingDogMargin) {

  public EvaluationOptions {
    if (!design.equals("auto") && !design.equals("randomised") && !design.equals("observational")) {
      throw new IllegalArgumentException("design must be auto, randomised or observational, got '" + design + "'");
    }
    if (shareSteps < 1) {
      throw new IllegalArgumentException("share steps must be >= 1, got " + shareSteps);
    }
  }

  public static EvaluationOptions defaults() {
    return new EvaluationOptions("outcome_90d", 200, 42, 20, 100, 10, 10, 0.3, "auto", 0.1);
  }

  public EvaluationOptions withReplicates(int b) {
    return new EvaluationOptions(outcomeCol, b, seed, shareSteps, curvePoints, deciles, calibrationBins, upliftAtK,
        design, sleepingDogMargin);
  }

  public EvaluationOptions withOutcome(String outcome) {
    return new EvaluationOptions(outcome, bootstrapReplicates, seed, shareSteps, curvePoints, deciles,
        calibrationBins, upliftAtK, design, sleepingDogMargin);
  }

  public EvaluationOptions withSeed(long s) {
    return new EvaluationOptions(outcomeCol, bootstrapReplicates, s, shareSteps, curvePoints, deciles,
        calibrationBins, upliftAtK, design, sleepingDogMargin);
  }
}
