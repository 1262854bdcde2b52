package io.upliftsuite.campaign;

import com.typesafe.config.Config;
import io.upliftsuite.config.SuiteConfig;
import io.upliftsuite.config.SuiteConfigException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The campaign experiment as configured (section {@code campaign}, conf/campaign.conf): its arms (control first) with
 * rewards and assignment probabilities, the experiment table's columns, the features, the outcomes and the
 * train/guard/test split. Validated once with messages that name the key; serializable for executors.
 */
public record CampaignSettings(List<CampaignArm> arms, String customerIdColumn, String armColumn,
    String completionScoreColumn, List<CampaignFeature> features, List<CampaignOutcome> outcomes, double trainShare,
    double guardShare, long seed) implements Serializable {

  public CampaignSettings {
    arms = List.copyOf(arms);
    features = List.copyOf(features);
    outcomes = List.copyOf(outcomes);
    if (arms.size() < 2) {
      throw new SuiteConfigException("campaign.arms: a control and at least one offer are needed, got " + arms.size());
    }
    Set<String> names = new HashSet<>();
    double total = 0;
    for (CampaignArm a : arms) {
      if (!names.add(a.name())) {
        throw new SuiteConfigException("campaign.arms: arm '" + a.name() + "' is listed twice");
      }
      total += a.probability();
    }
    if (Math.abs(total - 1) > 1e-9) {
      throw new SuiteConfigException("campaign.arms: the assignment probabilities must sum to 1, got " + total);
    }
    if (features.isEmpty()) {
      throw new SuiteConfigException("campaign.features: at least one feature is needed");
    }
    if (outcomes.isEmpty()) {
      throw new SuiteConfigException("campaign.outcomes: at least one outcome is needed");
    }
    Set<String> outcomeNames = new HashSet<>();
    for (CampaignOutcome o : outcomes) {
      if (!outcomeNames.add(o.name())) {
        throw new SuiteConfigException("campaign.outcomes: outcome '" + o.name() + "' is listed twice");
      }
    }
    if (!(trainShare > 0 && trainShare < 1)) {
      throw new SuiteConfigException("campaign.train-share must be in (0, 1), got " + trainShare);
    }
    if (!(guardShare >= 0 && trainShare + guardShare < 1)) {
      throw new SuiteConfigException("campaign.guard-share must be >= 0 and leave a test split (train-share "
          + trainShare + " + guard-share < 1), got " + guardShare);
    }
  }

  /** Reads the {@code campaign} section; the control arm is moved first. */
  public static CampaignSettings from(SuiteConfig config) {
    Config c = config.section("campaign");
    String control = c.getString("control-arm");
    List<CampaignArm> arms = new ArrayList<>();
    for (Config a : c.getConfigList("arms")) {
      arms.add(new CampaignArm(a.getString("name"), a.getDouble("reward"), a.getDouble("probability")));
    }
    int controlIndex = -1;
    for (int i = 0; i < arms.size(); i++) {
      if (arms.get(i).name().equals(control)) {
        controlIndex = i;
      }
    }
    if (controlIndex < 0) {
      throw new SuiteConfigException("campaign.control-arm: '" + control + "' is not one of campaign.arms "
          + arms.stream().map(CampaignArm::name).toList());
    }
    arms.add(0, arms.remove(controlIndex));
    List<CampaignFeature> features = new ArrayList<>();
    for (Config f : c.getConfigList("features")) {
      String type = f.getString("type").toLowerCase(Locale.ROOT);
      if (!type.equals("numeric") && !type.equals("categorical")) {
        throw new SuiteConfigException("campaign.features: type of '" + f.getString("name")
            + "' must be numeric or categorical, got '" + type + "'");
      }
      features.add(new CampaignFeature(f.getString("name"), type.equals("categorical")));
    }
    List<CampaignOutcome> outcomes = new ArrayList<>();
    for (Config o : c.getConfigList("outcomes")) {
      String type = o.getString("type").toLowerCase(Locale.ROOT);
      if (!type.equals("binary") && !type.equals("continuous")) {
        throw new SuiteConfigException("campaign.outcomes: type of '" + o.getString("name")
            + "' must be binary or continuous, got '" + type + "'");
      }
      outcomes.add(new CampaignOutcome(o.getString("name"), o.getString("column"), type.equals("binary")));
    }
    Config cols = c.getConfig("columns");
    return new CampaignSettings(arms, cols.getString("customer-id"), cols.getString("arm"),
        cols.getString("completion-score"), features, outcomes, c.getDouble("train-share"),
        c.getDouble("guard-share"), config.seed());
  }

  public CampaignArm control() {
    return arms.get(0);
  }

  /** The non-control arms, in configured order. */
  public List<CampaignArm> offers() {
    return arms.subList(1, arms.size());
  }

  public List<String> armNames() {
    return arms.stream().map(CampaignArm::name).toList();
  }

  public int armIndex(String name, String key) {
    for (int i = 0; i < arms.size(); i++) {
      if (arms.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new SuiteConfigException(key + ": unknown arm '" + name + "' (arms: " + armNames() + ")");
  }

  /** The arm with the largest reward ("everyone gets the maximum reward"); the first one on ties. */
  public CampaignArm maxRewardArm() {
    CampaignArm best = arms.get(1);
    for (CampaignArm a : offers()) {
      if (a.reward() > best.reward()) {
        best = a;
      }
    }
    return best;
  }

  public CampaignOutcome outcome(String name, String key) {
    for (CampaignOutcome o : outcomes) {
      if (o.name().equals(name)) {
        return o;
      }
    }
    throw new SuiteConfigException(key + ": unknown outcome '" + name + "' (outcomes: "
        + outcomes.stream().map(CampaignOutcome::name).toList() + ")");
  }

  public List<String> featureNames() {
    return features.stream().map(CampaignFeature::name).toList();
  }
}
