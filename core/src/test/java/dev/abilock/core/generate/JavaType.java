package dev.abilock.core.generate;

import java.util.Locale;

/**
 * The Java type a random declaration gives a field or an op constant: it bounds the bits a field
 * may hold, and the processor's tests render it.
 */
public enum JavaType {
  LONG(64),
  INT(32),
  SHORT(16),
  BYTE(8),
  BOOLEAN(1);

  private final int bits;

  JavaType(int bits) {
    this.bits = bits;
  }

  public int bits() {
    return bits;
  }

  public String keyword() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether an op constant of this type holds {@code code}. */
  public boolean holds(long code) {
    return this != BOOLEAN && (this == LONG || code <= (1L << (bits - 1)) - 1);
  }
}
