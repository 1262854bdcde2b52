package io.upliftsuite.learners;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

import java.sql.Timestamp;
import java.time.ZoneOffset;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The temporal holdout: the items registered in the last {@code holdoutMonths} months (before the latest
 * registration) are held out, training uses the earlier registrations. Splitting by registration time rather than at
 * random keeps the evaluation honest about drift: the models are judged on items that came later.
 */
public final class TemporalSplit {
  private TemporalSplit() {}

  /** The two parts and the cutoff instant: holdout = registered_at &gt;= cutoff. */
  public record Parts(Dataset<Row> training, Dataset<Row> holdout, Timestamp cutoff) {}

  /** The cutoff = latest {@code registered_at} minus {@code holdoutMonths} calendar months (UTC), one aggregation. */
  public static Timestamp cutoff(Dataset<Row> episodes, String registeredCol, int holdoutMonths) {
    if (holdoutMonths < 0) {
      throw new IllegalArgumentException("holdout months must be >= 0, got " + holdoutMonths);
    }
    Row r = episodes.agg(max(col(registeredCol))).first();
    if (r.isNullAt(0)) {
      throw new IllegalArgumentException("Can't split an empty table by " + registeredCol);
    }
    Timestamp latest = r.getTimestamp(0);
    return Timestamp.from(latest.toInstant().atOffset(ZoneOffset.UTC).minusMonths(holdoutMonths).toInstant());
  }

  public static Parts split(Dataset<Row> episodes, String registeredCol, Timestamp cutoff) {
    return new Parts(episodes.where(col(registeredCol).lt(cutoff)),
        episodes.where(col(registeredCol).geq(cutoff)), cutoff);
  }
}
