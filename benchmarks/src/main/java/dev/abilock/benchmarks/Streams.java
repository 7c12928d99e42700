package dev.abilock.benchmarks;

import java.util.SplittableRandom;

/**
 * Seeded streams of valid words, as a hypervisor sees them: ops drawn uniformly from a layout's
 * ops, continuing and not, with progress of random magnitude. Shuffled this way, the op switch and
 * the checks have no pattern a branch predictor could learn within a batch, and the same seed gives
 * the same stream in every run and fork.
 */
final class Streams {
  /**
   * Words per batch: large enough that the branch predictor cannot learn the batch, which repeats
   * every invocation, and small enough to stay in L2 (128 KiB of longs; encode's three arrays take
   * 320 KiB). At 4096 words it still learned much of it: a hand-written switch validated memory_op
   * words in 2.8 ns each, against 5.2 ns at 16384, while a branch-free validate took 0.7 and 1.0.
   */
  static final int BATCH = 16384;

  static final long SEED = 42;

  private Streams() {}

  /**
   * One shape of word: bits every word of the shape has (the op code, a flag) and the bits that may
   * carry progress (the op's field, 0 for an op that continues with nothing).
   */
  record Shape(long fixed, long progress) {}

  /** {@link #BATCH} words, each of a random shape with random progress. */
  static long[] words(Shape... shapes) {
    SplittableRandom random = new SplittableRandom(SEED);
    long[] words = new long[BATCH];
    for (int i = 0; i < BATCH; i++) {
      Shape shape = shapes[random.nextInt(shapes.length)];
      // A random magnitude: small counts are as common as large ones, and 0 (a first call) occurs.
      long progress = random.nextLong() >>> random.nextInt(64);
      words[i] = shape.fixed() | (progress & shape.progress());
    }
    return words;
  }

  /** The same words as 32-bit compat words; every word must fit. */
  static int[] compat(long[] words) {
    int[] compat = new int[words.length];
    for (int i = 0; i < words.length; i++) {
      if ((words[i] >>> 32) != 0) {
        throw new IllegalArgumentException("not a compat word: 0x" + Long.toHexString(words[i]));
      }
      compat[i] = (int) words[i];
    }
    return compat;
  }
}
