package io.upliftsuite.learners.meta;

import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.upliftsuite.forest.UpliftRandomForestClassifier;
import io.upliftsuite.forest.UpliftRandomForestModel;
import io.upliftsuite.spark.InputValidationException;
import io.upliftsuite.testing.SparkTestSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.RandomForestClassifier;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.regression.RandomForestRegressor;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Spark ML conventions: persistence, pipelines, determinism, the forest as response model, input errors. */
class MetaLearnerApiTest {
  private static Dataset<Row> data;

  @BeforeAll
  static void data() {
    data = ConfoundedData.generate(SparkTestSession.get(), ConfoundedData.Kind.BINARY, 1500, 3).cache();
  }

  @AfterAll
  static void release() {
    data.unpersist();
  }

  private static RandomForestClassifier smallClassifier() {
    return new RandomForestClassifier().setNumTrees(5).setMaxDepth(3);
  }

  private static RandomForestRegressor smallRegressor() {
    return new RandomForestRegressor().setNumTrees(5).setMaxDepth(3).setMinInstancesPerNode(20);
  }

  /** The CATEs by id, in id order. */
  private static List<List<Object>> uplift(Dataset<Row> scored) {
    List<List<Object>> out = new ArrayList<>();
    for (Row r : scored.select(col("id"), vector_to_array(col("uplift"), "float64")).orderBy("id").collectAsList()) {
      out.add(r.getList(1));
    }
    return out;
  }

  /** Every param of {@code a} has the same set/default state and the same JSON value in {@code b}. */
  @SuppressWarnings("unchecked")
  private static void assertSameParams(Params a, Params b) {
    assertThat(b.params().length).isEqualTo(a.params().length);
    for (Param<?> p : a.params()) {
      Param<Object> q = (Param<Object>) b.getParam(p.name());
      assertThat(b.isSet(q)).as(p.name()).isEqualTo(a.isSet(p));
      assertThat(q.jsonEncode(b.getOrDefault(q))).as(p.name())
          .isEqualTo(((Param<Object>) p).jsonEncode(a.getOrDefault(p)));
    }
  }

  @Test
  void everyLearnerSavesAndLoadsWithItsPredictionsAndParams() throws Exception {
    Path dir = SparkTestSession.tempDir("meta-io");
    List<MetaLearner<?, ?>> learners = List.of(
        new SLearner().setLabelCol("y").setOutcomeClassifier(smallClassifier()).setSeed(1),
        new TLearner().setLabelCol("y").setOutcomeClassifier(new UpliftRandomForestClassifier().setNumTrees(3)
            .setMaxDepth(3)).setSeed(2),
        new XLearner().setLabelCol("y").setOutcomeClassifier(smallClassifier()).setEffectRegressor(smallRegressor())
            .setPropensityUpperBound(0.9).setSeed(3),
        new DRLearner().setLabelCol("y").setNumFolds(2).setOutcomeClassifier(smallClassifier())
            .setEffectRegressor(smallRegressor()).setSeed(4));
    for (MetaLearner<?, ?> learner : learners) {
      String name = learner.getClass().getSimpleName();
      MetaLearnerModel<?> model = learner.fit(data);
      model.write().overwrite().save(dir.resolve(name + "-model").toString());
      MetaLearnerModel<?> loaded = switch (name) {
        case "SLearner" -> SLearnerModel.load(dir.resolve(name + "-model").toString());
        case "TLearner" -> TLearnerModel.load(dir.resolve(name + "-model").toString());
        case "XLearner" -> XLearnerModel.load(dir.resolve(name + "-model").toString());
        default -> DRLearnerModel.load(dir.resolve(name + "-model").toString());
      };
      assertThat(loaded.getClass()).isEqualTo(model.getClass());
      assertThat(loaded.uid()).isEqualTo(model.uid());
      assertThat(loaded.arms()).containsExactly("0", "1");
      assertThat(loaded.binaryOutcome()).isTrue();
      assertThat(loaded.models().keySet()).as(name).containsExactlyElementsOf(model.models().keySet());
      if (name.equals("TLearner")) {
        assertThat(loaded.models().get("outcome_forest")).isInstanceOf(UpliftRandomForestModel.class);
      }
      assertSameParams(model, loaded);
      List<List<Object>> expected = uplift(model.transform(data));
      assertThat(uplift(loaded.transform(data))).as(name).isEqualTo(expected);
      assertThat(expected).hasSize(1500);
      assertThat(data.columns()).isSubsetOf(model.transform(data).columns());

      learner.write().overwrite().save(dir.resolve(name).toString());
      Estimator<?> reread = (Estimator<?>) org.apache.spark.ml.util.DefaultParamsReader$.MODULE$
          .loadParamsInstance(dir.resolve(name).toString(), SparkTestSession.get());
      assertThat(reread.getClass()).isEqualTo(learner.getClass());
      assertSameParams(learner, reread);
    }
  }

