package io.upliftsuite.learners.meta;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsReader$;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Meta-learner model persistence, like the forest's: {@code metadata/} (Spark's param metadata, including the base
 * learners as JSON; the class name is checked on load), {@code data/meta} (one row: arms, outcome type, stage model
 * names in fit order) and each stage model saved by its own writer in {@code models/<name>/} and loaded by the class
 * its metadata names (so any MLlib model, or our forest, can be a stage).
 */
final class MetaModelIO {
  static final StructType META_SCHEMA = new StructType()
      .add("arms", DataTypes.createArrayType(DataTypes.StringType), false)
      .add("binary_outcome", DataTypes.BooleanType, false)
      .add("models", DataTypes.createArrayType(DataTypes.StringType), false);

  private MetaModelIO() {}

  /** Builds a concrete model from what was saved. */
  interface Factory<M> {
    M create(String uid, String[] arms, boolean binaryOutcome, Map<String, Model<?>> models);
  }

  static final class Writer extends MLWriter {
    private final MetaLearnerModel<?> model;

    Writer(MetaLearnerModel<?> model) {
      this.model = model;
    }

    @Override
    public void saveImpl(String path) {
      SparkSession spark = sparkSession();
      DefaultParamsWriter$.MODULE$.saveMetadata(model, path, spark);
      Row meta = RowFactory.create(model.arms().toArray(String[]::new), model.binaryOutcome(),
          model.models().keySet().toArray(String[]::new));
      spark.createDataFrame(List.of(meta), META_SCHEMA).coalesce(1).write().parquet(path + "/data/meta");
      for (Map.Entry<String, Model<?>> e : model.models().entrySet()) {
        if (!(e.getValue() instanceof MLWritable writable)) {
          throw new IllegalArgumentException("Stage model " + e.getKey() + " (" + e.getValue().getClass().getName()
              + ") is not MLWritable, so the " + model.getClass().getSimpleName() + " can't be saved");
        }
        try {
          writable.write().save(path + "/models/" + e.getKey());
        } catch (java.io.IOException io) {
          throw new java.io.UncheckedIOException(io);
        }
      }
    }
  }

  static final class Reader<M extends MetaLearnerModel<M>> extends MLReader<M> {
    private final Class<M> type;
    private final Factory<M> factory;

    Reader(Class<M> type, Factory<M> factory) {
      this.type = type;
      this.factory = factory;
    }

    @Override
    public M load(String path) {
      SparkSession spark = sparkSession();
      DefaultParamsReader.Metadata metadata = DefaultParamsReader$.MODULE$.loadMetadata(path, spark, type.getName());
      Row meta = spark.read().parquet(path + "/data/meta").first();
      String[] arms = CollectionConverters.asJava(meta.<scala.collection.Seq<String>>getAs("arms"))
          .toArray(String[]::new);
      boolean binary = meta.getBoolean(meta.fieldIndex("binary_outcome"));
      Map<String, Model<?>> models = new LinkedHashMap<>();
      for (String name : CollectionConverters.asJava(meta.<scala.collection.Seq<String>>getAs("models"))) {
        Model<?> m = DefaultParamsReader$.MODULE$.loadParamsInstance(path + "/models/" + name, spark);
        models.put(name, m);
      }
      M model = factory.create(metadata.uid(), arms, binary, models);
      metadata.getAndSetParams(model, scala.Option.empty());
      return model;
    }
  }
}
