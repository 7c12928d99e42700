package dev.abilock.core.check;

import java.util.Locale;

/**
 * How many cases core's property tests run, and where their randomness comes from; the same
 * switches as the processor's tests:
 *
 * <ul>
 *   <li>{@code -Dabilock.soak=true} scales every count up about a hundredfold;
 *   <li>{@code -Dabilock.seed=<n>} fixes the base seed (printed by every run), so that a failure
 *       is replayed exactly. Without it a default run uses one fixed seed, so that the build that
 *       gates every change is reproducible; a soak run draws a fresh seed to explore.
 * </ul>
 */
final class Budget {
  private Budget() {}

  static final boolean SOAK = Boolean.getBoolean("abilock.soak");

  /** The default runs' seed: the day Xen locked its continuation masks down. */
  private static final long DEFAULT_SEED = 20141211L;

  private static final long BASE_SEED = Long.getLong("abilock.seed",
      SOAK ? System.nanoTime() ^ 0x5DEECE66DL : DEFAULT_SEED);

  /** {@code normal} cases in a default run, {@code soak} under {@code -Dabilock.soak=true}. */
  static int cases(int normal, int soak) {
    return SOAK ? soak : normal;
  }

  /** The seed of one test: the base seed mixed with the test's name, so tests do not share streams. */
  static long seed(String test) {
    long h = BASE_SEED;
    for (char c : test.toCharArray()) {
      h = (h ^ c) * 0x100000001b3L;
    }
    return h;
  }

  /** The switches that replay this run: {@code -Dabilock.seed=...} (and soak when on). */
  static String replay() {
    return "-Dabilock.seed=" + BASE_SEED + (SOAK ? " -Dabilock.soak=true" : "");
  }

  /** Prints what a test ran, so that a default run shows its case count and a soak run its seed. */
  static void report(String test, long cases, long startNanos) {
    System.out.println(String.format(Locale.ROOT, "[abilock-cases] %s: %,d cases in %.1f s (%s%s)", test, cases,
        (System.nanoTime() - startNanos) / 1e9, replay(), SOAK ? ", soak" : ""));
  }
}
