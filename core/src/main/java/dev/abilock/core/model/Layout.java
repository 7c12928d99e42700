package dev.abilock.core.model;

import dev.abilock.core.GateMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The layout of one continuation word as the manifest records it: what the processor reads from a
 * {@code @Continuable} class (without its Java and C names), and what a manifest describes.
 *
 * @param name ABI name ({@code memory_op})
 * @param className canonical name of the handler class
 * @param width native word width, 32 or 64
 * @param compatWidth 0 or 32
 * @param fields opcode and continuation fields, in declaration order, retired ones included
 * @param ops sub-operations, by code, retired ones included: their codes stay reserved
 * @param retired the continuable's retirement, or {@code null} while it is in use
 */
public record Layout(
    String name,
    String className,
    int width,
    int compatWidth,
    List<Field> fields,
    List<Op> ops,
    Retirement retired) {

  public Layout {
    fields = List.copyOf(fields);
    ops = List.copyOf(ops);
  }

  /** A continuable in use. */
  public Layout(
      String name, String className, int width, int compatWidth, List<Field> fields, List<Op> ops) {
    this(name, className, width, compatWidth, fields, ops, null);
  }

  public boolean isRetired() {
    return retired != null;
  }

  /**
   * This layout as it was before any retirement: what a word saved before the retirements meant.
   * Gate B reads old words through it to show what a reused code or name would turn them into.
   */
  public Layout withoutRetirements() {
    return new Layout(
        name,
        className,
        width,
        compatWidth,
        fields.stream().map(f -> f.withRetirement(null)).toList(),
        ops.stream().map(o -> o.withRetirement(null)).toList(),
        null);
  }

  /** The op named {@code n}, now or formerly (one of its aliases). */
  public Optional<Op> opNamed(String n) {
    return ops.stream().filter(o -> o.isNamed(n)).findFirst();
  }

  public boolean hasCompat() {
    return compatWidth != 0;
  }

  public Optional<Field> opcode() {
    return fields.stream().filter(Field::opcode).findFirst();
  }

  /** The continuation fields, opcode excluded, in declaration order. */
  public List<Field> continuationFields() {
    return fields.stream().filter(f -> !f.opcode()).toList();
  }

  public Optional<Field> field(String abiName) {
    return fields.stream().filter(f -> f.name().equals(abiName)).findFirst();
  }

  public Optional<Op> op(String opName) {
    return ops.stream().filter(o -> o.name().equals(opName)).findFirst();
  }

  public Optional<Op> opWithCode(long code) {
    return ops.stream().filter(o -> o.code() == code).findFirst();
  }

  /**
   * The fields a word of {@code op} may carry, opcode first; with no opcode ({@code op} null) every
   * field. A retired field is not among them: see {@link #retiredFieldsUsedBy}.
   */
  public List<Field> fieldsUsedBy(Op op) {
    return fieldsOf(op, false);
  }

  /**
   * The retired fields {@code op} continued with: a word of it with their bits set is refused as
   * retired.
   */
  public List<Field> retiredFieldsUsedBy(Op op) {
    return fieldsOf(op, true);
  }

  /**
   * The opcode, then the fields {@code op} continues with in declaration order (every field for no
   * op), retired or not as asked. A plain loop: the writers ask this for every op of every layout.
   */
  private List<Field> fieldsOf(Op op, boolean retired) {
    List<Field> used = new ArrayList<>();
    if (op != null) {
      opcode().filter(f -> carries(op, f, retired)).ifPresent(used::add);
    }
    for (Field f : fields) {
      if ((op == null || !f.opcode()) && carries(op, f, retired)) {
        used.add(f);
      }
    }
    return List.copyOf(used);
  }

  /**
   * Whether a word of {@code op} (any word, for no op) carries {@code f}, retired or not as asked:
   * the opcode and the fields the op continues with.
   */
  private static boolean carries(Op op, Field f, boolean retired) {
    return f.isRetired() == retired
        && (op == null || f.opcode() || op.continues().contains(f.name()));
  }

  /** The ops in use, by code: those a valid word may carry. */
  public List<Op> liveOps() {
    return ops.stream().filter(o -> !o.isRetired()).toList();
  }

  /**
   * The retired ops, by code: their codes stay reserved, and their words are refused as retired.
   */
  public List<Op> retiredOps() {
    return ops.stream().filter(Op::isRetired).toList();
  }

  /**
   * The ops in use grouped by the fields they continue with, in code order of each group's first
   * op: every op of a group follows one rule, so codecs, headers and docs write each rule once.
   */
  public Map<List<String>, List<Op>> opsByContinues() {
    Map<List<String>, List<Op>> groups = new LinkedHashMap<>();
    for (Op op : liveOps()) {
      groups.computeIfAbsent(op.continues(), k -> new ArrayList<>()).add(op);
    }
    return groups;
  }

  /** Every bit a word of {@code op} may set (native or compat). */
  public long allowedMask(Op op, boolean compat) {
    return maskOf(op, false, compat);
  }

  /** The bits of the retired fields {@code op} continued with. */
  public long retiredMask(Op op, boolean compat) {
    return maskOf(op, true, compat);
  }

  /**
   * The bits of the fields a word of {@code op} carries ({@link #carries}), without building their
   * list: the writers ask for every op of every layout, the table-driven codec for every code.
   */
  private long maskOf(Op op, boolean retired, boolean compat) {
    long mask = 0;
    for (Field f : fields) {
      if (carries(op, f, retired)) {
        mask |= compat ? f.compatMask() : f.mask();
      }
    }
    return mask;
  }

  /** Width of the native or compat word. */
  public int width(boolean compat) {
    return compat ? compatWidth : width;
  }

  /**
   * How this layout reads {@code word}: the same rules as the generated {@code validate} and
   * getters, used by the compatibility gate to show what a saved word would become.
   */
  public Reading read(long word, boolean compat) {
    if (isRetired()) {
      return new Reading.Retired(
          GateMessage.READ_RETIRED_CONTINUABLE.text(name, retired.describe()), retired);
    }
    if (compat && !hasCompat()) {
      return new Reading.Refused(GateMessage.READ_NO_COMPAT_WORD.text());
    }
    Op op = null;
    Optional<Field> opcode = opcode();
    if (opcode.isPresent()) {
      long code = opcode.get().valueIn(word);
      Optional<Op> found = opWithCode(code);
      if (found.isEmpty()) {
        return new Reading.Refused(GateMessage.READ_UNKNOWN_OP.text(code));
      }
      op = found.get();
      if (op.isRetired()) {
        return new Reading.Retired(
            GateMessage.READ_RETIRED_OP.text(op.name(), op.retired().describe()), op.retired());
      }
    }
    long stray = word & ~(allowedMask(op, compat) | retiredMask(op, compat));
    if (stray != 0) {
      return new Reading.Refused(
          GateMessage.READ_STRAY_BITS.text(
              Bits.hex(stray),
              op == null
                  ? GateMessage.READ_STRAY_NO_FIELD.text()
                  : GateMessage.READ_STRAY_NOT_CONTINUED.text(op.name())));
    }
    for (Field f : retiredFieldsUsedBy(op)) {
      if ((word & (compat ? f.compatMask() : f.mask())) != 0) {
        return new Reading.Retired(
            GateMessage.READ_RETIRED_FIELD.text(f.name(), f.retired().describe()), f.retired());
      }
    }
    Map<String, Long> values = new LinkedHashMap<>();
    for (Field f : fieldsUsedBy(op)) {
      if (!f.opcode()) {
        values.put(f.name(), f.valueIn(word));
      }
    }
    if (op == null) {
      return new Reading.Accepted(null, null, List.of(), values);
    }
    List<String> names = new ArrayList<>(op.aliases());
    names.add(0, op.name());
    return new Reading.Accepted(op.name(), op.code(), names, values);
  }
}
