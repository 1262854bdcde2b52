package io.upliftsuite.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DaySelectionTest {

  private static ModelEvaluation model(String id, int day, double added, double lo, double hi) {
    return new ModelEvaluation(id,
        List.of(MetricRow.of("qini_auc", 0.1), MetricRow.of("chosen_day", day)),
        List.of(new CurveRow("day_added_value_dr", day, added, lo, hi),
            CurveRow.of("qini", 0.5, 0.2)));
  }

  @Test
  void theLargestAddedValueWhoseIntervalExcludesZeroWinsAcrossModels() {
    List<ModelEvaluation> out = DaySelection.acrossModels(List.of(
        model("d1", 1, 0.05, 0.01, 0.09),
        model("d2", 2, 0.08, -0.01, 0.17), // larger, but its interval includes zero
        model("d3", 3, -0.02, -0.06, 0.02)));
    for (ModelEvaluation m : out) {
      assertThat(m.metric("chosen_day").orElseThrow().value()).isEqualTo(1.0);
      assertThat(m.metric("chosen_day_added_value_dr").orElseThrow().ciLow()).isEqualTo(0.01);
      assertThat(m.curve("day_added_value_dr")).extracting(CurveRow::x).containsExactly(1.0, 2.0, 3.0);
      assertThat(m.curve("qini")).hasSize(1); // other curves untouched
      assertThat(m.metrics().stream().filter(r -> r.metric().equals("chosen_day"))).hasSize(1);
    }
    assertThat(out).extracting(m -> m.metric("is_chosen_day").orElseThrow().value()).containsExactly(1.0, 0.0, 0.0);
    assertThat(DaySelection.chosenModel(out).orElseThrow().modelId()).isEqualTo("d1");
  }

  @Test
  void withoutAnIntervalAboveZeroTheLargestAddedValueWins() {
    List<ModelEvaluation> out = DaySelection.acrossModels(List.of(
        model("d1", 1, 0.01, -0.02, 0.04), model("d2", 2, 0.03, -0.01, 0.07)));
    assertThat(DaySelection.chosenModel(out).orElseThrow().modelId()).isEqualTo("d2");
  }

  @Test
  void aSingleModelIsLeftAsItDecidedAndTheSameDayTwiceInOneRunIsRejected() {
    List<ModelEvaluation> one = List.of(model("d1", 1, 0.05, 0.01, 0.09));
    assertThat(DaySelection.acrossModels(one)).isEqualTo(one);
    List<ModelEvaluation> twice = List.of(model("a", 1, 0.05, 0.01, 0.09), model("b", 1, 0.06, 0.02, 0.1));
    assertThatThrownBy(() -> DaySelection.acrossModels(twice)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'a'").hasMessageContaining("'b'").hasMessageContaining("decision day 1");
  }

  @Test
  void eachTrainingRunChoosesItsOwnDayWhenRunsShareTheTables() {
    // two weekly runs of days 1 and 2: before, the repeated days stopped the selection for both runs
    List<ModelEvaluation> models = List.of(
        model("uplift-d1-2026-01-01", 1, 0.05, 0.01, 0.09), model("uplift-d2-2026-01-01", 2, 0.02, 0.00, 0.04),
        model("uplift-d1-2026-01-08", 1, 0.01, -0.02, 0.04), model("uplift-d2-2026-01-08", 2, 0.03, 0.01, 0.05));
    List<ModelEvaluation> out = DaySelection.byTrainingRun(models, id -> id.substring(id.length() - 10));
    assertThat(out).extracting(ModelEvaluation::modelId)
        .containsExactlyElementsOf(models.stream().map(ModelEvaluation::modelId).toList());
    assertThat(out).extracting(m -> m.metric("is_chosen_day").orElseThrow().value())
        .containsExactly(1.0, 0.0, 0.0, 1.0);
    assertThat(out.get(0).curve("day_added_value_dr")).hasSize(2);
    assertThat(out.get(3).metric("chosen_day_added_value_dr").orElseThrow().ciLow()).isEqualTo(0.01);
  }
}
