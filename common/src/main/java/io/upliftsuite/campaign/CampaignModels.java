package io.upliftsuite.campaign;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import com.typesafe.config.Config;
import io.upliftsuite.config.SuiteConfig;
import io.upliftsuite.config.SuiteConfigException;
import io.upliftsuite.forest.ForestSchemas;
import io.upliftsuite.forest.UpliftForestEstimator;
import io.upliftsuite.forest.UpliftRandomForestModel;
import io.upliftsuite.spark.DeltaTables;
import io.upliftsuite.spark.RowOrder;
import io.upliftsuite.spark.TableIO;
import io.upliftsuite.spark.Tables;
import io.upliftsuite.spark.WriteContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.functions;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code campaign-models} action: multi-arm uplift forests of every configured outcome on the experiment's
 * training split, and the scores table for the customers to allocate.
 *
 * <p>Steps: read and validate the experiment table ({@link ExperimentTable}); split it ({@link CampaignSplit});
 * index categorical features and assemble the feature vector (fitted on the training split); fit one forest per
 * outcome (a KL classifier for a binary outcome, the causal-MSE regressor for a continuous one; honest if configured)
 * and save each as a Spark ML pipeline (feature preparation + forest) under the model folder; score the chosen split
 * and write {@code campaign_scores}: customer id, the carried columns, and per outcome o the predicted control outcome
 * {@code o_control} and the predicted uplift of every offer {@code o_uplift_<arm>}. Everything is validated before
 * anything is fitted; the scores table is written with one atomic overwrite.
 */
public final class CampaignModels {
  private static final Logger LOG = LoggerFactory.getLogger(CampaignModels.class);
  public static final String SCORES = "campaign_scores";
  static final String FEATURES = "__campaign_features";
  static final String SPLIT = "split";

  /** What a run did: rows per split, the model folder per outcome, the scored rows and the seconds it took. */
  public record Result(long trainRows, long scoredRows, Map<String, String> models, double seconds) {}

  private final SparkSession spark;
  private final SuiteConfig config;
  private final Tables tables;

  private CampaignModels(SparkSession spark, SuiteConfig config, Tables tables) {
    this.spark = spark;
    this.config = config;
    this.tables = tables;
  }

  public static CampaignModels on(SparkSession spark, SuiteConfig config, Tables tables) {
    return new CampaignModels(spark, config, tables);
  }

  /** Column names of the scores table for an outcome. */
  public static String controlColumn(String outcome) {
    return outcome + "_control";
  }

  public static String upliftColumn(String outcome, String arm) {
    return outcome + "_uplift_" + arm;
  }

