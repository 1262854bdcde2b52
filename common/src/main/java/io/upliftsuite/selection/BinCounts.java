package io.upliftsuite.selection;

/** Row and positive-outcome counts of the treated and control rows that fall in one bin of a feature. */
public record BinCounts(long treated, long treatedPositives, long control, long controlPositives) {
  public double treatedRate() {
    return treated == 0 ? Double.NaN : (double) treatedPositives / treated;
  }

  public double controlRate() {
    return control == 0 ? Double.NaN : (double) controlPositives / control;
  }

  public long rows() {
    return treated + control;
  }

  public BinCounts plus(BinCounts o) {
    return new BinCounts(treated + o.treated, treatedPositives + o.treatedPositives, control + o.control,
        controlPositives + o.controlPositives);
  }
}
