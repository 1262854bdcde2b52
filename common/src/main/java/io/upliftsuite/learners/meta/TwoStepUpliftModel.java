package io.upliftsuite.learners.meta;

import static org.apache.spark.sql.functions.col;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsReader$;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A fitted {@link TwoStepUpliftEstimator}: stage 2's {@code uplift}, except that rows stage 1 calls lost causes
 * (P(lost cause) >= threshold) get {@link #lostCauseUplift()} (stage 2's training minimum minus the margin, per arm),
 * so they rank last — all tied, or with lostCauseOrder stage-two shifted further down by their stage-2 uplift's distance
 * below {@link #stageTwoMax()}, so they keep stage 2's order. Keeps every input column (and whatever else stage 2's model adds).
 * Persistence: {@code metadata/}, {@code data/two_step} (the lost-cause uplift and stage 2's maximum) and the stage models in
 * {@code models/lost_cause/} and {@code models/uplift/}.
 */
public final class TwoStepUpliftModel extends Model<TwoStepUpliftModel> implements TwoStepParams, MLWritable {
  private static final long serialVersionUID = 1L;
  static final String LOST_CAUSE_MODEL = "lost_cause";
  static final String UPLIFT_MODEL = "uplift";
  private static final String PROBABILITY = "__two_step_p_lost_cause";
  private static final StructType DATA_SCHEMA = new StructType()
      .add("lost_cause_uplift", DataTypes.createArrayType(DataTypes.DoubleType), false)
      .add("stage_two_max", DataTypes.createArrayType(DataTypes.DoubleType), false);

  private final String uid;
  private final ParamSet params;
  private final double[] lostCauseUplift;
  private final double[] stageTwoMax;
  private final Map<String, Model<?>> models;

  TwoStepUpliftModel(String uid, double[] lostCauseUplift, double[] stageTwoMax, Map<String, Model<?>> models) {
    this.uid = uid;
    this.params = new ParamSet(uid);
    params.setDefaults(this);
    this.lostCauseUplift = lostCauseUplift.clone();
    this.stageTwoMax = stageTwoMax.clone();
    this.models = new LinkedHashMap<>();
    this.models.put(LOST_CAUSE_MODEL, models.get(LOST_CAUSE_MODEL));
    this.models.put(UPLIFT_MODEL, models.get(UPLIFT_MODEL));
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public ParamSet twoStepParams() {
    return params;
  }

  /** The uplift every predicted lost cause gets (the highest one gets, with lostCauseOrder stage-two), per arm. */
  public double[] lostCauseUplift() {
    return lostCauseUplift.clone();
  }

  /** Stage 2's largest uplift over the training rows, per treatment arm. */
  public double[] stageTwoMax() {
    return stageTwoMax.clone();
  }

  /** Stage 1's fitted classifier of P(lost cause | x). */
  public Model<?> lostCauseModel() {
    return models.get(LOST_CAUSE_MODEL);
  }

  /** Stage 2's fitted uplift model. */
  public Model<?> upliftModel() {
    return models.get(UPLIFT_MODEL);
  }

  public TwoStepUpliftModel setLostCauseProbabilityCol(String v) {
    set(lostCauseProbabilityCol(), v == null ? "" : v);
    return this;
  }

  /** Adds stage 1's P(lost cause) as column {@code outCol} (also for rows whose uplift is not replaced). */
  public Dataset<Row> lostCauseProbability(Dataset<?> rows, String outCol) {
    return BaseLearner.predict(lostCauseModel(), rows.toDF(), getFeaturesCol(), outCol);
  }

  @Override
  @SuppressWarnings("unchecked")
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    Model<?> uplift = upliftModel();
    uplift = (Model<?>) uplift.copy(new ParamMap().put((Param<Object>) uplift.getParam("featuresCol"),
        getFeaturesCol()));
    Dataset<Row> scored = lostCauseProbability(uplift.transform(dataset), PROBABILITY);
    Vector floor = Vectors.dense(lostCauseUplift.clone());
    double[] floors = lostCauseUplift.clone();
    double[] tops = stageTwoMax.clone();
    double threshold = getLostCauseThreshold();
    boolean tied = TIED.equals(getLostCauseOrder());
    UDF2<Vector, Double, Vector> combine = (u, p) -> p < threshold ? u : tied ? floor : belowFloor(u, floors, tops);
    scored = scored.withColumn(MetaSchemas.UPLIFT, functions.udf(combine, SQLDataTypes.VectorType())
        .apply(col(MetaSchemas.UPLIFT), col(PROBABILITY)));
    return getLostCauseProbabilityCol().isEmpty() ? scored.drop(PROBABILITY)
        : scored.withColumnRenamed(PROBABILITY, getLostCauseProbabilityCol());
  }

  /**
   * A lost cause's uplift that keeps stage 2's order: the floor minus how far the row's stage-2 uplift lies below stage
   * 2's training maximum (a new row above that maximum gets the floor itself).
   */
  static Vector belowFloor(Vector u, double[] floors, double[] tops) {
    double[] out = new double[floors.length];
    for (int a = 0; a < out.length; a++) {
      out[a] = floors[a] - Math.max(0.0, tops[a] - u.apply(a));
    }
    return Vectors.dense(out);
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return validateAndTransform(this, schema, false);
  }

  static StructType validateAndTransform(TwoStepParams p, StructType schema, boolean fitting) {
    List<String> names = Arrays.asList(schema.fieldNames());
    String features = p.getFeaturesCol();
    if (!names.contains(features)) {
      throw new IllegalArgumentException("Can't find column " + features + " in " + names);
    }
    if (!schema.apply(features).dataType().sameType(SQLDataTypes.VectorType())) {
      throw new IllegalArgumentException("Column " + features + " must be a vector (e.g. from VectorAssembler) but is "
          + schema.apply(features).dataType().simpleString());
    }
    if (fitting) {
      for (String c : new String[] {p.getTreatmentCol(), p.getLabelCol()}) {
        if (!names.contains(c)) {
          throw new IllegalArgumentException("Can't find column " + c + " in " + names);
        }
      }
      if (!(schema.apply(p.getLabelCol()).dataType() instanceof NumericType)) {
        throw new IllegalArgumentException("Outcome column " + p.getLabelCol() + " must be numeric (0/1) but is "
            + schema.apply(p.getLabelCol()).dataType().simpleString());
      }
      if (!p.getWeightCol().isEmpty() && !names.contains(p.getWeightCol())) {
        throw new IllegalArgumentException("Can't find column " + p.getWeightCol() + " in " + names);
      }
    }
    if (names.contains(MetaSchemas.UPLIFT)) {
      throw new IllegalArgumentException("Output column " + MetaSchemas.UPLIFT + " already exists in the input");
    }
    StructType out = schema.add(MetaSchemas.UPLIFT, SQLDataTypes.VectorType(), false);
    return p.getLostCauseProbabilityCol().isEmpty() ? out
        : out.add(p.getLostCauseProbabilityCol(), DataTypes.DoubleType, false);
  }

  @Override
  public TwoStepUpliftModel copy(ParamMap extra) {
    TwoStepUpliftModel copy = new TwoStepUpliftModel(uid, lostCauseUplift, stageTwoMax, models);
    copyValues(copy, extra);
    return copy.setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new Writer(this);
  }

  public static MLReader<TwoStepUpliftModel> read() {
    return new Reader();
  }

  public static TwoStepUpliftModel load(String path) {
    return read().load(path);
  }

  private static final class Writer extends MLWriter {
    private final TwoStepUpliftModel model;

    Writer(TwoStepUpliftModel model) {
      this.model = model;
    }

    @Override
    public void saveImpl(String path) {
      SparkSession spark = sparkSession();
      DefaultParamsWriter$.MODULE$.saveMetadata(model, path, spark);
      spark.createDataFrame(List.of(RowFactory.create(model.lostCauseUplift, model.stageTwoMax)), DATA_SCHEMA).coalesce(1)
          .write().parquet(path + "/data/two_step");
      for (Map.Entry<String, Model<?>> e : model.models.entrySet()) {
        try {
          ((MLWritable) e.getValue()).write().save(path + "/models/" + e.getKey());
        } catch (java.io.IOException io) {
          throw new java.io.UncheckedIOException(io);
        }
      }
    }
  }

  private static final class Reader extends MLReader<TwoStepUpliftModel> {
    @Override
    public TwoStepUpliftModel load(String path) {
      SparkSession spark = sparkSession();
      DefaultParamsReader.Metadata metadata = DefaultParamsReader$.MODULE$.loadMetadata(path, spark,
          TwoStepUpliftModel.class.getName());
      Row data = spark.read().parquet(path + "/data/two_step").first();
      List<Object> values = CollectionConverters.asJava(data.<scala.collection.Seq<Object>>getAs(0));
      double[] floors = values.stream().mapToDouble(v -> (Double) v).toArray();
      double[] tops = CollectionConverters.asJava(data.<scala.collection.Seq<Object>>getAs(1)).stream()
          .mapToDouble(v -> (Double) v).toArray();
      Map<String, Model<?>> models = new LinkedHashMap<>();
      for (String name : List.of(LOST_CAUSE_MODEL, UPLIFT_MODEL)) {
        models.put(name, DefaultParamsReader$.MODULE$.loadParamsInstance(path + "/models/" + name, spark));
      }
      TwoStepUpliftModel model = new TwoStepUpliftModel(metadata.uid(), floors, tops, models);
      metadata.getAndSetParams(model, scala.Option.empty());
      return model;
    }
  }
}
