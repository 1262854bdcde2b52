package io.upliftsuite.evaluation;

import org.apache.spark.sql.Column;

/**
 * A (possibly stochastic) targeting policy: {@code contactProbability} is a column expression giving π(contact | row)
 * in [0, 1]. Threshold policies give 0/1; "contact a random share s" gives s; the logging policy gives the propensity.
 */
public record Policy(String name, Column contactProbability) {}
