package io.upliftsuite.explain;

/**
 * One leaf of the surrogate tree as a readable rule.
 *
 * @param condition the conditions on the path from the root, joined by AND ("all rows" for a one-leaf tree)
 * @param decision what the tree predicts for these rows: contact or no_contact
 * @param rows training rows that reach the leaf
 * @param contactShare share of those rows the policy recommends contacting
 */
public record PolicyRule(int ruleId, String condition, String decision, long rows, double contactShare) {}
