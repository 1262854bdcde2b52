package io.upliftsuite.episodes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

/** The feature dictionary is consistent with the table contract and with the published docs. */
class EpisodeFeaturesTest {
  @Test
  void featuresAreUniqueTypedAndDisjointFromTheNonFeatureColumns() {
    List<String> names = EpisodeFeatures.names();
    assertThat(new HashSet<>(names)).hasSameSizeAs(names);
    assertThat(names).doesNotContainAnyElementsOf(EpisodeColumns.NON_FEATURE_COLUMNS);
    assertThat(EpisodeFeatures.ALL).allSatisfy(f -> assertThat(f.type()).isIn(DataTypes.StringType,
        DataTypes.IntegerType, DataTypes.LongType, DataTypes.DoubleType, DataTypes.BooleanType));
    assertThat(EpisodeColumns.schema().fieldNames()).hasSize(EpisodeColumns.NON_FEATURE_COLUMNS.size() + names.size());
  }

  @Test
  void docsListEveryFeatureWithItsType() throws IOException {
    String docs = Files.readString(Path.of("..", "docs", "episodes.md"));
    for (EpisodeFeatures.Feature f : EpisodeFeatures.ALL) {
      String type = f.type().equals(DataTypes.IntegerType) ? "int" : f.type().simpleString();
      assertThat(docs).as(f.name()).contains("| `" + f.name() + "` | " + type + " |");
    }
  }
}
