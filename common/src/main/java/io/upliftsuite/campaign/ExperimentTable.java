package io.upliftsuite.campaign;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import io.upliftsuite.spark.InputValidationException;
import io.upliftsuite.spark.TableChecks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.IntegralType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The input contract of the campaign jobs: one row per customer of a randomised experiment, with the customer id,
 * the configured features, the completion score (optional), the arm the customer was randomised to, and every
 * configured outcome. The simulator writes exactly this; a real user points {@code tables.campaign_experiment} at
 * their own table (Delta, Parquet or CSV) and maps column names in {@code campaign.columns}/{@code campaign.outcomes}.
 *
 * <p>{@link #validate} checks, before anything else is read or computed, that every column exists with a usable type,
 * and in ONE aggregation that ids, arms, features and outcomes are non-null, arms are configured ones, binary outcomes
 * are 0/1, other outcomes and numeric features are finite and the score is a probability; a second aggregation finds
 * duplicate ids. A violation throws {@link InputValidationException} naming table, column, rule and row count.
 */
public final class ExperimentTable {
  private static final Logger LOG = LoggerFactory.getLogger(ExperimentTable.class);
  public static final String NAME = "campaign_experiment";

  private ExperimentTable() {}

  /** The table after validation: columns cast to their contract types, its size and the customers per arm. */
  public record Validated(Dataset<Row> rows, long count, Map<String, Long> armCounts, double sampleRatioPValue) {}

  /** The contract's column types (numeric features, scores and outcomes are doubles); used to type CSV input. */
  public static StructType contract(CampaignSettings s) {
    StructType t = new StructType().add(s.customerIdColumn(), DataTypes.StringType)
        .add(s.armColumn(), DataTypes.StringType);
    for (CampaignFeature f : s.features()) {
      t = t.add(f.name(), f.categorical() ? DataTypes.StringType : DataTypes.DoubleType);
    }
    if (hasScore(s)) {
      t = t.add(s.completionScoreColumn(), DataTypes.DoubleType);
    }
    for (CampaignOutcome o : s.outcomes()) {
      t = t.add(o.column(), DataTypes.DoubleType);
    }
    return t;
  }

  static boolean hasScore(CampaignSettings s) {
    return s.completionScoreColumn() != null && !s.completionScoreColumn().isBlank();
  }

  public static Validated validate(Dataset<Row> rows, String table, CampaignSettings s) {
    StructType schema = rows.schema();
    List<String> required = new ArrayList<>(Arrays.asList(contract(s).fieldNames()));
    TableChecks.of(table, rows).hasColumns(required.toArray(String[]::new));
    type(table, schema, s.customerIdColumn(), "a string or integer id", StringType.class, IntegralType.class);
    type(table, schema, s.armColumn(), "a string or integer arm label", StringType.class, IntegralType.class);
    for (CampaignFeature f : s.features()) {
      if (f.categorical()) {
        type(table, schema, f.name(), "a categorical feature (string, integer or boolean)", StringType.class,
            IntegralType.class, BooleanType.class);
      } else {
        type(table, schema, f.name(), "a numeric feature (number or boolean)", NumericType.class, BooleanType.class);
      }
    }
    if (hasScore(s)) {
      type(table, schema, s.completionScoreColumn(), "a score (number)", NumericType.class);
    }
    for (CampaignOutcome o : s.outcomes()) {
      type(table, schema, o.column(), "an outcome (number or boolean)", NumericType.class, BooleanType.class);
    }

    Dataset<Row> typed = rows.select(typedColumns(s).toArray(Column[]::new));
    TableChecks checks = TableChecks.of(table, typed)
        .notNull(s.customerIdColumn(), s.armColumn())
        .allowedValues(s.armColumn(), s.armNames());
    for (CampaignFeature f : s.features()) {
      checks.notNull(f.name());
      if (!f.categorical()) {
        checks.rule(f.name(), "NaN or infinite values are not allowed", notFinite(col(q(f.name()))));
      }
    }
    if (hasScore(s)) {
      Column score = col(q(s.completionScoreColumn()));
      checks.rule(s.completionScoreColumn(), "the score must be a number in [0, 1]",
          score.isNull().or(isnan(score)).or(score.lt(0)).or(score.gt(1)));
    }
    for (CampaignOutcome o : s.outcomes()) {
      Column y = col(q(o.column()));
      checks.notNull(o.column());
      if (o.binary()) {
        checks.rule(o.column(), "a binary outcome must be 0 or 1", y.notEqual(0).and(y.notEqual(1)));
      } else {
        checks.rule(o.column(), "NaN or infinite values are not allowed", notFinite(y));
      }
    }
    long n = checks.check();
    if (n == 0) {
      throw new InputValidationException(table, "*", "no rows", 0);
    }
    Row dup = typed.groupBy(col(q(s.customerIdColumn()))).agg(count(lit(1)).as("n")).where(col("n").gt(1))
        .agg(sum("n"), count(lit(1))).first();
    if (!dup.isNullAt(0) && dup.getLong(0) > 0) {
      throw new InputValidationException(table, s.customerIdColumn(), "customer ids must be unique ("
          + dup.getLong(1) + " ids occur more than once)", dup.getLong(0));
    }
    Map<String, Long> armCounts = new LinkedHashMap<>();
    for (String arm : s.armNames()) {
      armCounts.put(arm, 0L);
    }
    for (Row r : typed.groupBy(col(q(s.armColumn()))).count().collectAsList()) {
      armCounts.put(r.getString(0), r.getLong(1));
    }
    double p = sampleRatioPValue(armCounts, s);
    if (p < 1e-3) {
      LOG.warn("{}: arm counts {} do not match the configured assignment probabilities (chi-square p = {}); "
          + "check campaign.arms[].probability - the policy values assume them", table, armCounts, p);
    }
    return new Validated(typed, n, armCounts, p);
  }

  /** Chi-square goodness-of-fit p-value of the arm counts against the configured probabilities. */
  static double sampleRatioPValue(Map<String, Long> counts, CampaignSettings s) {
    double[] expected = new double[s.arms().size()];
    long[] observed = new long[s.arms().size()];
    long n = counts.values().stream().mapToLong(Long::longValue).sum();
    for (int k = 0; k < expected.length; k++) {
      expected[k] = s.arms().get(k).probability() * n;
      observed[k] = counts.getOrDefault(s.arms().get(k).name(), 0L);
    }
    return new ChiSquareTest().chiSquareTest(expected, observed);
  }

  /** The contract's columns cast to their types (ids, arms and categorical features as strings, numbers as double). */
  static List<Column> typedColumns(CampaignSettings s) {
    List<Column> out = new ArrayList<>();
    out.add(col(q(s.customerIdColumn())).cast(DataTypes.StringType).as(s.customerIdColumn()));
    out.add(col(q(s.armColumn())).cast(DataTypes.StringType).as(s.armColumn()));
    for (CampaignFeature f : s.features()) {
      out.add(col(q(f.name())).cast(f.categorical() ? DataTypes.StringType : DataTypes.DoubleType).as(f.name()));
    }
    if (hasScore(s)) {
      out.add(col(q(s.completionScoreColumn())).cast(DataTypes.DoubleType).as(s.completionScoreColumn()));
    }
    for (CampaignOutcome o : s.outcomes()) {
      out.add(col(q(o.column())).cast(DataTypes.DoubleType).as(o.column()));
    }
    return out;
  }

  private static Column notFinite(Column c) {
    return isnan(c).or(c.equalTo(Double.POSITIVE_INFINITY)).or(c.equalTo(Double.NEGATIVE_INFINITY));
  }

  @SafeVarargs
  private static void type(String table, StructType schema, String column, String expected,
      Class<? extends DataType>... allowed) {
    DataType t = schema.apply(column).dataType();
    for (Class<? extends DataType> a : allowed) {
      if (a.isInstance(t)) {
        return;
      }
    }
    throw new InputValidationException(table, column, "wrong type " + t.simpleString() + ", expected " + expected, 0);
  }

  static String q(String name) {
    return "`" + name + "`";
  }
}
