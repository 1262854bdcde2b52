package io.upliftsuite.forest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.upliftsuite.spark.InputValidationException;
import io.upliftsuite.testing.SparkTestSession;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamPair;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The estimator and model through Spark: modes, determinism, weights, arms, persistence, pipelines, bad input. */
class UpliftRandomForestTest {
  private static SparkSession spark;
  private static Dataset<Row> twoArms;

  @BeforeAll
  static void data() {
    spark = SparkTestSession.get();
    twoArms = new UpliftDataGenerator(5, 2, 7).generate(spark, 0, 4000, 2).cache();
  }

  private static UpliftRandomForestClassifier forest() {
    return new UpliftRandomForestClassifier().setTreatmentCol("treatment").setLabelCol("outcome")
        .setNumTrees(4).setMaxDepth(3).setMinInstancesPerNode(50).setMinTreatmentInstances(10).setMaxBins(16)
        .setSeed(11);
  }

  private static String dump(UpliftRandomForestModel m) {
    StringBuilder sb = new StringBuilder();
    for (int t = 0; t < m.getNumTreesInModel(); t++) {
      sb.append(m.treeToString(t));
    }
    return sb.toString();
  }

  @Test
  void distributedAndLocalModesGrowTheSameTrees() {
    UpliftRandomForestModel distributed = forest().setTrainingMode("distributed").setMaxMemoryInMB(1).fit(twoArms);
    UpliftRandomForestModel local = forest().setTrainingMode("local").fit(twoArms);
    assertThat(distributed.totalNumNodes()).isGreaterThan(4);
    assertThat(dump(local)).isEqualTo(dump(distributed));
  }

  @Test
  void smallAutoFitInOneTaskGrowsTheTreesOfTheOtherModes() {
    UpliftRandomForestModel auto = forest().setTrainingMode("auto").fit(twoArms);
    UpliftRandomForestModel local = forest().setTrainingMode("local").fit(twoArms);
    assertThat(dump(auto)).isEqualTo(dump(local));
  }

  @Test
  void ensembleFitGrowsTheTreesOfSeparateFitsWithTheSameSeeds() {
    long[] seeds = {11, 1011, 2011};
    for (String mode : new String[] {"auto", "local", "distributed"}) {
      UpliftRandomForestClassifier estimator = forest().setTrainingMode(mode).setMaxMemoryInMB(1).setHonesty(
          mode.equals("local"));
      List<UpliftRandomForestModel> grouped = estimator.fitEnsemble(twoArms, seeds);
      assertThat(grouped).hasSize(3);
      for (int e = 0; e < seeds.length; e++) {
        UpliftRandomForestModel separate = estimator.copy(org.apache.spark.ml.param.ParamMap.empty())
            .setSeed(seeds[e]).fit(twoArms);
        assertThat(dump(grouped.get(e))).as("forest %d, %s mode", e, mode).isEqualTo(dump(separate));
        assertThat(grouped.get(e).getSeed()).isEqualTo(seeds[e]);
        assertThat(grouped.get(e).featureImportances()).isEqualTo(separate.featureImportances());
      }
      assertThat(dump(grouped.get(0))).isNotEqualTo(dump(grouped.get(1)));
    }
  }

  @Test
  void sameSeedSameModelWhateverThePartitioningBeyondTheBinningSample() {
    // 12000 rows > the 10000-row binning sample, so the sample and the bags both come from row positions
    Dataset<Row> rows = new UpliftDataGenerator(5, 2, 9).generate(spark, 0, 12_000, 3).cache();
    UpliftRandomForestClassifier estimator = forest().setNumTrees(3).setMaxBins(64);
    String threeParts = dump(estimator.fit(rows));
    assertThat(rows.javaRDD().getNumPartitions()).isEqualTo(3);
    assertThat(dump(estimator.fit(rows.coalesce(1)))).isEqualTo(threeParts);
    assertThat(dump(estimator.copy(org.apache.spark.ml.param.ParamMap.empty()).setTrainingMode("distributed")
        .fit(rows.coalesce(2)))).isEqualTo(threeParts);
    rows.unpersist();
  }

