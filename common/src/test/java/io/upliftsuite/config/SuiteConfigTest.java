package io.upliftsuite.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuiteConfigTest {

  @Test
  void defaultsGiveALocalWarehouseAndSeed() {
    SuiteConfig c = SuiteConfig.defaults();
    assertThat(c.warehouseRoot()).isEqualTo("warehouse");
    assertThat(c.sparkMaster()).isEqualTo("local[*]");
    assertThat(c.seed()).isEqualTo(42L);
    assertThat(c.sparkSettings()).containsEntry("spark.sql.session.timeZone", "UTC");
  }

  @Test
  void layersApplyInOrderProfileThenFilesThenSet(@TempDir Path dir) throws Exception {
    Path first = dir.resolve("first.conf");
    Path second = dir.resolve("second.conf");
    Files.writeString(first, "suite.seed = 7\nwarehouse.root = \"/a\"\n");
    Files.writeString(second, "warehouse.root = \"/b\"\n");
    SuiteConfig c = SuiteConfig.load("cluster", List.of(first, second), List.of("suite.seed=9"));
    assertThat(c.sparkMaster()).isEmpty();
    assertThat(c.warehouseRoot()).isEqualTo("/b");
    assertThat(c.seed()).isEqualTo(9L);
  }

  @Test
  void unknownSetKeyIsRejectedWithItsNameAndTheKnownSiblings() {
    assertThatThrownBy(() -> SuiteConfig.load("local", List.of(), List.of("warehouse.rooot=/x")))
        .isInstanceOf(SuiteConfigException.class)
        .hasMessageContaining("Unknown config key 'warehouse.rooot'")
        .hasMessageContaining("root");
  }

  @Test
  void unknownKeyInAConfigFileNamesTheFile(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("bad.conf");
    Files.writeString(f, "suite.sede = 1\n");
    assertThatThrownBy(() -> SuiteConfig.load("local", List.of(f), List.of()))
        .hasMessageContaining("suite.sede").hasMessageContaining("bad.conf");
  }

  @Test
  void unreadableConfigFileIsNamed(@TempDir Path dir) {
    Path missing = dir.resolve("nope.conf");
    assertThatThrownBy(() -> SuiteConfig.load("local", List.of(missing), List.of()))
        .isInstanceOf(SuiteConfigException.class)
        .hasMessageContaining("Cannot read config file").hasMessageContaining("nope.conf");
  }

  @Test
  void sparkSettingsAndNewTablesAreOpenButTableFieldsAreNot() {
    SuiteConfig c = SuiteConfig.load("local", List.of(),
        List.of("spark.settings.\"spark.executor.memory\"=2g", "tables.my_scores.path=/data/scores"));
    assertThat(c.sparkSettings()).containsEntry("spark.executor.memory", "2g");
    assertThat(c.getString("tables.my_scores.path")).isEqualTo("/data/scores");
    assertThatThrownBy(() -> SuiteConfig.load("local", List.of(), List.of("tables.leads.pth=/x")))
        .hasMessageContaining("tables.leads.pth");
  }

  @Test
  void badOverrideSyntaxAndWrongTypesAreExplained() {
    assertThatThrownBy(() -> SuiteConfig.load("local", List.of(), List.of("suite.seed")))
        .hasMessageContaining("expected key=value");
    assertThatThrownBy(() -> SuiteConfig.load("local", List.of(), List.of("suite.seed=abc")))
        .isInstanceOf(SettingException.class)
        .hasMessageStartingWith("Config key 'suite.seed' = abc: must be a number");
  }

  @Test
  void aValueOfTheWrongTypeFailsAtLoadNamingTheKeyUnderAnySection(@TempDir Path dir) throws Exception {
    // the case: the same mistake under training.forest used to surface as a ConfigException stack trace
    assertThatThrownBy(() -> SuiteConfig.load("local", List.of(), List.of("training.forest.num-trees=abc")))
        .isInstanceOf(SettingException.class)
        .hasMessageContaining("'training.forest.num-trees' = abc").hasMessageContaining("must be a number")
        .hasMessageContaining("--set training.forest.num-trees=abc");
    // defaults written 0.0 and 1.0 (HOCON keeps them as ints) still take fractions
    assertThat(SuiteConfig.load("local", List.of(), List.of("registry.approval-margin=-0.05")).config()
        .getDouble("registry.approval-margin")).isEqualTo(-0.05);
    assertThat(SuiteConfig.load("local", List.of(), List.of("forest.subsampling-rate=0.8")).config()
        .getDouble("forest.subsampling-rate")).isEqualTo(0.8);
    assertThatThrownBy(() -> SuiteConfig.load("local", List.of(), List.of("training.propensity.trim-low=low")))
        .hasMessageContaining("'training.propensity.trim-low' = low: must be a number");
    assertThatThrownBy(() -> SuiteConfig.load("local", List.of(), List.of("training.forest.honesty=maybe")))
        .hasMessageContaining("must be true or false");
    assertThatThrownBy(() -> SuiteConfig.load("local", List.of(), List.of("training.days=3")))
        .hasMessageContaining("'training.days' = 3: must be a list");
    assertThatThrownBy(() -> SuiteConfig.load("local", List.of(), List.of("training.days=[1, x]")))
        .hasMessageContaining("every element must be a number");
    assertThatThrownBy(() -> SuiteConfig.load("local", List.of(), List.of("training.forest=5")))
        .hasMessageContaining("'training.forest' = 5: is a section of keys");
    Path f = dir.resolve("typo.conf");
    Files.writeString(f, "evaluation { deciles = ten }\n");
    assertThatThrownBy(() -> SuiteConfig.load("local", List.of(f), List.of()))
        .hasMessageContaining("'evaluation.deciles' = ten").hasMessageContaining("typo.conf");
    // values that read as their default's type pass: numbers as strings, yes/no booleans, strings as anything
    SuiteConfig ok = SuiteConfig.load("local", List.of(), List.of("training.forest.num-trees=12",
        "training.forest.honesty=yes", "training.days=[1, 2]", "warehouse.root=123"));
    assertThat(ok.getInt("training.forest.num-trees")).isEqualTo(12);
    assertThat(ok.getBoolean("training.forest.honesty")).isTrue();
  }

  @Test
  void unknownEnvironmentProfileIsRejected() {
    assertThatThrownBy(() -> SuiteConfig.load("staging", List.of(), List.of()))
        .hasMessageContaining("staging");
  }
}
