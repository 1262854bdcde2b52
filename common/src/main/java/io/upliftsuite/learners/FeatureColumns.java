package io.upliftsuite.learners;

import io.upliftsuite.episodes.EpisodeColumns;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The feature columns of an episodes table, read off its schema by the cross-team contract: every column that is not
 * one of the fixed episode columns is a feature; numeric (int/long/double/boolean) columns are numeric features,
 * string columns are categorical features. Other types are not features and are ignored.
 */
public record FeatureColumns(List<String> numeric, List<String> categorical) {

  /** The episode columns that are never features (the episodes contract). */
  public static final Set<String> NON_FEATURE_COLUMNS = Set.copyOf(EpisodeColumns.NON_FEATURE_COLUMNS);

  public FeatureColumns {
    numeric = List.copyOf(numeric);
    categorical = List.copyOf(categorical);
  }

  public static FeatureColumns fromSchema(StructType schema) {
    return fromSchema(schema, NON_FEATURE_COLUMNS);
  }

  public static FeatureColumns fromSchema(StructType schema, Set<String> nonFeatures) {
    List<String> numeric = new ArrayList<>();
    List<String> categorical = new ArrayList<>();
    for (StructField f : schema.fields()) {
      if (nonFeatures.contains(f.name())) {
        continue;
      }
      DataType t = f.dataType();
      if (t instanceof IntegerType || t instanceof LongType || t instanceof DoubleType || t instanceof FloatType
          || t instanceof ShortType || t instanceof BooleanType) {
        numeric.add(f.name());
      } else if (t instanceof StringType) {
        categorical.add(f.name());
      }
    }
    return new FeatureColumns(numeric, categorical);
  }

  public List<String> all() {
    List<String> out = new ArrayList<>(numeric);
    out.addAll(categorical);
    return out;
  }

  public boolean isEmpty() {
    return numeric.isEmpty() && categorical.isEmpty();
  }

  /** The same kind split, restricted to {@code names} (kept in the order of {@code names}). */
  public FeatureColumns restrictTo(List<String> names) {
    List<String> n = new ArrayList<>();
    List<String> c = new ArrayList<>();
    for (String name : names) {
      if (numeric.contains(name)) {
        n.add(name);
      } else if (categorical.contains(name)) {
        c.add(name);
      } else {
        throw new IllegalArgumentException("Can't find feature column " + name + " in " + all());
      }
    }
    return new FeatureColumns(n, c);
  }
}
