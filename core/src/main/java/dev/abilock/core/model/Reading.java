package dev.abilock.core.model;

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
   * @param values value of each field the op continues with
   */
  record Accepted(String op, Map<String, Long> values) implements Reading {
    public Accepted {
      values = Map.copyOf(values);
    }

    @Override
    public boolean agreesWith(Reading other) {
      if (!(other instanceof Accepted that) || !Objects.equals(op, that.op)) {
        return false;
      }
      // A field an op no longer carries reads as 0, so only non-zero values can disagree.
      TreeSet<String> names = new TreeSet<>(values.keySet());
      names.addAll(that.values.keySet());
      return names.stream().allMatch(n -> values.getOrDefault(n, 0L).equals(that.values.getOrDefault(n, 0L)));
    }

    @Override
    public String describe() {
      String fields = new TreeSet<>(values.keySet()).stream()
          .map(n -> n + " = " + Long.toUnsignedString(values.get(n)))
          .collect(Collectors.joining(", "));
      String head = op == null ? "accepted" : "op " + op;
      return fields.isEmpty() ? head : head + ", " + fields;
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
