package dev.abilock.examples.xen;

import dev.abilock.Continuable;
import dev.abilock.ContinuationField;
import dev.abilock.Encoding;
import dev.abilock.Op;
import dev.abilock.Opcode;
import dev.abilock.Retired;

/**
 * Xen's {@code hvm_op} ({@code unsigned long op}). From 4.5 to 4.8 {@code HVMOP_op_mask} 0xff
 * selected the op, and the two ops that can be preempted kept their progress unshifted in the upper
 * bits ({@code op | start_iter}, a multiple of 256). Before 4.5 upper bits made the op unknown,
 * which is why adding the mask was compatible.
 *
 * <p>Xen 4.9 moved both ops to {@code dm_op} and removed the mask: a guest migrated from 4.8 in the
 * middle of {@code HVMOP_modified_memory} is refused. Here they are retired, not deleted: the codes
 * 7 and 8 stay reserved (a new op there would read that guest's word as itself), and the refusal
 * says why.
 */
@Continuable(name = "hvm_op", width = 64, headerPrefix = "HVMOP")
public final class HvmOp {
  @Op public static final int HVMOP_set_param = 0;
  @Op public static final int HVMOP_get_param = 1;
  @Op public static final int HVMOP_track_dirty_vram = 6;

  @Retired(release = "4.9", reason = "moved to dm_op")
  @Op(continues = "startIter", reads = HvmModifiedMemory.class)
  public static final int HVMOP_modified_memory = 7;

  @Retired(release = "4.9", reason = "moved to dm_op")
  @Op(continues = "startIter")
  public static final int HVMOP_set_mem_type = 8;

  /** The sub-operation: bits 0..7, {@code HVMOP_op_mask}. */
  @Opcode(bits = 8)
  int op;

  /** Progress of the two retired ops, unshifted: bits 8..63; no op carries it since 4.9. */
  @Retired(release = "4.9", reason = "HVMOP_op_mask removed: no hvm_op continues")
  @ContinuationField(shift = 8, bits = 56, encoding = Encoding.IN_PLACE)
  long startIter;
}
