package io.upliftsuite.selection;

/**
 * The treated and control rows that fall in one bin of a feature: row counts (which decide whether a bin has enough
 * support) and weighted sums (which give the rates). Unweighted filters have weight 1 per row, so the sums equal the
 * counts; with inverse-propensity weights the rates are those of the re-weighted population, in which treatment no
 * longer depends on the features the propensity model sees.
 */
public record BinCounts(long treated, long treatedPositives, long control, long controlPositives,
    double treatedWeight, double treatedPositiveWeight, double controlWeight, double controlPositiveWeight) {

  /** Unweighted counts: every row weighs 1. */
  public BinCounts(long treated, long treatedPositives, long control, long controlPositives) {
    this(treated, treatedPositives, control, controlPositives, treated, treatedPositives, control, controlPositives);
  }

  public double treatedRate() {
    return treatedWeight <= 0 ? Double.NaN : treatedPositiveWeight / treatedWeight;
  }

  public double controlRate() {
    return controlWeight <= 0 ? Double.NaN : controlPositiveWeight / controlWeight;
  }

  public long rows() {
    return treated + control;
  }

  /** The bin's weighted mass (its row count when unweighted): its share of the population in the filter's score. */
  public double weight() {
    return treatedWeight + controlWeight;
  }

  public BinCounts plus(BinCounts o) {
    return new BinCounts(treated + o.treated, treatedPositives + o.treatedPositives, control + o.control,
        controlPositives + o.controlPositives, treatedWeight + o.treatedWeight,
        treatedPositiveWeight + o.treatedPositiveWeight, controlWeight + o.controlWeight,
        controlPositiveWeight + o.controlPositiveWeight);
  }
}
