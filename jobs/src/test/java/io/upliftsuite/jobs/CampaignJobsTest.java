package io.upliftsuite.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.upliftsuite.testing.SparkTestSession;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The campaign chain through the command line: simulate-campaign, campaign-models, allocate, evaluate-campaign exit
 * 0 and write their tables; constraints that cannot be met fail allocate with the constraint and the best value
 * reachable, and leave the policies as they were; the generated-scores switch is gone.
 */
class CampaignJobsTest {

  private static String[] args(String job, Path root, String... extra) {
    List<String> a = new ArrayList<>(List.of(job, "--run-date", "2026-03-01", "--set", "warehouse.root=" + root,
        "--set", "campaign.simulate.partitions=2", "--set", "campaign.models.forest.num-trees=4",
        "--set", "campaign.models.forest.max-depth=3", "--set", "campaign.evaluation.bootstrap-replicates=30",
        "--set", "allocation.core-size=40"));
    a.addAll(List.of(extra));
    return a.toArray(String[]::new);
  }

  @Test
  void theChainRunsAndAnImpossibleConstraintFailsAllocateWithoutWriting() {
    SparkSession spark = SparkTestSession.get();
    Path root = SparkTestSession.tempDir("campaign-jobs");
    assertThat(Suite.run(args("simulate-campaign", root, "--customers", "3000"))).isZero();
    assertThat(Suite.run(args("campaign-models", root))).isZero();
    assertThat(Suite.run(args("allocate", root))).isZero();
    assertThat(Suite.run(args("evaluate-campaign", root))).isZero();
    long scores = spark.read().format("delta").load(root.resolve("campaign/scores").toString()).count();
    String policiesPath = root.resolve("allocation/policies").toString();
    assertThat(spark.read().format("delta").load(policiesPath).count()).isEqualTo(scores);
    assertThat(spark.read().format("delta").load(root.resolve("campaign/evaluations").toString())
        .where("policy = 'allocated' and measure = 'value' and outcome = 'revenue'").count()).isEqualTo(3);
    long version = spark.sql("DESCRIBE HISTORY delta.`" + policiesPath + "`").count();

    // No reward budget at all, but sales no lower than everyone on the biggest reward: impossible together.
    StringWriter err = new StringWriter();
    int code = Suite.run(new PrintWriter(err, true), args("allocate", root, "--set",
        "allocation.constraints=[{name = no_rewards, metric = reward_cost, max = 0}, "
            + "{name = sales_floor, metric = sales, min-ratio = 1.0, relative-to = reward_20}]"));
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("Allocation constraint 'sales_floor' cannot be met")
        .contains("no assignment reaches more than");
    assertThat(spark.sql("DESCRIBE HISTORY delta.`" + policiesPath + "`").count()).isEqualTo(version);

    assertThat(Suite.run(new PrintWriter(new StringWriter(), true), args("allocate", root, "--generate-scores",
        "100"))).isEqualTo(2);
  }
}
