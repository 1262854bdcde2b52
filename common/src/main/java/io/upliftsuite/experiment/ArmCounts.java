package io.upliftsuite.experiment;

/**
 * The counts of one arm in one segment of an experiment (all items, or those recommended contact / no contact): the
 * only numbers the readout's statistics need.
 *
 * @param assigned items assigned to the arm (randomised units)
 * @param excludedLeadFirst assigned items left out because the day's first contact came from the lead
 * @param excludedPrescheduled assigned items left out because the day's first contact was prescheduled
 * @param pendingAction assigned items whose decision day has not ended within the data (action unknown yet)
 * @param closedBeforeDay assigned items already delivered or abandoned at the decision time in the logs analysed
 * @param analysed the rest: the comparison's units
 * @param contacted analysed items the AE contacted first on the decision day
 * @param complied analysed items whose contact decision equals the recommendation
 * @param shortComplete analysed items whose short outcome window ends within the data
 * @param shortDelivered of those, delivered within the short window
 * @param truthShort sum of the simulator's true effect on the short outcome over analysed items with a complete window
 *     and a truth row ({@code truthShortN} of them); NaN sums when no truth table is used
 */
public record ArmCounts(String segment, String arm, long assigned, long excludedLeadFirst, long excludedPrescheduled,
    long pendingAction, long closedBeforeDay, long analysed, long contacted, long complied, long shortComplete,
    long shortDelivered, long longComplete, long longDelivered, double truthShort, long truthShortN,
    double truthLong, long truthLongN) {}
