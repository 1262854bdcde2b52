package io.upliftsuite.forest;

import java.util.Locale;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;
import scala.Function1;
import scala.runtime.AbstractFunction1;

/** The Param objects of one forest estimator or model, with their docs, valid ranges and (all in one place) defaults. */
public final class ForestParamSet implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  final Param<String> featuresCol;
  final Param<String> treatmentCol;
  final Param<String> labelCol;
  final Param<String> weightCol;
  final Param<String> controlLabel;
  final Param<String> criterion;
  final IntParam numTrees;
  final IntParam maxDepth;
  final DoubleParam minInstancesPerNode;
  final DoubleParam minTreatmentInstances;
  final IntParam maxBins;
  final Param<String> featureSubsetStrategy;
  final DoubleParam subsamplingRate;
  final BooleanParam bootstrap;
  final LongParam seed;
  final DoubleParam minGain;
  final BooleanParam honesty;
  final BooleanParam normalization;
  final DoubleParam nReg;
  final IntParam maxMemoryInMB;
  final Param<String> trainingMode;
  final LongParam localModeMaxRows;

  /** @param regression true/false for the regressor/classifier; null (a model) accepts any criterion. */
  ForestParamSet(String uid, Boolean regression) {
    featuresCol = new Param<>(uid, "featuresCol", "features vector column");
    treatmentCol = new Param<>(uid, "treatmentCol", "treatment (arm) column: string or integer labels, 2+ arms");
    labelCol = new Param<>(uid, "labelCol", "outcome column: 0/1 for the classifier, any number for the regressor");
    weightCol = new Param<>(uid, "weightCol", "row weight column; empty means every row weighs 1");
    controlLabel = new Param<>(uid, "controlLabel", "the treatment label of the control arm");
    criterion = new Param<String>(uid, "criterion", Boolean.TRUE.equals(regression)
        ? "split criterion: CausalMSE" : "split criterion: KL, ED, Chi, CTS or DDP (DDP: one treatment arm)",
        ForestParamSet.<String>fn(v -> {
          try {
            SplitCriterion c = SplitCriterion.parse(v);
            return regression == null || regression == (c == SplitCriterion.CAUSAL_MSE);
          } catch (IllegalArgumentException e) {
            return false;
          }
        }));
    numTrees = new IntParam(uid, "numTrees", "number of trees (>= 1)", ParamValidators.gtEq(1));
    maxDepth = new IntParam(uid, "maxDepth", "maximum depth, 0 = root only (0..30)", ParamValidators.inRange(0, 30));
    minInstancesPerNode = new DoubleParam(uid, "minInstancesPerNode",
        "minimum (weighted) rows in each child of a split (>= 1)", ParamValidators.gtEq(1));
    minTreatmentInstances = new DoubleParam(uid, "minTreatmentInstances",
        "minimum (weighted) rows of every arm in each child of a split (>= 0)", ParamValidators.gtEq(0));
    maxBins = new IntParam(uid, "maxBins", "maximum bins per feature (>= 2)", ParamValidators.gtEq(2));
    featureSubsetStrategy = new Param<String>(uid, "featureSubsetStrategy",
        "features tried per node: auto, all, sqrt, log2, onethird, a fraction in (0,1] or a count",
        ForestParamSet.<String>fn(ForestParamSet::validSubsetStrategy));
    subsamplingRate = new DoubleParam(uid, "subsamplingRate", "fraction of rows bagged per tree (0, 1]",
        ParamValidators.inRange(0, 1, false, true));
    bootstrap = new BooleanParam(uid, "bootstrap", "bag with replacement (Poisson counts) instead of subsampling");
    seed = new LongParam(uid, "seed", "random seed");
    minGain = new DoubleParam(uid, "minGain", "minimum gain of a split (>= 0)", ParamValidators.gtEq(0));
    honesty = new BooleanParam(uid, "honesty", "choose splits on half the rows, estimate leaves on the other half");
    normalization = new BooleanParam(uid, "normalization",
        "divide KL/ED/Chi gains by the Rzepakowski-Jaroszewicz normaliser");
    nReg = new DoubleParam(uid, "nReg", "weight of the parent estimate in a child's estimate (>= 0)",
        ParamValidators.gtEq(0));
    maxMemoryInMB = new IntParam(uid, "maxMemoryInMB", "memory for node statistics per pass (>= 1)",
        ParamValidators.gtEq(1));
    trainingMode = new Param<String>(uid, "trainingMode",
        "auto (local when rows <= localModeMaxRows), distributed or local (trees grown in memory, one chunk per task)",
        ParamValidators.inArray(new String[] {"auto", "distributed", "local"}));
    localModeMaxRows = new LongParam(uid, "localModeMaxRows", "largest input trained in local mode under auto",
        ParamValidators.gtEq(0));
  }

  void setDefaults(Params owner, boolean regression) {
    owner.setDefault(featuresCol, "features");
    owner.setDefault(treatmentCol, "treatment");
    owner.setDefault(labelCol, "label");
    owner.setDefault(weightCol, "");
    owner.setDefault(controlLabel, "0");
    owner.setDefault(criterion, regression ? "CausalMSE" : "KL");
    owner.setDefault(numTrees, 10);
    owner.setDefault(maxDepth, 5);
    owner.setDefault(minInstancesPerNode, 1.0);
    owner.setDefault(minTreatmentInstances, 1.0);
    owner.setDefault(maxBins, 32);
    owner.setDefault(featureSubsetStrategy, "auto");
    owner.setDefault(subsamplingRate, 1.0);
    owner.setDefault(bootstrap, true);
    owner.setDefault(seed, 42L);
    owner.setDefault(minGain, 0.0);
    owner.setDefault(honesty, false);
    owner.setDefault(normalization, false);
    owner.setDefault(nReg, 0.0);
    owner.setDefault(maxMemoryInMB, 256);
    owner.setDefault(trainingMode, "auto");
    owner.setDefault(localModeMaxRows, 200_000L);
  }

  static boolean validSubsetStrategy(String v) {
    String s = v.trim().toLowerCase(Locale.ROOT);
    if (s.equals("auto") || s.equals("all") || s.equals("sqrt") || s.equals("log2") || s.equals("onethird")) {
      return true;
    }
    try {
      double d = Double.parseDouble(s);
      return s.contains(".") ? d > 0 && d <= 1 : d >= 1 && d == Math.floor(d);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private interface SerializableFn<T> extends java.util.function.Function<T, Boolean>, java.io.Serializable {}

  private static <T> Function1<T, Object> fn(SerializableFn<T> f) {
    return new SerializableFunction1<>(f);
  }

  private static final class SerializableFunction1<T> extends AbstractFunction1<T, Object>
      implements java.io.Serializable {
    private final SerializableFn<T> f;

    SerializableFunction1(SerializableFn<T> f) {
      this.f = f;
    }

    @Override
    public Object apply(T v) {
      return f.apply(v);
    }
  }
}
