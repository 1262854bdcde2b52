package io.upliftsuite.learners.meta;

import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.col;

import io.upliftsuite.forest.ForestSchemas;
import io.upliftsuite.forest.UpliftForestEstimator;
import io.upliftsuite.forest.UpliftRandomForestModel;
import java.util.Map;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The response models mu_a(x) = E[Y | x, T = a] of every arm: one base-learner model per arm fitted on that arm's
 * rows (a classifier's P(y = 1) for a binary outcome), or, when the outcome learner is an uplift forest, one forest
 * over all arms whose per-arm leaf estimates ({@code arm_outcomes}) are the mu_a.
 */
final class ArmOutcomes {
  private static final String FOREST = "forest";

  private final Model<?>[] perArm;
  private final UpliftRandomForestModel forest;

  private ArmOutcomes(Model<?>[] perArm, UpliftRandomForestModel forest) {
    this.perArm = perArm;
    this.forest = forest;
  }

  /** The outcome learner the params choose for the outcome type. */
  static Estimator<?> learner(MetaLearnerParams p, boolean binaryOutcome) {
    return binaryOutcome ? p.getOutcomeClassifier() : p.getOutcomeRegressor();
  }

  /** Fits mu_a for every arm on {@code rows} (prepared by {@link TrainingRows}); seeds derive from {@code seed}. */
  static ArmOutcomes fit(MetaLearnerParams p, Dataset<Row> rows, int numArms, boolean binaryOutcome, long seed) {
    Estimator<?> learner = learner(p, binaryOutcome);
    if (learner instanceof UpliftForestEstimator<?>) {
      Model<?> f = BaseLearner.fit(learner, "outcome", rows, p.getFeaturesCol(), TrainingRows.Y, p.getWeightCol(),
          seed, Map.of("treatmentCol", TrainingRows.ARM, "controlLabel", "0"));
      return new ArmOutcomes(null, (UpliftRandomForestModel) f);
    }
    Model<?>[] models = new Model<?>[numArms];
    for (int a = 0; a < numArms; a++) {
      models[a] = BaseLearner.fit(learner, "outcome (arm " + a + ")", rows.where(col(TrainingRows.ARM).equalTo(a)),
          p.getFeaturesCol(), TrainingRows.Y, p.getWeightCol(), seed + a);
    }
    return new ArmOutcomes(models, null);
  }

  /** Adds mu_a as column {@code outCols[a]} for every arm whose entry is not null. */
  Dataset<Row> predict(Dataset<Row> rows, String featuresCol, String[] outCols) {
    if (forest != null) {
      Dataset<Row> scored = BaseLearner.configured(forest, featuresCol, "forest").transform(rows);
      Column outcomes = vector_to_array(col(ForestSchemas.ARM_OUTCOMES), "float64");
      for (int a = 0; a < outCols.length; a++) {
        if (outCols[a] != null) {
          scored = scored.withColumn(outCols[a], outcomes.getItem(a));
        }
      }
      return scored.drop(ForestSchemas.ARM_OUTCOMES, ForestSchemas.UPLIFT, ForestSchemas.BEST_ARM);
    }
    Dataset<Row> out = rows;
    for (int a = 0; a < outCols.length; a++) {
      if (outCols[a] != null) {
        out = BaseLearner.predict(perArm[a], out, featuresCol, outCols[a]);
      }
    }
    return out;
  }

  /** Registers the models for saving: {@code <prefix>forest}, or {@code <prefix><arm index>} per arm. */
  void addTo(Map<String, Model<?>> models, String prefix) {
    if (forest != null) {
      models.put(prefix + FOREST, forest);
    } else {
      for (int a = 0; a < perArm.length; a++) {
        models.put(prefix + a, perArm[a]);
      }
    }
  }

  /** The response models registered by {@link #addTo} (e.g. after loading). */
  static ArmOutcomes from(Map<String, Model<?>> models, String prefix, int numArms) {
    if (models.containsKey(prefix + FOREST)) {
      return new ArmOutcomes(null, (UpliftRandomForestModel) models.get(prefix + FOREST));
    }
    Model<?>[] perArm = new Model<?>[numArms];
    for (int a = 0; a < numArms; a++) {
      perArm[a] = models.get(prefix + a);
      if (perArm[a] == null) {
        throw new IllegalStateException("missing response model " + prefix + a + " (have " + models.keySet() + ")");
      }
    }
    return new ArmOutcomes(perArm, null);
  }
}
