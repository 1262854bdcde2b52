package io.upliftsuite.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * Compares two versions of a (small) table row by row, ignoring row order: every non-double value must be equal,
 * doubles equal up to 1e-9 relative — the same computation on differently partitioned data may add the same numbers
 * in another order.
 */
final class TableComparison {
  private static final double RELATIVE_TOLERANCE = 1e-9;

  private TableComparison() {}

  record Line(String key, double[] numbers) {}

  static void assertSameRows(String table, Dataset<Row> expected, Dataset<Row> actual, Set<String> ignored) {
    assertThat(actual.columns()).as(table + " columns").containsExactly(expected.columns());
    List<String> exact = new ArrayList<>();
    List<String> doubles = new ArrayList<>();
    for (StructField f : expected.schema().fields()) {
      if (!ignored.contains(f.name())) {
        (f.dataType().equals(DataTypes.DoubleType) ? doubles : exact).add(f.name());
      }
    }
    List<Line> e = lines(expected, exact, doubles);
    List<Line> a = lines(actual, exact, doubles);
    assertThat(a.size()).as(table + " rows").isEqualTo(e.size());
    for (int i = 0; i < e.size(); i++) {
      assertThat(a.get(i).key()).as(table + " row " + i + " (" + exact + ")").isEqualTo(e.get(i).key());
      for (int j = 0; j < doubles.size(); j++) {
        double x = e.get(i).numbers()[j];
        double y = a.get(i).numbers()[j];
        boolean same = Double.compare(x, y) == 0
            || Math.abs(x - y) <= RELATIVE_TOLERANCE * Math.max(1.0, Math.max(Math.abs(x), Math.abs(y)));
        assertThat(same).as(table + "." + doubles.get(j) + " of " + e.get(i).key() + ": local " + x + ", cluster " + y)
            .isTrue();
      }
    }
  }

  private static List<Line> lines(Dataset<Row> rows, List<String> exact, List<String> doubles) {
    List<Column> cols = new ArrayList<>();
    exact.forEach(c -> cols.add(org.apache.spark.sql.functions.col("`" + c + "`").cast("string")));
    doubles.forEach(c -> cols.add(org.apache.spark.sql.functions.col("`" + c + "`")));
    List<Line> out = new ArrayList<>();
    for (Row r : rows.select(cols.toArray(Column[]::new)).collectAsList()) {
      StringBuilder key = new StringBuilder();
      for (int i = 0; i < exact.size(); i++) {
        key.append(r.isNullAt(i) ? "<null>" : r.getString(i)).append('\u0001');
      }
      double[] numbers = new double[doubles.size()];
      for (int j = 0; j < doubles.size(); j++) {
        numbers[j] = r.isNullAt(exact.size() + j) ? Double.NaN : r.getDouble(exact.size() + j);
      }
      out.add(new Line(key.toString(), numbers));
    }
    out.sort(Comparator.comparing(Line::key).thenComparing(Line::numbers, Arrays::compare));
    return out;
  }
}
