package io.upliftsuite.forest;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.upliftsuite.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class ForestInputTest {
  /** CSV text as a feature value: numbers (spaces around them allowed), true/false in any case, else null. */
  @Test
  void numberReadsNumbersAndBooleansAndNothingElse() {
    List<String> text = Arrays.asList("1.5", " 2 ", "-3e2", "true", " TRUE ", "False", "abc", "", null, "truely");
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < text.size(); i++) {
      rows.add(RowFactory.create(i, text.get(i)));
    }
    Dataset<Row> in = SparkTestSession.get().createDataFrame(rows,
        new StructType().add("i", DataTypes.IntegerType).add("v", DataTypes.StringType));
    List<Double> out = in.orderBy("i").select(ForestInput.number(col("v"))).collectAsList().stream()
        .map(r -> r.isNullAt(0) ? null : r.getDouble(0)).toList();
    assertThat(out).containsExactly(1.5, 2.0, -300.0, 1.0, 1.0, 0.0, null, null, null, null);
  }
}
