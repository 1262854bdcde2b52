package io.upliftsuite.allocation;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;

/**
 * A seeded uniform sample of about {@code size} customers, brought to the driver as one block: a customer is in it
 * when a hash of (seed, customer id) falls below size / rows, so the sample does not depend on partitioning or row
 * order. The driver solves the multiplier problem on it first (a warm start for the full-data search) and the grouped
 * method takes its group cut points from it.
 */
final class ScoreSample {
  private ScoreSample() {}

  static ScoreBlock draw(JavaRDD<ScoreBlock> blocks, long rows, int size, long seed, int treatments,
      int metricCount, boolean weighted, boolean scored) {
    double fraction = Math.min(1.0, size / (double) Math.max(rows, 1));
    List<ScoreBlock> parts = blocks.mapPartitions((Iterator<ScoreBlock> it) -> {
      List<ScoreBlock> out = new ArrayList<>();
      while (it.hasNext()) {
        ScoreBlock b = it.next();
        if (fraction >= 1.0) {
          out.add(b);
          continue;
        }
        int[] keep = new int[b.rows];
        int n = 0;
        for (int i = 0; i < b.rows; i++) {
          if (uniform(seed, b.ids[i]) < fraction) {
            keep[n++] = i;
          }
        }
        out.add(b.select(java.util.Arrays.copyOf(keep, n)));
      }
      return out.iterator();
    }).collect();
    return ScoreBlock.concat(parts, treatments, metricCount, weighted, scored);
  }

  /** A uniform number in [0, 1) from (seed, id), by the SplitMix64 finaliser. */
  static double uniform(long seed, String id) {
    long z = seed * 0x9E3779B97F4A7C15L + (id == null ? 0 : id.hashCode()) * 0xC2B2AE3D27D4EB4FL;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z = z ^ (z >>> 31);
    return (z >>> 11) * 0x1.0p-53;
  }
}
