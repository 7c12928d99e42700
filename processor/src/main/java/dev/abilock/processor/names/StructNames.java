package dev.abilock.processor.names;

import dev.abilock.Compat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The names a struct's generated codec defines (design section 8), spelled once for the reader
 * (which refuses a member whose names would clash) and the writers.
 */
public final class StructNames {
  private StructNames() {}

  /** {@code p.HvmModifiedMemory} -> {@code HvmModifiedMemoryCodec}, as for continuables. */
  public static String codecSimpleName(String structSimpleName) {
    return structSimpleName + "Codec";
  }

  /** Upper snake of an ABI name: {@code first_pfn} -> {@code FIRST_PFN}. */
  public static String upper(String abiName) {
    return abiName.toUpperCase(Locale.ROOT);
  }

  /** {@code <M>_OFFSET}. */
  public static String offsetConstant(String abiName) {
    return upper(abiName) + "_OFFSET";
  }

  /** {@code <M>_SIZE}. */
  public static String sizeConstant(String abiName) {
    return upper(abiName) + "_SIZE";
  }

  /** {@code <M>_COMPAT_OFFSET} (TRANSLATED structs). */
  public static String compatOffsetConstant(String abiName) {
    return upper(abiName) + "_COMPAT_OFFSET";
  }

  /** {@code <M>_COMPAT_SIZE} (TRANSLATED structs). */
  public static String compatSizeConstant(String abiName) {
    return upper(abiName) + "_COMPAT_SIZE";
  }

  /** A member's compat accessor: {@code nr} -> {@code nrCompat} (TRANSLATED structs). */
  public static String compatAccessor(String javaName) {
    return javaName + "Compat";
  }

  /** The codec's private check that an image fits its buffer at the index given. */
  public static final String CHECK_AT = "checkAt";

  /** The codec's private little-endian load of {@code bits} bits: {@code get32}. */
  public static String load(int bits) {
    return "get" + bits;
  }

  /** The codec's private little-endian store of {@code bits} bits: {@code put32}. */
  public static String store(int bits) {
    return "put" + bits;
  }

  /**
   * The codec's own members, whatever the struct declares, private helpers included: a getter
   * {@code get16(ByteBuffer, int)} would be the helper's duplicate.
   */
  public static final Set<String> OWN =
      Set.of(
          "SIZE",
          "ALIGN",
          "COMPAT_SIZE",
          "COMPAT_ALIGN",
          "validate",
          "decode",
          "validateCompat",
          "decodeCompat",
          "compatToNative",
          "nativeToCompat",
          "State",
          CHECK_AT,
          load(16),
          load(32),
          load(64),
          store(16),
          store(32),
          store(64));

  /**
   * The names the codec defines for one slot: its constants, and for a live member its accessors
   * (getter and setter share the Java name).
   */
  public static List<String> ofSlot(
      String abiName, String javaName, boolean member, boolean retired, Compat compat) {
    List<String> names = new ArrayList<>();
    names.add(offsetConstant(abiName));
    names.add(sizeConstant(abiName));
    if (compat == Compat.TRANSLATED) {
      names.add(compatOffsetConstant(abiName));
      names.add(compatSizeConstant(abiName));
    }
    if (member && !retired) {
      names.add(javaName);
      if (compat == Compat.TRANSLATED) {
        names.add(compatAccessor(javaName));
      }
    }
    return names;
  }
}
