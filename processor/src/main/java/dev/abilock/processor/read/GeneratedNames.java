package dev.abilock.processor.read;

import static dev.abilock.core.DeclarationMessage.*;

import dev.abilock.core.model.Op;
import dev.abilock.processor.model.Binding;
import dev.abilock.processor.names.CodecNames;
import dev.abilock.processor.names.HeaderNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Refuses a declaration whose names would collide in generated code, on its own source line,
 * instead of writing a codec or header that does not compile. The names come from the vocabulary
 * the writers emit from ({@link CodecNames}, {@link HeaderNames}), so this check and the output
 * cannot drift apart.
 */
final class GeneratedNames {
  private GeneratedNames() {}

  /** A field that was read without errors, with where it was declared. */
  record Named(Site site, Binding field) {}

  /**
   * @param name the continuable's ABI name, which starts the header's function names and guard
   * @param prefix the header's macro prefix
   */
  static List<Problem> check(
      List<Named> fields,
      List<Op> ops,
      Map<String, Site> opSites,
      String name,
      String prefix,
      boolean compat) {
    List<Problem> problems = new ArrayList<>();
    Set<String> shadowed =
        CodecNames.shadowedByParameters(
            fields.stream().map(n -> n.field().name()).toList(), compat);
    Map<String, String> constants = new HashMap<>();
    // Every file-scope identifier of the header, to find an op macro or field macro that would
    // redefine one.
    Map<String, String> macros = new HashMap<>();
    macros.put(HeaderNames.guard(name), NAME_HEADER_GUARD.text());
    macros.put(HeaderNames.width(prefix), NAME_WIDTH_MACRO.text());
    if (compat) {
      macros.put(HeaderNames.compatWidth(prefix), NAME_COMPAT_WIDTH_MACRO.text());
    }
    for (String function : HeaderNames.functions(name)) {
      macros.put(function, NAME_HEADER_FUNCTION.text(function));
    }
    for (Named n : fields) {
      macros.putIfAbsent(
          HeaderNames.getter(name, n.field().name()), NAME_HEADER_GETTER.text(n.field().name()));
    }
    for (Named n : fields) {
      Binding f = n.field();
      String what = (f.opcode() ? "opcode " : "field ") + f.javaName();
      if (CodecNames.METHODS.contains(f.javaName())) {
        problems.add(
            Problem.at(
                n.site(),
                null,
                RESERVED_JAVA_NAME,
                f.javaName(),
                NAME_GETTER_CLASH.text(f.javaName(), f.javaName()),
                f.name()));
      } else if (CodecNames.RECORD_FORBIDDEN.contains(f.javaName())) {
        problems.add(
            Problem.at(
                n.site(),
                null,
                RESERVED_JAVA_NAME,
                f.javaName(),
                NAME_RECORD_COMPONENT.text(f.javaName()),
                f.name()));
      } else if (shadowed.contains(f.javaName())) {
        problems.add(
            Problem.at(
                n.site(),
                null,
                RESERVED_JAVA_NAME,
                f.javaName(),
                NAME_SHADOWS_CONSTANT.text(f.javaName()),
                f.name()));
      }
      if (HeaderNames.RESERVED.contains(f.name())) {
        problems.add(
            Problem.at(
                n.site(),
                "name",
                RESERVED_C_NAME,
                what,
                "ABI name",
                f.name(),
                NAME_C_PARAMETER.text()));
      } else if (HeaderNames.functions(name).contains(HeaderNames.getter(name, f.name()))) {
        problems.add(
            Problem.at(
                n.site(),
                "name",
                RESERVED_C_NAME,
                what,
                "ABI name",
                f.name(),
                NAME_C_HELPER.text(f.name())));
      }
      String clashed = null;
      for (String constant : CodecNames.fieldConstants(f.name(), compat)) {
        String clash = constants.putIfAbsent(constant, what);
        if (clash != null) {
          problems.add(
              Problem.at(
                  n.site(),
                  "name",
                  GENERATED_NAME_CLASH,
                  what,
                  clash,
                  constant,
                  "codec",
                  NAME_FIX_ABI_NAME.text()));
          clashed = constant;
          break;
        }
      }
      // Default macros follow the ABI name: one clash, one message.
      for (String macro :
          clashed != null ? List.<String>of() : HeaderNames.fieldMacros(f.macro(), compat)) {
        String clash = macros.putIfAbsent(macro, what);
        if (clash != null) {
          problems.add(
              Problem.at(
                  n.site(),
                  "macro",
                  GENERATED_NAME_CLASH,
                  what,
                  clash,
                  macro,
                  "C header",
                  NAME_FIX_MACRO.text()));
          break;
        }
      }
    }
    for (Op op : ops) {
      Site site = opSites.get(op.name());
      // The header defines the op and each of its former names as a macro.
      List<String> names = new ArrayList<>(op.aliases());
      names.add(0, op.name());
      for (String n : names) {
        String what =
            n.equals(op.name()) ? "op " + op.name() : "alias " + n + " of op " + op.name();
        if (HeaderNames.RESERVED.contains(n)) {
          problems.add(
              Problem.at(site, null, RESERVED_C_NAME, what, "name", n, NAME_C_OP_MACRO.text()));
          continue;
        }
        String clash = macros.putIfAbsent(n, what);
        boolean isParameter = fields.stream().anyMatch(f -> f.field().name().equals(n));
        if (clash != null || isParameter) {
          problems.add(
              Problem.at(
                  site,
                  null,
                  GENERATED_NAME_CLASH,
                  what,
                  clash != null ? clash : NAME_FIELD_PARAMETER.text(n),
                  n,
                  "C header",
                  NAME_FIX_OP.text()));
        }
      }
    }
    return problems;
  }
}
