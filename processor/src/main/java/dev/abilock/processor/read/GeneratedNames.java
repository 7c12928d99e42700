package dev.abilock.processor.read;

import static dev.abilock.processor.Message.*;

import dev.abilock.processor.model.Field;
import dev.abilock.processor.model.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The names a layout puts into generated code: the codec's getters, {@code State} components and
 * constants, and the C header's macros, functions and parameters. A declaration whose names would
 * collide there is refused here, on its own source line, instead of producing a codec or header
 * that does not compile.
 */
final class GeneratedNames {
  /** Codec methods a getter {@code static T name(long)} would clash with. */
  private static final Set<String> CODEC_METHODS = Set.of("encode", "validate", "decode", "encodeCompat",
      "validateCompat", "decodeCompat", "checkOp", "opName");
  /** Names a record component may not have (JLS 8.10.1); {@code decode} returns a record of every field. */
  private static final Set<String> RECORD_FORBIDDEN = Set.of("clone", "finalize", "getClass", "hashCode", "notify",
      "notifyAll", "toString", "wait");
  /** C99 keywords and the identifiers the header itself uses: field names become C parameters, op names macros. */
  private static final Set<String> C_RESERVED = Set.of("auto", "break", "case", "char", "const", "continue",
      "default", "do", "double", "else", "enum", "extern", "float", "for", "goto", "if", "inline", "int", "long",
      "register", "restrict", "return", "short", "signed", "sizeof", "static", "struct", "switch", "typedef", "union",
      "unsigned", "void", "volatile", "while", "_Bool", "_Complex", "_Imaginary", "word", "allowed", "uint64_t",
      "uint32_t", "UINT64_C", "ABILOCK_OK", "ABILOCK_E_UNKNOWN_OP", "ABILOCK_E_STRAY_BITS", "ABILOCK_E_DOES_NOT_FIT",
      "ABILOCK_E_NOT_CONTINUED");
  /** Suffixes of the header's functions, which a getter {@code <name>_<field>} must not repeat. */
  private static final Set<String> C_FUNCTIONS = Set.of("validate", "encode", "validate_compat", "encode_compat");

  private GeneratedNames() {}

  /** A field that was read without errors, with where it was declared. */
  record Named(Site site, Field field) {}

  /**
   * @param name the continuable's ABI name, which starts the header's function names and guard
   * @param prefix the header's macro prefix
   */
  static List<Problem> check(List<Named> fields, List<Op> ops, Map<String, Site> opSites, String name, String prefix,
      boolean compat) {
    List<Problem> problems = new ArrayList<>();
    Map<String, String> constants = new HashMap<>();
    // Every file-scope identifier of the header, to find an op macro or field macro that would redefine one.
    Map<String, String> macros = new HashMap<>();
    macros.put("ABILOCK_" + name.toUpperCase(Locale.ROOT) + "_H", "the header guard");
    macros.put(prefix + "_WIDTH", "the word width");
    if (compat) {
      macros.put(prefix + "_COMPAT_WIDTH", "the compat word width");
    }
    for (String function : C_FUNCTIONS) {
      macros.put(name + "_" + function, "the header's function " + name + "_" + function);
    }
    for (Named n : fields) {
      macros.putIfAbsent(name + "_" + n.field().name(), "the header's getter of " + n.field().name());
    }
    for (Named n : fields) {
      Field f = n.field();
      String what = (f.opcode() ? "opcode " : "field ") + f.javaName();
      if (CODEC_METHODS.contains(f.javaName())) {
        problems.add(Problem.at(n.site(), null, RESERVED_JAVA_NAME.format(f.javaName(),
            "its getter " + f.javaName() + "(long) would clash with the codec's own " + f.javaName() + " method",
            f.name())));
      } else if (RECORD_FORBIDDEN.contains(f.javaName())) {
        problems.add(Problem.at(n.site(), null, RESERVED_JAVA_NAME.format(f.javaName(),
            "the record State that decode returns cannot have a component named " + f.javaName() + " (JLS 8.10.1)",
            f.name())));
      }
      if (C_RESERVED.contains(f.name())) {
        problems.add(Problem.at(n.site(), "name", RESERVED_C_NAME.format(what, "ABI name", f.name(),
            "a C keyword or a name the header already uses; the C encode helper takes it as a parameter")));
      } else if (C_FUNCTIONS.contains(f.name())) {
        problems.add(Problem.at(n.site(), "name", RESERVED_C_NAME.format(what, "ABI name", f.name(),
            "the name of the header's own helper <continuable>_" + f.name())));
      }
      String stem = f.name().toUpperCase(Locale.ROOT);
      List<String> suffixes = new ArrayList<>(List.of("_SHIFT", "_MASK", "_MAX"));
      if (compat) {
        suffixes.addAll(List.of("_COMPAT_MASK", "_COMPAT_MAX"));
      }
      boolean clashed = false;
      for (String suffix : suffixes) {
        String clash = constants.putIfAbsent(stem + suffix, what);
        if (clash != null) {
          problems.add(Problem.at(n.site(), "name", GENERATED_NAME_CLASH.format(what, clash, stem + suffix,
              "codec", "the ABI name (name = ...)")));
          clashed = true;
          break;
        }
      }
      // Default macros follow the ABI name: one clash, one message.
      for (String suffix : clashed ? List.<String>of() : suffixes) {
        String clash = macros.putIfAbsent(f.macro() + suffix, what);
        if (clash != null) {
          problems.add(Problem.at(n.site(), "macro", GENERATED_NAME_CLASH.format(what, clash, f.macro() + suffix,
              "C header", "the macro stem (macro = ...)")));
          break;
        }
      }
    }
    for (Op op : ops) {
      Site site = opSites.get(op.name());
      String what = "op " + op.name();
      if (C_RESERVED.contains(op.name())) {
        problems.add(Problem.at(site, null, RESERVED_C_NAME.format(what, "name", op.name(),
            "a C keyword or a name the header already uses; the header defines each op as a macro")));
        continue;
      }
      String clash = macros.putIfAbsent(op.name(), what);
      boolean isParameter = fields.stream().anyMatch(n -> n.field().name().equals(op.name()));
      if (clash != null || isParameter) {
        problems.add(Problem.at(site, null, GENERATED_NAME_CLASH.format(what,
            clash != null ? clash : "the field with ABI name " + op.name(), op.name(), "C header",
            "the op constant")));
      }
    }
    return problems;
  }
}
