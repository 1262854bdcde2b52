package io.upliftsuite.learners.meta;

import static org.apache.spark.ml.functions.array_to_vector;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * The model half shared by the meta-learners: the arms (control first), the outcome type and the fitted stage
 * models by name. {@link #transform} keeps every input column and adds {@link MetaSchemas#UPLIFT} (one CATE per
 * treatment arm, in arm order); the concrete model says how one arm's CATE is computed from its stage models.
 * Persistence ({@link MetaModelIO}): params in {@code metadata/}, arms and stage names in {@code data/}, each stage
 * model in {@code models/<name>/}.
 */
public abstract class MetaLearnerModel<M extends MetaLearnerModel<M>> extends Model<M>
    implements MetaLearnerParams, MLWritable {
  private static final long serialVersionUID = 1L;
  /** Prefix of the scratch columns a transform adds and drops again. */
  static final String SCRATCH = "__meta_";

  private final String uid;
  private final MetaParamSet params;
  private final String[] arms;
  private final boolean binaryOutcome;
  private final Map<String, Model<?>> models;

  MetaLearnerModel(String uid, MetaParamSet.Level level, String[] arms, boolean binaryOutcome,
      Map<String, Model<?>> models) {
    this.uid = uid;
    this.params = new MetaParamSet(uid);
    params.setDefaults(this, level);
    this.arms = arms.clone();
    this.binaryOutcome = binaryOutcome;
    this.models = Collections.unmodifiableMap(new LinkedHashMap<>(models));
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public MetaParamSet metaParams() {
    return params;
  }

  /** Arm labels: control first, then the treatment arms in sorted label order (the order of {@code uplift}). */
  public List<String> arms() {
    return List.of(arms);
  }

  /** True when the response models predicted P(y = 1) of a binary outcome. */
  public boolean binaryOutcome() {
    return binaryOutcome;
  }

  /** The fitted stage models by name (e.g. {@code effect_1}, {@code propensity_1}), in fit order. */
  public Map<String, Model<?>> models() {
    return models;
  }

  Model<?> model(String name) {
    Model<?> m = models.get(name);
    if (m == null) {
      throw new IllegalStateException(getClass().getSimpleName() + " has no stage model " + name + " (has "
          + models.keySet() + ")");
    }
    return m;
  }

  public M setFeaturesCol(String v) {
    set(featuresCol(), v);
    @SuppressWarnings("unchecked")
    M self = (M) this;
    return self;
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    Dataset<Row> input = dataset.toDF();
    String[] effects = new String[arms.length];
    List<Column> upliftElements = new ArrayList<>();
    for (int a = 1; a < arms.length; a++) {
      effects[a] = SCRATCH + "effect_" + a;
      upliftElements.add(col(effects[a]));
    }
    Dataset<Row> scored = addEffects(input, effects)
        .withColumn(MetaSchemas.UPLIFT, array_to_vector(array(upliftElements.toArray(Column[]::new))));
    List<String> inputColumns = Arrays.asList(input.columns());
    String[] scratch = Arrays.stream(scored.columns())
        .filter(c -> !inputColumns.contains(c) && !c.equals(MetaSchemas.UPLIFT)).toArray(String[]::new);
    return scored.drop(scratch);
  }

  /**
   * Adds, for every treatment arm a >= 1, the column {@code effectCols[a]} with that arm's CATE (scratch columns
   * it needs are named with the {@link #SCRATCH} prefix; {@link #transform} drops them).
   */
  abstract Dataset<Row> addEffects(Dataset<Row> rows, String[] effectCols);

  /** Whether transform reads the given propensity column (the X-learner's weighting does). */
  boolean readsPropensity() {
    return false;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return MetaSchemas.validateAndTransform(this, schema, false, readsPropensity());
  }

  @Override
  public MLWriter write() {
    return new MetaModelIO.Writer(this);
  }
}
