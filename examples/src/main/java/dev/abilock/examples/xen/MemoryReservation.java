package dev.abilock.examples.xen;

import dev.abilock.AbiStruct;
import dev.abilock.CType;
import dev.abilock.Compat;
import dev.abilock.Member;
import dev.abilock.Pad;

/**
 * Xen's {@code struct xen_memory_reservation} ({@code public/memory.h}), the argument of {@code
 * XENMEM_increase_reservation}, {@code XENMEM_decrease_reservation} and {@code
 * XENMEM_populate_physmap}. Its handle and {@code xen_ulong_t} are 8 bytes on x86_64 and 4 on
 * x86_32, so the two layouts differ (32 and 20 bytes) and a 32-bit guest's image is translated, as
 * Xen's {@code XLAT_memory_reservation} does ({@code !} in {@code xlat.lst}).
 */
@AbiStruct(name = "xen_memory_reservation", compat = Compat.TRANSLATED)
public final class MemoryReservation {
  /** {@code XEN_GUEST_HANDLE(xen_pfn_t) extent_start}: x86_64 0..7, x86_32 0..3. */
  @Member(type = CType.HANDLE)
  long extentStart;

  /** {@code xen_ulong_t nr_extents}: x86_64 8..15, x86_32 4..7. */
  @Member(type = CType.ULONG)
  long nrExtents;

  /** {@code unsigned int extent_order}: x86_64 16..19, x86_32 8..11. */
  @Member(type = CType.U32)
  int extentOrder;

  /** {@code unsigned int mem_flags}: x86_64 20..23, x86_32 12..15. */
  @Member(type = CType.U32)
  int memFlags;

  /** {@code domid_t domid}: x86_64 24..25, x86_32 16..17. */
  @Member(type = CType.U16)
  short domid;

  /**
   * The compiler's trailing padding (x86_64 26..31, x86_32 18..19): a guest need not clear it, and
   * Xen never reads it.
   */
  @Pad(trailing = true, mustBeZero = false)
  byte[] tail;
}
