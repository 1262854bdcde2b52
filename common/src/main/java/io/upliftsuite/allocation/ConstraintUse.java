package io.upliftsuite.allocation;

/** How much of one constraint the chosen policy uses, beside its limit (sense "<=" or ">="). */
public record ConstraintUse(String name, String kind, String sense, double use, double limit) {}
