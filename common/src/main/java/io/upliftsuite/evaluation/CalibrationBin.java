package io.upliftsuite.evaluation;

/** One CATE bin (1 = lowest predictions): rows, mean predicted CATE and the realised effect with its 95% interval. */
public record CalibrationBin(int bin, long rows, double meanPredicted, Interval realised) {}
