package io.upliftsuite.forest;

import java.io.Serializable;

/**
 * A frontier node to split in this pass: its tree, id, the features it may split on (feature subset), and its own
 * outcome estimate per arm (null for a root, whose estimate is the raw rates of its statistics).
 */
record NodeTask(int tree, int nodeId, int depth, int[] features, double[] estimate) implements Serializable {}
