package io.upliftsuite.registry;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.delta.tables.DeltaTable;
import io.upliftsuite.spark.InputValidationException;
import io.upliftsuite.spark.TableChecks;
import io.upliftsuite.spark.TableIO;
import io.upliftsuite.spark.TableLocation;
import io.upliftsuite.spark.WriteContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The model registry: the {@code models} table read and updated by status. Reads return small lists (one row per
 * model); a status change is one MERGE on model_id that touches only the status columns, so the training job's rows
 * are otherwise untouched and a failed update changes nothing.
 */
public final class ModelRegistry {
  public static final String TABLE = "models";
  public static final String STATUS = "status";
  public static final String STATUS_REASON = "status_reason";
  public static final String STATUS_CHANGED_AT = "status_changed_at";

  /** The columns the registry reads (the rest of {@code models} is the training job's business). */
  static final StructType REQUIRED = new StructType()
      .add("model_id", DataTypes.StringType)
      .add("decision_day", DataTypes.IntegerType)
      .add("run_date", DataTypes.DateType)
      .add("path", DataTypes.StringType);

  static final StructType CHANGES = new StructType()
      .add("model_id", DataTypes.StringType, false)
      .add(STATUS, DataTypes.StringType, false)
      .add(STATUS_REASON, DataTypes.StringType, true)
      .add(STATUS_CHANGED_AT, DataTypes.TimestampType, true);

  /** A status change of one model; {@code changedAt} null keeps the recorded time (only the reason changes). */
  public record Change(String modelId, ModelStatus status, String reason, Timestamp changedAt) {}

  private final SparkSession spark;
  private final TableLocation table;

  private ModelRegistry(SparkSession spark, TableLocation table) {
    this.spark = spark;
    this.table = table;
  }

  public static ModelRegistry at(SparkSession spark, TableLocation models) {
    return new ModelRegistry(spark, models);
  }

  public boolean exists() {
    return TableIO.pathExists(spark, table.path());
  }

  /** Every registered model (the table holds one row per trained day model: a few hundred rows at most). */
  public List<RegisteredModel> all() {
    Dataset<Row> rows = TableIO.read(spark, table);
    TableChecks.of(table.name(), rows).hasSchema(REQUIRED);
    boolean hasStatus = List.of(rows.columns()).contains(STATUS);
    Dataset<Row> selected = rows.select(col("model_id"), col("decision_day"), col("run_date"), col("path"),
        hasStatus ? col(STATUS) : lit(null).cast(DataTypes.StringType),
        hasStatus ? col(STATUS_REASON) : lit(null).cast(DataTypes.StringType));
    List<RegisteredModel> out = new ArrayList<>();
    for (Row r : selected.collectAsList()) {
      out.add(new RegisteredModel(r.getString(0), r.getInt(1), r.getDate(2).toLocalDate(), r.getString(3),
          ModelStatus.parse(r.getString(4)), r.getString(5)));
    }
    out.sort((a, b) -> a.modelId().compareTo(b.modelId()));
    return out;
  }

  /**
   * The approved models by decision day. At most one model may be approved per day; two are reported with the table,
   * column and count, since it would be ambiguous which one scores.
   */
  public Map<Integer, RegisteredModel> approvedByDay() {
    Map<Integer, RegisteredModel> byDay = new TreeMap<>();
    Map<Integer, Integer> counts = new HashMap<>();
    for (RegisteredModel m : all()) {
      if (m.status() == ModelStatus.APPROVED) {
        byDay.put(m.decisionDay(), m);
        counts.merge(m.decisionDay(), 1, Integer::sum);
      }
    }
    for (Map.Entry<Integer, Integer> e : counts.entrySet()) {
      if (e.getValue() > 1) {
        throw new InputValidationException(table.name(), STATUS, "more than one approved model for decision day "
            + e.getKey() + " (retire all but one with promote)", e.getValue());
      }
    }
    return byDay;
  }

  /** The model with this id, if registered. */
  public Optional<RegisteredModel> find(String modelId) {
    return all().stream().filter(m -> m.modelId().equals(modelId)).findFirst();
  }

  /** Applies status changes in one MERGE on model_id (adds the status columns to a table written before them). */
  public void apply(List<Change> changes, WriteContext context) {
    if (changes.isEmpty()) {
      return;
    }
    ensureStatusColumns();
    List<Row> rows = new ArrayList<>();
    for (Change c : changes) {
      rows.add(RowFactory.create(c.modelId(), c.status().label(), c.reason(), c.changedAt()));
    }
    Dataset<Row> source = spark.createDataFrame(rows, CHANGES);
    Map<String, String> set = new HashMap<>();
    set.put(STATUS, "s." + STATUS);
    set.put(STATUS_REASON, "s." + STATUS_REASON);
    set.put(STATUS_CHANGED_AT, "coalesce(s." + STATUS_CHANGED_AT + ", t." + STATUS_CHANGED_AT + ")");
    // A MERGE takes its commit metadata from the session (DeltaTables does the same for its own merges).
    String key = "spark.databricks.delta.commitInfo.userMetadata";
    String previous = spark.conf().getOption(key).getOrElse(() -> null);
    spark.conf().set(key, context.userMetadata());
    try {
      DeltaTable.forPath(spark, table.path()).as("t")
          .merge(source.as("s"), "t.model_id = s.model_id")
          .whenMatched().updateExpr(set)
          .execute();
    } finally {
      if (previous == null) {
        spark.conf().unset(key);
      } else {
        spark.conf().set(key, previous);
      }
    }
  }

  /** Now, for {@link Change#changedAt}. */
  public static Timestamp now() {
    return Timestamp.from(Instant.now());
  }

  private void ensureStatusColumns() {
    List<String> present = List.of(TableIO.read(spark, table).columns());
    if (!present.contains(STATUS)) {
      spark.sql("ALTER TABLE delta.`" + table.path() + "` ADD COLUMNS (" + STATUS + " STRING, " + STATUS_REASON
          + " STRING, " + STATUS_CHANGED_AT + " TIMESTAMP)");
    }
  }
}