  @Test
  void broadcastScorerPredictsWhatWalkingTheTreesPredicts() {
    UpliftRandomForestModel a = forest().fit(twoArms);
    UpliftRandomForestModel model = UpliftRandomForestModel.average(List.of(a, forest().setSeed(5).setNumTrees(3)
        .setFeatureSubsetStrategy("all").fit(twoArms)));
    List<Row> scored = model.transform(twoArms).select("features", "arm_outcomes", "uplift", "best_arm")
        .collectAsList();
    TreeNode[] trees = model.trees();
    double[] weights = model.treeWeights();
    int differentBest = 0;
    for (Row r : scored) {
      Vector x = r.getAs(0);
      // the reference: the per-node walk and arithmetic of the model's original UDFs
      double[] expected = new double[2];
      for (int t = 0; t < trees.length; t++) {
        double[] leaf = trees[t].leafFor(x).estimate;
        for (int k = 0; k < 2; k++) {
          expected[k] += weights[t] * leaf[k];
        }
      }
      assertThat(((Vector) r.getAs(1)).toArray()).containsExactly(expected);
      assertThat(((Vector) r.getAs(2)).toArray()).containsExactly(expected[1] - expected[0]);
      String best = expected[1] > expected[0] ? "1" : "0";
      assertThat(r.getString(3)).isEqualTo(best);
      differentBest += best.equals("1") ? 1 : 0;
    }
    assertThat(differentBest).as("both arms win somewhere").isBetween(1, scored.size() - 1);
  }

  @Test
  void sameSeedSameModelAndOtherSeedOtherModel() {
    String a = dump(forest().fit(twoArms));
    // bagging is seeded by (seed, tree, row position), so fewer partitions with the same row order change nothing
    assertThat(dump(forest().fit(twoArms.coalesce(1)))).as("independent of partitioning").isEqualTo(a);
    assertThat(dump(forest().setSeed(12).fit(twoArms))).isNotEqualTo(a);
  }

  @Test
  void learnsTheEffectThatTheGeneratorPlanted() {
    UpliftRandomForestModel model = forest().setNumTrees(8).setFeatureSubsetStrategy("all").fit(twoArms);
    // the effect is +0.15+0.1 x2 where x1 > 0.5 and -0.045+0.1 x2 elsewhere: x1 must be the top feature
    Vector imp = model.featureImportances();
    assertThat(imp.argmax()).as("importances %s", imp).isEqualTo(1);
    Row means = TestTables.upliftScores(model.transform(twoArms)).selectExpr("u0 as u", "x1", "true_cate")
        .selectExpr("avg(case when x1 > 0.5 then u end)", "avg(case when x1 <= 0.5 then u end)",
            "corr(u, true_cate)")
        .first();
    // true means: 0.15 + 0.1 E[x2] = 0.20 and -0.045 + 0.05 = 0.005; trees that did not split on x1 pull both toward
    // the overall mean (measured 0.055 for the low region with 4000 rows)
    assertThat(means.getDouble(0)).isCloseTo(0.20, within(0.05));
    assertThat(means.getDouble(1)).isCloseTo(0.005, within(0.07));
    assertThat(means.getDouble(0) - means.getDouble(1)).isGreaterThan(0.12);
    assertThat(means.getDouble(2)).isGreaterThan(0.8);
  }

  @Test
  void multiArmOutputsOneUpliftPerTreatmentAndTheBestArm() {
    Dataset<Row> data = new UpliftDataGenerator(5, 3, 5).generate(spark, 0, 6000, 2)
        .withColumn("arm", when(col("treatment").equalTo(0), lit("none"))
            .when(col("treatment").equalTo(1), lit("mail")).otherwise(lit("call")));
    UpliftRandomForestModel model = forest().setTreatmentCol("arm").setControlLabel("none").setNumTrees(6)
        .setFeatureSubsetStrategy("all").fit(data);
    assertThat(model.arms()).containsExactly("none", "call", "mail");
    Dataset<Row> scored = TestTables.upliftScores(model.transform(data)).cache();
    Row r = scored.first();
    assertThat(((Vector) r.getAs("arm_outcomes")).size()).isEqualTo(3);
    assertThat(((Vector) r.getAs("uplift")).size()).isEqualTo(2);
    // mail (arm 1) helps where x1 > 0.5, call (arm 2) where x2 > 0.5; elsewhere both hurt a little
    Row shares = scored.selectExpr(
        "avg(case when x1 > 0.5 and x2 <= 0.5 then cast(best_arm = 'mail' as int) end)",
        "avg(case when x2 > 0.5 and x1 <= 0.5 then cast(best_arm = 'call' as int) end)",
        "avg(case when x1 <= 0.5 and x2 <= 0.5 then u1 end)").first();
    assertThat(shares.getDouble(0)).isGreaterThan(0.8);
    assertThat(shares.getDouble(1)).isGreaterThan(0.8);
    assertThat(shares.getDouble(2)).isLessThan(0.05);
    scored.unpersist();
  }

