package io.upliftsuite.campaign;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.xxhash64;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The train/test split of the experiment's customers: a customer is in the training split when a hash of (seed,
 * customer id) falls below {@code campaign.train-share}. It depends on nothing else, so the models job and the
 * evaluation job split the same table identically, on any partitioning, and a customer never changes sides.
 */
public final class CampaignSplit {
  private static final long BUCKETS = 1_000_000L;

  private CampaignSplit() {}

  public static Column isTrain(CampaignSettings s) {
    Column bucket = pmod(xxhash64(lit(s.seed()), col(ExperimentTable.q(s.customerIdColumn())).cast("string")),
        lit(BUCKETS));
    return bucket.lt(lit(Math.round(s.trainShare() * BUCKETS)));
  }

  public static Dataset<Row> train(Dataset<Row> rows, CampaignSettings s) {
    return rows.where(isTrain(s));
  }

  public static Dataset<Row> test(Dataset<Row> rows, CampaignSettings s) {
    return rows.where(isTrain(s).unary_$bang());
  }
}
