package io.upliftsuite.learners;

import io.upliftsuite.spark.TableChecks;
import io.upliftsuite.spark.TableIO;
import io.upliftsuite.spark.TableLocation;
import io.upliftsuite.spark.WriteContext;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The training action behind the {@code train-daily-models} job: read and validate {@code episodes}, train every
 * configured day ({@link DailyModelTrainer}), then write {@code predictions} and {@code models}
 * ({@link TrainingOutputs}). Invalid input fails before anything is trained or written.
 */
public final class TrainDailyModels {
  private final SparkSession spark;
  private TableLocation episodes;
  private TableLocation models;
  private TableLocation predictions;
  private String modelsDir;
  private DailyTrainingOptions options;
  private WriteContext context;

  /** One line per day for the job's summary, and the totals written. */
  public record Result(List<DailyModelTrainer.DayModel> days, int modelsWritten, long predictionsWritten) {}

  private TrainDailyModels(SparkSession spark) {
    this.spark = spark;
  }

  public static TrainDailyModels on(SparkSession spark) {
    return new TrainDailyModels(spark);
  }

  public TrainDailyModels episodesTable(TableLocation t) {
    this.episodes = t;
    return this;
  }

  public TrainDailyModels modelsTable(TableLocation t) {
    this.models = t;
    return this;
  }

  public TrainDailyModels predictionsTable(TableLocation t) {
    this.predictions = t;
    return this;
  }

  public TrainDailyModels modelsDir(String dir) {
    this.modelsDir = dir;
    return this;
  }

  public TrainDailyModels options(DailyTrainingOptions o) {
    this.options = o;
    return this;
  }

  public TrainDailyModels context(WriteContext c) {
    this.context = c;
    return this;
  }

  public Result execute() {
    if (episodes == null || models == null || predictions == null || modelsDir == null || options == null
        || context == null) {
      throw new IllegalStateException("TrainDailyModels needs the three tables, modelsDir, options and context");
    }
    Dataset<Row> rows = TableIO.read(spark, episodes);
    TableChecks.requireValuesPresent(rows, episodes.name(), "decision_day", options.days(), "training.days",
        "episodes", "day");
    DailyModelTrainer.Result trained = DailyModelTrainer.on(spark).episodes(rows).options(options)
        .modelsDir(modelsDir).runDate(context.runDate()).execute();
    TrainingOutputs.Written w = TrainingOutputs.write(trained, models, predictions, context);
    return new Result(trained.days(), w.models(), w.predictions());
  }
}
