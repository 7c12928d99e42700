package dev.abilock.processor.names;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every identifier a C header defines at file scope or uses in its helpers: the guard, the
 * word-width macros, a field's macros ({@link FieldConstant}), the helpers {@code <name>_validate}
 * and kin, the getters {@code <name>_<field>}, and the status codes. An op macro or a field
 * parameter that took one would not compile.
 */
public final class HeaderNames {
  private HeaderNames() {}

  public static final String OK = "ABILOCK_OK";
  public static final String E_UNKNOWN_OP = "ABILOCK_E_UNKNOWN_OP";
  public static final String E_STRAY_BITS = "ABILOCK_E_STRAY_BITS";
  public static final String E_DOES_NOT_FIT = "ABILOCK_E_DOES_NOT_FIT";
  public static final String E_NOT_CONTINUED = "ABILOCK_E_NOT_CONTINUED";

  /** Defined only in headers that retire something, under a guard of its own. */
  public static final String E_RETIRED = "ABILOCK_E_RETIRED";

  /** Suffixes of the helpers {@code <name>_validate}, ...; getters are {@code <name>_<field>}. */
  private static final String VALIDATE = "_validate";

  private static final String ENCODE = "_encode";
  private static final String COMPAT = "_compat";

  /**
   * C99 keywords, the types and macros the helpers use, their one parameter ({@code word}) and the
   * status codes: no op macro or field parameter may take one.
   */
  public static final Set<String> RESERVED = reserved();

  private static Set<String> reserved() {
    Set<String> names =
        new TreeSet<>(
            List.of(
                "auto",
                "break",
                "case",
                "char",
                "const",
                "continue",
                "default",
                "do",
                "double",
                "else",
                "enum",
                "extern",
                "float",
                "for",
                "goto",
                "if",
                "inline",
                "int",
                "long",
                "register",
                "restrict",
                "return",
                "short",
                "signed",
                "sizeof",
                "static",
                "struct",
                "switch",
                "typedef",
                "union",
                "unsigned",
                "void",
                "volatile",
                "while",
                "_Bool",
                "_Complex",
                "_Imaginary",
                "uint64_t",
                "uint32_t",
                "UINT64_C",
                "word"));
    names.addAll(
        List.of(OK, E_UNKNOWN_OP, E_STRAY_BITS, E_DOES_NOT_FIT, E_NOT_CONTINUED, E_RETIRED));
    return Set.copyOf(names);
  }

  /** The include guard of the header of continuable {@code name}. */
  public static String guard(String name) {
    return "ABILOCK_" + name.toUpperCase(Locale.ROOT) + "_H";
  }

  /** The macro prefix when {@code @Continuable} writes none: the ABI name in capitals. */
  public static String defaultPrefix(String name) {
    return name.toUpperCase(Locale.ROOT);
  }

  /** A field's macro stem when {@code macro} is not written: {@code MEMOP_START_EXTENT}. */
  public static String defaultMacro(String prefix, String abiName) {
    return prefix + "_" + abiName.toUpperCase(Locale.ROOT);
  }

  public static String width(String prefix) {
    return prefix + "_WIDTH";
  }

  public static String compatWidth(String prefix) {
    return prefix + "_COMPAT_WIDTH";
  }

  /**
   * The macros of the field whose macros start with {@code macro}, compat twins only when {@code
   * compat}.
   */
  public static List<String> fieldMacros(String macro, boolean compat) {
    return FieldConstant.of(compat).stream().map(c -> c.inHeader(macro)).toList();
  }

  public static String validate(String name, boolean compat) {
    return name + (compat ? VALIDATE + COMPAT : VALIDATE);
  }

  public static String encode(String name, boolean compat) {
    return name + (compat ? ENCODE + COMPAT : ENCODE);
  }

  /** The helpers of continuable {@code name}: {@code memory_op_validate}, ... */
  public static List<String> functions(String name) {
    return List.of(
        validate(name, false), encode(name, false), validate(name, true), encode(name, true));
  }

  /** The raw getter of field {@code abiName}: {@code memory_op_start_extent}. */
  public static String getter(String name, String abiName) {
    return name + "_" + abiName;
  }
}
