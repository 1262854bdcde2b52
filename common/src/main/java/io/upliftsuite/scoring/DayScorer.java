package io.upliftsuite.scoring;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The per-day scorer (CONVENTIONS item 2): one Spark ML {@link PipelineModel}, saved at {@code <model folder>/scorer},
 * that maps rows in the {@code episodes} contract (their feature columns; other columns pass through) to
 * {@value #CATE} and {@value #PROPENSITY}. Stages:
 *
 * <ol>
 *   <li>{@link FeatureCleaner} — numeric features to double (null 0), categorical nulls to a category;</li>
 *   <li>the fitted encoders (index, one-hot, assemblers) — a {@code PipelineModel} of their own;</li>
 *   <li>the selected-features assembler (the features the day's models were fitted on, in their order);</li>
 *   <li>the propensity model, and {@link VectorElement} taking {@value #PROPENSITY} = P(action = 1) from its
 *       probability vector, clipped into the trimming bounds (as in {@code predictions});</li>
 *   <li>the day's uplift model — any {@link Transformer} that adds an {@value #UPLIFT} vector (CONVENTIONS item 1);</li>
 *   <li>{@link VectorElement}: {@value #CATE} = element 0 of {@value #UPLIFT};</li>
 *   <li>{@link DropColumns}: every intermediate column the stages added, so the output is the input plus
 *       {@value #CATE} and {@value #PROPENSITY} (numeric features come out as cleaned doubles).</li>
 * </ol>
 *
 * {@code PipelineModel.load(folder + "/scorer")} (or {@link #load}) is the one call that scores new rows.
 */
public final class DayScorer {
  public static final String CATE = "cate";
  public static final String PROPENSITY = "propensity";
  public static final String UPLIFT = "uplift";
  /** Sub-folder of a model folder holding the scorer. */
  public static final String FOLDER = "scorer";

  private DayScorer() {}

  /**
   * Assembles the scorer from a day's fitted parts.
   *
   * @param numeric the numeric feature columns the encoders were fitted on
   * @param categorical the categorical feature columns the encoders were fitted on
   * @param encoders the fitted encoder pipeline
   * @param selected the assembler of the selected (encoded) features, the input of the uplift model
   * @param propensity the fitted propensity model (reads the encoders' output, adds a probability vector)
   * @param upliftModel the day's uplift model (reads the selected features, adds {@value #UPLIFT})
   * @param trimLow lower trimming bound: {@value #PROPENSITY} is clipped into [trimLow, trimHigh] like in
   *     {@code predictions}
   * @param trimHigh upper trimming bound
   */
  public static PipelineModel assemble(List<String> numeric, List<String> categorical, PipelineModel encoders,
      VectorAssembler selected, Model<?> propensity, Transformer upliftModel, double trimLow, double trimHigh) {
    FeatureCleaner cleaner = new FeatureCleaner().setNumericCols(numeric).setCategoricalCols(categorical);
    Param<Object> probabilityParam = propensity.getParam("probabilityCol");
    VectorElement propensityOf = new VectorElement().setInputCol((String) propensity.getOrDefault(probabilityParam))
        .setIndex(1).setClip(trimLow, trimHigh).setOutputCol(PROPENSITY);
    VectorElement cateOf = new VectorElement().setInputCol(UPLIFT).setIndex(0).setOutputCol(CATE);
    List<Transformer> stages = new ArrayList<>(List.of(cleaner, encoders, selected, propensity, propensityOf,
        upliftModel, cateOf));

    // The intermediate columns: everything the stages add to the (cleaned) feature columns, but cate and propensity.
    StructType input = new StructType();
    for (String c : numeric) {
      input = input.add(c, DataTypes.DoubleType);
    }
    for (String c : categorical) {
      input = input.add(c, DataTypes.StringType);
    }
    StructType output = input;
    for (Transformer t : stages) {
      output = t.transformSchema(output);
    }
    Set<String> added = new LinkedHashSet<>(List.of(output.fieldNames()));
    added.removeAll(List.of(input.fieldNames()));
    added.removeAll(List.of(CATE, PROPENSITY));
    stages.add(new DropColumns().setColumns(List.copyOf(added)));
    return new PipelineModel(Identifiable.randomUID("dayScorer"), stages);
  }

  /** The scorer's folder under a model folder. */
  public static String path(String modelFolder) {
    return modelFolder + "/" + FOLDER;
  }

  /** Loads the scorer saved under {@code modelFolder} (the {@code models.path} of a day model). */
  public static PipelineModel load(String modelFolder) {
    return PipelineModel.load(path(modelFolder));
  }
}
