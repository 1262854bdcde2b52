package io.upliftsuite.explain;

import static org.assertj.core.api.Assertions.assertThat;

import io.upliftsuite.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * A policy that IS a depth-2 tree (contact iff stage in {label_sent} and hours > 30) is recovered exactly: fidelity 1
 * on held-out items, and the rules name the categories and the threshold.
 */
class PolicySurrogateTest {
  @Test
  void aTreeShapedPolicyIsRecoveredWithItsRules() {
    SparkSession spark = SparkTestSession.get();
    StructType schema = new StructType().add("item_id", DataTypes.StringType).add("stage", DataTypes.StringType)
        .add("hours", DataTypes.DoubleType).add("noise", DataTypes.IntegerType)
        .add("recommendation", DataTypes.StringType);
    Random random = new Random(3);
    List<Row> rows = new ArrayList<>();
    String[] stages = {"registered", "label_sent", "ready_to_ship"};
    for (int i = 0; i < 3000; i++) {
      String stage = i % 50 == 0 ? null : stages[random.nextInt(3)];
      double hours = Math.floor(random.nextDouble() * 60);
      boolean contact = "label_sent".equals(stage) && hours > 30;
      rows.add(RowFactory.create("I" + i, stage, hours, random.nextInt(5), contact ? "contact" : "no_contact"));
    }
    PolicySurrogate.Result r = PolicySurrogate.of(spark.createDataFrame(rows, schema))
        .features(List.of("hours", "noise"), List.of("stage")).maxDepth(3).minInstancesPerNode(5)
        .holdoutShare(0.3).seed(7).fit();

    // rows with a missing stage are never "label_sent", so the policy stays a tree over (stage, hours)
    assertThat(r.fidelity()).isEqualTo(1.0);
    assertThat(r.holdoutRows()).isBetween(800L, 1000L);
    assertThat(r.trainingRows() + r.holdoutRows()).isEqualTo(3000);
    assertThat(r.majorityBaseline()).isLessThan(1.0);
    List<PolicyRule> contact = r.rules().stream().filter(x -> x.decision().equals("contact")).toList();
    assertThat(contact).hasSize(1);
    // categories never seen in training (index "(unseen)") may go either way
    assertThat(contact.get(0).condition()).contains("stage in {label_sent").contains("hours > 30.5");
    assertThat(contact.get(0).contactShare()).isEqualTo(1.0);
    assertThat(r.rules().stream().mapToLong(PolicyRule::rows).sum()).isEqualTo(r.trainingRows());
    assertThat(r.tree().depth()).isLessThanOrEqualTo(3);
  }

  /**
   * A policy that does not depend on the features (contact with probability 0.7, drawn per row) has no tree to find:
   * the best explanation is the constant rule, and deeper trees only fit noise. The depth chosen on validation items
   * is 0, the one rule says "contact", and its held-out fidelity is the held-out contact share.
   */
  @Test
  void aPolicyThatIgnoresTheFeaturesIsExplainedByTheConstantRule() {
    SparkSession spark = SparkTestSession.get();
    StructType schema = new StructType().add("item_id", DataTypes.StringType).add("stage", DataTypes.StringType)
        .add("hours", DataTypes.DoubleType).add("recommendation", DataTypes.StringType);
    Random random = new Random(11);
    List<Row> rows = new ArrayList<>();
    String[] stages = {"registered", "label_sent", "ready_to_ship"};
    for (int i = 0; i < 600; i++) {
      rows.add(RowFactory.create("I" + i, stages[random.nextInt(3)], Math.floor(random.nextDouble() * 60),
          random.nextDouble() < 0.7 ? "contact" : "no_contact"));
    }
    PolicySurrogate.Result r = PolicySurrogate.of(spark.createDataFrame(rows, schema))
        .features(List.of("hours"), List.of("stage")).maxDepth(3).minInstancesPerNode(5).holdoutShare(0.3).seed(7)
        .fit();

    assertThat(r.depth()).isZero();
    assertThat(r.rules()).hasSize(1);
    assertThat(r.rules().get(0).decision()).isEqualTo("contact");
    assertThat(r.rules().get(0).condition()).isEqualTo("all rows");
    assertThat(r.tree().isLeaf()).isTrue();
    assertThat(r.fidelity()).isEqualTo(r.majorityBaseline());
    assertThat(r.trainingRows() + r.holdoutRows()).isEqualTo(600);
  }
}
