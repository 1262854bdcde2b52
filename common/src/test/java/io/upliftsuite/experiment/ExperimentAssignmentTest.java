package io.upliftsuite.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.upliftsuite.spark.InputValidationException;
import io.upliftsuite.testing.SparkTestSession;
import java.sql.Date;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Eligibility rules in their documented order, the arm from the hash, and the delivery flag. */
class ExperimentAssignmentTest {
  private final SparkSession spark = SparkTestSession.get();
  static final StructType ROWS = new StructType().add("run_date", DataTypes.DateType)
      .add("item_id", DataTypes.StringType).add("ae_id", DataTypes.StringType);

  private Dataset<Row> rows(Object[]... values) {
    return spark.createDataFrame(java.util.Arrays.stream(values).map(RowFactory::create).toList(), ROWS);
  }

  private Dataset<Row> roster(Object[]... values) {
    return spark.createDataFrame(java.util.Arrays.stream(values).map(RowFactory::create).toList(),
        ExperimentAssignment.ROSTER_SCHEMA);
  }

  static Experiment experiment(String roster, double share) {
    return new Experiment("exp", LocalDate.parse("2021-01-04"), LocalDate.parse("2021-01-10"), share, 0.5, "salt",
        true, roster, true, true);
  }

  private static Map<String, Row> byItem(Dataset<Row> out) {
    Map<String, Row> m = new HashMap<>();
    out.collectAsList().forEach(r -> m.put(r.getString(r.fieldIndex("item_id")), r));
    return m;
  }

  @Test
  void eligibilityRulesArmsAndDelivery() {
    // 2021-01-04 is a Monday, 2021-01-09 a Saturday; 2021-01-11 is after the window
    Date monday = Date.valueOf("2021-01-04");
    Dataset<Row> rows = rows(
        new Object[] {monday, "present", "ae1"},
        new Object[] {monday, "absent", "ae2"},
        new Object[] {monday, "no-ae", null},
        new Object[] {monday, "not-in-roster", "ae3"},
        new Object[] {Date.valueOf("2021-01-09"), "weekend", "ae2"},
        new Object[] {Date.valueOf("2021-01-11"), "after", "ae1"});
    Dataset<Row> roster = roster(new Object[] {"ae1", monday, true}, new Object[] {"ae2", monday, false},
        new Object[] {"ae2", Date.valueOf("2021-01-09"), false});
    Experiment e = experiment("ae_roster", 1.0);
    Map<String, Row> out = byItem(ExperimentAssignment.assign(rows, List.of(e), Map.of("exp", roster)));

    assertThat(out).hasSize(6);
    assertThat(reason(out, "absent")).isEqualTo(ExperimentAssignment.AE_ABSENT);
    assertThat(reason(out, "no-ae")).isEqualTo(ExperimentAssignment.AE_UNKNOWN);
    // the weekend rule comes first, whatever the roster says
    assertThat(reason(out, "weekend")).isEqualTo(ExperimentAssignment.WEEKEND);
    for (String eligible : List.of("present", "not-in-roster")) {
      Row r = out.get(eligible);
      assertThat(reason(out, eligible)).isNull();
      assertThat(r.getString(r.fieldIndex("arm"))).isEqualTo(ArmAssignment.arm(e, eligible));
      assertThat(r.getBoolean(r.fieldIndex("deliver")))
          .isEqualTo(ArmAssignment.arm(e, eligible).equals(ArmAssignment.TREATMENT));
    }
    for (String excluded : List.of("absent", "no-ae", "weekend")) {
      Row r = out.get(excluded);
      assertThat(r.isNullAt(r.fieldIndex("arm"))).isTrue();
      assertThat(r.getString(r.fieldIndex("experiment_id"))).isEqualTo("exp");
      assertThat(r.getBoolean(r.fieldIndex("deliver"))).isFalse();
    }
    Row after = out.get("after");
    assertThat(after.isNullAt(after.fieldIndex("experiment_id"))).isTrue();
    assertThat(after.getBoolean(after.fieldIndex("deliver"))).as("outside experiments every row is delivered")
        .isTrue();
  }

  @Test
  void itemsOutsideTheSampledShareAreMarkedNotSampled() {
    Date monday = Date.valueOf("2021-01-04");
    Object[][] values = new Object[400][];
    for (int i = 0; i < values.length; i++) {
      values[i] = new Object[] {monday, "I" + i, null};
    }
    Experiment e = experiment("", 0.25);
    List<Row> out = ExperimentAssignment.assign(rows(values), List.of(e), Map.of()).collectAsList();
    long sampled = out.stream().filter(r -> r.isNullAt(r.fieldIndex("excluded_reason"))).count();
    for (Row r : out) {
      String item = r.getString(r.fieldIndex("item_id"));
      assertThat(r.isNullAt(r.fieldIndex("excluded_reason"))).isEqualTo(ArmAssignment.sampled(e, item));
    }
    // binomial(400, 0.25): sd 8.7
    assertThat(sampled).isBetween(65L, 135L);
  }

  @Test
  void aRosterWithDuplicatesIsRejectedNamingTableColumnAndCount() {
    Date monday = Date.valueOf("2021-01-04");
    Dataset<Row> roster = roster(new Object[] {"ae1", monday, true}, new Object[] {"ae1", monday, false},
        new Object[] {"ae2", monday, true});
    assertThatThrownBy(() -> ExperimentAssignment.validateRoster("ae_roster", roster))
        .isInstanceOf(InputValidationException.class).hasMessageContaining("'ae_roster'")
        .hasMessageContaining("'date'").hasMessageContaining("(1 offending row)");
  }

  private static String reason(Map<String, Row> out, String item) {
    Row r = out.get(item);
    return r.getString(r.fieldIndex("excluded_reason"));
  }
}
