package io.upliftsuite.allocation;

import java.util.ArrayList;
import java.util.List;

/**
 * The constraints as configured, before they are turned into numbers: shares and the sales floor are relative to
 * the data (number of customers, sales under the reference treatment), so {@link #resolve} needs the totals of one
 * pass over the scores. Null means "no such limit".
 */
public record ConstraintSpec(List<TreatmentCap> treatmentCaps, Double totalBudget, Double salesMaxDrop,
    String salesReferenceTreatment) {

  /** Per-treatment caps; any of the three may be null. */
  public record TreatmentCap(String treatment, Long maxCount, Double maxShare, Double maxBudget) {}

  public static ConstraintSpec none() {
    return new ConstraintSpec(List.of(), null, null, null);
  }

  /** Validates the spec against the treatments (names, ranges), with messages that name the config key. */
  void validate(List<Treatment> treatments) {
    for (TreatmentCap cap : treatmentCaps) {
      index(treatments, cap.treatment(), "allocation.constraints.treatment-caps");
      if (cap.maxCount() != null && cap.maxCount() < 0) {
        throw new IllegalArgumentException("allocation.constraints.treatment-caps: max-count of '" + cap.treatment()
            + "' must be >= 0, got " + cap.maxCount());
      }
      if (cap.maxShare() != null && !(cap.maxShare() >= 0 && cap.maxShare() <= 1)) {
        throw new IllegalArgumentException("allocation.constraints.treatment-caps: max-share of '" + cap.treatment()
            + "' must be in [0, 1], got " + cap.maxShare());
      }
      if (cap.maxBudget() != null && !(cap.maxBudget() >= 0)) {
        throw new IllegalArgumentException("allocation.constraints.treatment-caps: max-budget of '" + cap.treatment()
            + "' must be >= 0, got " + cap.maxBudget());
      }
    }
    if (totalBudget != null && !(totalBudget >= 0)) {
      throw new IllegalArgumentException("allocation.constraints.total-budget must be >= 0, got " + totalBudget);
    }
    if (salesMaxDrop != null) {
      if (!(salesMaxDrop >= 0 && salesMaxDrop < 1)) {
        throw new IllegalArgumentException("allocation.constraints.sales-floor.max-drop must be in [0, 1), got "
            + salesMaxDrop);
      }
      referenceIndex(treatments);
    }
  }

  boolean needsSales() {
    return salesMaxDrop != null;
  }

  /** Index (0-based among treatments) of the sales reference: the configured one, else the highest unit cost. */
  int referenceIndex(List<Treatment> treatments) {
    if (salesReferenceTreatment != null && !salesReferenceTreatment.isBlank()) {
      return index(treatments, salesReferenceTreatment, "allocation.constraints.sales-floor.reference-treatment");
    }
    int best = 0;
    for (int t = 1; t < treatments.size(); t++) {
      if (treatments.get(t).unitCost() > treatments.get(best).unitCost()) {
        best = t;
      }
    }
    return best;
  }

  static int index(List<Treatment> treatments, String name, String key) {
    for (int t = 0; t < treatments.size(); t++) {
      if (treatments.get(t).name().equals(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException(key + ": unknown treatment '" + name + "' (treatments: "
        + treatments.stream().map(Treatment::name).toList() + ")");
  }

  /** The numeric constraints for these totals; a constraint that no assignment can meet on its own fails here. */
  List<AllocationConstraint> resolve(List<Treatment> treatments, ScoreTotals totals) {
    List<AllocationConstraint> out = new ArrayList<>();
    for (TreatmentCap cap : treatmentCaps) {
      int t = index(treatments, cap.treatment(), "allocation.constraints.treatment-caps");
      if (cap.maxCount() != null || cap.maxShare() != null) {
        double limit = Double.POSITIVE_INFINITY;
        if (cap.maxCount() != null) {
          limit = cap.maxCount();
        }
        if (cap.maxShare() != null) {
          limit = Math.min(limit, Math.floor(cap.maxShare() * totals.rows()));
        }
        out.add(new AllocationConstraint("count_cap_" + cap.treatment(), AllocationConstraint.Kind.COUNT_CAP, t, limit));
      }
      if (cap.maxBudget() != null) {
        out.add(new AllocationConstraint("budget_cap_" + cap.treatment(), AllocationConstraint.Kind.BUDGET_CAP, t,
            cap.maxBudget()));
      }
    }
    if (totalBudget != null) {
      out.add(new AllocationConstraint("total_budget", AllocationConstraint.Kind.TOTAL_BUDGET, -1, totalBudget));
    }
    if (salesMaxDrop != null) {
      int ref = referenceIndex(treatments);
      double referenceSales = totals.salesPerArm()[ref + 1];
      double floor = (1 - salesMaxDrop) * referenceSales;
      AllocationConstraint c = new AllocationConstraint("sales_floor", AllocationConstraint.Kind.SALES_FLOOR, ref, floor);
      if (!c.satisfiedBy(totals.maxSales())) {
        throw new AllocationInfeasibleException(c.name(), "even the sales-maximising assignment reaches only "
            + totals.maxSales() + " < " + floor + " (" + (1 - salesMaxDrop) + " x sales of giving everyone '"
            + treatments.get(ref).name() + "')");
      }
      out.add(c);
    }
    return out;
  }
}
