package io.upliftsuite.episodes;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import io.upliftsuite.spark.DeltaTables;
import io.upliftsuite.spark.TableLocation;
import io.upliftsuite.spark.WriteContext;
import java.sql.Date;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The build-episodes action: validates the raw logs, labels every (in-scope item, day d) and atomically replaces the
 * {@code episodes} table (partitioned by decision_day) and this run's rows of {@code episode_exclusions}.
 *
 * <pre>
 * BuildEpisodes.Result r = BuildEpisodes.on(spark).logs(RawLogs.read(spark, tables)).options(options)
 *     .episodesTable(tables.location("episodes")).exclusionsTable(tables.location("episode_exclusions"))
 *     .context(writeContext).execute();
 * </pre>
 *
 * <p>Steps: (1) validate the raw tables (contract + cross-table rules), writing nothing on failure; (2) find the end
 * of the data; (3) apply the item-level scope filters; (4) label each in-scope item's days with {@link ItemTimeline}
 * (one shuffle: events grouped per item); (5) count episodes and exclusions per day in one aggregation over the
 * cached labelled days; (6) overwrite {@code episodes}; (7) replace this run date's exclusion counts.
 */
public final class BuildEpisodes {
  private static final Logger LOG = LoggerFactory.getLogger(BuildEpisodes.class);

  /**
   * @param episodes episodes written
   * @param itemsInScope items that passed every scope filter
   * @param exclusions candidates dropped, by reason (items for item-level reasons, item-days for day-level ones)
   * @param episodesByDay episodes per decision_day
   * @param dataEnd the end of the data used for censoring
   */
  public record Result(long episodes, long itemsInScope, Map<ExclusionReason, Long> exclusions,
      Map<Integer, Long> episodesByDay, Instant dataEnd) {}

  private final SparkSession spark;
  private RawLogs logs;
  private EpisodeOptions options;
  private TableLocation episodesTable;
  private TableLocation exclusionsTable;
  private WriteContext context;

  private BuildEpisodes(SparkSession spark) {
    this.spark = spark;
  }

  public static BuildEpisodes on(SparkSession spark) {
    return new BuildEpisodes(Objects.requireNonNull(spark, "spark"));
  }

  public BuildEpisodes logs(RawLogs rawLogs) {
    this.logs = rawLogs;
    return this;
  }

  public BuildEpisodes options(EpisodeOptions episodeOptions) {
    this.options = episodeOptions;
    return this;
  }

  public BuildEpisodes episodesTable(TableLocation location) {
    this.episodesTable = location;
    return this;
  }

  /** Optional: where to record exclusion counts; none are written when unset. */
  public BuildEpisodes exclusionsTable(TableLocation location) {
    this.exclusionsTable = location;
    return this;
  }

  public BuildEpisodes context(WriteContext writeContext) {
    this.context = writeContext;
    return this;
  }

  public Result execute() {
    Objects.requireNonNull(logs, "logs");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(episodesTable, "episodesTable");
    Objects.requireNonNull(context, "context");

    long t0 = System.nanoTime();
    logs.validate();
    long dataEndMicros = options.dataEnd().map(BuildEpisodes::micros).orElseGet(logs::latestTimestampMicros);
    Instant dataEnd = Instant.EPOCH.plus(dataEndMicros, ChronoUnit.MICROS);
    long t1 = System.nanoTime();
    LOG.info("build-episodes: raw logs valid ({} s); data end {}", secs(t1 - t0), dataEnd);

    Dataset<Row> items = EpisodeLabelling.scopedItems(logs, options.scope());
    Map<ExclusionReason, Long> exclusions = new EnumMap<>(ExclusionReason.class);
    long itemsInScope = 0;
    for (Row r : items.groupBy(EpisodeLabelling.SCOPE_REASON).agg(count(lit(1))).collectAsList()) {
      if (r.isNullAt(0)) {
        itemsInScope = r.getLong(1);
      } else {
        exclusions.put(ExclusionReason.valueOf(r.getString(0).toUpperCase(java.util.Locale.ROOT)), r.getLong(1));
      }
    }

    Dataset<Row> labelled = EpisodeLabelling.labelDays(
            items.where(col(EpisodeLabelling.SCOPE_REASON).isNull()), logs, options, dataEndMicros)
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      List<Row> dayCounts = labelled.groupBy(col(EpisodeLabelling.STATUS), col(EpisodeColumns.DECISION_DAY))
          .agg(count(lit(1))).collectAsList();
      Map<Integer, Long> episodesByDay = new TreeMap<>();
      List<Row> exclusionRows = new ArrayList<>();
      Date runDate = Date.valueOf(context.runDate());
      for (ExclusionReason reason : exclusions.keySet()) {
        exclusionRows.add(RowFactory.create(runDate, null, reason.label(), reason.level().name().toLowerCase(java.util.Locale.ROOT),
            exclusions.get(reason)));
      }
      long episodes = 0;
      for (Row r : dayCounts) {
        int day = r.getInt(1);
        long n = r.getLong(2);
        if (r.isNullAt(0)) {
          episodesByDay.put(day, n);
          episodes += n;
        } else {
          ExclusionReason reason = ExclusionReason.valueOf(r.getString(0).toUpperCase(java.util.Locale.ROOT));
          exclusions.merge(reason, n, Long::sum);
          exclusionRows.add(RowFactory.create(runDate, day, reason.label(), reason.level().name().toLowerCase(java.util.Locale.ROOT), n));
        }
      }
      long t2 = System.nanoTime();
      LOG.info("build-episodes: labelled {} items in scope: {} episodes, exclusions {} ({} s)", itemsInScope,
          episodes, exclusions, secs(t2 - t1));

      DeltaTables.overwrite(EpisodeLabelling.episodes(labelled), episodesTable, EpisodeColumns.PARTITION_COLUMNS,
          context);
      if (exclusionsTable != null) {
        Dataset<Row> rows = spark.createDataFrame(exclusionRows, EpisodeColumns.EXCLUSIONS_SCHEMA).coalesce(1);
        // partitioned by run_date: runs for other dates replace other partitions and never conflict
        DeltaTables.replaceWhere(rows, exclusionsTable, "run_date = '" + context.runDate() + "'",
            List.of("run_date"), context);
      }
      LOG.info("build-episodes: wrote {} ({} s)", episodesTable, secs(System.nanoTime() - t2));
      return new Result(episodes, itemsInScope, exclusions, episodesByDay, dataEnd);
    } finally {
      labelled.unpersist();
    }
  }

  private static long micros(Instant t) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, t);
  }

  private static String secs(long nanos) {
    return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e9);
  }
}
