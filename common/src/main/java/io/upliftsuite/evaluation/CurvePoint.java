package io.upliftsuite.evaluation;

/** One exact point of the Qini and uplift curves: x rows targeted (ties included whole), Q(x) and U(x). */
public record CurvePoint(double x, double qini, double uplift) {}
