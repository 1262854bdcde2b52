package io.upliftsuite.campaign;

import java.io.Serializable;

/**
 * A feature column of the experiment table: numeric (numbers and booleans, split by thresholds) or categorical
 * (strings, indexed; the forest orders categories by their uplift in each node). The type is declared in config so
 * that a CSV export is read with the right types and the models treat the column the same way on every run.
 */
public record CampaignFeature(String name, boolean categorical) implements Serializable {}
