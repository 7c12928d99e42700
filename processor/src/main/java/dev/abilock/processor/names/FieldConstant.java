package dev.abilock.processor.names;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The constants generated per field, named alike in the codec ({@code START_EXTENT_MASK}) and in
 * the C header ({@code MEMOP_EXTENT_MASK}); the compat twins only where there is a compat word.
 */
public enum FieldConstant {
  SHIFT(false),
  MASK(false),
  MAX(false),
  COMPAT_MASK(true),
  COMPAT_MAX(true);

  private final boolean compat;

  FieldConstant(boolean compat) {
    this.compat = compat;
  }

  /** The constants of a field, native ones first; the compat twins only when {@code compat}. */
  public static List<FieldConstant> of(boolean compat) {
    return Arrays.stream(values()).filter(c -> compat || !c.compat).toList();
  }

  /**
   * The codec's constant for the field with ABI name {@code abiName}: {@code START_EXTENT_MASK}.
   */
  public String inCodec(String abiName) {
    return abiName.toUpperCase(Locale.ROOT) + "_" + name();
  }

  /**
   * The header's macro for the field whose macros start with {@code macro}: {@code
   * MEMOP_EXTENT_MASK}.
   */
  public String inHeader(String macro) {
    return macro + "_" + name();
  }
}
