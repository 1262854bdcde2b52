package io.upliftsuite.experiment;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** An independent statement of the assignment draw for the test: the hex digest read as a number. */
final class Sha256Reference {
  private Sha256Reference() {}

  static double uniform(String message) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(message.getBytes(StandardCharsets.UTF_8));
      String hex = String.format("%064x", new BigInteger(1, digest));
      long first53 = Long.parseUnsignedLong(hex.substring(0, 16), 16) >>> 11;
      return first53 / Math.pow(2, 53);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
