package dev.abilock.core.model.struct;

import static dev.abilock.CType.HANDLE;
import static dev.abilock.CType.U16;
import static dev.abilock.CType.U32;
import static dev.abilock.CType.U64;
import static dev.abilock.CType.U8;
import static dev.abilock.CType.ULONG;

import dev.abilock.Compat;
import dev.abilock.core.model.Retirement;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Xen's argument structs as declarations, written by hand from xen-reference.md (offsets from
 * pahole): the test vectors of the struct rules. Each constant is one struct as a Xen release
 * declared it; {@code uint64_aligned_t} is {@code U64} with align 8, {@code domid_t} a {@code U16}.
 */
public final class XenStructs {
  private XenStructs() {}

  /** Xen 4.4 as a C compiler sees it: domid 0..1, then first_pfn at 8, leaving 2..7 to nobody. */
  public static final StructDecl HVM_MODIFIED_MEMORY_44_UNPADDED =
      new StructDecl(
          "xen_hvm_modified_memory",
          "org.example.xen.HvmModifiedMemory",
          Compat.SAME,
          List.of(
              new Member("domid", U16),
              Member.aligned("first_pfn", U64, 8),
              Member.aligned("nr", U64, 8)),
          List.of());

  /** Xen 4.4 with its hole declared: size 24 on both ABIs. */
  public static final StructDecl HVM_MODIFIED_MEMORY_44 =
      new StructDecl(
          "xen_hvm_modified_memory",
          "org.example.xen.HvmModifiedMemory",
          Compat.SAME,
          List.of(
              new Member("domid", U16),
              Pad.of("pad0", 6),
              Member.aligned("first_pfn", U64, 8),
              Member.aligned("nr", U64, 8)),
          List.of());

  /** Xen 4.5 (e8b87b57b4): nr shrank to a u32 at 4, size 16. */
  public static final StructDecl HVM_MODIFIED_MEMORY_45 =
      new StructDecl(
          "xen_hvm_modified_memory",
          "org.example.xen.HvmModifiedMemory",
          Compat.SAME,
          List.of(
              new Member("domid", U16),
              Pad.of("pad0", 2),
              new Member("nr", U32),
              Member.aligned("first_pfn", U64, 8)),
          List.of());

  private static final List<Slot> MEM_ACCESS_OP_MEMBERS =
      List.of(
          new Member("op", U8),
          new Member("access", U8),
          new Member("domid", U16),
          new Member("nr", U32),
          Member.aligned("pfn", U64, 8));

  /** Xen 4.5: sub-ops resume 0 .. disable_emulate 4 in member op. */
  public static final StructDecl MEM_ACCESS_OP_45 =
      new StructDecl(
          "xen_mem_access_op",
          "org.example.xen.MemAccessOp",
          Compat.SAME,
          MEM_ACCESS_OP_MEMBERS,
          List.of(
              new SubOp("XENMEM_access_op_resume", 0, "op"),
              new SubOp("XENMEM_access_op_set_access", 1, "op"),
              new SubOp("XENMEM_access_op_get_access", 2, "op"),
              new SubOp("XENMEM_access_op_enable_emulate", 3, "op"),
              new SubOp("XENMEM_access_op_disable_emulate", 4, "op")));

  /**
   * Xen 4.6 (4fa41d0504): resume deleted and the rest shifted down; a sound declaration, a break
   * for gate B.
   */
  public static final StructDecl MEM_ACCESS_OP_46 =
      new StructDecl(
          "xen_mem_access_op",
          "org.example.xen.MemAccessOp",
          Compat.SAME,
          MEM_ACCESS_OP_MEMBERS,
          List.of(
              new SubOp("XENMEM_access_op_set_access", 0, "op"),
              new SubOp("XENMEM_access_op_get_access", 1, "op"),
              new SubOp("XENMEM_access_op_enable_emulate", 2, "op"),
              new SubOp("XENMEM_access_op_disable_emulate", 3, "op")));

  /**
   * 4.6's renumbering with resume retired instead of deleted: set_access takes resume's reserved 0.
   */
  public static final StructDecl MEM_ACCESS_OP_46_RESUME_RETIRED =
      new StructDecl(
          "xen_mem_access_op",
          "org.example.xen.MemAccessOp",
          Compat.SAME,
          MEM_ACCESS_OP_MEMBERS,
          List.of(
              new SubOp("XENMEM_access_op_resume", 0, "op")
                  .withRetirement(new Retirement("4.6", "no longer needed")),
              new SubOp("XENMEM_access_op_set_access", 0, "op"),
              new SubOp("XENMEM_access_op_get_access", 1, "op"),
              new SubOp("XENMEM_access_op_enable_emulate", 2, "op"),
              new SubOp("XENMEM_access_op_disable_emulate", 3, "op")));

  private static final List<Slot> MEMORY_RESERVATION_MEMBERS =
      List.of(
          new Member("extent_start", HANDLE),
          new Member("nr_extents", ULONG),
          new Member("extent_order", U32),
          new Member("mem_flags", U32),
          new Member("domid", U16));

  /**
   * '!' in xlat.lst: 0, 8, 16, 20, 24 and size 32 on x86_64; 0, 4, 8, 12, 16 and size 20 on x86_32.
   */
  public static final StructDecl MEMORY_RESERVATION =
      new StructDecl(
          "xen_memory_reservation",
          "org.example.xen.MemoryReservation",
          Compat.TRANSLATED,
          concat(MEMORY_RESERVATION_MEMBERS, Pad.trailing("pad")),
          List.of());

  /**
   * The same without its trailing pad: 6 bytes at the end on x86_64, 2 on x86_32, belong to nobody.
   */
  public static final StructDecl MEMORY_RESERVATION_UNPADDED =
      new StructDecl(
          "xen_memory_reservation",
          "org.example.xen.MemoryReservation",
          Compat.TRANSLATED,
          MEMORY_RESERVATION_MEMBERS,
          List.of());

  public static List<Slot> concat(List<Slot> slots, Slot... more) {
    return Stream.concat(slots.stream(), Arrays.stream(more)).toList();
  }

  /** {@code struct} with {@code slots} instead of its own. */
  public static StructDecl withSlots(StructDecl struct, Slot... slots) {
    return new StructDecl(
        struct.name(),
        struct.className(),
        struct.compat(),
        List.of(slots),
        struct.subOps(),
        struct.retired());
  }

  /** {@code struct} with {@code subOps} instead of its own. */
  public static StructDecl withSubOps(StructDecl struct, SubOp... subOps) {
    return new StructDecl(
        struct.name(),
        struct.className(),
        struct.compat(),
        struct.slots(),
        List.of(subOps),
        struct.retired());
  }

  /** A struct of {@code compat} made of {@code slots} alone, for the ABI rules. */
  public static StructDecl struct(Compat compat, Slot... slots) {
    return new StructDecl("s", "p.S", compat, List.of(slots), List.of());
  }
}
