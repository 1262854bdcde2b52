package io.upliftsuite.learners;

import io.upliftsuite.spark.DeltaTables;
import io.upliftsuite.spark.TableLocation;
import io.upliftsuite.spark.WriteContext;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes a training run: the {@code predictions} rows replace those of the same model_ids (replaceWhere), then the
 * {@code models} rows are MERGEd on model_id. Each is one atomic Delta commit; models go last, so a model row only
 * ever points at predictions that exist.
 */
public final class TrainingOutputs {
  private TrainingOutputs() {}

  /** What was written. */
  public record Written(int models, long predictions) {}

  public static Written write(DailyModelTrainer.Result result, TableLocation models, TableLocation predictions,
      WriteContext context) {
    List<String> ids = result.days().stream().map(DailyModelTrainer.DayModel::modelId).toList();
    String predicate = "model_id IN (" + ids.stream().map(id -> "'" + id.replace("'", "''") + "'")
        .collect(Collectors.joining(", ")) + ")";
    DeltaTables.replaceWhere(result.predictions(), predictions, predicate, List.of("decision_day"), context);
    DeltaTables.merge(result.models(), models, List.of("model_id"), List.of(), context);
    long rows = result.days().stream().mapToLong(DailyModelTrainer.DayModel::holdoutRows).sum();
    return new Written(ids.size(), rows);
  }
}
