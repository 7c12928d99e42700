package dev.abilock.processor.write;

import dev.abilock.Encoding;
import dev.abilock.core.manifest.FactKey;
import dev.abilock.core.manifest.Manifest;
import dev.abilock.core.model.Bits;
import dev.abilock.processor.model.Binding;
import dev.abilock.processor.model.Declared;
import dev.abilock.core.model.Layout;
import dev.abilock.core.model.Op;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Writes the public C header of a continuable: op constants by their Java names,
 * {@code <MACRO>_SHIFT}, {@code _MASK} and {@code _MAX} per field (compat masks where they
 * differ), each with its bit range and manifest status, and static inline encode, validate and
 * getter helpers that mirror the Java codec but return an error code instead of throwing. C99,
 * nothing beyond {@code <stdint.h>}.
 */
public final class HeaderWriter {
  private final Declared declared;
  private final Layout layout;
  private final Manifest manifest;
  /** Whether anything of this continuable is retired: only then does the header need ABILOCK_E_RETIRED. */
  private final boolean retires;
  private final StringBuilder out = new StringBuilder();

  private HeaderWriter(Declared declared, Manifest manifest) {
    this.declared = declared;
    this.layout = declared.layout();
    this.manifest = manifest;
    this.retires = layout.isRetired() || !layout.retiredOps().isEmpty()
        || layout.fields().stream().anyMatch(f -> f.isRetired());
  }

  // ---------------------------------------------------------------- names
  // Every identifier a header defines at file scope or uses in its helpers. The reader's
  // GeneratedNames takes them from here to refuse an op or field whose C name would clash.

  /** A status code the helpers return. */
  private record StatusCode(String macro, int value, String meaning) {}

  /** The status codes every header defines (once, behind a guard); the Java codec throws instead. */
  private static final List<StatusCode> STATUSES = List.of(
      new StatusCode("ABILOCK_OK", 0, "a valid word"),
      new StatusCode("ABILOCK_E_UNKNOWN_OP", 1, "the opcode bits hold no declared op"),
      new StatusCode("ABILOCK_E_STRAY_BITS", 2, "bits set that the word's op does not continue with"),
      new StatusCode("ABILOCK_E_DOES_NOT_FIT", 3, "a value does not fit its field: encode never truncates"),
      new StatusCode("ABILOCK_E_NOT_CONTINUED", 4, "a non-zero field the op does not continue with"));
  /**
   * The status of a retired word, defined only in headers that retire something, under a guard of
   * its own so that headers written before it combine with those written after.
   */
  private static final StatusCode RETIRED_STATUS = new StatusCode("ABILOCK_E_RETIRED", 5,
      "the word's op, a field it sets, or the whole word was retired");
  /** Column of the comments after the status codes. */
  private static final int STATUS_COMMENT_COLUMN = 33;
  /** Suffixes of the helpers {@code <name>_validate}, ...; getters are {@code <name>_<field>}. */
  static final String VALIDATE = "_validate";
  static final String ENCODE = "_encode";
  static final String COMPAT = "_compat";
  public static final List<String> FUNCTION_SUFFIXES = List.of(VALIDATE, ENCODE, VALIDATE + COMPAT, ENCODE + COMPAT);
  /** Suffixes of a field's macros; the compat ones where the compat word differs. */
  private static final String SHIFT = "_SHIFT";
  private static final String MASK = "_MASK";
  private static final String MAX = "_MAX";
  private static final String COMPAT_MASK = "_COMPAT_MASK";
  private static final String COMPAT_MAX = "_COMPAT_MAX";
  public static final List<String> MACRO_SUFFIXES = List.of(SHIFT, MASK, MAX);
  public static final List<String> COMPAT_MACRO_SUFFIXES = List.of(COMPAT_MASK, COMPAT_MAX);
  /** Suffixes of the word-width macros after the header prefix. */
  public static final String WIDTH = "_WIDTH";
  public static final String COMPAT_WIDTH = "_COMPAT_WIDTH";

  /**
   * C99 keywords, the types and macros the helpers use, their one parameter ({@code word}) and the
   * status codes: no op macro or field parameter may take one.
   */
  public static final Set<String> RESERVED = reserved();

