package io.upliftsuite.forest;

import java.io.Serializable;

/**
 * What the split search returns for one frontier node: the node's own per-arm statistics (n, m, s) and, when a
 * valid split with enough gain exists, the split, its gain and the children's statistics.
 */
record NodeSplitResult(double[][] node, Split split, double gain, double[][] left, double[][] right)
    implements Serializable {}
