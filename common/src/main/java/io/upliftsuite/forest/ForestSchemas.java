package io.upliftsuite.forest;

import java.util.Arrays;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;

/** Column names the model adds, and the schema checks of fit and transform. */
public final class ForestSchemas {
  /** Predicted outcome per arm (control first, then arms in sorted label order). */
  public static final String ARM_OUTCOMES = "arm_outcomes";
  /** Per treatment arm: predicted outcome minus control's; element 0 is the CATE with one treatment arm. */
  public static final String UPLIFT = "uplift";
  /** Label of the arm with the highest predicted outcome. */
  public static final String BEST_ARM = "best_arm";

  private ForestSchemas() {}

  static StructType validateAndTransform(UpliftForestParams p, StructType schema, boolean fitting) {
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
    }
    for (String out : new String[] {ARM_OUTCOMES, UPLIFT, BEST_ARM}) {
      if (Arrays.asList(schema.fieldNames()).contains(out)) {
        throw new IllegalArgumentException("Output column " + out + " already exists in the input");
      }
    }
    return schema.add(ARM_OUTCOMES, SQLDataTypes.VectorType(), false)
        .add(UPLIFT, SQLDataTypes.VectorType(), false)
        .add(BEST_ARM, DataTypes.StringType, false);
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