  private static Set<String> reserved() {
    Set<String> names = new TreeSet<>(List.of("auto", "break", "case", "char", "const", "continue", "default", "do",
        "double", "else", "enum", "extern", "float", "for", "goto", "if", "inline", "int", "long", "register",
        "restrict", "return", "short", "signed", "sizeof", "static", "struct", "switch", "typedef", "union", "unsigned",
        "void", "volatile", "while", "_Bool", "_Complex", "_Imaginary", "uint64_t", "uint32_t", "UINT64_C", "word"));
    STATUSES.forEach(s -> names.add(s.macro()));
    names.add(RETIRED_STATUS.macro());
    return Set.copyOf(names);
  }

  /** The include guard of the header of continuable {@code name}. */
  public static String guard(String name) {
    return "ABILOCK_" + name.toUpperCase(Locale.ROOT) + "_H";
  }

  /** File name of the header: {@code memory_op.h}. */
  public static String fileName(Layout layout) {
    return layout.name() + ".h";
  }

  /** The header text; statuses come from {@code manifest}. */
  public static String write(Declared declared, Manifest manifest) {
    return new HeaderWriter(declared, manifest).header();
  }

  private String status(FactKey key) {
    return manifest.status(key).toString();
  }

  private String header() {
    String guard = guard(layout.name());
    line("/*");
    line(" * " + fileName(layout) + ": the " + layout.name() + " continuation word, generated by abilock from");
    line(" * " + layout.className() + ". Do not edit: change the Java source and rebuild.");
    line(" *");
    line(" * Native word: " + layout.width() + " bits" + (layout.hasCompat()
        ? "; compat word (32-bit guests): " + layout.compatWidth() + " bits." : "."));
    line(" * Each entry notes its status in the abilock manifest: 'published <release>' entries are");
    line(" * frozen, because a guest may hold a saved word across a migration.");
    line(" */");
    line("#ifndef " + guard);
    line("#define " + guard);
    line("");
    line("#include <stdint.h>");
    line("");
    line("#ifndef " + STATUSES.get(0).macro());
    STATUSES.forEach(this::define);
    line("#endif");
    if (retires) {
      line("#ifndef " + RETIRED_STATUS.macro());
      define(RETIRED_STATUS);
      line("#endif");
    }
    line("");
    String prefix = declared.headerPrefix();
    line("#define " + prefix + WIDTH + " " + layout.width() + " /* " + status(FactKey.width(layout.name())) + " */");
    if (layout.hasCompat()) {
      line("#define " + prefix + COMPAT_WIDTH + " " + layout.compatWidth() + " /* "
          + status(FactKey.compatWidth(layout.name())) + " */");
    }
    if (!layout.liveOps().isEmpty()) {
      line("");
      line("/* Ops, selected by opcode " + declared.opcode().orElseThrow().name() + ". */");
      for (Op op : layout.liveOps()) {
        String continues = op.continues().isEmpty() ? "continues nothing" : "continues " + String.join(", ", op.continues());
        String status = status(FactKey.op(layout.name(), op.name()));
        line("#define " + op.name() + " " + op.code() + " /* " + continues + "; " + status + " */");
        for (String alias : op.aliases()) {
          line("#define " + alias + " " + op.name() + " /* its former name, kept; " + status + " */");
        }
      }
    }
    if (!layout.retiredOps().isEmpty()) {
      // As Xen keeps XENMEM 8: the codes stay in the header, reserved, but define nothing to call.
      line("");
      line("/* Retired ops: their codes stay reserved, and " + layout.name() + VALIDATE + " refuses their words with");
      line(" * " + RETIRED_STATUS.macro() + ".");
      for (Op op : layout.retiredOps()) {
        line(" *   " + op.name() + " " + op.code() + (op.aliases().isEmpty() ? "" : " (formerly "
            + String.join(", ", op.aliases()) + ")") + ": " + op.retired().describe() + "; "
            + status(FactKey.op(layout.name(), op.name())).replaceFirst(" retired .*", ""));
      }
      line(" */");
    }
    for (Binding f : declared.bindings()) {
      fieldMacros(f);
    }
    line("");
    getters();
    validate(false);
    encode(false);
    if (layout.hasCompat()) {
      validate(true);
      encode(true);
    }
    line("#endif /* " + guard + " */");
    return out.toString();
  }

  private void define(StatusCode status) {
    String define = "#define " + status.macro() + " " + status.value();
    line(define + " ".repeat(Math.max(1, STATUS_COMMENT_COLUMN - define.length())) + "/* " + status.meaning() + " */");
  }

