package io.upliftsuite.experiment;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.upliftsuite.recommend.RecommendationPolicy;
import io.upliftsuite.recommend.Recommendations;
import io.upliftsuite.spark.TableChecks;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Closes the loop on the simulator: the experiment's rows of {@code recommendations} as the simulator's experiment
 * input (item_id, decision_day, recommend_contact, arm) — every item with an arm, treatment items' recommendations
 * to follow, control items to keep the existing policy (and to get their truth recorded).
 */
public final class ExperimentPlayback {
  private ExperimentPlayback() {}

  /**
   * @param recommendations rows of the {@code recommendations} table
   * @param experimentId the experiment to play, or null for every experiment in the rows
   */
  public static Dataset<Row> simulatorInput(Dataset<Row> recommendations, String experimentId) {
    TableChecks.of(Recommendations.TABLE, recommendations).hasSchema(Recommendations.SCHEMA);
    Column assigned = col("arm").isNotNull().and(col("excluded_reason").isNull())
        .and(col("experiment_id").isNotNull());
    if (experimentId != null) {
      assigned = assigned.and(col("experiment_id").equalTo(experimentId));
    }
    return recommendations.where(assigned).select(col("item_id"), col("decision_day"),
        when(col("recommendation").equalTo(RecommendationPolicy.CONTACT), lit(1)).otherwise(lit(0))
            .as("recommend_contact"), col("arm"));
  }
}
