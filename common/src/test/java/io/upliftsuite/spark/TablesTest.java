package io.upliftsuite.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.upliftsuite.config.SuiteConfig;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;

class TablesTest {

  @Test
  void relativeRootIsUnderTheWorkingDirectory() {
    Tables t = new Tables(SuiteConfig.defaults());
    String cwd = Paths.get("").toAbsolutePath().toString();
    assertThat(t.root()).isEqualTo(cwd + "/warehouse");
    assertThat(t.location("leads").path()).isEqualTo(cwd + "/warehouse/raw/leads");
    assertThat(t.location("leads").format()).isEqualTo(TableFormat.DELTA);
    assertThat(t.modelsDir()).isEqualTo(cwd + "/warehouse/models");
  }

  @Test
  void absolutePathsAndUrisAreKeptAndFormatsParsed() {
    SuiteConfig c = SuiteConfig.load("local", List.of(), List.of(
        "warehouse.root=s3a://bucket/uplift/", "tables.leads.path=/exports/leads.csv", "tables.leads.format=CSV"));
    Tables t = new Tables(c);
    assertThat(t.root()).isEqualTo("s3a://bucket/uplift");
    assertThat(t.location("items").path()).isEqualTo("s3a://bucket/uplift/raw/items");
    assertThat(t.location("leads")).isEqualTo(new TableLocation("leads", "/exports/leads.csv", TableFormat.CSV));
  }

  @Test
  void unknownTableAndFormatAreNamed() {
    Tables t = new Tables(SuiteConfig.defaults());
    assertThatThrownBy(() -> t.location("nope")).hasMessageContaining("Unknown table 'nope'")
        .hasMessageContaining("leads");
    Tables bad = new Tables(SuiteConfig.load("local", List.of(), List.of("tables.items.format=orc")));
    assertThatThrownBy(() -> bad.location("items")).hasMessageContaining("orc")
        .hasMessageContaining("tables.items.format");
  }
}