  private void fieldMacros(Binding f) {
    line("");
    line("/* " + (f.opcode() ? "opcode " : "field ") + f.name() + ": bits " + Bits.range(f.shift(), f.bits())
        + (f.opcode() ? "" : ", " + (f.encoding() == Encoding.SHIFTED ? "shifted" : "in place")) + "; " + status(FactKey.of(layout.name(), f.field(), false))
        + " */");
    line("#define " + f.macro() + SHIFT + " " + f.shift());
    line("#define " + f.macro() + MASK + " " + u64(f.mask()));
    line("#define " + f.macro() + MAX + " " + u64(f.max()));
    if (layout.hasCompat() && f.compatMask() != f.mask()) {
      line("/* compat: bits " + Bits.range(f.shift(), f.compatBits()) + "; " + status(FactKey.of(layout.name(), f.field(), true)) + " */");
      line("#define " + f.macro() + COMPAT_MASK + " " + u32(f.compatMask()));
      line("#define " + f.macro() + COMPAT_MAX + " " + u32(f.compatMax()));
    }
  }

  private String fn(String suffix) {
    return "static inline " + suffix;
  }

  private void getters() {
    for (Binding f : declared.live()) {
      line("/* Raw getter of " + f.name() + ": no checks, call " + layout.name() + VALIDATE + " first. */");
      String value = f.encoding() == Encoding.SHIFTED
          ? "(word & " + f.macro() + MASK + ") >> " + f.macro() + SHIFT
          : "word & " + f.macro() + MASK;
      line(fn("uint64_t " + layout.name() + "_" + f.name() + "(uint64_t word)"));
      line("{");
      line("    return " + value + ";");
      line("}");
      line("");
    }
  }

  private String mask(Binding f, boolean compat) {
    return compat && f.compatMask() != f.mask() ? f.macro() + COMPAT_MASK : f.macro() + MASK;
  }

  private String max(Binding f, boolean compat) {
    return compat && f.compatMask() != f.mask() ? f.macro() + COMPAT_MAX : f.macro() + MAX;
  }

  /**
   * One arm per distinct allowed mask, each returning its own test: with a constant mask per arm
   * the compiler turns {@code (word & ~0xfff) != 0} into one compare, as in a hand-written switch,
   * where a mask chosen per arm and tested after the switch stays a variable.
   */
  private void validate(boolean compat) {
    String name = layout.name() + (compat ? VALIDATE + COMPAT : VALIDATE);
    String type = compat ? "uint32_t" : "uint64_t";
    line("/* ABILOCK_OK if word is a well-formed " + (compat ? "compat " : "") + "word: a known op and every bit");
    line(" * outside the op's fields zero. The word is guest-controlled input. */");
    line(fn("int " + name + "(" + type + " word)"));
    line("{");
    if (layout.isRetired()) {
      line("    (void) word; /* " + layout.name() + " " + layout.retired().describe() + " */");
      line("    return " + RETIRED_STATUS.macro() + ";");
      line("}");
      line("");
      return;
    }
    Binding opcode = declared.opcode().orElse(null);
    if (opcode == null) {
      returnTest(declared.live(), layout.retiredFieldsUsedBy(null), compat, "    ");
    } else {
      line("    switch ((word & " + opcode.macro() + MASK + ") >> " + opcode.macro() + SHIFT + ") {");
      Map<List<Long>, List<Op>> byMask = new LinkedHashMap<>();
      for (Op op : layout.liveOps()) {
        byMask.computeIfAbsent(List.of(layout.allowedMask(op, compat), layout.retiredMask(op, compat)),
            k -> new ArrayList<>()).add(op);
      }
      for (List<Op> ops : byMask.values()) {
        for (Op op : ops) {
          line("    case " + op.name() + ":");
        }
        returnTest(declared.usedBy(ops.get(0)), layout.retiredFieldsUsedBy(ops.get(0)), compat, "        ");
      }
      for (Op op : layout.retiredOps()) {
        line("    case " + op.code() + ": /* " + op.name() + ", " + op.retired().describe() + " */");
        line("        return " + RETIRED_STATUS.macro() + ";");
      }
      line("    default:");
      line("        return ABILOCK_E_UNKNOWN_OP;");
      line("    }");
    }
    line("}");
    line("");
  }

