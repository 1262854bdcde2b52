package io.upliftsuite.forest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.upliftsuite.config.SuiteConfig;
import io.upliftsuite.learners.DailyTrainingOptions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.ml.param.Param;
import org.junit.jupiter.api.Test;

/** One mapping between config keys and estimator params, and training's inheritance of the forest section. */
class ForestSettingsTest {

  @Test
  void everyEstimatorParamButTheWiringIsAConfigKeyOfTheForestSection() {
    UpliftRandomForestClassifier estimator = new UpliftRandomForestClassifier();
    List<String> params = Arrays.stream(estimator.params()).map(Param::name)
        .filter(n -> !ForestSettings.WIRING.contains(n)).toList();
    assertThat(ForestSettings.keys()).hasSize(params.size());
    SuiteConfig config = SuiteConfig.defaults();
    for (String key : ForestSettings.keys()) {
      assertThat(config.config().hasPath("forest." + key)).as("forest.%s in conf/forest.conf", key).isTrue();
      assertThat(config.config().hasPath("training.forest." + key)).as("training.forest.%s", key).isTrue();
    }
    assertThat(ForestSettings.key("maxMemoryInMB")).isEqualTo("max-memory-mb");
    assertThat(ForestSettings.key("nReg")).isEqualTo("n-reg");
    assertThat(ForestSettings.key("minInstancesPerNode")).isEqualTo("min-instances-per-node");
  }

  @Test
  void appliedSettingsAreWhatTheEstimatorReportsBack() {
    ForestSettings s = settings(SuiteConfig.defaults(), "forest").with("num-trees", 7).with("honesty", "true")
        .with("n-reg", 2.5).with("local-mode-max-rows", 5L);
    UpliftRandomForestClassifier estimator = s.applyTo(new UpliftRandomForestClassifier());
    assertThat(estimator.getNumTrees()).isEqualTo(7);
    assertThat(estimator.getHonesty()).isTrue();
    assertThat(estimator.getNReg()).isEqualTo(2.5);
    assertThat(estimator.getMinTreatmentInstances()).isEqualTo(10.0);
    assertThat(ForestSettings.of(estimator)).isEqualTo(s.asMap());
    // the regressor keeps its one criterion
    assertThat(s.applyTo(new UpliftRandomForestRegressor()).getCriterion()).isEqualTo("CausalMSE");
  }

  @Test
  void trainingInheritsTheForestSectionAndOverridesExplicitly() {
    SuiteConfig config = SuiteConfig.load("local", List.of(), List.of("forest.max-bins=64",
        "training.forest.honesty=true", "forest.num-trees=12", "training.forest.num-trees=8"));
    Map<String, Object> forest = settings(config, "forest").asMap();
    Map<String, Object> training = settings(config, "training.forest").asMap();
    assertThat(forest.get("max-bins")).isEqualTo(64);
    assertThat(training.get("max-bins")).as("inherited").isEqualTo(64);
    assertThat(forest.get("honesty")).isEqualTo(false);
    assertThat(training.get("honesty")).isEqualTo(true);
    assertThat(forest.get("num-trees")).isEqualTo(12);
    assertThat(training.get("num-trees")).isEqualTo(8);
    assertThat(forest.get("max-depth")).isEqualTo(5);
    assertThat(training.get("max-depth")).as("training's own default").isEqualTo(6);
  }

  @Test
  void modelsParamsRecordEveryForestSettingTrainingUses() {
    SuiteConfig config = SuiteConfig.load("local", List.of(), List.of("training.forest.n-reg=3"));
    DailyTrainingOptions o = DailyTrainingOptions.fromConfig(config.section("training"), 42L);
    Map<String, Object> params = o.asParams();
    for (String key : ForestSettings.keys()) {
      assertThat(params).containsKey(key.replace('-', '_'));
    }
    assertThat(params.get("n_reg")).isEqualTo(3.0);
    assertThat(params.get("ensemble_size")).isEqualTo(30);
    assertThat(params.get("control_label")).isEqualTo("0");
  }

  @Test
  void badKeysAndValuesNameTheKeyTheValueAndTheRule() {
    SuiteConfig config = SuiteConfig.defaults();
    ForestSettings s = settings(config, "forest");
    assertThatThrownBy(() -> s.with("num-tress", 3)).hasMessageStartingWith(
        "Config key 'forest.num-tress' is not a forest setting").hasMessageContaining("num-trees");
    assertThatThrownBy(() -> s.with("max-depth", 31)).hasMessage(
        "Config key 'forest.max-depth' = 31: must be maximum depth, 0 = root only (0..30)");
    assertThatThrownBy(() -> s.with("bootstrap", "yes")).hasMessageContaining("must be true or false");
    assertThatThrownBy(() -> s.with("criterion", "Gini")).hasMessageContaining("'forest.criterion' = Gini");
    assertThatThrownBy(() -> ForestSettings.fromConfig(config.config().getConfig("training.forest"),
        "training.forest", Set.of())).hasMessageContaining("'training.forest.ensemble-size' is not a forest setting");
    SuiteConfig wrongControl = SuiteConfig.load("local", List.of(), List.of("training.forest.control-label=1"));
    assertThatThrownBy(() -> DailyTrainingOptions.fromConfig(wrongControl.section("training"), 42L))
        .hasMessageContaining("'training.forest.control-label' = 1");
  }

  private static ForestSettings settings(SuiteConfig config, String path) {
    return ForestSettings.fromConfig(config.config().getConfig(path), path, Set.of("ensemble-size"));
  }
}
