package io.upliftsuite.evaluation;

import java.util.List;

/** Calibration bins, the calibration slope (realised on predicted, 95% interval) and the per-bin method used. */
public record CalibrationResult(List<CalibrationBin> bins, Interval slope, String method) {}
