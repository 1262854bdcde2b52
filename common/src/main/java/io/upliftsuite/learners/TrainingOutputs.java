package io.upliftsuite.learners;

import io.upliftsuite.spark.DeltaTables;
import io.upliftsuite.spark.TableLocation;
import io.upliftsuite.spark.WriteContext;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes a training run: the {@code predictions} rows replace those of the same model_ids, then the {@code models}
 * rows replace those of the same run date and model_ids. Inside a job both are staged and commit together at its end,
 * models last (a run unit); each table is partitioned by the column its rows are replaced by (predictions by
 * model_id, models by run_date), so concurrent runs for other run dates touch other partitions and Delta never sees
 * them as conflicting.
 */
public final class TrainingOutputs {
  private TrainingOutputs() {}

  /** What was written. */
  public record Written(int models, long predictions) {}

  public static Written write(DailyModelTrainer.Result result, TableLocation models, TableLocation predictions,
      WriteContext context) {
    List<String> ids = result.days().stream().map(DailyModelTrainer.DayModel::modelId).toList();
    String idList = ids.stream().map(id -> "'" + id.replace("'", "''") + "'").collect(Collectors.joining(", "));
    DeltaTables.replaceWhere(result.predictions(), predictions, "model_id IN (" + idList + ")",
        List.of("model_id"), context);
    DeltaTables.replaceWhere(result.models(), models,
        "run_date = DATE'" + context.runDate() + "' AND model_id IN (" + idList + ")", List.of("run_date"), context);
    long rows = result.days().stream().mapToLong(DailyModelTrainer.DayModel::holdoutRows).sum();
    return new Written(ids.size(), rows);
  }
}
