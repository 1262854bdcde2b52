package io.upliftsuite.runs;

import static org.assertj.core.api.Assertions.assertThat;

import io.upliftsuite.spark.CommitRetry;
import io.upliftsuite.spark.DeltaTables;
import io.upliftsuite.spark.TableFormat;
import io.upliftsuite.spark.TableLocation;
import io.upliftsuite.spark.WriteContext;
import io.upliftsuite.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The model-folder lifecycle: a run's files go to a folder of its own; folders a committed row points to are never
 * touched; a folder no row points to is an orphan once its run can no longer commit, and only then is it deleted.
 */
class ModelFoldersTest {
  private static final StructType MODELS = new StructType()
      .add("model_id", DataTypes.StringType).add("path", DataTypes.StringType);

  private final SparkSession spark = SparkTestSession.get();
  private final Path root = SparkTestSession.tempDir("folders");
  private final RunSettings settings = new RunSettings(root.resolve("_runs").toString(),
      root.resolve("models").toString(), 1, 30, new CommitRetry(2, 10));
  private final TableLocation models = new TableLocation("models", root.resolve("training/models").toString(),
      TableFormat.DELTA);

  /** A model folder with a file in a Spark-ML-like layout, under run {@code runId}. */
  private Path modelFolder(String runId, String modelId) throws Exception {
    Path dir = Path.of(ModelFolders.runFolder(settings.modelsDir(), runId), modelId);
    Files.createDirectories(dir.resolve("forest/metadata"));
    Files.writeString(dir.resolve("forest/metadata/part-00000"), "{\"class\":\"x\"}");
    return dir;
  }

  private void rowsPointTo(Path... folders) {
    List<Row> rows = new ArrayList<>();
    for (Path f : folders) {
      rows.add(RowFactory.create(f.getFileName().toString(), f.toString()));
    }
    DeltaTables.overwrite(spark.createDataFrame(rows, MODELS), models, List.of(),
        WriteContext.of("train-daily-models", LocalDate.of(2026, 1, 31)));
  }

  @Test
  void aRunsModelsGoToAFolderOfItsOwn() {
    assertThat(ModelFolders.runFolder("/w/models", "train-daily-models-2026-01-31-0a1b2c3d"))
        .isEqualTo("/w/models/train-daily-models-2026-01-31-0a1b2c3d");
    assertThat(ModelFolders.runFolder("s3a://b/models/", "r")).isEqualTo("s3a://b/models/r");
  }

  @Test
  void foldersUnderCommittedRowsStayAndReplacedOrKilledRunsFoldersGo() throws Exception {
    String old = "train-daily-models-2026-01-31-00000001";
    String current = "train-daily-models-2026-01-31-00000002";
    String killed = "train-daily-models-2026-01-31-00000003";
    Path replaced1 = modelFolder(old, "uplift-d1-2026-01-31");
    Path kept2 = modelFolder(old, "uplift-d2-2026-01-31"); // day 2 was not retrained: its row still points here
    Path current1 = modelFolder(current, "uplift-d1-2026-01-31");
    Path orphan = modelFolder(killed, "uplift-d1-2026-01-31");
    rowsPointTo(current1, kept2);

    ModelFolders.Sweep listed = ModelFolders.sweep(spark, settings, models, false);
    assertThat(listed.referenced()).isEqualTo(2);
    assertThat(listed.orphans()).containsExactlyInAnyOrder(
        "file:" + replaced1, "file:" + orphan);
    assertThat(listed.deleted()).isEmpty();
    assertThat(orphan).exists();

    ModelFolders.Sweep cleaned = ModelFolders.sweep(spark, settings, models, true);
    assertThat(cleaned.deleted()).hasSize(2);
    assertThat(replaced1).doesNotExist();
    assertThat(orphan.getParent()).doesNotExist(); // the killed run's whole folder
    assertThat(kept2.resolve("forest/metadata/part-00000")).hasContent("{\"class\":\"x\"}");
    assertThat(current1).exists();
  }

  /** A copied (or moved) warehouse: its rows still point at the old location; its own model folders must stay. */
  @Test
  void aCopiedWarehousesModelFoldersAreNotOrphans() throws Exception {
    String run = "train-daily-models-2026-01-31-00000004";
    Path copy = modelFolder(run, "uplift-d1-2026-01-31");
    Path orphan = modelFolder("train-daily-models-2026-01-31-00000005", "uplift-d1-2026-01-31");
    Path original = Path.of("/elsewhere/warehouse/models", run, "uplift-d1-2026-01-31");
    rowsPointTo(original);

    ModelFolders.Sweep cleaned = ModelFolders.sweep(spark, settings, models, true);
    assertThat(cleaned.referenced()).isEqualTo(1);
    assertThat(cleaned.orphans()).containsExactly("file:" + orphan);
    assertThat(copy.resolve("forest/metadata/part-00000")).hasContent("{\"class\":\"x\"}");
    assertThat(orphan.getParent()).doesNotExist();
  }

  @Test
  void foldersOfRunsThatMayStillCommitAreNotOrphans() throws Exception {
    rowsPointTo();
    // a live run (heartbeat of this JVM) that has not committed yet
    WriteContext live = WriteContext.of("train-daily-models", LocalDate.of(2026, 2, 1));
    RunUnit unit = RunUnit.open(spark, settings, live);
    Path liveFolder = modelFolder(live.runId(), "uplift-d1-2026-02-01");
    // a dead run with a manifest: the next recovery commits its rows, which point to its folder
    String dead = "train-daily-models-2026-02-02-0000000a";
    Path deadFolder = modelFolder(dead, "uplift-d1-2026-02-02");
    Files.createDirectories(root.resolve("_runs/units/" + dead));
    Files.writeString(root.resolve("_runs/units/" + dead + "/manifest.json"), "{}");
    try {
      assertThat(ModelFolders.sweep(spark, settings, models, true).orphans()).isEmpty();
      assertThat(liveFolder).exists();
      assertThat(deadFolder).exists();
    } finally {
      unit.abort();
    }
    // once the live run ended without committing, its folder is dropped
    ModelFolders.dropRunFolder(spark, settings, live.runId());
    assertThat(liveFolder.getParent()).doesNotExist();
  }
}