  /**
   * Returns the status of a word whose allowed bits are those of {@code used}; with {@code retired}
   * fields, a word setting their bits and no stray one is retired.
   */
  private void returnTest(List<Binding> used, List<dev.abilock.core.model.Field> retired, boolean compat,
      String indent) {
    String allowed = masks(used, compat);
    if (retired.isEmpty()) {
      line(indent + "return " + (allowed.isEmpty() ? "word != 0" : "(word & ~(" + allowed + ")) != 0")
          + " ? ABILOCK_E_STRAY_BITS : ABILOCK_OK;");
      return;
    }
    String old = masks(retired.stream().map(declared::bind).toList(), compat);
    line(indent + "if ((word & ~(" + (allowed.isEmpty() ? "" : allowed + " | ") + old + ")) != 0)");
    line(indent + "    return ABILOCK_E_STRAY_BITS;");
    line(indent + "return (word & (" + old + ")) != 0 ? " + RETIRED_STATUS.macro() + " : ABILOCK_OK;");
  }

  private String masks(List<Binding> fields, boolean compat) {
    return fields.stream().map(f -> mask(f, compat)).collect(Collectors.joining(" | "));
  }

  private void encode(boolean compat) {
    String name = layout.name() + (compat ? ENCODE + COMPAT : ENCODE);
    String params = declared.live().stream().map(f -> "uint64_t " + f.name()).collect(Collectors.joining(", "));
    line("/* Encodes a " + (compat ? "compat " : "") + "word into *word; never truncates. ABILOCK_OK, or the error and *word");
    line(" * untouched. Values are the unsigned bit patterns the Java codec takes. */");
    line(fn("int " + name + "(" + (params.isEmpty() ? "" : params + ", ") + (compat ? "uint32_t" : "uint64_t")
        + " *word)"));
    line("{");
    if (layout.isRetired()) {
      declared.live().forEach(f -> line("    (void) " + f.name() + ";"));
      line("    (void) word; /* " + layout.name() + " " + layout.retired().describe() + " */");
      line("    return " + RETIRED_STATUS.macro() + ";");
      line("}");
      line("");
      return;
    }
    Binding opcode = declared.opcode().orElse(null);
    for (Binding f : declared.live()) {
      int bits = compat ? f.compatBits() : f.bits();
      // Every op code fits the opcode, so an opcode that does not fit reaches the switch's
      // default, which tells it apart there: one test fewer on the way of a valid word. The
      // answer is the same, since every field that does not fit gives the same error.
      if (f != opcode && (f.encoding() == Encoding.IN_PLACE || bits < 64) && declared.encodeTestsFitFirst(f)) {
        line("    if ((" + f.name() + " & ~" + max(f, compat) + ") != 0)");
        line("        return ABILOCK_E_DOES_NOT_FIT;");
      }
    }
    if (opcode != null) {
      line("    switch (" + opcode.name() + ") {");
      for (Map.Entry<List<String>, List<Op>> g : layout.opsByContinues().entrySet()) {
        for (Op op : g.getValue()) {
          line("    case " + op.name() + ":");
        }
        for (Binding f : declared.live()) {
          if (!f.opcode() && !g.getKey().contains(f.name())) {
            line("        if (" + f.name() + " != 0)");
            line("            return ABILOCK_E_NOT_CONTINUED;");
          }
        }
        line("        break;");
      }
      for (Op op : layout.retiredOps()) {
        line("    case " + op.code() + ": /* " + op.name() + ", " + op.retired().describe() + " */");
        line("        return " + RETIRED_STATUS.macro() + ";");
      }
      line("    default:");
      line("        return (" + opcode.name() + " & ~" + max(opcode, compat) + ") != 0 ? ABILOCK_E_DOES_NOT_FIT"
          + " : ABILOCK_E_UNKNOWN_OP;");
      line("    }");
    }
    String word = declared.live().stream()
        .map(f -> f.encoding() == Encoding.SHIFTED ? "(" + f.name() + " << " + f.macro() + SHIFT + ")" : f.name())
        .collect(Collectors.joining(" | "));
    if (word.isEmpty()) {
      word = "0";
    }
    line("    *word = " + (compat ? "(uint32_t) (" + word + ")" : word) + ";");
    line("    return ABILOCK_OK;");
    line("}");
    line("");
  }

  private static String u64(long value) {
    return "UINT64_C(" + Bits.hex(value, 64) + ")";
  }

  /** A compat constant: 32-bit digits, but 64-bit type, so that {@code ~} of it clears no high bit by surprise. */
  private static String u32(long value) {
    return "UINT64_C(" + Bits.hex(value, 32) + ")";
  }

  private void line(String text) {
    out.append(text).append('\n');
  }
}
