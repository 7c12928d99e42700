package dev.abilock.examples.xen;

import dev.abilock.Continuable;
import dev.abilock.ContinuationField;
import dev.abilock.Encoding;
import dev.abilock.Op;
import dev.abilock.Opcode;

/**
 * Xen's {@code hvm_op} as of 4.5 .. 4.8 ({@code unsigned long op}): {@code HVMOP_op_mask} 0xff
 * selects the op, and the two ops that can be preempted keep their progress unshifted in the upper
 * bits ({@code op | start_iter}, a multiple of 256). Before 4.5 upper bits made the op unknown,
 * which is why adding the mask was compatible.
 */
@Continuable(name = "hvm_op", width = 64, headerPrefix = "HVMOP")
public final class HvmOp {
  @Op public static final int HVMOP_set_param = 0;
  @Op public static final int HVMOP_get_param = 1;
  @Op public static final int HVMOP_track_dirty_vram = 6;
  @Op(continues = "startIter") public static final int HVMOP_modified_memory = 7;
  @Op(continues = "startIter") public static final int HVMOP_set_mem_type = 8;

  /** The sub-operation: bits 0..7, {@code HVMOP_op_mask}. */
  @Opcode(bits = 8) int op;

  /** Progress, unshifted: bits 8..63. */
  @ContinuationField(shift = 8, bits = 56, encoding = Encoding.IN_PLACE) long startIter;
}
