package io.upliftsuite.spark;

import io.upliftsuite.config.SuiteConfig;
import io.upliftsuite.config.SuiteConfigException;
import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.TreeSet;

/**
 * The table registry: logical table name (as in config {@code tables.NAME}) to location. Relative paths are resolved
 * against {@code warehouse.root}, which itself is resolved against the working directory when it is relative.
 */
public final class Tables {
  private final SuiteConfig config;
  private final String root;

  public Tables(SuiteConfig config) {
    this.config = config;
    this.root = resolveRoot(config.warehouseRoot());
  }

  /** The warehouse root as an absolute path or URI. */
  public String root() {
    return root;
  }

  /** A path under the warehouse root (for model files and reports). */
  public String underRoot(String relative) {
    return join(root, relative);
  }

  public String modelsDir() {
    return underRoot(config.getString("warehouse.models-dir"));
  }

  public String reportsDir() {
    return underRoot(config.getString("warehouse.reports-dir"));
  }

  /** Whether the config declares table {@code name}. */
  public boolean hasTable(String name) {
    return config.config().hasPath("tables." + name);
  }

  public TableLocation location(String name) {
    String key = "tables." + name;
    if (!config.config().hasPath(key)) {
      throw new SuiteConfigException("Unknown table '" + name + "': no config key '" + key + "'; known tables: "
          + new TreeSet<>(config.config().getConfig("tables").root().keySet()));
    }
    String path = config.getString(key + ".path");
    String format = config.config().hasPath(key + ".format") ? config.getString(key + ".format") : "delta";
    return new TableLocation(name, resolve(path), TableFormat.parse(format, "config key '" + key + ".format'"));
  }

  private String resolve(String path) {
    return isAbsolute(path) ? path : join(root, path);
  }

  static String resolveRoot(String root) {
    if (isAbsolute(root)) {
      return stripTrailingSlash(root);
    }
    return Paths.get(root).toAbsolutePath().normalize().toString();
  }

  static boolean isAbsolute(String path) {
    if (hasScheme(path)) {
      return true;
    }
    return Path.of(path).isAbsolute();
  }

  private static boolean hasScheme(String path) {
    try {
      URI uri = new URI(path);
      return uri.getScheme() != null && uri.getScheme().length() > 1; // "C:" is a drive, not a scheme
    } catch (Exception e) {
      return false;
    }
  }

  private static String join(String base, String relative) {
    return stripTrailingSlash(base) + "/" + relative;
  }

  private static String stripTrailingSlash(String s) {
    return s.endsWith("/") && s.length() > 1 ? s.substring(0, s.length() - 1) : s;
  }
}
