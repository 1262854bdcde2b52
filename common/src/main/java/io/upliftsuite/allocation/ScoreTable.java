package io.upliftsuite.allocation;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;

import io.upliftsuite.spark.TableChecks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Validates the scores table and turns it into cached {@link ScoreBlock}s (one per partition). Validation is one
 * aggregation: missing columns, null ids, null or NaN uplift/weight/cost/sales, negative weights or costs are
 * reported with table, column and count before anything is computed.
 */
final class ScoreTable {
  private ScoreTable() {}

  record Prepared(JavaRDD<ScoreBlock> blocks, boolean hasSales, boolean hasPropensity) {}

  static Prepared prepare(Dataset<Row> scores, String tableName, List<Treatment> treatments, ScoreColumns columns,
      boolean salesRequired) {
    Set<String> present = Set.of(scores.columns());
    List<String> required = new ArrayList<>();
    required.add(columns.customerId());
    for (Treatment t : treatments) {
      required.add(columns.uplift(t.name()));
    }
    List<String> salesColumns = new ArrayList<>();
    salesColumns.add(columns.salesControl());
    for (Treatment t : treatments) {
      salesColumns.add(columns.sales(t.name()));
    }
    boolean hasSales = present.containsAll(salesColumns);
    if (salesRequired) {
      required.addAll(salesColumns); // the sales floor needs every sales column; name the missing one
    }
    TableChecks checks = TableChecks.of(tableName, scores).hasColumns(required.toArray(String[]::new));
    boolean hasWeight = present.contains(columns.weight());
    boolean hasPropensity = present.contains(columns.propensity());

    List<Column> select = new ArrayList<>();
    select.add(col(q(columns.customerId())).cast("string"));
    select.add(hasWeight ? col(q(columns.weight())).cast("double") : lit(1.0));
    checks.notNull(columns.customerId());
    for (Treatment t : treatments) {
      select.add(numeric(checks, columns.uplift(t.name()), false));
    }
    for (Treatment t : treatments) {
      String c = columns.cost(t.name());
      select.add(present.contains(c) ? numeric(checks, c, true) : lit(t.unitCost()));
    }
    if (hasWeight) {
      numeric(checks, columns.weight(), true);
    }
    if (hasSales) {
      for (String c : salesColumns) {
        select.add(numeric(checks, c, false));
      }
    }
    if (hasPropensity) {
      select.add(numeric(checks, columns.propensity(), false));
    }
    checks.check();

    int k = treatments.size();
    Dataset<Row> typed = scores.select(select.toArray(Column[]::new));
    JavaRDD<ScoreBlock> blocks = typed.javaRDD()
        .mapPartitions((Iterator<Row> rows) -> List.of(toBlock(rows, k, hasSales, hasPropensity)).iterator());
    blocks.persist(StorageLevel.MEMORY_AND_DISK());
    return new Prepared(blocks, hasSales, hasPropensity);
  }

  private static Column numeric(TableChecks checks, String column, boolean nonNegative) {
    Column c = col(q(column)).cast("double");
    checks.rule(column, "null or NaN values are not allowed", c.isNull().or(isnan(c)));
    if (nonNegative) {
      checks.rule(column, "negative values are not allowed", c.lt(0));
    }
    return c;
  }

  private static String q(String name) {
    return "`" + name + "`";
  }

  static ScoreBlock toBlock(Iterator<Row> rows, int k, boolean hasSales, boolean hasPropensity) {
    int capacity = 1024;
    String[] ids = new String[capacity];
    double[] weight = new double[capacity];
    double[] uplift = new double[capacity * k];
    double[] cost = new double[capacity * k];
    double[] sales = hasSales ? new double[capacity * (k + 1)] : null;
    double[] propensity = hasPropensity ? new double[capacity] : null;
    int n = 0;
    while (rows.hasNext()) {
      Row r = rows.next();
      if (n == capacity) {
        capacity *= 2;
        ids = Arrays.copyOf(ids, capacity);
        weight = Arrays.copyOf(weight, capacity);
        uplift = Arrays.copyOf(uplift, capacity * k);
        cost = Arrays.copyOf(cost, capacity * k);
        sales = hasSales ? Arrays.copyOf(sales, capacity * (k + 1)) : null;
        propensity = hasPropensity ? Arrays.copyOf(propensity, capacity) : null;
      }
      int c = 0;
      ids[n] = r.getString(c++);
      weight[n] = r.getDouble(c++);
      for (int t = 0; t < k; t++) {
        uplift[n * k + t] = r.getDouble(c++);
      }
      for (int t = 0; t < k; t++) {
        cost[n * k + t] = r.getDouble(c++);
      }
      if (hasSales) {
        for (int a = 0; a <= k; a++) {
          sales[n * (k + 1) + a] = r.getDouble(c++);
        }
      }
      if (hasPropensity) {
        propensity[n] = r.getDouble(c++);
      }
      n++;
    }
    return new ScoreBlock(n, k, Arrays.copyOf(ids, n), Arrays.copyOf(weight, n), Arrays.copyOf(uplift, n * k),
        Arrays.copyOf(cost, n * k), hasSales ? Arrays.copyOf(sales, n * (k + 1)) : null,
        hasPropensity ? Arrays.copyOf(propensity, n) : null);
  }
}
