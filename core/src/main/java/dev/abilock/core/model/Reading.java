package dev.abilock.core.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** What a layout makes of one word: an op and its field values, or a refusal. */
public sealed interface Reading {

  /** Whether a handler resuming with {@code other} would do the same work as with this reading. */
  boolean agreesWith(Reading other);

  /** For messages: {@code op XENMEM_decrease_reservation, start_extent = 5}. */
  String describe();

  /**
   * An accepted word.
   *
   * @param op the op's name, or {@code null} without an opcode
   * @param code the op's code, or {@code null} without an opcode: what a word carries
   * @param names the op's name and former names
   * @param values value of each field the op continues with
   */
  record Accepted(String op, Long code, List<String> names, Map<String, Long> values)
      implements Reading {
    public Accepted {
      names = List.copyOf(names);
      values = Map.copyOf(values);
    }

    /**
     * Whether {@code other} reads the same op. A word carries its code, so the code decides: a
     * rename is the same op (its name is a published constant, not a reading).
     */
    public boolean sameOp(Accepted other) {
      return Objects.equals(code, other.code);
    }

    /**
     * Whether the two readings' ops share a name, former names included: not so for another op
     * given a retired op's code. Two ops that keep the same former name are one op renamed twice
     * (soak seed 533057828459: un-retired and renamed at once, its old alias kept), as gate B
     * matches ops.
     */
    public boolean sharesName(Accepted other) {
      return op == null
          ? other.op == null
          : other.op != null
              && (names.contains(other.op)
                  || other.names.stream().anyMatch(n -> n.equals(op) || names.contains(n)));
    }

    @Override
    public boolean agreesWith(Reading other) {
      if (!(other instanceof Accepted that) || !sameOp(that)) {
        return false;
      }
      // A field an op no longer carries reads as 0, so only non-zero values can disagree.
      TreeSet<String> names = new TreeSet<>(values.keySet());
      names.addAll(that.values.keySet());
      return names.stream()
          .allMatch(n -> values.getOrDefault(n, 0L).equals(that.values.getOrDefault(n, 0L)));
    }

    @Override
    public String describe() {
      String fields =
          new TreeSet<>(values.keySet())
              .stream()
                  .map(n -> n + " = " + Long.toUnsignedString(values.get(n)))
                  .collect(Collectors.joining(", "));
      String head = op == null ? "accepted" : "op " + op;
      return fields.isEmpty() ? head : head + ", " + fields;
    }
  }

  /**
   * A word refused because what it needs was retired on purpose: its op, a field it carries, or the
   * whole continuable. Gate B accepts this reading of a saved word (a retirement is compatible by
   * decision); anything else that changes a saved word's reading is a break.
   */
  record Retired(String reason, Retirement retirement) implements Reading {
    @Override
    public boolean agreesWith(Reading other) {
      return other instanceof Retired;
    }

    @Override
    public String describe() {
      return "refused (" + reason + ")";
    }
  }

  /** A refused word. */
  record Refused(String reason) implements Reading {
    @Override
    public boolean agreesWith(Reading other) {
      return other instanceof Refused;
    }

    @Override
    public String describe() {
      return "refused (" + reason + ")";
    }
  }
}
