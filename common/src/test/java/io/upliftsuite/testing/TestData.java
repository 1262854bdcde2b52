package io.upliftsuite.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Data files kept in the repository for tests: the public data sets under {@code datasets/} (common's pom puts that
 * folder on its test classpath) and peer reference values under {@code common/src/test/resources/reference/}.
 * Everything is found inside the clone: on the test classpath, or — from another module, where the test-jar holds
 * the file but Spark needs a path — by walking up from the working directory through the folders of this Maven
 * build (each has a pom.xml) to the repository root. Never outside it.
 */
public final class TestData {
  private TestData() {}

  /** {@code datasets/hillstrom/hillstrom.csv.gz}: see datasets/hillstrom/README.md for its source and facts. */
  public static Path hillstromCsv() {
    return dataset("hillstrom/hillstrom.csv.gz");
  }

  /** A file under {@code datasets/}, as a local path Spark can read. */
  public static Path dataset(String relative) {
    URL url = TestData.class.getResource("/" + relative);
    if (url != null && "file".equals(url.getProtocol())) {
      try {
        return Path.of(url.toURI());
      } catch (URISyntaxException e) {
        throw new IllegalStateException(e);
      }
    }
    Path start = Path.of("").toAbsolutePath();
    for (Path dir = start; dir != null && Files.isRegularFile(dir.resolve("pom.xml")); dir = dir.getParent()) {
      Path candidate = dir.resolve("datasets").resolve(relative);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("datasets/" + relative + " not found on the test classpath nor in the"
        + " repository above " + start);
  }

  /** A peer reference JSON from {@code common/src/test/resources/reference/} (see the README there). */
  public static JsonNode referenceJson(String fileName) {
    try (InputStream in = TestData.class.getResourceAsStream("/reference/" + fileName)) {
      if (in == null) {
        throw new IllegalStateException("reference/" + fileName + " is not on the test classpath");
      }
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
