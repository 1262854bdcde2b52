package io.upliftsuite.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The shared reference data ({@code shared/data} next to the repository), found by walking up from the cwd. */
final class SharedData {
  private SharedData() {}

  static Path dir() {
    String configured = System.getProperty("uplift.shared.data");
    if (configured != null) {
      return Path.of(configured);
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("shared/data");
      if (Files.isRegularFile(candidate.resolve("hillstrom.csv.gz"))) {
        return candidate;
      }
    }
    throw new IllegalStateException("shared/data/hillstrom.csv.gz not found above " + Path.of("").toAbsolutePath()
        + "; set -Duplift.shared.data=DIR");
  }

  /** Hillstrom with the reference score (integer part divided once, so equal scores are bit-identical). */
  static Dataset<Row> hillstrom(SparkSession spark) {
    return spark.read().option("header", "true").option("inferSchema", "true")
        .csv(dir().resolve("hillstrom.csv.gz").toString())
        .selectExpr("*", "(12 * womens + 6 * newbie - recency) / 12.0D + log1p(history) / 10.0D AS score");
  }

  static JsonNode reference() {
    try {
      return new ObjectMapper().readTree(dir().resolve("hillstrom-metrics-reference.json").toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
