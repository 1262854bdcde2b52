package io.upliftsuite.simulate;

import java.util.SplittableRandom;

/**
 * Counter-based randomness: every draw of the simulator comes from a generator seeded by a hash of (seed, lead,
 * item, stream, day, path). No generator is shared between items or days, so the output does not depend on how items
 * are split into partitions or in which order they run, and a re-simulation of one item's future (path > 0) can
 * reuse or replace exactly the draws it wants (common random numbers).
 */
public final class RandomStreams {
  /** What a generator is for; separate streams keep the outcome draws aligned whatever else is drawn. */
  public enum Stream { LEAD, ITEM, DAY, COSMETIC, ASSIGNMENT }

  private RandomStreams() {}

  public static SplittableRandom of(long seed, long lead, int item, Stream stream, int day, int path) {
    long h = mix(seed ^ 0x9E3779B97F4A7C15L);
    h = mix(h + lead * 0xD1B54A32D192ED03L);
    h = mix(h + item * 0xABC98388FB8FAC03L);
    h = mix(h + (stream.ordinal() + 1L) * 0x8CB92BA72F3D8DD7L);
    h = mix(h + (day + 7L) * 0x9E6C63D0676A9A99L);
    h = mix(h + path * 0xF1357AEA2E62A9C5L);
    return new SplittableRandom(h);
  }

  /** The SplitMix64 finaliser: a bijective avalanche mix of 64 bits. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
