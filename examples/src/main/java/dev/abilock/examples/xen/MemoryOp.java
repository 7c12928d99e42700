package dev.abilock.examples.xen;

import dev.abilock.Continuable;
import dev.abilock.ContinuationField;
import dev.abilock.Encoding;
import dev.abilock.Op;
import dev.abilock.Opcode;

/**
 * Xen's {@code memory_op} ({@code unsigned long cmd}; compat guests pass {@code unsigned int}). The
 * low 6 bits select the op ({@code MEMOP_CMD_MASK}); the rest carry progress. Most ops keep {@code
 * start_extent} shifted ({@code op | (done << MEMOP_EXTENT_SHIFT)}), {@code XENMEM_access_op} keeps
 * {@code start_iter} unshifted in the same bits, and every other op must see them zero.
 *
 * <p>Xen 3.4 widened the opcode from 4 to 6 bits, moving {@code start_extent}: the manifest of this
 * module makes that change fail the build.
 */
@Continuable(name = "memory_op", width = 64, compatWidth = 32, headerPrefix = "MEMOP")
public final class MemoryOp {
  @Op(continues = "startExtent", reads = MemoryReservation.class)
  public static final int XENMEM_increase_reservation = 0;

  @Op(continues = "startExtent", reads = MemoryReservation.class)
  public static final int XENMEM_decrease_reservation = 1;

  @Op public static final int XENMEM_maximum_ram_page = 2;
  @Op public static final int XENMEM_current_reservation = 3;
  @Op public static final int XENMEM_maximum_reservation = 4;
  @Op public static final int XENMEM_maximum_gpfn = 5;

  @Op(continues = "startExtent", reads = MemoryReservation.class)
  public static final int XENMEM_populate_physmap = 6;

  @Op(continues = "startExtent")
  public static final int XENMEM_add_to_physmap = 7;

  @Op public static final int XENMEM_exchange = 11;
  @Op public static final int XENMEM_remove_from_physmap = 15;

  @Op(continues = "startIter", reads = MemAccessOp.class)
  public static final int XENMEM_access_op = 21;

  // Named XENMEM_add_to_physmap_range until 4.4; the code, and so every saved word, is unchanged.
  @Op(continues = "startExtent", aliases = "XENMEM_add_to_physmap_range")
  public static final int XENMEM_add_to_physmap_batch = 23;

  @Op public static final int XENMEM_claim_pages = 24;
  @Op public static final int XENMEM_get_vnumainfo = 26;

  @Op(continues = "startExtent")
  public static final int XENMEM_acquire_resource = 28;

  /** The sub-operation: bits 0..5. */
  @Opcode(bits = 6)
  int cmd;

  /** Extents done so far, shifted: bits 6..63 (6..31 for compat guests). */
  @ContinuationField(bits = 58, compatBits = 26, macro = "MEMOP_EXTENT")
  long startExtent;

  /** {@code XENMEM_access_op}'s iterator, a multiple of 64 stored in place on the same bits. */
  @ContinuationField(shift = 6, bits = 58, compatBits = 26, encoding = Encoding.IN_PLACE)
  long startIter;
}
