package io.upliftsuite.bench;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.upliftsuite.config.SuiteConfig;
import io.upliftsuite.evaluation.OpeEstimator;
import io.upliftsuite.evaluation.Interval;
import io.upliftsuite.evaluation.OffPolicyEvaluation;
import io.upliftsuite.evaluation.OffPolicyResult;
import io.upliftsuite.evaluation.OutcomeModel;
import io.upliftsuite.evaluation.Policy;
import io.upliftsuite.evaluation.SyntheticPredictions;
import io.upliftsuite.spark.SparkSessions;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Coverage of the off-policy intervals on {@link SyntheticPredictions} (common's test-jar) over many seeds (run by
 * {@code scripts/bench/ope-coverage}): for each seed, does the 95% interval of the recommended policy's value (and of
 * its added value over the existing policy) cover the true value computed from the known potential outcomes?
 * Prints one line per seed, then the coverage per estimator against the nominal 0.95 and the cost of the bootstrap
 * relative to a single pass computing the DR point estimate alone, measured in the same run.
 *
 * <p>Arguments: seeds rows replicates [cateNoise].
 */
public final class OpeCoverageStudy {
  private OpeCoverageStudy() {}

  public static void main(String[] args) {
    int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
    long rows = args.length > 1 ? Long.parseLong(args[1]) : 5000;
    int replicates = args.length > 2 ? Integer.parseInt(args[2]) : 200;
    double noise = args.length > 3 ? Double.parseDouble(args[3]) : 0.05;
    SparkSession spark = SparkSessions.create(SuiteConfig.defaults(), "ope-coverage");
    int[] covered = new int[OpeEstimator.values().length];
    int[] coveredAdded = new int[OpeEstimator.values().length];
    double widthDr = 0;
    double bootstrapSeconds = 0;
    double pointSeconds = 0;
    Column contact = when(col("cate").gt(0), 1.0).otherwise(0.0);
    // The population values: one large independent sample (the per-seed truth is the sample's own mean of potential
    // outcomes, which an interval that also carries covariate-sampling variance covers more often than 95%).
    Row population = SyntheticPredictions.generate(spark, Math.min(400_000L, rows * 50), 999_999L, noise, 1)
        .agg(avg(contact.multiply(col("p_delivery_90d_contact"))
                .plus(lit(1.0).minus(contact).multiply(col("p_delivery_90d_no_contact")))),
            avg(col("propensity").multiply(col("p_delivery_90d_contact"))
                .plus(lit(1.0).minus(col("propensity")).multiply(col("p_delivery_90d_no_contact"))))).first();
    double populationValue = population.getDouble(0);
    double populationAdded = populationValue - population.getDouble(1);
    int[] coveredPopulation = new int[OpeEstimator.values().length];
    for (int s = 1; s <= seeds; s++) {
      long seed = 1000L + s;
      Dataset<Row> data = SyntheticPredictions.generate(spark, rows, seed, noise, 1)
          .withColumn("row_seed", xxhash64(col("item_id"), col("decision_day"), lit(seed)))
          .withColumn("mu1", OutcomeModel.mu1("baseline_score", "cate", "propensity"))
          .withColumn("mu0", OutcomeModel.mu0("baseline_score", "cate", "propensity"))
          .cache();
      Row truth = data.agg(
          avg(contact.multiply(col("p_delivery_90d_contact"))
              .plus(lit(1.0).minus(contact).multiply(col("p_delivery_90d_no_contact")))),
          avg(col("propensity").multiply(col("p_delivery_90d_contact"))
              .plus(lit(1.0).minus(col("propensity")).multiply(col("p_delivery_90d_no_contact"))))).first();
      double trueValue = truth.getDouble(0);
      double trueAdded = trueValue - truth.getDouble(1);

      long t0 = System.nanoTime();
      Column dr = contact.multiply(col("mu1")).plus(lit(1.0).minus(contact).multiply(col("mu0")))
          .plus(when(col("action").equalTo(1), contact.divide(col("propensity")).multiply(col("outcome_90d").minus(col("mu1"))))
              .otherwise(lit(1.0).minus(contact).divide(lit(1.0).minus(col("propensity")))
                  .multiply(col("outcome_90d").minus(col("mu0")))));
      double pointOnly = data.agg(avg(dr)).first().getDouble(0);
      long t1 = System.nanoTime();
      OffPolicyResult r = OffPolicyEvaluation.of(data).columns("action", "outcome_90d", "propensity", "mu1", "mu0")
          .replicates(replicates).policies(List.of(new Policy("recommended", contact),
              new Policy("existing", col("propensity")))).execute();
      long t2 = System.nanoTime();
      if (s > 1) { // the first seed warms up the JVM and Spark's code generation
        pointSeconds += (t1 - t0) / 1e9;
        bootstrapSeconds += (t2 - t1) / 1e9;
      }
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "seed %d: true value %.4f, added %.4f;",
          seed, trueValue, trueAdded));
      for (OpeEstimator e : OpeEstimator.values()) {
        Interval v = r.estimate("recommended", e);
        Interval a = r.contrast("recommended", "existing", e, 0);
        covered[e.ordinal()] += v.covers(trueValue) ? 1 : 0;
        coveredAdded[e.ordinal()] += a.covers(trueAdded) ? 1 : 0;
        coveredPopulation[e.ordinal()] += v.covers(populationValue) ? 1 : 0;
        if (e == OpeEstimator.DR) {
          widthDr += v.width();
          if (Math.abs(v.value() - pointOnly) > 1e-9) {
            throw new IllegalStateException("DR point estimate differs from the direct computation: " + v.value()
                + " vs " + pointOnly);
          }
        }
        line.append(String.format(Locale.ROOT, " %s %.4f [%.4f, %.4f]%s", e.label(), v.value(), v.low(), v.high(),
            v.covers(trueValue) ? "" : " MISS"));
      }
      System.out.println(line);
      data.unpersist();
    }
    System.out.printf(Locale.ROOT, "%nOPE coverage over %d seeds (%d rows, %d Poisson bootstrap replicates, CATE noise %.3f)%n",
        seeds, rows, replicates, noise);
    for (OpeEstimator e : OpeEstimator.values()) {
      double c = (double) covered[e.ordinal()] / seeds;
      double ca = (double) coveredAdded[e.ordinal()] / seeds;
      double cp = (double) coveredPopulation[e.ordinal()] / seeds;
      System.out.printf(Locale.ROOT, "  %-5s value coverage %.3f (ratio to nominal 0.95: %.3f); added-value coverage"
          + " %.3f (ratio %.3f); coverage of the population value %.4f: %.3f (ratio %.3f)%n", e.label(), c, c / 0.95,
          ca, ca / 0.95, populationValue, cp, cp / 0.95);
    }
    System.out.printf(Locale.ROOT, "  mean DR interval width %.4f; population added value %.4f%n", widthDr / seeds,
        populationAdded);
    if (seeds > 1) {
      System.out.printf(Locale.ROOT, "  time: bootstrap OPE (2 policies x %d replicates) %.2f s/seed vs DR point "
          + "estimate alone %.2f s/seed: ratio %.2f%n", replicates, bootstrapSeconds / (seeds - 1),
          pointSeconds / (seeds - 1), bootstrapSeconds / pointSeconds);
    }
    spark.stop();
  }
}
