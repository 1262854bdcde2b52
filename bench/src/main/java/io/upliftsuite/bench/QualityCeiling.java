package io.upliftsuite.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import io.upliftsuite.config.SuiteConfig;
import io.upliftsuite.evaluation.OracleComparison;
import io.upliftsuite.learners.FeatureColumns;
import io.upliftsuite.learners.FeatureSpace;
import io.upliftsuite.learners.TemporalSplit;
import io.upliftsuite.spark.SparkSessions;
import io.upliftsuite.spark.TableIO;
import io.upliftsuite.spark.Tables;
import java.sql.Timestamp;
import java.util.List;
import java.util.Locale;
import org.apache.spark.ml.regression.GBTRegressionModel;
import org.apache.spark.ml.regression.GBTRegressor;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What any learner on the logged features could achieve at best: an "oracle regression" that is trained on the TRUE
 * CATE of every training episode (which no real learner has — it sees only one potential outcome per row, through a
 * confounded logging policy) and predicts the holdout from the same features the learners get. Its ranking of the
 * holdout against the truth bounds what is learnable from the features: the rest of the true CATE depends on what the
 * logs do not show (the simulator's hidden uplift segment and latent intent). Run by {@code scripts/bench/quality}
 * after training (it reads {@code episodes} and {@code oracle_episodes} of the configured warehouse) and printed as the
 * "ceiling" row.
 *
 * <p>Arguments: day [holdoutMonths=3]; the warehouse root with {@code -Dbench.warehouse} (default ./warehouse).
 */
public final class QualityCeiling {
  private QualityCeiling() {}

  public static void main(String[] args) {
    int day = Integer.parseInt(args[0]);
    int holdoutMonths = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    SuiteConfig config = SuiteConfig.load("local", List.of(),
        List.of("warehouse.root=" + System.getProperty("bench.warehouse", "warehouse")));
    SparkSession spark = SparkSessions.create(config, "quality-ceiling");
    Tables tables = new Tables(config);
    Dataset<Row> episodes = TableIO.read(spark, tables.location("episodes"))
        .where(col("decision_day").equalTo(day).and(not(col("censored"))));
    Dataset<Row> oracle = TableIO.read(spark, tables.location("oracle_episodes"))
        .where(col("decision_day").equalTo(day))
        .select(col("item_id"), col("decision_day"), col("p_delivery_90d_contact").as("p1"),
            col("p_delivery_90d_no_contact").as("p0"));
    Dataset<Row> joined = episodes.join(oracle, new String[] {"item_id", "decision_day"})
        .withColumn("true_cate", col("p1").minus(col("p0"))).cache();
    // the same split as training: one cutoff, the last N months of registrations are the holdout
    Timestamp cutoff = TemporalSplit.cutoff(joined, "registered_at", holdoutMonths);
    TemporalSplit.Parts parts = TemporalSplit.split(joined, "registered_at", cutoff);
    FeatureSpace space = FeatureSpace.fit(parts.training(), FeatureColumns.fromSchema(episodes.schema()));
    GBTRegressionModel ceiling = new GBTRegressor().setFeaturesCol(FeatureSpace.TREE_FEATURES)
        .setLabelCol("true_cate").setMaxIter(100).setMaxDepth(5).setStepSize(0.1).setMinInstancesPerNode(50)
        .setSubsamplingRate(0.8).setMaxBins(64).setSeed(7).fit(space.transform(parts.training()));
    Dataset<Row> scored = ceiling.setPredictionCol("cate").transform(space.transform(parts.holdout()))
        .withColumn("contact", when(col("cate").gt(0), 1.0).otherwise(lit(0.0)));
    OracleComparison.Result r = OracleComparison.of(scored, "cate", "contact", "action", "p1", "p0");
    System.out.printf(Locale.ROOT, "ceiling day %d: n %d pearson %.3f spearman %.3f mean_cate %.4f true_ate %.4f "
            + "slope %.2f share %.1f%% V_learned %.4f V_exist %.4f V_all %.4f V_none %.4f V_oracle %.4f "
            + "gain/ex %.2f gain/all %.2f%n", day, r.rows(), r.pearson(), r.spearman(), r.meanCate(), r.trueAte(),
        r.trueSlope().value(), 100 * r.recommendedShareContacted(), r.recommendedValue(), r.existingValue(),
        r.contactAllValue(), r.contactNoneValue(), r.oracleValue(), r.gainShareOverExisting(),
        r.gainShareOverContactAll());
    spark.stop();
  }
}
