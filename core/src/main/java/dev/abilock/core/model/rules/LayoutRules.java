package dev.abilock.core.model.rules;

import static dev.abilock.core.DeclarationMessage.*;
import static dev.abilock.core.GateMessage.*;

import dev.abilock.core.DeclarationMessage;
import dev.abilock.core.model.Bits;
import dev.abilock.core.model.Field;
import dev.abilock.core.model.Layout;
import dev.abilock.core.model.Op;
import dev.abilock.core.model.Retirement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.lang.model.SourceVersion;

/**
 * The well-formedness rules of a layout, in one place for every front end: the processor judges
 * what it read from annotations, the manifest parser what it read from lines, and each places the
 * findings in its own terms. A rule lives here when it is about the layout itself, not about how a
 * front end spells it (annotation attributes, Java types, manifest syntax stay with their front
 * end).
 */
public final class LayoutRules {
  /** An ABI name: what the manifest, the header and the docs spell a continuable or field with. */
  private static final Pattern ABI_NAME = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");

  private static final Pattern RELEASE_LABEL = Pattern.compile("[A-Za-z0-9._+-]+");

  private LayoutRules() {}

  /**
   * Whether {@code name} is lower_snake_case, as every ABI name of a continuable or field must be.
   */
  public static boolean isAbiName(String name) {
    return ABI_NAME.matcher(name).matches();
  }

