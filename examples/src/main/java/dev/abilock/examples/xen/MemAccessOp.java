package dev.abilock.examples.xen;

import dev.abilock.AbiStruct;
import dev.abilock.CType;
import dev.abilock.Compat;
import dev.abilock.Member;
import dev.abilock.SubOp;

/**
 * Xen's {@code struct xen_mem_access_op} ({@code public/memory.h}), the argument of {@code
 * XENMEM_access_op}, whose continuation keeps its iterator in the {@code memory_op} word and
 * re-reads this struct, sub-op number included.
 *
 * <p>Xen 4.6 deleted {@code resume} (0) and shifted the others down: a 4.5 guest's saved {@code
 * set_access} (1) is read by 4.6 as {@code get_access}. The layout did not change, so neither
 * {@code CHECK_mem_access_op} nor a DWARF diff saw it; the sub-op lines of the manifest make such a
 * renumbering fail the build. The sub-ops below are Xen's current ones.
 */
@AbiStruct(name = "xen_mem_access_op", compat = Compat.SAME)
public final class MemAccessOp {
  @SubOp(member = "op")
  public static final int XENMEM_access_op_set_access = 0;

  @SubOp(member = "op")
  public static final int XENMEM_access_op_get_access = 1;

  @SubOp(member = "op")
  public static final int XENMEM_access_op_set_access_multi = 4;

  /** {@code uint8_t op}: the sub-op, byte 0. */
  @Member(type = CType.U8)
  byte op;

  /** {@code uint8_t access}: a {@code xenmem_access_t}, byte 1. */
  @Member(type = CType.U8)
  byte access;

  /** {@code domid_t domid}: bytes 2..3. */
  @Member(type = CType.U16)
  short domid;

  /** {@code uint32_t nr}: pages to set, bytes 4..7. */
  @Member(type = CType.U32)
  int nr;

  /** {@code uint64_aligned_t pfn}: the first page, bytes 8..15. */
  @Member(type = CType.U64, align = 8)
  long pfn;
}