  public Result execute(WriteContext context) {
    long start = System.nanoTime();
    CampaignSettings s = CampaignSettings.from(config);
    Config m = config.section("campaign.models");
    String scoreSplit = m.getString("score-split");
    if (!scoreSplit.equals("test") && !scoreSplit.equals("all")) {
      throw new SuiteConfigException("campaign.models.score-split must be test or all, got '" + scoreSplit + "'");
    }
    List<String> carry = m.getStringList("carry-columns");
    Dataset<Row> raw = TableIO.read(spark, tables.location(ExperimentTable.NAME), ExperimentTable.contract(s));
    io.upliftsuite.spark.TableChecks.of(ExperimentTable.NAME, raw).hasColumns(carry.toArray(String[]::new));
    ExperimentTable.Validated experiment = ExperimentTable.validate(raw, ExperimentTable.NAME, s);
    Dataset<Row> rows = experiment.rows();
    for (String c : carry) {
      if (!java.util.Arrays.asList(rows.columns()).contains(c)) {
        rows = rows.withColumn(c, raw.col("`" + c + "`"));
      }
    }
    rows = rows.withColumn(SPLIT, CampaignSplit.name(s))
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      // in an order the customer ids decide, not the order the experiment's files were listed in: the forests bag
      // rows by position
      Dataset<Row> train = RowOrder.byKeys(rows.where(col(SPLIT).equalTo("train")), s.customerIdColumn());
      long trainRows = train.count();
      if (trainRows == 0) {
        throw new SuiteConfigException("campaign.train-share " + s.trainShare() + " leaves no customer of "
            + experiment.count() + " in the training split");
      }
      LOG.info("campaign-models: {} customers ({} training), arms {}", experiment.count(), trainRows,
          experiment.armCounts());
      PipelineModel prep = featurePipeline(s).fit(train);
      Dataset<Row> trainPrepared = prep.transform(train).persist(StorageLevel.MEMORY_AND_DISK());
      Dataset<Row> population = prep.transform(scoreSplit.equals("test") ? rows.where(col(SPLIT).notEqual("train"))
          : rows);
      String folder = tables.modelsDir() + "/" + m.getString("model-folder") + "/" + context.runDate();
      Map<String, String> saved = new LinkedHashMap<>();
      try {
        for (CampaignOutcome o : s.outcomes()) {
          UpliftForestEstimator<?> forest = CampaignForests.forOutcome(o, s, m.getConfig("forest"), FEATURES);
          long t = System.nanoTime();
          UpliftRandomForestModel model = forest.fit(trainPrepared);
          checkArms(model, s, o);
          LOG.info("campaign-models: {} forest ({} trees, {} nodes) in {} s", o.name(), model.getNumTreesInModel(),
              model.totalNumNodes(), String.format("%.1f", (System.nanoTime() - t) / 1e9));
          String path = folder + "/" + o.name();
          save(prep, model, train, path);
          saved.put(o.name(), path);
          population = scores(model, population, o, s);
        }
      } finally {
        trainPrepared.unpersist(false);
      }
      List<Column> out = new ArrayList<>();
      out.add(col(ExperimentTable.q(s.customerIdColumn())));
      out.add(col(SPLIT));
      for (String c : carry) {
        out.add(col("`" + c + "`"));
      }
      for (CampaignOutcome o : s.outcomes()) {
        out.add(col(controlColumn(o.name())));
        for (CampaignArm a : s.offers()) {
          out.add(col(upliftColumn(o.name(), a.name())));
        }
      }
      Dataset<Row> scores = population.select(out.toArray(Column[]::new));
      DeltaTables.overwrite(scores, tables.location(SCORES), List.of(), context);
      long scored = TableIO.read(spark, tables.location(SCORES)).count();
      return new Result(trainRows, scored, saved, (System.nanoTime() - start) / 1e9);
    } finally {
      rows.unpersist(false);
    }
  }

  /** Categorical features indexed (unseen categories get their own index), then everything assembled. */
  private static Pipeline featurePipeline(CampaignSettings s) {
    List<PipelineStage> stages = new ArrayList<>();
    List<String> assembled = new ArrayList<>();
    for (CampaignFeature f : s.features()) {
      if (f.categorical()) {
        stages.add(new StringIndexer().setInputCol(f.name()).setOutputCol(f.name() + "__index")
            .setHandleInvalid("keep").setStringOrderType("alphabetAsc"));
        assembled.add(f.name() + "__index");
      } else {
        assembled.add(f.name());
      }
    }
    stages.add(new VectorAssembler().setInputCols(assembled.toArray(String[]::new)).setOutputCol(FEATURES));
    return new Pipeline().setStages(stages.toArray(PipelineStage[]::new));
  }

  private static void checkArms(UpliftRandomForestModel model, CampaignSettings s, CampaignOutcome o) {
    if (!new java.util.HashSet<>(model.arms()).equals(new java.util.HashSet<>(s.armNames()))) {
      throw new IllegalStateException("the " + o.name() + " forest learned arms " + model.arms()
          + " but the experiment has " + s.armNames() + " (an arm without training rows?)");
    }
  }

  /** The feature preparation and the forest as one pipeline: PipelineModel.load(path) scores new customers. */
  private static void save(PipelineModel prep, UpliftRandomForestModel forest, Dataset<Row> schemaSource,
      String path) {
    List<PipelineStage> stages = new ArrayList<>(List.of(prep.stages()));
    stages.add(forest);
    // A pipeline of fitted transformers only: fit() checks the schemas and wraps them, it reads no data.
    PipelineModel pipeline = new Pipeline().setStages(stages.toArray(PipelineStage[]::new)).fit(schemaSource);
    try {
      pipeline.write().overwrite().save(path);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot save the model to " + path + ": " + e.getMessage(), e);
    }
  }

  /** Adds o_control and o_uplift_<arm> from the forest's per-arm outcomes (arms in the model's order). */
  private static Dataset<Row> scores(UpliftRandomForestModel model, Dataset<Row> rows, CampaignOutcome o,
      CampaignSettings s) {
    Dataset<Row> scored = model.transform(rows);
    Column outcomes = functions.vector_to_array(col(ForestSchemas.ARM_OUTCOMES), "float64");
    List<String> arms = model.arms();
    int control = arms.indexOf(s.control().name());
    scored = scored.withColumn(controlColumn(o.name()), outcomes.getItem(control));
    for (CampaignArm a : s.offers()) {
      scored = scored.withColumn(upliftColumn(o.name(), a.name()),
          outcomes.getItem(arms.indexOf(a.name())).minus(outcomes.getItem(control)));
    }
    return scored.drop(ForestSchemas.ARM_OUTCOMES, ForestSchemas.UPLIFT, ForestSchemas.BEST_ARM);
  }
}
