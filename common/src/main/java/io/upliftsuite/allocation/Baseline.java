package io.upliftsuite.allocation;

/** A reference policy evaluated beside the optimised one: its objective and whether it meets every constraint. */
public record Baseline(String name, double objective, boolean feasible, String violated, long treated) {}
