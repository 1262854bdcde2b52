package io.upliftsuite.registry;

import io.upliftsuite.config.SuiteConfigException;
import io.upliftsuite.spark.InputValidationException;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The models one run of {@code train-daily-models} wrote (one per decision day): the unit that {@code evaluate} and
 * {@code promote} work on, so that weekly retraining and daily runs can share the tables — a second training run
 * adds models, it does not mix with the first.
 *
 * @param runDate the training run date (null when the run is given by explicit model ids)
 * @param modelIds the run's models, sorted
 */
public record TrainingRun(LocalDate runDate, List<String> modelIds) {
  public TrainingRun {
    modelIds = modelIds.stream().sorted().toList();
  }

  /**
   * The run to work on: the explicit {@code modelIds} when given; else the models with {@code runDate}; else the
   * models of the latest run date in the registry.
   *
   * @param runDate the training run date, or null
   * @param modelIds explicit model ids, or empty
   */
  public static TrainingRun resolve(ModelRegistry registry, LocalDate runDate, List<String> modelIds) {
    if (!modelIds.isEmpty()) {
      if (runDate != null) {
        throw new SuiteConfigException("Give either --training-run-date or --model-id, not both");
      }
      return new TrainingRun(null, modelIds);
    }
    List<RegisteredModel> all = registry.all();
    LocalDate date = runDate != null ? runDate : all.stream().map(RegisteredModel::runDate)
        .max(Comparator.naturalOrder()).orElseThrow(() ->
            new InputValidationException(ModelRegistry.TABLE, "run_date", "the table has no models", 0));
    List<String> ids = all.stream().filter(m -> m.runDate().equals(date)).map(RegisteredModel::modelId).toList();
    if (ids.isEmpty()) {
      throw new InputValidationException(ModelRegistry.TABLE, "run_date", "no models trained on " + date
          + " (run dates present: " + all.stream().map(RegisteredModel::runDate).distinct().sorted().toList() + ")",
          0);
    }
    return new TrainingRun(date, ids);
  }

  /** The run date of a registered model, if it is registered. */
  public static Optional<LocalDate> runDateOf(List<RegisteredModel> registered, String modelId) {
    return registered.stream().filter(m -> m.modelId().equals(modelId)).map(RegisteredModel::runDate).findFirst();
  }

  @Override
  public String toString() {
    return runDate != null ? "training run " + runDate + " " + modelIds : "models " + modelIds;
  }
}
