package io.upliftsuite.experiment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Stable randomisation: an item's draws are a SHA-256 hash of (salt, draw, item_id), so the same item always gets the
 * same arm — a re-run, another machine, another Spark version or a Python script reading the same three strings
 * agree — and different salts give independent assignments. Two independent draws per item: whether it is sampled
 * into the experiment ({@code share-of-eligible}) and its arm ({@code treatment-share}), so changing the share does
 * not move items between arms.
 */
public final class ArmAssignment {
  public static final String TREATMENT = "treatment";
  public static final String CONTROL = "control";

  static final int SAMPLE_DRAW = 0;
  static final int ARM_DRAW = 1;

  private ArmAssignment() {}

  /**
   * A uniform number in [0, 1): the first 53 bits of SHA-256(salt + '\0' + draw + '\0' + itemId) (UTF-8) divided by
   * 2^53.
   */
  public static double uniform(String salt, int draw, String itemId) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] h = sha.digest((salt + '\0' + draw + '\0' + itemId).getBytes(StandardCharsets.UTF_8));
      long bits = 0;
      for (int i = 0; i < 8; i++) {
        bits = (bits << 8) | (h[i] & 0xFFL);
      }
      return (bits >>> 11) * 0x1.0p-53;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** Whether an eligible item is sampled into the experiment. */
  public static boolean sampled(Experiment e, String itemId) {
    return uniform(e.salt(), SAMPLE_DRAW, itemId) < e.shareOfEligible();
  }

  /** The item's arm. */
  public static String arm(Experiment e, String itemId) {
    return uniform(e.salt(), ARM_DRAW, itemId) < e.treatmentShare() ? TREATMENT : CONTROL;
  }
}
