package dev.abilock.core.model;

import dev.abilock.core.Message;
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
 * @param fields opcode and continuation fields, in declaration order
 * @param ops sub-operations, by code
 */
public record Layout(
    String name,
    String className,
    int width,
    int compatWidth,
    List<Field> fields,
    List<Op> ops) {

  public Layout {
    fields = List.copyOf(fields);
    ops = List.copyOf(ops);
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
   * The fields a word of {@code op} may carry, opcode first; with no opcode ({@code op} null)
   * every field.
   */
  public List<Field> fieldsUsedBy(Op op) {
    if (op == null) {
      return fields;
    }
    List<Field> used = new ArrayList<>();
    opcode().ifPresent(used::add);
    for (Field f : continuationFields()) {
      if (op.continues().contains(f.name())) {
        used.add(f);
      }
    }
    return used;
  }

  /**
   * The ops grouped by the fields they continue with, in code order of each group's first op:
   * every op of a group follows one rule, so codecs, headers and docs write each rule once.
   */
  public Map<List<String>, List<Op>> opsByContinues() {
    Map<List<String>, List<Op>> groups = new LinkedHashMap<>();
    for (Op op : ops) {
      groups.computeIfAbsent(op.continues(), k -> new ArrayList<>()).add(op);
    }
    return groups;
  }

  /** Every bit a word of {@code op} may set (native or compat). */
  public long allowedMask(Op op, boolean compat) {
    long allowed = 0;
    for (Field f : fieldsUsedBy(op)) {
      allowed |= compat ? f.compatMask() : f.mask();
    }
    return allowed;
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
    if (compat && !hasCompat()) {
      return new Reading.Refused(Message.READ_NO_COMPAT_WORD.text());
    }
    Op op = null;
    Optional<Field> opcode = opcode();
    if (opcode.isPresent()) {
      long code = opcode.get().valueIn(word);
      Optional<Op> found = opWithCode(code);
      if (found.isEmpty()) {
        return new Reading.Refused(Message.READ_UNKNOWN_OP.text(code));
      }
      op = found.get();
    }
    long stray = word & ~allowedMask(op, compat);
    if (stray != 0) {
      return new Reading.Refused(Message.READ_STRAY_BITS.text(Bits.hex(stray),
          op == null ? Message.READ_STRAY_NO_FIELD.text() : Message.READ_STRAY_NOT_CONTINUED.text(op.name())));
    }
    Map<String, Long> values = new LinkedHashMap<>();
    for (Field f : fieldsUsedBy(op)) {
      if (!f.opcode()) {
        values.put(f.name(), f.valueIn(word));
      }
    }
    return new Reading.Accepted(op == null ? null : op.name(), values);
  }
}
