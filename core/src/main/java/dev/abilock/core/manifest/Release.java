package dev.abilock.core.manifest;

import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How release labels order, for every front end: a label to publish at is dotted numbers ({@code
 * 1}, {@code 4.10}, {@code 2024.04.1}), compared part by part as numbers, as Xen's and Maven's
 * versions read ({@code 4.10} is after {@code 4.9}); a missing part reads as 0, so {@code 4.5} and
 * {@code 4.5.0} are the same release. A label with anything else in it ({@code 4.5-rc1}, {@code
 * v2}) cannot be ordered without guessing what its words mean, so it is refused. Publishing at a
 * label older than one the manifest already publishes at is refused too: the lines would claim a
 * release that came before the ones already frozen.
 */
public final class Release {
  /** Orders labels that {@link #orders}; the newest last. */
  public static final Comparator<String> ORDER = Release::compare;

  private static final Pattern ORDERED = Pattern.compile("[0-9]+(\\.[0-9]+)*");

  private Release() {}

  /** Whether {@code label} is dotted numbers, the labels abilock publishes at. */
  public static boolean orders(String label) {
    return ORDERED.matcher(label).matches();
  }

  /**
   * The published line whose label is the newest among those that order, when it is newer than
   * {@code label}: publishing at {@code label} would go back in time. Labels written before abilock
   * ordered them (or by hand) that do not order are left out of the comparison.
   */
  public static Optional<Line> newerPublished(Manifest manifest, String label) {
    return manifest.lines().stream()
        .filter(l -> l.status().isPublished() && orders(l.status().release()))
        .max(Comparator.comparing((Line l) -> l.status().release(), ORDER))
        .filter(l -> compare(l.status().release(), label) > 0);
  }

  private static int compare(String a, String b) {
    if (!orders(a) || !orders(b)) {
      throw new IllegalArgumentException("release labels that do not order: " + a + ", " + b);
    }
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      int c = compareNumbers(i < x.length ? x[i] : "0", i < y.length ? y[i] : "0");
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  /** Decimal numbers of any length: longer is larger once leading zeros are gone. */
  private static int compareNumbers(String a, String b) {
    String x = a.replaceFirst("^0+(?=.)", "");
    String y = b.replaceFirst("^0+(?=.)", "");
    return x.length() != y.length() ? Integer.compare(x.length(), y.length()) : x.compareTo(y);
  }
}
