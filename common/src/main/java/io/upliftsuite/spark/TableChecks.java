package io.upliftsuite.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Validates a table against a contract before a job uses it. Schema checks read only metadata; row rules are all
 * counted in ONE aggregation pass, and the first broken rule is reported with its count.
 */
public final class TableChecks {
  private final String table;
  private final Dataset<Row> rows;
  private final List<String> ruleNames = new ArrayList<>();
  private final List<String> ruleColumns = new ArrayList<>();
  private final List<Column> ruleViolations = new ArrayList<>();

  private TableChecks(String table, Dataset<Row> rows) {
    this.table = table;
    this.rows = rows;
  }

  public static TableChecks of(String table, Dataset<Row> rows) {
    return new TableChecks(table, rows);
  }

  /** Every contract column must exist with the contract's type (extra columns are allowed and ignored). */
  public TableChecks hasSchema(StructType contract) {
    StructType actual = rows.schema();
    Set<String> names = Set.of(actual.fieldNames());
    for (StructField field : contract.fields()) {
      if (!names.contains(field.name())) {
        throw new InputValidationException(table, field.name(),
            "missing column (expected type " + field.dataType().simpleString() + "; table has "
                + Arrays.toString(actual.fieldNames()) + ")", 0);
      }
      DataType type = actual.apply(field.name()).dataType();
      if (!type.sameType(field.dataType())) {
        throw new InputValidationException(table, field.name(),
            "wrong type " + type.simpleString() + ", expected " + field.dataType().simpleString(), 0);
      }
    }
    return this;
  }

  /** The columns must exist (any type). */
  public TableChecks hasColumns(String... columns) {
    Set<String> names = Set.of(rows.schema().fieldNames());
    for (String c : columns) {
      if (!names.contains(c)) {
        throw new InputValidationException(table, c, "missing column (table has "
            + Arrays.toString(rows.schema().fieldNames()) + ")", 0);
      }
    }
    return this;
  }

  public TableChecks notNull(String... columns) {
    for (String c : columns) {
      rule(c, "null values are not allowed", col(c).isNull());
    }
    return this;
  }

  /** Non-null values must be one of {@code allowed}. */
  public TableChecks allowedValues(String column, Collection<?> allowed) {
    rule(column, "unknown values (allowed: " + allowed + ")",
        col(column).isNotNull().and(col(column).isin(allowed.toArray()).unary_$bang()));
    return this;
  }

  /** A custom row rule: {@code violation} is true for an offending row. */
  public TableChecks rule(String column, String description, Column violation) {
    ruleNames.add(description);
    ruleColumns.add(column);
    ruleViolations.add(violation);
    return this;
  }

  /** Runs the row rules in one pass; throws for the first rule with offending rows. Returns the row count. */
  public long check() {
    List<Column> aggs = new ArrayList<>();
    aggs.add(count(lit(1)));
    for (Column v : ruleViolations) {
      aggs.add(sum(when(v, 1L).otherwise(0L)));
    }
    Row counts = rows.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new)).first();
    for (int i = 0; i < ruleViolations.size(); i++) {
      long bad = counts.isNullAt(i + 1) ? 0L : counts.getLong(i + 1);
      if (bad > 0) {
        throw new InputValidationException(table, ruleColumns.get(i), ruleNames.get(i), bad);
      }
    }
    return counts.getLong(0);
  }
}
