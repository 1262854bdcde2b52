package io.upliftsuite.learners;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Out-of-fold propensities for the training rows: the rows are split into K folds by a seeded hash of the item id
 * (stable under re-partitioning and re-runs), and each fold is scored by a model fitted on the other K − 1. A row's
 * weight 1/e(x) then never comes from a model that saw the row's own action — in-sample propensities are pulled
 * toward the observed action (most for flexible models such as GBT), which inflates the weights of exactly the rows
 * the model explains worst. K = 1 means in-sample (the full model's) propensities.
 *
 * <p>Also turns propensities into stabilised inverse-propensity weights: w = P(T = 1)/e for contacted rows and
 * P(T = 0)/(1 − e) for the others, whose mean is about 1, so weighted sums keep the scale of row counts (the forest's
 * minimum leaf sizes and the filters' bin supports stay meaningful).
 */
public final class CrossFittedPropensity {
  /** The stabilised inverse-propensity weight column added by {@link #withStabilisedWeights}. */
  public static final String IPW_WEIGHT = "ipw_weight";

  private CrossFittedPropensity() {}

  /** The fold (0..K−1) of each row: a hash of the item id and the seed. */
  static Column fold(String idCol, int folds, long seed) {
    return pmod(xxhash64(col(idCol), lit(seed)), lit((long) folds)).cast("int");
  }

  /**
   * {@code encoded} (rows already encoded by a {@link FeatureSpace}) with {@value PropensityModel#PROPENSITY} = the
   * out-of-fold P(action = 1 | x).
   */
  public static Dataset<Row> score(PropensityModel model, Dataset<Row> encoded, String idCol, int folds, long seed) {
    if (folds < 1) {
      throw new IllegalArgumentException("Config key 'training.propensity.folds' = " + folds + ": must be >= 1");
    }
    if (folds == 1) {
      return model.fit(encoded).transform(encoded);
    }
    Dataset<Row> withFold = encoded.withColumn("_pfold", fold(idCol, folds, seed));
    Dataset<Row> out = null;
    for (int k = 0; k < folds; k++) {
      Dataset<Row> in = withFold.where(col("_pfold").notEqual(k));
      Dataset<Row> held = withFold.where(col("_pfold").equalTo(k));
      Dataset<Row> scored = model.seed(seed + k).fit(in).transform(held);
      out = out == null ? scored : out.unionByName(scored);
    }
    return out.drop("_pfold");
  }

  /**
   * Adds {@value #IPW_WEIGHT} = P(T = t)/P(T = t | x) from {@code propensityCol}; {@code treatedShare} is P(T = 1)
   * over the same rows.
   */
  public static Dataset<Row> withStabilisedWeights(Dataset<Row> rows, String actionCol, String propensityCol,
      double treatedShare) {
    Column e = col(propensityCol);
    return rows.withColumn(IPW_WEIGHT, when(col(actionCol).equalTo(1), lit(treatedShare).divide(e))
        .otherwise(lit(1.0 - treatedShare).divide(lit(1.0).minus(e))));
  }
}
