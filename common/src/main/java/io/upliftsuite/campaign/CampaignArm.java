package io.upliftsuite.campaign;

import java.io.Serializable;

/**
 * One arm of a randomised campaign experiment: its name (the value in the experiment table's arm column), the reward
 * it pays a customer who completes (0 for control; used by the simulator and to name "the maximum reward"), and the
 * probability with which the experiment assigned it.
 */
public record CampaignArm(String name, double reward, double probability) implements Serializable {
  public CampaignArm {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("campaign.arms: an arm needs a name");
    }
    if (!(reward >= 0) || Double.isInfinite(reward)) {
      throw new IllegalArgumentException("campaign.arms: reward of '" + name + "' must be a finite number >= 0, got "
          + reward);
    }
    if (!(probability > 0 && probability <= 1)) {
      throw new IllegalArgumentException("campaign.arms: probability of '" + name + "' must be in (0, 1], got "
          + probability);
    }
  }
}
