package io.upliftsuite.forest;

import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;

/** Uplift random forest for a continuous outcome, split by the causal-MSE criterion (Athey &amp; Imbens). */
public final class UpliftRandomForestRegressor extends UpliftForestEstimator<UpliftRandomForestRegressor> {
  private static final long serialVersionUID = 1L;

  public UpliftRandomForestRegressor() {
    this(Identifiable.randomUID("upliftRFR"));
  }

  public UpliftRandomForestRegressor(String uid) {
    super(uid);
  }

  @Override
  boolean isRegression() {
    return true;
  }

  public static MLReader<UpliftRandomForestRegressor> read() {
    return new DefaultParamsReader<>();
  }

  public static UpliftRandomForestRegressor load(String path) {
    return read().load(path);
  }
}
