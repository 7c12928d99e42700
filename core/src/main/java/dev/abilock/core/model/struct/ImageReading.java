package dev.abilock.core.model.struct;

import dev.abilock.CType;
import dev.abilock.core.model.Retirement;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * What a struct's layout on one ABI reads from an image in guest memory, as the generated {@code
 * validate} and {@code decode} would: the value of every member in use, or a refusal.
 */
public sealed interface ImageReading {

  /** One line per member, for a witness: {@code nr 3 at 16..23}, or the refusal. */
  String describe();

  /**
   * A member's value.
   *
   * @param member the member's ABI name
   * @param type its C type, which says how its bytes read (signed types sign-extend)
   * @param offset its first byte
   * @param size bytes it takes
   * @param value what its bytes hold, as its C type reads them
   * @param subOp the sub-op its value selects, or {@code null} when the member holds no sub-ops
   */
  record Value(String member, CType type, int offset, int size, BigInteger value, SubOp subOp) {
    public String describe() {
      return member
          + " "
          + value
          + (subOp == null ? "" : " (" + subOp.name() + ")")
          + " at "
          + offset
          + ".."
          + (offset + size - 1);
    }
  }

  /** The image is valid: every member in use, in offset order. */
  record Accepted(List<Value> values) implements ImageReading {
    public Accepted {
      values = List.copyOf(values);
    }

    public Optional<Value> value(String member) {
      return values.stream().filter(v -> v.member().equals(member)).findFirst();
    }

    @Override
    public String describe() {
      return values.isEmpty()
          ? "no member"
          : String.join(", ", values.stream().map(Value::describe).toList());
    }
  }

  /** The image is refused: too short, a non-zero byte in a must-be-zero pad, an unknown sub-op. */
  record Refused(String reason) implements ImageReading {
    @Override
    public String describe() {
      return "refused: " + reason;
    }
  }

  /** The image is refused as retired: the struct's, or a retired sub-op's value. */
  record Retired(String what, Retirement retirement) implements ImageReading {
    @Override
    public String describe() {
      return "refused: " + what + " " + retirement.describe();
    }
  }
}
