package io.upliftsuite.campaign;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The three splits of the experiment's customers by a hash of (seed, customer id) in [0, 1): training below
 * {@code campaign.train-share}; guard in the next {@code campaign.guard-share} (the allocation guard checks its
 * constraints there, on outcomes neither the models nor the evaluation use); test above both (the evaluation's
 * rows). It depends on nothing else, so the models, allocation and evaluation jobs split the same table identically,
 * on any partitioning, and a customer never changes sides.
 */
public final class CampaignSplit {
  private static final long BUCKETS = 1_000_000L;

  private CampaignSplit() {}

  private static Column bucket(CampaignSettings s) {
    return pmod(xxhash64(lit(s.seed()), col(ExperimentTable.q(s.customerIdColumn())).cast("string")), lit(BUCKETS));
  }

  private static long trainEnd(CampaignSettings s) {
    return Math.round(s.trainShare() * BUCKETS);
  }

  private static long guardEnd(CampaignSettings s) {
    return Math.round((s.trainShare() + s.guardShare()) * BUCKETS);
  }

  public static Column isTrain(CampaignSettings s) {
    return bucket(s).lt(lit(trainEnd(s)));
  }

  public static Column isGuard(CampaignSettings s) {
    Column b = bucket(s);
    return b.geq(lit(trainEnd(s))).and(b.lt(lit(guardEnd(s))));
  }

  public static Column isTest(CampaignSettings s) {
    return bucket(s).geq(lit(guardEnd(s)));
  }

  /** "train", "guard" or "test". */
  public static Column name(CampaignSettings s) {
    return when(isTrain(s), lit("train")).when(isGuard(s), lit("guard")).otherwise(lit("test"));
  }

  public static Dataset<Row> train(Dataset<Row> rows, CampaignSettings s) {
    return rows.where(isTrain(s));
  }

  public static Dataset<Row> guard(Dataset<Row> rows, CampaignSettings s) {
    return rows.where(isGuard(s));
  }

  public static Dataset<Row> test(Dataset<Row> rows, CampaignSettings s) {
    return rows.where(isTest(s));
  }
}
