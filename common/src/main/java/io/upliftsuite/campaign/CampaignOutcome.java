package io.upliftsuite.campaign;

import java.io.Serializable;

/**
 * An outcome of the campaign measured per customer: its name (used in the scores, oracle and results tables), the
 * experiment table's column that holds it, and whether it is binary (0/1: a classifier forest models it) or
 * continuous (the causal-MSE regressor forest).
 */
public record CampaignOutcome(String name, String column, boolean binary) implements Serializable {
  public CampaignOutcome {
    if (name == null || !name.matches("[a-z][a-z0-9_]*")) {
      throw new IllegalArgumentException("campaign.outcomes: name must be lower_snake_case, got '" + name + "'");
    }
    if (column == null || column.isBlank()) {
      throw new IllegalArgumentException("campaign.outcomes: outcome '" + name + "' needs a column");
    }
  }
}
