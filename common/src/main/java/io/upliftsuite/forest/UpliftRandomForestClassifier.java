package io.upliftsuite.forest;

import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;

/** Uplift random forest for a binary (0/1) outcome; criteria KL, ED, Chi, CTS, DDP. */
public final class UpliftRandomForestClassifier extends UpliftForestEstimator<UpliftRandomForestClassifier> {
  private static final long serialVersionUID = 1L;

  public UpliftRandomForestClassifier() {
    this(Identifiable.randomUID("upliftRFC"));
  }

  public UpliftRandomForestClassifier(String uid) {
    super(uid);
  }

  @Override
  boolean isRegression() {
    return false;
  }

  public static MLReader<UpliftRandomForestClassifier> read() {
    return new DefaultParamsReader<>();
  }

  public static UpliftRandomForestClassifier load(String path) {
    return read().load(path);
  }
}