  @Test
  void drLearnerRunsInAPipelineAfterAVectorAssemblerAndIsDeterministicBySeed() throws Exception {
    Dataset<Row> columns = data.select(col("id"), col("treatment"), col("y"),
        vector_to_array(col("features"), "float64").getItem(0).as("x1"), vector_to_array(col("features"), "float64").getItem(1).as("x2"),
        vector_to_array(col("features"), "float64").getItem(2).as("x3"), vector_to_array(col("features"), "float64").getItem(3).as("x4"));
    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
        new VectorAssembler().setInputCols(new String[] {"x1", "x2", "x3", "x4"}).setOutputCol("features"),
        new DRLearner().setLabelCol("y").setNumFolds(2).setSeed(8).setOutcomeClassifier(smallClassifier())
            .setEffectRegressor(smallRegressor())});
    PipelineModel first = pipeline.fit(columns);
    PipelineModel second = pipeline.fit(columns);
    List<List<Object>> expected = uplift(first.transform(columns));
    // same data and seed, same model: up to the summation order of Spark's aggregations (task completion order
    // decides it, e.g. in LogisticRegression's treeAggregate), which moves results by ~1e-16
    List<List<Object>> again = uplift(second.transform(columns));
    assertThat(again).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      assertThat((Double) again.get(i).get(0)).as("row %s", i)
          .isCloseTo((Double) expected.get(i).get(0), org.assertj.core.api.Assertions.within(1e-9));
    }

    Path dir = SparkTestSession.tempDir("meta-pipeline");
    first.write().overwrite().save(dir.toString());
    PipelineModel loaded = PipelineModel.load(dir.toString());
    assertThat(loaded.stages()[1]).isInstanceOf(DRLearnerModel.class);
    assertThat(uplift(loaded.transform(columns))).isEqualTo(expected);
  }

  /** The T-learner with an uplift forest as response model uses the forest's per-arm leaf estimates. */
  @Test
  void tLearnerWithTheForestEqualsTheForest() {
    UpliftRandomForestClassifier forest = new UpliftRandomForestClassifier().setNumTrees(3).setMaxDepth(3)
        .setSeed(17).setTreatmentCol("treatment").setLabelCol("y");
    List<List<Object>> direct = uplift(forest.fit(data).transform(data));
    List<List<Object>> viaT = uplift(new TLearner().setLabelCol("y").setOutcomeClassifier(forest).setSeed(17)
        .fit(data).transform(data));
    assertThat(viaT).isEqualTo(direct);
  }

  @Test
  void badInputNamesTheColumnAndTheOffendingRows() {
    Dataset<Row> nullArm = data.withColumn("treatment", when(col("id").lt(3), lit(null)).otherwise(col("treatment")));
    assertThatThrownBy(() -> new TLearner().setLabelCol("y").fit(nullArm))
        .isInstanceOf(InputValidationException.class)
        .hasMessage("Invalid input in table 'training data', column 'treatment': null values are not allowed "
            + "(3 offending rows)");
    Dataset<Row> count = data.withColumn("y", when(col("id").lt(2), lit(2.0)).otherwise(col("y")));
    assertThatThrownBy(() -> new TLearner().setLabelCol("y").setOutcomeType("binary").fit(count))
        .hasMessage("Invalid input in table 'training data', column 'y': outcome must be 0 or 1 with outcomeType "
            + "binary (2 offending rows)");
    assertThatThrownBy(() -> new TLearner().setLabelCol("y").setControlLabel("none").fit(data))
        .hasMessageContaining("no rows with the control label 'none'");
    assertThatThrownBy(() -> new SLearner().setLabelCol("y").setOutcomeClassifier(new UpliftRandomForestClassifier())
        .fit(data)).hasMessageStartingWith("The S-learner's response model takes the treatment as a feature");
    assertThatThrownBy(() -> new DRLearner().setLabelCol("y").setPropensityCol("p1")
        .fit(data.withColumn("treatment", when(col("id").lt(100), lit(2)).otherwise(col("treatment")))))
        .hasMessageStartingWith("propensityCol p1 holds one number per row, but the data has 3 arms");
    assertThatThrownBy(() -> new XLearner().setLabelCol("y").fit(data.withColumn("uplift", lit(1.0))))
        .hasMessage("Output column uplift already exists in the input");
    assertThatThrownBy(() -> new DRLearner().setPropensityLowerBound(0.6))
        .hasMessageContaining("propensityLowerBound");
  }
}
