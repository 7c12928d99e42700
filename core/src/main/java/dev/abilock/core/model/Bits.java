package dev.abilock.core.model;

import java.util.Locale;

/** Bit arithmetic and the hex and range notation every output shares. */
public final class Bits {
  private Bits() {}

  /**
   * {@code bits} ones starting at {@code shift}, as far as a long holds them; 0 when {@code bits}
   * is 0. A manifest may place a field past the word, for the layout rules to refuse.
   */
  public static long mask(int shift, int bits) {
    if (bits <= 0 || shift >= Long.SIZE) {
      return 0;
    }
    long ones = bits >= 64 ? -1L : (1L << bits) - 1;
    return ones << shift;
  }

  /** All bits of a word of {@code width} bits. */
  public static long wordMask(int width) {
    return mask(0, width);
  }

  /** {@code 0x} and the value zero-padded to the digits of a {@code width}-bit word. */
  public static String hex(long value, int width) {
    String digits = Long.toHexString(value);
    int pad = width / 4 - digits.length();
    return "0x" + "0".repeat(Math.max(0, pad)) + digits.toLowerCase(Locale.ROOT);
  }

  /** {@code 0x} and the value without padding. */
  public static String hex(long value) {
    return "0x" + Long.toHexString(value).toLowerCase(Locale.ROOT);
  }

  /** Decimal bit range {@code lo..hi}, or {@code none} for an empty run. */
  public static String range(int shift, int bits) {
    return bits <= 0 ? "none" : shift + ".." + (shift + bits - 1);
  }
}
