package io.upliftsuite.simulate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.when;

import io.upliftsuite.spark.DeltaTables;
import io.upliftsuite.spark.TableChecks;
import io.upliftsuite.spark.TableLocation;
import io.upliftsuite.spark.WriteContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulate action: generates the CRM logs and the oracle in parallel and (optionally) writes them.
 *
 * <p>ALGORITHM. The driver computes only the registration calendar (one weight per calendar day) and the number of
 * leads. Executors get a range of lead indices; for each lead, {@link LeadRowGenerator} builds the lead and its items
 * from counter-based random streams, simulates each item's history day by day ({@link ItemSimulator}) and computes
 * its potential outcomes ({@link OracleCalculator}). All tables come out of that one pass as tagged rows, cached, and
 * each table is then written with one atomic Delta overwrite. In experiment mode the recommendations are grouped by
 * lead (the lead index is part of the item id) and joined to the lead range first.
 */
public final class CrmSimulator {
  private static final Logger LOG = LoggerFactory.getLogger(CrmSimulator.class);
  public static final String RECOMMENDATIONS = "recommendations";
  /**
   * Experiment mode's input: the experiment's items with their arm and, per decision day, the recommendation (1 =
   * contact). {@code io.upliftsuite.experiment.ExperimentPlayback} derives it from the {@code recommendations} table.
   */
  public static final StructType RECOMMENDATIONS_SCHEMA = new StructType()
      .add("item_id", DataTypes.StringType)
      .add("decision_day", DataTypes.IntegerType)
      .add("recommend_contact", DataTypes.IntegerType)
      .add("arm", DataTypes.StringType);

  /** Rows written per table, and how long generation + writing took. */
  public record Result(String profile, long seed, Map<String, Long> rows, double seconds) {
    public long totalRows() {
      return rows.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private final SparkSession spark;
  private SimulationSettings settings;
  private Dataset<Row> recommendations;
  private String recommendationsName = RECOMMENDATIONS;
  private int logEndDays = 0;

  private CrmSimulator(SparkSession spark) {
    this.spark = spark;
  }

  public static CrmSimulator on(SparkSession spark) {
    return new CrmSimulator(spark);
  }

  public CrmSimulator settings(SimulationSettings value) {
    this.settings = value;
    return this;
  }

  /**
   * Experiment (closed-loop) mode: the experiment's items ({@link #RECOMMENDATIONS_SCHEMA}). On a treatment item's
   * recommended day the AE follows the recommendation with probability {@code experiment.compliance-rate} when the
   * day's first contact is the AE's to decide; control items keep the existing policy (and exactly the history they
   * have without the experiment). Every experiment item gets a row of {@code experiment_assignments} with its truth.
   */
  public CrmSimulator recommendations(Dataset<Row> rows, String tableName) {
    this.recommendations = rows;
    this.recommendationsName = tableName;
    return this;
  }

  /** Log rows later than registration-end + this many days are not written (default 0: the extract ends with the span). */
  public CrmSimulator logEndDays(int days) {
    if (days < 0) {
      throw new IllegalArgumentException("logEndDays must be >= 0, got " + days);
    }
    this.logEndDays = days;
    return this;
  }

  /** Generates every table lazily (nothing runs until a table is read or written). */
  public SimulatedTables generate() {
    if (settings == null) {
      throw new IllegalStateException("CrmSimulator: settings(...) not set");
    }
    boolean experiment = recommendations != null;
    RegistrationCalendar calendar =
        new RegistrationCalendar(settings.registrationStart(), settings.registrationEnd(), settings.registrations());
    long leads = Population.leadsFor(settings);
    int partitions = settings.partitions() > 0 ? settings.partitions()
        : Math.max(1, spark.sparkContext().defaultParallelism() * 2);
    Dataset<Row> input = spark.range(0, leads, 1, partitions).toDF("lead")
        .withColumn("recs", lit(null).cast(recsType()));
    if (experiment) {
      Dataset<Row> grouped = validatedRecommendations()
          // Simulated item ids are "I" + 8-digit lead index + "-" + item number; other ids are not simulated items.
          .withColumn("lead", when(col("item_id").rlike("^I[0-9]{8}-[0-9]+$"),
              substring(col("item_id"), 2, 8).cast("long")).otherwise(lit(-1L)))
          .where(col("lead").geq(0).and(col("lead").lt(leads)))
          .groupBy("lead")
          .agg(collect_list(struct(col("item_id"), col("decision_day"), col("recommend_contact"), col("arm")))
              .as("recs"));
      input = spark.range(0, leads, 1, partitions).toDF("lead").join(grouped, "lead", "left");
    }
    LeadRowGenerator generator = new LeadRowGenerator(settings, calendar, logEndDays);
    Dataset<Row> union = input.mapPartitions(generator, Encoders.row(SimulatedTables.UNION_SCHEMA));
    return new SimulatedTables(union, experiment);
  }

  /** Generates, writes every table with one atomic overwrite each, and returns the row counts. */
  public Result execute(Function<String, TableLocation> locations, WriteContext context) {
    long start = System.nanoTime();
    SimulatedTables tables = generate();
    Dataset<Row> cached = tables.union().persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Map<String, Long> rows = new LinkedHashMap<>();
      for (String name : tables.names()) {
        Dataset<Row> table = tables.table(name);
        DeltaTables.overwrite(table, locations.apply(name), List.of(), context);
      }
      List<Row> counts = cached.groupBy("tag").count().collectAsList();
      long[] byTag = new long[7];
      for (Row r : counts) {
        byTag[r.getInt(0)] = r.getLong(1);
      }
      List<String> names = tables.names();
      for (int i = 0; i < names.size(); i++) {
        rows.put(names.get(i), byTag[i]);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      LOG.info("simulated profile {} (seed {}): {} rows in {}s", settings.profile(), settings.seed(), rows, seconds);
      return new Result(settings.profile(), settings.seed(), rows, seconds);
    } finally {
      cached.unpersist();
    }
  }

  private Dataset<Row> validatedRecommendations() {
    TableChecks.of(recommendationsName, recommendations).hasSchema(RECOMMENDATIONS_SCHEMA)
        .notNull("item_id", "decision_day", "recommend_contact", "arm")
        .allowedValues("recommend_contact", List.of(0, 1))
        .allowedValues("arm", List.of("treatment", "control"))
        .rule("decision_day", "decision days must be >= 1", col("decision_day").lt(1))
        .check();
    TableChecks.of(recommendationsName, recommendations.groupBy("item_id")
            .agg(org.apache.spark.sql.functions.countDistinct(col("arm")).as("_arms"),
                org.apache.spark.sql.functions.count(lit(1)).as("_rows"),
                org.apache.spark.sql.functions.countDistinct(col("decision_day")).as("_days")))
        .rule("arm", "items with more than one arm (count = items)", col("_arms").gt(1))
        .rule("decision_day", "more than one row per (item_id, decision_day) (count = items)",
            col("_rows").gt(col("_days")))
        .check();
    return recommendations.select("item_id", "decision_day", "recommend_contact", "arm");
  }

  private static org.apache.spark.sql.types.DataType recsType() {
    return DataTypes.createArrayType(RECOMMENDATIONS_SCHEMA);
  }
}
