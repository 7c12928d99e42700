package dev.abilock.processor.write;

import dev.abilock.core.model.Field;
import dev.abilock.core.model.Layout;
import dev.abilock.core.model.Op;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The shape of a codec's {@code validate}, in Java ({@link CodecWriter}) and in C ({@link
 * HeaderWriter}) alike: one rule, picked from the layout alone, so that the two codecs of a
 * continuable are written the same way and measured against the same hand-written code.
 *
 * <p>What decides it: whether there is an opcode and an op in use, whether any op in use carries
 * anything but its code (when none does, the only valid words are the op codes themselves), and how
 * many distinct sets of allowed bits the ops in use have (each is one test a switch would branch
 * to). Measured (benchmarks/profiling.md; C by callgrind instruction counts, Java by JMH on mixed
 * streams of valid words):
 *
 * <ul>
 *   <li>hvm_op since 4.9 (three ops, none continues): a switch on the op, then a test of the other
 *       bits, took 3.66 instructions a word in C against 0.66 for Xen's switch on the whole word,
 *       and the table took 0.71 ns a word in Java against 0.46 by hand; grant_table_op on x86 since
 *       4.21 (the same case: cache_flush, the op that continued, is retired) took 0.93 ns against
 *       0.72. Hence {@link #WHOLE_WORD}.
 *   <li>memory_op (fifteen ops, three distinct allowed masks): on a mixed stream the switch's
 *       branches follow the op and mispredict, and a load does not: the table took 0.36 to 0.48 of
 *       the hand-written switch's time. Hence {@link #TABLE} where the ops allow more than one set
 *       of bits.
 * </ul>
 *
 * <p>The shape decides the fast path only; every shape refuses the same words with the same error,
 * which the property tests check against the model ({@link Layout#read}) and between Java and C.
 */
public enum CodecShape {
  /** The continuable is retired: every word is refused, with no test at all. */
  RETIRED,

  /** No opcode: every word carries every field in use, one test of the bits outside them. */
  NO_OPCODE,

  /** An opcode and no op in use: no word is valid. */
  NONE_VALID,

  /**
   * No op in use carries anything but its code, and the opcode is narrower than an int (so that a
   * Java switch sees the code exactly): the valid words are exactly the op codes in the opcode's
   * place, so {@code validate} compares the whole word with them (a switch on the word, as Xen's
   * {@code do_hvm_op} does), and only a word that is none of them goes on to find out why (stray
   * bits, a retired op, an unknown one).
   */
  WHOLE_WORD,

  /**
   * Ops in use allowing two or more distinct sets of bits, codes below 256 and an opcode narrower
   * than an int: the Java {@code validate} reads the bits the op refuses from a table indexed by
   * the code ({@code REFUSED[op]}) and tests them in one branch, whatever the op. Not where an op
   * in use continued with a retired field: telling such a retired word from a malformed one takes
   * the op's masks. The C header keeps its switch, one arm per allowed mask, which gcc compiles to
   * a jump table of its own (memory_op: 11.00 instructions a word, as by hand).
   */
  TABLE,

  /**
   * A switch on the op, one arm per distinct set of allowed bits, each testing its own constant
   * mask: where the ops in use allow one set of bits (a valid code then needs one test whatever the
   * op, as by hand), or where {@link #TABLE} cannot be used.
   */
  SWITCH;

  /** Largest op code a {@link #TABLE} covers, plus one: tables of at most 2 KiB. */
  static final int TABLE_CODES = 256;

  /** The shape of the codecs of {@code layout}. */
  public static CodecShape of(Layout layout) {
    if (layout.isRetired()) {
      return RETIRED;
    }
    Field opcode = layout.opcode().orElse(null);
    if (opcode == null) {
      return NO_OPCODE;
    }
    List<Op> live = layout.liveOps();
    if (live.isEmpty()) {
      return NONE_VALID;
    }
    if (opcode.bits() < 32
        && live.stream()
            .allMatch(
                op ->
                    layout.fieldsUsedBy(op).size() == 1
                        && layout.retiredFieldsUsedBy(op).isEmpty())) {
      return WHOLE_WORD;
    }
    boolean tableFits =
        opcode.bits() < 32
            && layout.ops().stream().mapToLong(Op::code).max().orElse(0) < TABLE_CODES
            && live.stream().allMatch(op -> layout.retiredFieldsUsedBy(op).isEmpty());
    return tableFits && allowedSets(layout) > 1 ? TABLE : SWITCH;
  }

  /**
   * How many distinct sets of bits the ops in use allow, native and compat words together, retired
   * fields apart: the arms a switch on the op needs.
   */
  static int allowedSets(Layout layout) {
    Set<List<Long>> sets = new HashSet<>();
    for (Op op : layout.liveOps()) {
      sets.add(
          List.of(
              layout.allowedMask(op, false),
              layout.allowedMask(op, true),
              layout.retiredMask(op, false),
              layout.retiredMask(op, true)));
    }
    return sets.size();
  }
}
