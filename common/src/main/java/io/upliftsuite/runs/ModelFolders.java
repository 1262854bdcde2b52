package io.upliftsuite.runs;

import io.upliftsuite.spark.TableIO;
import io.upliftsuite.spark.TableLocation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Model files never change under a committed {@code models} row. A training run saves its models under a folder of
 * its own, {@code <models dir>/<run id>/<model id>/} (every file: forests, propensity, baseline, features, scorer), so
 * a re-run or a killed run never touches the files an existing row points to; the row is committed after the files
 * are complete (the run unit's commit), and the folders it replaced are deleted only after that commit.
 *
 * <p>A model folder is an <em>orphan</em> when no {@code models} row points to it and its run can no longer commit
 * one: the run is dead and has no manifest left to finish. Orphans come from replaced rows and from killed runs;
 * {@link #sweep} lists them and deletes them when asked (after every training commit, and {@code doctor --clean}).
 */
public final class ModelFolders {
  private static final Logger LOG = LoggerFactory.getLogger(ModelFolders.class);
  /** A run id: job name, run date, 8 hex digits (see WriteContext.of). */
  private static final Pattern RUN_ID = Pattern.compile("[a-z][a-z0-9-]*-\\d{4}-\\d{2}-\\d{2}-[0-9a-f]{8}");

  private ModelFolders() {}

  /** The folder under which run {@code runId} saves its models, one sub-folder per model id. */
  public static String runFolder(String modelsDir, String runId) {
    return (modelsDir.endsWith("/") ? modelsDir : modelsDir + "/") + runId;
  }

  /**
   * Deletes the model folder of run {@code runId}, whose unit ended without committing anything: no row can ever
   * point to its files.
   */
  public static void dropRunFolder(SparkSession spark, RunSettings settings, String runId) {
    Path folder = new Path(runFolder(settings.modelsDir(), runId));
    try {
      FileSystem fs = folder.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (fs.exists(folder) && fs.delete(folder, true)) {
        LOG.info("deleted the model files of run {}, which committed nothing", runId);
      }
    } catch (IOException e) {
      LOG.warn("cannot delete {} (doctor lists it as an orphan): {}", folder, e.toString());
    }
  }

  /**
   * @param orphans model folders no row points to whose run can no longer commit
   * @param deleted the orphans removed (empty unless asked to delete)
   * @param referenced model folders rows point to
   */
  public record Sweep(List<String> orphans, List<String> deleted, int referenced) {}

  /** Finds (and with {@code delete}, removes) the orphan model folders under {@link RunSettings#modelsDir()}. */
  public static Sweep sweep(SparkSession spark, RunSettings settings, TableLocation modelsTable, boolean delete) {
    RunFiles files = new RunFiles(settings.runsDir(), spark.sparkContext().hadoopConfiguration());
    Path root = new Path(settings.modelsDir());
    try {
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(root)) {
        return new Sweep(List.of(), List.of(), 0);
      }
      Set<String> referenced = referencedFolders(spark, fs, modelsTable);
      List<String> orphans = new ArrayList<>();
      List<String> deleted = new ArrayList<>();
      for (FileStatus entry : fs.listStatus(root)) {
        if (!entry.isDirectory() || entry.getPath().getName().startsWith(".")) {
          continue;
        }
        String name = entry.getPath().getName();
        if (!RUN_ID.matcher(name).matches()) {
          // a model folder of the layout before run folders (<models dir>/<model id>): an orphan if unreferenced
          if (holdsSparkModels(fs, entry.getPath()) && !isReferenced(referenced, fs, entry.getPath())) {
            orphans.add(entry.getPath().toString());
            if (delete && fs.delete(entry.getPath(), true)) {
              deleted.add(entry.getPath().toString());
            }
          }
          continue;
        }
        if (RunHeartbeat.isLive(files, name, settings.deadAfterSeconds()) || RunRecovery.mayStillCommit(files, name)) {
          continue; // its rows may still be committed
        }
        List<Path> unreferenced = new ArrayList<>();
        FileStatus[] models = fs.listStatus(entry.getPath());
        for (FileStatus model : models) {
          if (!isReferenced(referenced, fs, model.getPath())) {
            unreferenced.add(model.getPath());
          }
        }
        for (Path p : unreferenced) {
          orphans.add(p.toString());
        }
        if (delete) {
          boolean whole = unreferenced.size() == models.length;
          for (Path p : whole ? List.of(entry.getPath()) : unreferenced) {
            if (fs.delete(p, true)) {
              deleted.addAll(whole ? unreferenced.stream().map(Path::toString).toList() : List.of(p.toString()));
            }
          }
        }
      }
      if (!deleted.isEmpty()) {
        LOG.info("deleted {} model folder(s) no models row points to: {}", deleted.size(), deleted);
      }
      int pointedTo = (int) referenced.stream().filter(r -> !r.startsWith("tail:")).count();
      return new Sweep(List.copyOf(orphans), List.copyOf(deleted), pointedTo);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot sweep the model folders under " + root, e);
    }
  }

  /**
   * Every folder a {@code models} row points to, by its qualified path and by its tail (run folder / model id). The
   * tail keeps a copied or moved warehouse safe: its rows still point at the old location, and matching only the
   * qualified path would call the copy's own model folders orphans and delete them.
   */
  private static Set<String> referencedFolders(SparkSession spark, FileSystem fs, TableLocation modelsTable) {
    Set<String> out = new HashSet<>();
    if (!TableIO.pathExists(spark, modelsTable.path())) {
      return out;
    }
    List<String> paths = TableIO.readCommitted(spark, modelsTable, null).select("path").distinct()
        .as(Encoders.STRING()).collectAsList();
    for (String p : paths) {
      if (p != null) {
        Path path = new Path(p);
        out.add(qualified(fs, path));
        out.add(tail(path));
      }
    }
    return out;
  }

  private static boolean isReferenced(Set<String> referenced, FileSystem fs, Path folder) {
    return referenced.contains(qualified(fs, folder)) || referenced.contains(tail(folder));
  }

  /** "tail:" + parent name + "/" + name: the run folder and model id of a model folder, wherever it lives. */
  private static String tail(Path p) {
    Path parent = p.getParent();
    return "tail:" + (parent == null ? "" : parent.getName()) + "/" + p.getName();
  }

  /** True for a folder with a saved Spark ML model in a sub-folder ({@code <sub>/metadata}): a model folder. */
  private static boolean holdsSparkModels(FileSystem fs, Path dir) throws IOException {
    for (FileStatus child : fs.listStatus(dir)) {
      if (child.isDirectory() && fs.exists(new Path(child.getPath(), "metadata"))) {
        return true;
      }
    }
    return false;
  }

  private static String qualified(FileSystem fs, Path p) {
    String s = fs.makeQualified(p).toString();
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
