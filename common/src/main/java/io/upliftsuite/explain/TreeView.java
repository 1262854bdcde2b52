package io.upliftsuite.explain;

import java.util.List;

/**
 * A fitted tree as plain data for drawing: an internal node has a test and two children (yes = left, no = right); a
 * leaf has a decision, its training rows and the share of contact decisions among them.
 */
public record TreeView(String test, TreeView yes, TreeView no, String decision, long rows, double contactShare) {
  public boolean isLeaf() {
    return test == null;
  }

  public int depth() {
    return isLeaf() ? 0 : 1 + Math.max(yes.depth(), no.depth());
  }

  public int leaves() {
    return isLeaf() ? 1 : yes.leaves() + no.leaves();
  }

  static TreeView leaf(String decision, long rows, double contactShare) {
    return new TreeView(null, null, null, decision, rows, contactShare);
  }

  /** Leaves from left to right. */
  public List<TreeView> leafList() {
    if (isLeaf()) {
      return List.of(this);
    }
    List<TreeView> out = new java.util.ArrayList<>(yes.leafList());
    out.addAll(no.leafList());
    return out;
  }
}