  @Test
  void fitPerGroupGrowsOneForestPerGroupInOneJob() {
    // day 1 swaps the arms, so its effect has the opposite sign
    Dataset<Row> days = twoArms.withColumn("day", col("id").mod(2).cast("int"))
        .withColumn("treatment", when(col("day").equalTo(1), lit(1).minus(col("treatment")))
            .otherwise(col("treatment")));
    java.util.Map<String, UpliftRandomForestModel> models = forest().setFeatureSubsetStrategy("all")
        .fitPerGroup(days, "day");
    assertThat(models.keySet()).containsExactly("0", "1");
    double[] highX1 = new double[2];
    for (int d = 0; d < 2; d++) {
      UpliftRandomForestModel m = models.get(String.valueOf(d));
      assertThat(m.getNumTreesInModel()).isEqualTo(4);
      assertThat(m.getMaxDepth()).isEqualTo(3);
      highX1[d] = TestTables.upliftScores(m.transform(days.where("day = " + d)))
          .selectExpr("avg(case when x1 > 0.5 then u0 end)").first().getDouble(0);
    }
    assertThat(highX1[0]).isCloseTo(0.2, within(0.07));
    assertThat(highX1[1]).isCloseTo(-0.2, within(0.07));
  }

  @Test
  void integerWeightsEqualRepeatedRows() {
    Dataset<Row> small = twoArms.limit(1500).withColumn("w", col("id").mod(3).plus(1).cast("double")).cache();
    Dataset<Row> repeated = small.selectExpr("*", "explode(sequence(1, cast(w as int))) as copy").drop("copy");
    UpliftRandomForestClassifier noBagging = forest().setBootstrap(false).setSubsamplingRate(1.0)
        .setFeatureSubsetStrategy("all").setMaxBins(2000);
    UpliftRandomForestModel weighted = noBagging.copy(org.apache.spark.ml.param.ParamMap.empty()).setWeightCol("w")
        .fit(small);
    UpliftRandomForestModel copies = noBagging.fit(repeated);
    assertThat(dump(weighted)).isEqualTo(dump(copies));
    assertThat(weighted.totalNumNodes()).isGreaterThan(4);
  }

  @Test
  void persistenceRoundTripGivesIdenticalPredictionsAndParams() throws Exception {
    UpliftRandomForestModel model = forest().setHonesty(true).setCriterion("ED").setNReg(5).fit(twoArms);
    String path = SparkTestSession.tempDir("forest-model").resolve("m").toString();
    model.write().overwrite().save(path);
    UpliftRandomForestModel loaded = UpliftRandomForestModel.load(path);
    assertThat(loaded.uid()).isEqualTo(model.uid());
    assertThat(loaded.arms()).isEqualTo(model.arms());
    assertThat(loaded.featureImportances()).isEqualTo(model.featureImportances());
    for (ParamPair<?> pair : model.extractParamMap().toList()) {
      assertThat(loaded.getOrDefault(loaded.getParam(pair.param().name()))).as(pair.param().name())
          .isEqualTo(pair.value());
    }
    assertThat(dump(loaded)).isEqualTo(dump(model));
    List<Row> before = model.transform(twoArms).select("id", "arm_outcomes", "uplift", "best_arm").orderBy("id")
        .limit(500).collectAsList();
    List<Row> after = loaded.transform(twoArms).select("id", "arm_outcomes", "uplift", "best_arm").orderBy("id")
        .limit(500).collectAsList();
    assertThat(after).isEqualTo(before);
  }

  @Test
  void averagingModelsAveragesTheirPredictions() {
    UpliftRandomForestModel a = forest().fit(twoArms);
    UpliftRandomForestModel b = forest().setSeed(99).setNumTrees(2).fit(twoArms);
    UpliftRandomForestModel avg = UpliftRandomForestModel.average(List.of(a, b));
    assertThat(avg.getNumTreesInModel()).isEqualTo(6);
    Vector x = (Vector) twoArms.first().getAs("features");
    double[] pa = a.predictArmOutcomes(x);
    double[] pb = b.predictArmOutcomes(x);
    double[] p = avg.predictArmOutcomes(x);
    assertThat(p[1]).isCloseTo((pa[1] + pb[1]) / 2, within(1e-12));
    assertThat(p[0]).isCloseTo((pa[0] + pb[0]) / 2, within(1e-12));
  }

