package io.upliftsuite.experiment;

import io.upliftsuite.explain.TreeView;
import java.util.Locale;

/**
 * Draws a surrogate tree as an inline SVG: leaves spread evenly at the bottom, each internal node centred over its
 * children, its test written in the box, "yes" to the left and "no" to the right; leaves coloured by decision.
 */
final class TreeDrawing {
  private static final int BOX_W = 200;
  private static final int BOX_H = 54;
  private static final int GAP_X = 16;
  private static final int LEVEL_H = 96;

  private TreeDrawing() {}

  static String svg(TreeView root) {
    int leaves = root.leaves();
    int depth = root.depth();
    int width = leaves * (BOX_W + GAP_X) + GAP_X;
    int height = (depth + 1) * LEVEL_H;
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
            + "style=\"max-width:100%%;height:auto\" font-family=\"sans-serif\" font-size=\"11\">",
        width, height, width, height));
    draw(root, 0, new int[] {0}, s);
    return s.append("</svg>").toString();
  }

  /** Draws the subtree; returns the x centre of its root. {@code nextLeaf} counts leaves placed so far. */
  private static int draw(TreeView node, int level, int[] nextLeaf, StringBuilder s) {
    int y = level * LEVEL_H + 8;
    int cx;
    if (node.isLeaf()) {
      cx = GAP_X + nextLeaf[0]++ * (BOX_W + GAP_X) + BOX_W / 2;
      boolean contact = "contact".equals(node.decision());
      box(s, cx, y, contact ? "#d8f0d8" : "#eeeeee", contact ? "#2a7a2a" : "#777777",
          node.decision().replace('_', ' '), String.format(Locale.ROOT, "%d rows, %.0f%% contact", node.rows(),
              100 * node.contactShare()));
      return cx;
    }
    int left = draw(node.yes(), level + 1, nextLeaf, s);
    int right = draw(node.no(), level + 1, nextLeaf, s);
    cx = (left + right) / 2;
    int childY = (level + 1) * LEVEL_H + 8;
    line(s, cx, y + BOX_H, left, childY, "yes");
    line(s, cx, y + BOX_H, right, childY, "no");
    box(s, cx, y, "#eef3ff", "#3367d6", node.test(), String.format(Locale.ROOT, "%d rows, %.0f%% contact",
        node.rows(), 100 * node.contactShare()));
    return cx;
  }

  private static void box(StringBuilder s, int cx, int y, String fill, String stroke, String title, String detail) {
    s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"6\" fill=\"%s\" "
        + "stroke=\"%s\"/>", cx - BOX_W / 2, y, BOX_W, BOX_H, fill, stroke));
    String[] lines = wrap(title, 34);
    for (int i = 0; i < lines.length && i < 2; i++) {
      s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-weight=\"bold\">%s"
          + "</text>", cx, y + 16 + 13 * i, ExperimentReport.esc(lines[i])));
    }
    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#555\">%s</text>", cx,
        y + BOX_H - 8, ExperimentReport.esc(detail)));
  }

  private static void line(StringBuilder s, int x1, int y1, int x2, int y2, String label) {
    s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>"
        + "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#999\">%s</text>", x1, y1, x2, y2, (x1 + x2) / 2,
        (y1 + y2) / 2, label));
  }

  private static String[] wrap(String text, int width) {
    if (text.length() <= width) {
      return new String[] {text};
    }
    int cut = text.lastIndexOf(' ', width);
    cut = cut <= 0 ? width : cut;
    String rest = text.substring(cut).trim();
    return new String[] {text.substring(0, cut), rest.length() > width ? rest.substring(0, width - 1) + "…" : rest};
  }
}
