package io.upliftsuite.learners.meta;

import java.util.Arrays;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;

/** The output column of every meta-learner model, and the schema checks of fit and transform. */
public final class MetaSchemas {
  /** Per treatment arm (the model's arm order, control excluded): the CATE of that arm against control. */
  public static final String UPLIFT = "uplift";

  private MetaSchemas() {}

  /**
   * Checks the columns a fit ({@code fitting}) or a transform reads and adds {@link #UPLIFT}.
   * {@code readsPropensity}: the given propensity column is read (every fit; the X-learner's transform).
   */
  static StructType validateAndTransform(MetaLearnerParams p, StructType schema, boolean fitting,
      boolean readsPropensity) {
    String features = p.getFeaturesCol();
    requireColumn(schema, features);
    if (!schema.apply(features).dataType().sameType(SQLDataTypes.VectorType())) {
      throw new IllegalArgumentException("Column " + features + " must be a vector (e.g. from VectorAssembler) but is "
          + schema.apply(features).dataType().simpleString());
    }
    if (fitting) {
      requireColumn(schema, p.getTreatmentCol());
      DataType t = schema.apply(p.getTreatmentCol()).dataType();
      if (!(t instanceof NumericType) && !t.sameType(DataTypes.StringType) && !t.sameType(DataTypes.BooleanType)) {
        throw new IllegalArgumentException("Treatment column " + p.getTreatmentCol()
            + " must hold string or integer labels but is " + t.simpleString());
      }
      requireNumeric(schema, p.getLabelCol(), "Outcome");
      if (!p.getWeightCol().isEmpty()) {
        requireNumeric(schema, p.getWeightCol(), "Weight");
      }
      if (p instanceof CrossFitParams c && !c.getFoldCol().isEmpty()) {
        requireColumn(schema, c.getFoldCol());
      }
    }
    if (readsPropensity && p instanceof EffectStageParams e && !e.getPropensityCol().isEmpty()) {
      String pc = ((EffectStageParams) p).getPropensityCol();
      requireColumn(schema, pc);
      DataType type = schema.apply(pc).dataType();
      if (!(type instanceof NumericType) && !type.sameType(SQLDataTypes.VectorType())) {
        throw new IllegalArgumentException("Propensity column " + pc + " must be a number or a vector of per-arm "
            + "propensities but is " + type.simpleString());
      }
    }
    if (Arrays.asList(schema.fieldNames()).contains(UPLIFT)) {
      throw new IllegalArgumentException("Output column " + UPLIFT + " already exists in the input");
    }
    return schema.add(UPLIFT, SQLDataTypes.VectorType(), false);
  }

  private static void requireColumn(StructType schema, String column) {
    if (!Arrays.asList(schema.fieldNames()).contains(column)) {
      throw new IllegalArgumentException("Can't find column " + column + " in " + Arrays.toString(schema.fieldNames()));
    }
  }

  private static void requireNumeric(StructType schema, String column, String what) {
    requireColumn(schema, column);
    DataType type = schema.apply(column).dataType();
    if (!(type instanceof NumericType) && !type.sameType(DataTypes.BooleanType)) {
      throw new IllegalArgumentException(what + " column " + column + " must be numeric but is " + type.simpleString());
    }
  }
}
