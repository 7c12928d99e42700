package dev.abilock.examples.xen;

import dev.abilock.AbiStruct;
import dev.abilock.CType;
import dev.abilock.Compat;
import dev.abilock.Member;
import dev.abilock.Pad;
import dev.abilock.Retired;

/**
 * Xen's {@code struct xen_hvm_modified_memory} ({@code public/hvm/hvm_op.h}), the argument of
 * {@code HVMOP_modified_memory}, in its 4.5 layout: the same bytes on x86_64 and x86_32. The op
 * wrote the advanced {@code first_pfn} and {@code nr} back into the guest's struct before
 * continuing, so the image is migrated with the guest like the word.
 *
 * <p>4.5 rearranged it: in 4.4 {@code domid} was at 0..1, a hole at 2..7, {@code first_pfn} at
 * 8..15 and a 64-bit {@code nr} at 16..23 (24 bytes). A 4.4 guest resumed on 4.5 has {@code nr}
 * read from its old hole. Xen's {@code xlat.lst} check did not see it (both ABIs moved together);
 * this manifest would have. Retired with its op in 4.9.
 */
@Retired(release = "4.9", reason = "moved to dm_op")
@AbiStruct(name = "xen_hvm_modified_memory", compat = Compat.SAME)
public final class HvmModifiedMemory {
  /** {@code domid_t domid}: bytes 0..1. */
  @Member(type = CType.U16)
  short domid;

  /** Bytes 2..3, before the 4-aligned {@code nr}. */
  @Pad short pad0;

  /** {@code uint32_t nr}: pages left, bytes 4..7. */
  @Member(type = CType.U32)
  int nr;

  /** {@code uint64_aligned_t first_pfn}: the next page, bytes 8..15. */
  @Member(type = CType.U64, align = 8)
  long firstPfn;
}
