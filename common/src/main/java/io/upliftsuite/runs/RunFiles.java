package io.upliftsuite.runs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The files of the runs folder, through Hadoop's FileSystem so that they live wherever the warehouse does:
 * {@code live/<run id>} (heartbeats) and {@code units/<run id>/} (a unit's staged writes, its manifest once every
 * write is staged, and a {@code committed} marker).
 */
final class RunFiles {
  static final String LIVE = "live";
  static final String UNITS = "units";
  static final String MANIFEST = "manifest.json";
  static final String COMMITTED = "committed";
  static final String STAGING = "staging";

  private final FileSystem fs;
  private final Path root;

  RunFiles(String runsDir, Configuration hadoop) {
    try {
      this.root = new Path(runsDir);
      this.fs = root.getFileSystem(hadoop);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open the runs folder " + runsDir, e);
    }
  }

  FileSystem fs() {
    return fs;
  }

  Path root() {
    return root;
  }

  Path live(String runId) {
    return new Path(new Path(root, LIVE), runId);
  }

  Path liveDir() {
    return new Path(root, LIVE);
  }

  Path unitsDir() {
    return new Path(root, UNITS);
  }

  Path unit(String runId) {
    return new Path(unitsDir(), runId);
  }

  Path manifest(String runId) {
    return new Path(unit(runId), MANIFEST);
  }

  Path committed(String runId) {
    return new Path(unit(runId), COMMITTED);
  }

  Path staging(String runId) {
    return new Path(unit(runId), STAGING);
  }

  /** Writes {@code text} to a temporary name and renames it, so readers see the whole file or none. */
  void writeAtomically(Path target, String text) {
    Path tmp = new Path(target.getParent(), "." + target.getName() + ".tmp");
    try {
      fs.mkdirs(target.getParent());
      try (FSDataOutputStream out = fs.create(tmp, true)) {
        out.write(text.getBytes(StandardCharsets.UTF_8));
      }
      if (fs.exists(target)) {
        fs.delete(target, false);
      }
      if (!fs.rename(tmp, target)) {
        throw new IOException("rename " + tmp + " -> " + target + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + target, e);
    }
  }

  String read(Path file) {
    try (var in = fs.open(file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }

  boolean exists(Path p) {
    try {
      return fs.exists(p);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot check " + p, e);
    }
  }

  void deleteQuietly(Path p) {
    try {
      fs.delete(p, true);
    } catch (IOException e) {
      // leftovers are found and removed by the next recovery
    }
  }
}
