package io.upliftsuite.selection;

/** One feature's score under one filter (higher = more evidence that the feature modifies the treatment effect). */
public record FeatureScore(String feature, double score) {}