  /**
   * Whether {@code name} can be a Java constant's name: an op's name or alias becomes one in the
   * codec. Without the characters Java ignores in identifiers, which no manifest line holds.
   */
  public static boolean isJavaName(String name) {
    return SourceVersion.isName(name)
        && name.codePoints()
            .noneMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT);
  }

  /**
   * Whether {@code label} is a release label: what the manifest writes after {@code published} or
   * {@code retired}.
   */
  public static boolean isReleaseLabel(String label) {
    return RELEASE_LABEL.matcher(label).matches();
  }

  /**
   * Whether {@code reason} can be written in a manifest line, a C comment, a Java string literal
   * and a message: one line of printable text, not blank, without a C comment's end. U+2028 and
   * U+2029 are line breaks too: JavaPoet breaks a generated line at them, leaving a codec that does
   * not compile.
   */
  public static boolean isOneLineReason(String reason) {
    return !reason.isBlank()
        && !reason.contains("*/")
        && reason
            .codePoints()
            .noneMatch(
                c ->
                    Character.isISOControl(c)
                        || Character.getType(c) == Character.FORMAT
                        || Character.getType(c) == Character.LINE_SEPARATOR
                        || Character.getType(c) == Character.PARAGRAPH_SEPARATOR);
  }

  /**
   * Every rule {@code layout} breaks, in a fixed order: names of the continuable and its fields,
   * opcodes, each field's place in the words, then each op in the layout's order (its code, then
   * its names), overlapping fields, and last the retirements. Where two parts clash, the later one
   * in the layout's order is blamed, except that a live op is blamed for a retired op's code.
   */
  public static List<Finding> check(Layout layout) {
    List<Finding> findings = new ArrayList<>();
    checkFieldNames(layout, findings);
    List<Field> opcodes = layout.fields().stream().filter(Field::opcode).toList();
    Field opcode = opcodes.isEmpty() ? null : opcodes.get(0);
    for (Field second : opcodes.subList(Math.min(1, opcodes.size()), opcodes.size())) {
      findings.add(
          Finding.of(
              TWO_OPCODES, part(layout, second), part(layout, second), part(layout, opcode)));
    }
    for (Field field : layout.fields()) {
      checkPlace(layout, field, findings);
    }
    checkCodes(layout, opcode, findings);
    checkOpNames(layout, findings);
    checkOverlaps(layout, opcode, findings);
    checkRetirements(layout, findings);
    return findings;
  }

  /**
   * {@code field} as a part of {@code layout}: by its place, so that a field sharing its name is
   * not mistaken for it.
   */
  private static Part.Field part(Layout layout, Field field) {
    List<Field> fields = layout.fields();
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i) == field) {
        return new Part.Field(field.name(), i);
      }
    }
    throw new IllegalArgumentException(field + " is not a field of " + layout.name());
  }

  private static String role(Field field) {
    return field.opcode() ? "opcode" : "field";
  }

  /** The continuable and every field have an ABI name, each field one of its own. */
  private static void checkFieldNames(Layout layout, List<Finding> findings) {
    if (!isAbiName(layout.name())) {
      findings.add(
          Finding.of(BAD_NAME, new Part.Continuable(layout.name()), "continuable", layout.name()));
    }
    Map<String, Field> owners = new HashMap<>();
    for (Field field : layout.fields()) {
      Part.Field at = part(layout, field);
      if (!isAbiName(field.name())) {
        findings.add(Finding.of(BAD_NAME, at, role(field), field.name()));
      }
      Field owner = owners.putIfAbsent(field.name(), field);
      if (owner != null) {
        findings.add(
            Finding.of(
                DUPLICATE_FIELD_NAME,
                at,
                role(field),
                at,
                field.name(),
                role(owner),
                part(layout, owner)));
      }
    }
  }

  /**
   * A field lies inside the word, and in the compat word holds a low part of itself that lies
   * inside that word too; an opcode is whole there, or compat guests could not select every op.
   */
  private static void checkPlace(Layout layout, Field field, List<Finding> findings) {
    Part.Field at = part(layout, field);
    if (field.shift() + field.bits() > layout.width()) {
      findings.add(
          Finding.of(
              FIELD_OUTSIDE_WORD,
              at,
              role(field),
              at,
              Bits.range(field.shift(), field.bits()),
              layout.width(),
              layout.width() - 1));
    }
    if (!layout.hasCompat() || field.compatBits() == 0) {
      return;
    }
    Part.Compat compat = new Part.Compat(at);
    if (field.compatBits() > field.bits()) {
      findings.add(
          Finding.of(
              COMPAT_BITS_TOO_LARGE,
              compat,
              role(field),
              at,
              field.compatBits(),
              field.bits(),
              field.bits()));
    } else if (field.shift() + field.compatBits() > layout.compatWidth()) {
      findings.add(
          field.opcode()
              ? Finding.of(
                  OPCODE_BEYOND_COMPAT, compat, at, Bits.range(field.shift(), field.bits()))
              : Finding.of(
                  COMPAT_BITS_OUTSIDE,
                  compat,
                  role(field),
                  at,
                  Bits.range(field.shift(), field.compatBits()),
                  Math.max(0, layout.compatWidth() - field.shift())));
    }
  }

  /** A retirement names a release label and gives one line of reason. */
  private static void checkRetirements(Layout layout, List<Finding> findings) {
    checkRetirement(layout.retired(), "continuable", new Part.Continuable(layout.name()), findings);
    for (Field field : layout.fields()) {
      checkRetirement(field.retired(), role(field), part(layout, field), findings);
    }
    for (Op op : layout.ops()) {
      checkRetirement(op.retired(), "op", new Part.Op(op.name()), findings);
    }
  }

  private static void checkRetirement(
      Retirement retirement, String role, Part retired, List<Finding> findings) {
    if (retirement == null) {
      return;
    }
    Part at = new Part.Retired(retired);
    retirementFaults(retirement)
        .forEach((rule, text) -> findings.add(Finding.of(rule, at, role, retired, text)));
  }

  /**
   * What {@code retirement} cannot record, each rule with the text at fault: a release that is no
   * release label, a reason that is not one line. The rule of every retirement, a word's and a
   * struct's ({@link StructRules}).
   */
  public static Map<DeclarationMessage, String> retirementFaults(Retirement retirement) {
    Map<DeclarationMessage, String> faults = new LinkedHashMap<>();
    if (!isReleaseLabel(retirement.release())) {
      faults.put(RETIRED_BAD_RELEASE, retirement.release());
    }
    if (!isOneLineReason(retirement.reason())) {
      faults.put(RETIRED_BAD_REASON, retirement.reason());
    }
    return faults;
  }

  private static void checkCodes(Layout layout, Field opcode, List<Finding> findings) {
    Map<Long, Op> holders = new HashMap<>();
    for (Op op : layout.ops()) {
      Part at = new Part.Op(op.name());
      if (opcode == null) {
        findings.add(
            Finding.of(OP_WITHOUT_OPCODE, at, op.name(), new Part.Continuable(layout.name())));
        continue;
      }
      if (Long.compareUnsigned(op.code(), opcode.max()) > 0) {
        findings.add(
            Finding.of(
                OP_CODE_DOES_NOT_FIT,
                at,
                op.name(),
                op.code(),
                opcode.bits(),
                part(layout, opcode),
                opcode.max()));
        continue;
      }
      Op first = holders.putIfAbsent(op.code(), op);
      if (first == null) {
        continue;
      }
      if (first.isRetired() != op.isRetired()) {
        // A retired op keeps its code reserved: the op that takes it is the mistake, wherever
        // either is declared.
        Op retired = first.isRetired() ? first : op;
        Op taker = first.isRetired() ? op : first;
        findings.add(
            Finding.of(
                RETIRED_CODE_REUSED,
                new Part.Op(taker.name()),
                taker.name(),
                op.code(),
                retired.name(),
                retired.retired().release()));
      } else {
        findings.add(Finding.of(DUPLICATE_OP_CODE, at, op.name(), op.code(), first.name()));
      }
    }
  }

  /**
   * Every op name and alias belongs to one op; an alias is a Java name, other than the op's own,
   * listed once.
   */
  private static void checkOpNames(Layout layout, List<Finding> findings) {
    Map<String, String> owners = new HashMap<>();
    for (Op op : layout.ops()) {
      String owner = owners.putIfAbsent(op.name(), op.name());
      if (owner != null) {
        findings.add(
            Finding.of(DUPLICATE_OP_NAME, new Part.Op(op.name()), op.name(), op.name(), owner));
      }
      List<String> aliases = op.aliases();
      for (int i = 0; i < aliases.size(); i++) {
        String alias = aliases.get(i);
        Part at = new Part.Alias(op.name(), i, alias);
        if (!isJavaName(alias) || alias.equals(op.name()) || aliases.indexOf(alias) < i) {
          findings.add(Finding.of(BAD_ALIAS, at, alias, op.name()));
          continue;
        }
        String taken = owners.putIfAbsent(alias, op.name());
        if (taken != null) {
          findings.add(Finding.of(DUPLICATE_OP_NAME, at, op.name(), alias, taken));
        }
      }
    }
  }

  /**
   * No two fields a word may carry together share a bit: without an opcode every word carries every
   * field, with one a word of an op carries the opcode and the fields the op continues with,
   * retired ones included (words saved before the retirement carry them). One finding per pair, on
   * the later field, naming the first op that uses both.
   */
  private static void checkOverlaps(Layout layout, Field opcode, List<Finding> findings) {
    List<Field> fields = layout.fields().stream().filter(f -> !f.opcode() || f == opcode).toList();
    for (int i = 0; i < fields.size(); i++) {
      for (int j = 0; j < i; j++) {
        Field earlier = fields.get(j);
        Field later = fields.get(i);
        if (!earlier.overlaps(later)) {
          continue;
        }
        Op user = opcode == null ? null : firstUserOfBoth(layout, earlier, later);
        if (opcode != null && user == null) {
          continue;
        }
        Part.Field laterPart = part(layout, later);
        Part at = user == null ? laterPart : new Part.Continues(user.name(), laterPart);
        findings.add(
            Finding.of(
                OVERLAP,
                at,
                laterPart,
                Bits.range(later.shift(), later.bits()),
                part(layout, earlier),
                Bits.range(earlier.shift(), earlier.bits()),
                user == null
                    ? REASON_OVERLAP_NO_OPCODE.text()
                    : REASON_OVERLAP_OP.text(user.name())));
      }
    }
  }

  private static Op firstUserOfBoth(Layout layout, Field a, Field b) {
    for (Op op : layout.ops()) {
      if ((a.opcode() || op.continues().contains(a.name()))
          && (b.opcode() || op.continues().contains(b.name()))) {
        return op;
      }
    }
    return null;
  }
}
