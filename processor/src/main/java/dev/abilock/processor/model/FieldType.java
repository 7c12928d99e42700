package dev.abilock.processor.model;

import java.util.Locale;

/** Java type of a continuation field; values are read as its unsigned bit pattern. */
public enum FieldType {
  LONG(64),
  INT(32),
  SHORT(16),
  BYTE(8),
  BOOLEAN(1);

  private final int bits;

  FieldType(int bits) {
    this.bits = bits;
  }

  /** Width of the type's bit pattern. */
  public int bits() {
    return bits;
  }

  /** The Java keyword. */
  public String keyword() {
    return name().toLowerCase(Locale.ROOT);
  }
}
