package dev.abilock.processor.write;

import dev.abilock.core.model.Layout;
import dev.abilock.core.model.Op;
import dev.abilock.processor.model.Binding;

/**
 * How a codec's {@code validate} finds the bits a word's op allows: a table indexed by op code, or
 * a switch.
 */
enum OpLookup {
  TABLE,
  SWITCH;

  /**
   * A table where it can be one. On a stream of mixed ops, the branches of a switch follow the op
   * and mispredict, and a load does not: on memory_op's mixed stream a table-driven validate took
   * 1.2 ns a word where a hand-written switch took 3.3 (a quick run). On one constant word the
   * switch predicts perfectly and wins, by a few tenths of a nanosecond. Kept to op codes below 256
   * (tables of at most 2 KiB) and opcodes narrower than an int, and to layouts where no op in use
   * continued with a retired field: telling such a retired word from a malformed one takes the op's
   * masks, which the switch has at hand.
   *
   * @param opcode the layout's opcode, {@code null} when it has none
   */
  static OpLookup of(Layout layout, Binding opcode) {
    boolean table =
        opcode != null
            && !layout.liveOps().isEmpty()
            && !layout.isRetired()
            && opcode.bits() < 32
            && layout.ops().stream().mapToLong(Op::code).max().orElse(0) < 256
            && layout.liveOps().stream().allMatch(op -> layout.retiredFieldsUsedBy(op).isEmpty());
    return table ? TABLE : SWITCH;
  }
}
