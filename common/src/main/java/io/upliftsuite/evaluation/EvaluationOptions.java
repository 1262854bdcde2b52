package io.upliftsuite.evaluation;

import io.upliftsuite.config.SettingException;

/**
 * Options of {@link PredictionsEvaluation} (defaults in conf/evaluation.conf).
 *
 * @param design "auto" (randomised when every propensity is equal), "randomised" or "observational"
 * @param shareSteps threshold policies contact 0, 1/shareSteps, ..., 100% of rows
 */
public record EvaluationOptions(String outcomeCol, int bootstrapReplicates, long seed, int shareSteps,
    int curvePoints, int deciles, int calibrationBins, double upliftAtK, String design, double sleepingDogMargin) {

  /** Each value is checked here, before anything is read, and named by its config key (conf/evaluation.conf). */
  public EvaluationOptions {
    if (!design.equals("auto") && !design.equals("randomised") && !design.equals("observational")) {
      throw new SettingException("evaluation.design", design, "must be auto, randomised or observational");
    }
    atLeast("evaluation.share-steps", shareSteps, 1);
    atLeast("evaluation.curve-points", curvePoints, 1);
    atLeast("evaluation.deciles", deciles, 1);
    atLeast("evaluation.calibration-bins", calibrationBins, 1);
    atLeast("evaluation.bootstrap-replicates", bootstrapReplicates, 20); // fewer cannot give a 95% interval
    if (!(upliftAtK > 0 && upliftAtK <= 1)) {
      throw new SettingException("evaluation.uplift-at-k", Double.toString(upliftAtK), "must be in (0, 1]");
    }
    if (!(sleepingDogMargin >= 0)) {
      throw new SettingException("evaluation.sleeping-dog-margin", Double.toString(sleepingDogMargin),
          "must be >= 0");
    }
  }

  private static void atLeast(String key, int value, int min) {
    if (value < min) {
      throw new SettingException(key, Integer.toString(value), "must be >= " + min);
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
