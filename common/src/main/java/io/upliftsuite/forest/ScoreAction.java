package io.upliftsuite.forest;

import static org.apache.spark.sql.functions.col;

import io.upliftsuite.spark.DeltaTables;
import io.upliftsuite.spark.TableExport;
import io.upliftsuite.spark.TableFormat;
import io.upliftsuite.spark.TableLocation;
import io.upliftsuite.spark.WriteContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Scores a table with a model saved by {@link FitForestAction}: keeps every input column and adds {@code uplift}
 * (one treatment arm) or {@code uplift_<arm>} per treatment arm. An output ending in .csv is one CSV file with a
 * header; any other output is written as a Delta table (overwritten atomically).
 */
public final class ScoreAction {
  public record Result(long rows, List<String> addedColumns, String output) {}

  private final SparkSession spark;
  private String modelPath;
  private TableLocation input;
  private String output;
  private WriteContext context;

  private ScoreAction(SparkSession spark) {
    this.spark = spark;
  }

  public static ScoreAction on(SparkSession spark) {
    return new ScoreAction(spark);
  }

  public ScoreAction model(String path) {
    this.modelPath = path;
    return this;
  }

  public ScoreAction input(TableLocation table) {
    this.input = table;
    return this;
  }

  public ScoreAction output(String path) {
    this.output = path;
    return this;
  }

  public ScoreAction context(WriteContext writeContext) {
    this.context = writeContext;
    return this;
  }

  public Result execute() {
    Objects.requireNonNull(modelPath, "model path");
    Objects.requireNonNull(input, "input table");
    if (output == null || output.isBlank()) {
      throw new IllegalArgumentException("score needs --output PATH");
    }
    PipelineModel pipeline = PipelineModel.load(modelPath);
    Transformer[] stages = pipeline.stages();
    if (stages.length == 0 || !(stages[stages.length - 1] instanceof UpliftRandomForestModel model)) {
      throw new IllegalArgumentException("Model at " + modelPath + " is not a fit-forest model (its last stage is "
          + (stages.length == 0 ? "missing" : stages[stages.length - 1].getClass().getSimpleName()) + ")");
    }
    Dataset<Row> rows = ForestInput.read(spark, input);
    long count = ForestInput.checkFeatures(input.name(), rows, featureColumns(stages));
    String[] inputColumns = rows.columns();
    Dataset<Row> scored = pipeline.transform(rows);
    List<String> arms = model.arms();
    List<Column> out = new ArrayList<>();
    for (String c : inputColumns) {
      out.add(col("`" + c + "`"));
    }
    List<String> added = new ArrayList<>();
    Column uplift = org.apache.spark.ml.functions.vector_to_array(col(ForestSchemas.UPLIFT), "float64");
    for (int a = 1; a < arms.size(); a++) {
      String name = arms.size() == 2 ? "uplift" : "uplift_" + arms.get(a);
      if (Arrays.asList(inputColumns).contains(name)) {
        throw new IllegalArgumentException("Input " + input.name() + " already has a column " + name);
      }
      out.add(uplift.getItem(a - 1).as(name));
      added.add(name);
    }
    Dataset<Row> result = scored.select(out.toArray(Column[]::new));
    if (output.toLowerCase(Locale.ROOT).endsWith(".csv")) {
      TableExport.SingleCsvFile.write(result, output);
    } else {
      DeltaTables.overwrite(result, new TableLocation(output, output, TableFormat.DELTA), List.of(),
          context != null ? context : WriteContext.of("score", java.time.LocalDate.now(java.time.ZoneOffset.UTC)));
    }
    return new Result(count, added, output);
  }

  /** The input columns the pipeline reads: the string indexers' inputs and the assembler's other inputs. */
  private static List<String> featureColumns(Transformer[] stages) {
    List<String> columns = new ArrayList<>();
    for (Transformer t : stages) {
      if (t instanceof StringIndexerModel indexer) {
        columns.add(indexer.getInputCol());
      } else if (t instanceof VectorAssembler assembler) {
        for (String c : assembler.getInputCols()) {
          if (!c.endsWith(FitForestAction.INDEX_SUFFIX)) {
            columns.add(c);
          }
        }
      }
    }
    return columns;
  }
}
