package io.upliftsuite.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;


import io.upliftsuite.config.SettingException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
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
  private boolean requireRows;

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

  /** The table must have at least one row (checked by {@link #check()} in the same pass). */
  public TableChecks nonEmpty() {
    this.requireRows = true;
    return this;
  }

  /**
   * A setting asks for values of {@code column} (e.g. {@code training.days} for decision_day); each must occur in the
   * table, else a {@link SettingException} names the key, the missing values and the values present (one aggregation
   * over the distinct values, which are few).
   *
   * @param noun what a row is, for the message ("episodes")
   * @param unit what a value is ("day")
   */
  public static void requireValuesPresent(Dataset<Row> rows, String table, String column, List<Integer> requested,
      String settingKey, String noun, String unit) {
    TableChecks.of(table, rows).hasColumns(column);
    TreeSet<Integer> present = new TreeSet<>();
    for (Row r : rows.select(col(column)).where(col(column).isNotNull()).distinct().collectAsList()) {
      present.add(((Number) r.get(0)).intValue());
    }
    List<Integer> missing = requested.stream().filter(v -> !present.contains(v)).distinct().toList();
    if (!missing.isEmpty()) {
      String values = missing.stream().map(String::valueOf).collect(Collectors.joining(", "));
      throw new SettingException(settingKey, requested.stream().map(String::valueOf).collect(Collectors.joining(",")),
          "no " + noun + " for " + unit + (missing.size() == 1 ? " " : "s ") + values + "; " + unit + "s present: "
              + (present.isEmpty() ? "none (table '" + table + "' is empty)" : ranges(present)));
    }
  }

  /** 1, 2, 3, 5, 7, 8 as "1–3, 5, 7–8". */
  static String ranges(SortedSet<Integer> values) {
    List<String> parts = new ArrayList<>();
    Integer start = null;
    Integer prev = null;
    for (int v : values) {
      if (start != null && v == prev + 1) {
        prev = v;
        continue;
      }
      if (start != null) {
        parts.add(start.equals(prev) ? String.valueOf(start) : start + "\u2013" + prev);
      }
      start = v;
      prev = v;
    }
    if (start != null) {
      parts.add(start.equals(prev) ? String.valueOf(start) : start + "\u2013" + prev);
    }
    return String.join(", ", parts);
  }

  /** Runs the row rules in one pass; throws for the first rule with offending rows. Returns the row count. */
  public long check() {
    List<Column> aggs = new ArrayList<>();
    aggs.add(count(lit(1)));
    for (Column v : ruleViolations) {
      aggs.add(sum(when(v, 1L).otherwise(0L)));
    }
    Row counts = rows.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new)).first();
    if (requireRows && counts.getLong(0) == 0) {
      throw new InputValidationException(table, null, "the table has no rows", 0);
    }
    for (int i = 0; i < ruleViolations.size(); i++) {
      long bad = counts.isNullAt(i + 1) ? 0L : counts.getLong(i + 1);
      if (bad > 0) {
        throw new InputValidationException(table, ruleColumns.get(i), ruleNames.get(i), bad);
      }
    }
    return counts.getLong(0);
  }
}
