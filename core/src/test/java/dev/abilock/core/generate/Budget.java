package dev.abilock.core.generate;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many cases the property and fuzz tests of every module run, and where their randomness comes
 * from.
 *
 * <ul>
 *   <li>{@code -Dabilock.soak=true} (the {@code soak} Maven profile) scales every count up about a
 *       hundredfold;
 *   <li>{@code -Dabilock.seed=<n>} fixes the base seed (printed by every run), so that a failure is
 *       replayed exactly. Without it a default run uses one fixed seed, so that the build that
 *       gates every change is reproducible; a soak run draws a fresh seed to explore.
 * </ul>
 *
 * Every test prints one line with its case count, time and seed, plus the running total of its JVM.
 */
public final class Budget {
  private Budget() {}

  public static final boolean SOAK = Boolean.getBoolean("abilock.soak");

  /** The default runs' seed: the day Xen locked its continuation masks down. */
  private static final long DEFAULT_SEED = 20141211L;

  private static final long BASE_SEED =
      Long.getLong("abilock.seed", SOAK ? System.nanoTime() ^ 0x5DEECE66DL : DEFAULT_SEED);
  private static final AtomicLong TOTAL_CASES = new AtomicLong();
  private static final AtomicLong TOTAL_NANOS = new AtomicLong();

  /** {@code normal} cases in a default run, {@code soak} under {@code -Dabilock.soak=true}. */
  public static int cases(int normal, int soak) {
    return SOAK ? soak : normal;
  }

  /**
   * The seed of one test: the base seed mixed with the test's name, so tests do not share streams.
   */
  public static long seed(String test) {
    return seedFor(BASE_SEED, test);
  }

  /** The seed {@code test} had in the run with base seed {@code base}: to keep a soak finding. */
  public static long seedFor(long base, String test) {
    long h = base;
    for (char c : test.toCharArray()) {
      h = (h ^ c) * 0x100000001b3L;
    }
    return h;
  }

  /** The switches that replay this run: {@code -Dabilock.seed=...} (and soak when on). */
  public static String replay() {
    return "-Dabilock.seed=" + BASE_SEED + (SOAK ? " -Dabilock.soak=true" : "");
  }

  /** Prints what a test ran and adds it to the run's total. */
  public static void report(String test, long cases, long startNanos) {
    long nanos = System.nanoTime() - startNanos;
    long total = TOTAL_CASES.addAndGet(cases);
    long totalNanos = TOTAL_NANOS.addAndGet(nanos);
    System.out.println(
        String.format(
            Locale.ROOT,
            "[abilock-cases] %s: %,d cases in %.1f s (%s%s); property/fuzz total so far: %,d cases in %.1f s",
            test,
            cases,
            nanos / 1e9,
            replay(),
            SOAK ? ", soak" : "",
            total,
            totalNanos / 1e9));
  }
}
