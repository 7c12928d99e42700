package dev.abilock.core.model.rules;

import static dev.abilock.core.Message.*;

import dev.abilock.core.model.Bits;
import dev.abilock.core.model.Field;
import dev.abilock.core.model.Layout;
import dev.abilock.core.model.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.lang.model.SourceVersion;

/**
 * The well-formedness rules of a layout, in one place for every front end: the processor judges
 * what it read from annotations, the manifest parser what it read from lines, and each places the
 * findings in its own terms. A rule lives here when it is about the layout itself, not about how
 * a front end spells it (annotation attributes, Java types, manifest syntax stay with their
 * front end).
 */
public final class LayoutRules {
  /** An ABI name: what the manifest, the header and the docs spell a continuable or field with. */
  private static final Pattern ABI_NAME = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");

  private LayoutRules() {}

  /** Whether {@code name} is lower_snake_case, as every ABI name of a continuable or field must be. */
  public static boolean isAbiName(String name) {
    return ABI_NAME.matcher(name).matches();
  }

  /**
   * Whether {@code name} can be a Java constant's name: an op's name or alias becomes one in the
   * codec. Without the characters Java ignores in identifiers, which no manifest line holds.
   */
  public static boolean isJavaName(String name) {
    return SourceVersion.isName(name)
        && name.codePoints().noneMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT);
  }

  /**
   * Every rule {@code layout} breaks, in a fixed order: opcodes, then each op in the layout's order
   * (its code, then its names), then overlapping fields. Where two parts clash, the later one in
   * the layout's order is blamed, except that a live op is blamed for a retired op's code.
   */
  public static List<Finding> check(Layout layout) {
    List<Finding> findings = new ArrayList<>();
    List<Field> opcodes = layout.fields().stream().filter(Field::opcode).toList();
    Field opcode = opcodes.isEmpty() ? null : opcodes.get(0);
    for (Field second : opcodes.subList(Math.min(1, opcodes.size()), opcodes.size())) {
      findings.add(Finding.of(TWO_OPCODES, new Part.Field(second.name()), new Part.Field(second.name()),
          new Part.Field(opcode.name())));
    }
    checkCodes(layout, opcode, findings);
    checkNames(layout, findings);
    checkOverlaps(layout, opcode, findings);
    return findings;
  }

  private static void checkCodes(Layout layout, Field opcode, List<Finding> findings) {
    Map<Long, Op> holders = new HashMap<>();
    for (Op op : layout.ops()) {
      Part at = new Part.Op(op.name());
      if (opcode == null) {
        findings.add(Finding.of(OP_WITHOUT_OPCODE, at, op.name(), new Part.Continuable(layout.name())));
        continue;
      }
      if (Long.compareUnsigned(op.code(), opcode.max()) > 0) {
        findings.add(Finding.of(OP_CODE_DOES_NOT_FIT, at, op.name(), op.code(), opcode.bits(),
            new Part.Field(opcode.name()), opcode.max()));
        continue;
      }
      Op first = holders.putIfAbsent(op.code(), op);
      if (first == null) {
        continue;
      }
      if (first.isRetired() != op.isRetired()) {
        // A retired op keeps its code reserved: the op that takes it is the mistake, wherever either is declared.
        Op retired = first.isRetired() ? first : op;
        Op taker = first.isRetired() ? op : first;
        findings.add(Finding.of(RETIRED_CODE_REUSED, new Part.Op(taker.name()), taker.name(), op.code(),
            retired.name(), retired.retired().release()));
      } else {
        findings.add(Finding.of(DUPLICATE_OP_CODE, at, op.name(), op.code(), first.name()));
      }
    }
  }

  /** Every op name and alias belongs to one op; an alias is a Java name, other than the op's own, listed once. */
  private static void checkNames(Layout layout, List<Finding> findings) {
    Map<String, String> owners = new HashMap<>();
    for (Op op : layout.ops()) {
      String owner = owners.putIfAbsent(op.name(), op.name());
      if (owner != null) {
        findings.add(Finding.of(DUPLICATE_OP_NAME, new Part.Op(op.name()), op.name(), op.name(), owner));
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
   * field, with one a word of an op carries the opcode and the fields the op continues with, retired
   * ones included (words saved before the retirement carry them). One finding per pair, on the
   * later field, naming the first op that uses both.
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
        Part at = user == null ? new Part.Field(later.name()) : new Part.Continues(user.name(), later.name());
        findings.add(Finding.of(OVERLAP, at, new Part.Field(later.name()), Bits.range(later.shift(), later.bits()),
            new Part.Field(earlier.name()), Bits.range(earlier.shift(), earlier.bits()),
            user == null ? REASON_OVERLAP_NO_OPCODE.text() : REASON_OVERLAP_OP.text(user.name())));
      }
    }
  }

  private static Op firstUserOfBoth(Layout layout, Field a, Field b) {
    for (Op op : layout.ops()) {
      if ((a.opcode() || op.continues().contains(a.name())) && (b.opcode() || op.continues().contains(b.name()))) {
        return op;
      }
    }
    return null;
  }
}
