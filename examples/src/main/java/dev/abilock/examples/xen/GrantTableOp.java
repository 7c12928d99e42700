package dev.abilock.examples.xen;

import dev.abilock.Continuable;
import dev.abilock.ContinuationField;
import dev.abilock.Encoding;
import dev.abilock.Op;
import dev.abilock.Opcode;
import dev.abilock.Retired;

/**
 * Xen's {@code grant_table_op} ({@code unsigned int cmd}: 32 bits even for 64-bit guests), as an
 * x86 hypervisor sees it. {@code GNTTABOP_CMD_MASK} 0xfff selects the op; {@code
 * GNTTABOP_cache_flush} keeps the grant ref it stopped at unshifted in bits 12..31 ({@code
 * GNTTABOP_ARG_MASK}); every other op refuses them. Xen 4.21 made cache_flush ARM-only: on x86 an
 * in-flight cache_flush is refused, and its code stays reserved.
 */
@Continuable(name = "grant_table_op", width = 32, headerPrefix = "GNTTABOP")
public final class GrantTableOp {
  @Op public static final int GNTTABOP_map_grant_ref = 0;
  @Op public static final int GNTTABOP_unmap_grant_ref = 1;
  @Op public static final int GNTTABOP_setup_table = 2;
  @Op public static final int GNTTABOP_copy = 5;

  @Retired(release = "4.21", reason = "ARM-only since 4.21: x86 refuses it")
  @Op(continues = "arg")
  public static final int GNTTABOP_cache_flush = 12;

  /** The sub-operation: bits 0..11. */
  @Opcode(bits = 12)
  int cmd;

  /** Where cache_flush resumes, unshifted: bits 12..31. */
  @ContinuationField(shift = 12, bits = 20, encoding = Encoding.IN_PLACE)
  int arg;
}