  @Test
  void worksInAPipelineAfterVectorAssemblerAndSavesAsOne() throws Exception {
    Dataset<Row> raw = twoArms.drop("features");
    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
        new VectorAssembler().setInputCols(new String[] {"x0", "x1", "x2", "x3", "x4"}).setOutputCol("features"),
        forest()});
    PipelineModel fitted = pipeline.fit(raw);
    String path = SparkTestSession.tempDir("forest-pipeline").resolve("p").toString();
    fitted.write().overwrite().save(path);
    PipelineModel loaded = PipelineModel.load(path);
    double before = TestTables.upliftScores(fitted.transform(raw)).selectExpr("sum(u0)").first().getDouble(0);
    double after = TestTables.upliftScores(loaded.transform(raw)).selectExpr("sum(u0)").first().getDouble(0);
    assertThat(after).isEqualTo(before);
    UpliftRandomForestClassifier estimator = forest().setCriterion("Chi");
    String estPath = SparkTestSession.tempDir("forest-estimator").resolve("e").toString();
    estimator.write().overwrite().save(estPath);
    assertThat(UpliftRandomForestClassifier.load(estPath).getCriterion()).isEqualTo("Chi");
  }

  @Test
  void categoricalFeaturesSplitBySetsOfCategories() {
    // category c in 0..5 of x5; the effect lives in categories {1, 4}
    Dataset<Row> data = twoArms.withColumn("cat", col("id").mod(6).cast("double"))
        .withColumn("outcome", when(col("cat").isin(1.0, 4.0).and(col("treatment").equalTo(1))
            .and(col("x3").lt(0.7)), lit(1)).otherwise(col("outcome")));
    org.apache.spark.ml.feature.VectorIndexerModel indexer = new org.apache.spark.ml.feature.VectorIndexer()
        .setInputCol("catv").setOutputCol("catf").setMaxCategories(6)
        .fit(new VectorAssembler().setInputCols(new String[] {"cat"}).setOutputCol("catv").transform(data));
    Dataset<Row> prepared = indexer.transform(
        new VectorAssembler().setInputCols(new String[] {"cat"}).setOutputCol("catv").transform(data));
    Dataset<Row> assembled = new VectorAssembler().setInputCols(new String[] {"catf", "x3"})
        .setOutputCol("features2").transform(prepared);
    UpliftRandomForestModel model = forest().setFeaturesCol("features2").setNumTrees(1).setMaxDepth(1)
        .setBootstrap(false).fit(assembled);
    Split split = model.trees()[0].split;
    assertThat(split.isCategorical()).isTrue();
    boolean[] left = split.leftCategories();
    assertThat(left[1]).isEqualTo(left[4]);
    for (int c : new int[] {0, 2, 3, 5}) {
      assertThat(left[c]).as("category " + c).isNotEqualTo(left[1]);
    }
  }

  @Test
  void badInputFailsNamingColumnAndCount() {
    assertThatThrownBy(() -> forest().setLabelCol("nope").fit(twoArms))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
    assertThatThrownBy(() -> forest().fit(twoArms.where("treatment = 1")))
        .isInstanceOf(InputValidationException.class).hasMessageContaining("'treatment'");
    assertThatThrownBy(() -> forest().fit(twoArms.withColumn("treatment",
            when(col("id").lt(3), lit(null)).otherwise(col("treatment")))))
        .hasMessageContaining("'treatment'").hasMessageContaining("(3 offending rows)");
    assertThatThrownBy(() -> forest().fit(twoArms.withColumn("outcome",
            when(col("id").lt(2), lit(2)).otherwise(col("outcome")))))
        .hasMessageContaining("'outcome'").hasMessageContaining("(2 offending rows)");
    assertThatThrownBy(() -> forest().fit(twoArms.withColumn("x0", when(col("id").equalTo(5), lit(Double.NaN))
            .otherwise(col("x0"))).drop("features").transform(
                d -> new VectorAssembler().setHandleInvalid("keep")
                    .setInputCols(new String[] {"x0", "x1"}).setOutputCol("features").transform(d))))
        .hasMessageContaining("'features'").hasMessageContaining("(1 offending row)");
    assertThatThrownBy(() -> forest().setCriterion("DDP").fit(new UpliftDataGenerator(5, 3, 1)
            .generate(spark, 0, 300, 1)))
        .hasMessageContaining("DDP");
  }
}
