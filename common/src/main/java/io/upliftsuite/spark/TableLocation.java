package io.upliftsuite.spark;

/** Where a logical table lives: its name in config, its resolved path or URI, and its storage format. */
public record TableLocation(String name, String path, TableFormat format) {
  @Override
  public String toString() {
    return name + " (" + format.sparkName() + " at " + path + ")";
  }
}
