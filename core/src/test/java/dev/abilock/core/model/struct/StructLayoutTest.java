package dev.abilock.core.model.struct;

import static dev.abilock.core.model.struct.XenStructs.struct;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.abilock.CType;
import dev.abilock.Compat;
import dev.abilock.core.model.Retirement;
import dev.abilock.core.model.struct.StructLayout.Hole;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Layouts on x86_64 and x86_32 as GCC lays out Xen's structs (xen-reference.md, from pahole). */
class StructLayoutTest {

  /** {@code name offset+size} of each placed member and pad, then {@code size/align}. */
  private static String describe(StructLayout layout) {
    return layout.placed().stream()
            .map(p -> p.slot().name() + " " + p.offset() + "+" + p.size())
            .collect(Collectors.joining(", "))
        + "; "
        + layout.size()
        + "/"
        + layout.align();
  }

  @Test
  void typesTakeTheirSizeAndAlignmentPerAbi() {
    for (CType t : List.of(CType.U8, CType.S8, CType.U16, CType.S16, CType.U32, CType.S32)) {
      assertEquals(Abi.X86_64.sizeOf(t), Abi.X86_32.sizeOf(t), t.name());
      assertEquals(Abi.X86_64.sizeOf(t), Abi.X86_64.alignOf(t), t.name());
      assertEquals(Abi.X86_32.sizeOf(t), Abi.X86_32.alignOf(t), t.name());
    }
    for (CType t : List.of(CType.U64, CType.S64)) {
      assertEquals(
          List.of(8, 8, 8, 4),
          List.of(
              Abi.X86_64.sizeOf(t),
              Abi.X86_64.alignOf(t),
              Abi.X86_32.sizeOf(t),
              Abi.X86_32.alignOf(t)),
          t.name());
    }
    for (CType t : List.of(CType.ULONG, CType.HANDLE)) {
      assertEquals(
          List.of(8, 8, 4, 4),
          List.of(
              Abi.X86_64.sizeOf(t),
              Abi.X86_64.alignOf(t),
              Abi.X86_32.sizeOf(t),
              Abi.X86_32.alignOf(t)),
          t.name());
    }
    assertEquals("x86_64", Abi.X86_64.label());
    assertEquals("x86_32", Abi.X86_32.toString());
  }

  @Test
  void hvmModifiedMemory44LeavesBytes2To7ToNobodyOnBothAbis() {
    for (Abi abi : Abi.values()) {
      StructLayout layout = XenStructs.HVM_MODIFIED_MEMORY_44_UNPADDED.layoutOn(abi);
      assertEquals("domid 0+2, first_pfn 8+8, nr 16+8; 24/8", describe(layout), abi.label());
      assertEquals(
          List.of(
              new Hole(2, 7, (Member) XenStructs.HVM_MODIFIED_MEMORY_44_UNPADDED.slots().get(1))),
          layout.holes(),
          abi.label());
    }
  }

  @Test
  void hvmModifiedMemory44WithItsPadHasNoHole() {
    for (Abi abi : Abi.values()) {
      StructLayout layout = XenStructs.HVM_MODIFIED_MEMORY_44.layoutOn(abi);
      assertEquals(
          "domid 0+2, pad0 2+6, first_pfn 8+8, nr 16+8; 24/8", describe(layout), abi.label());
      assertEquals(List.of(), layout.holes());
    }
  }

  @Test
  void hvmModifiedMemory45PutsNrAt4AndFirstPfnAt8() {
    for (Abi abi : Abi.values()) {
      StructLayout layout = XenStructs.HVM_MODIFIED_MEMORY_45.layoutOn(abi);
      assertEquals(
          "domid 0+2, pad0 2+2, nr 4+4, first_pfn 8+8; 16/8", describe(layout), abi.label());
      assertEquals(List.of(), layout.holes());
    }
  }

  @Test
  void memAccessOpIsTheSameOnBothAbis() {
    for (Abi abi : Abi.values()) {
      assertEquals(
          "op 0+1, access 1+1, domid 2+2, nr 4+4, pfn 8+8; 16/8",
          describe(XenStructs.MEM_ACCESS_OP_45.layoutOn(abi)),
          abi.label());
    }
  }

  @Test
  void memoryReservationEndsIn6TrailingBytesOnX86_64And2OnX86_32() {
    assertEquals(
        "extent_start 0+8, nr_extents 8+8, extent_order 16+4, mem_flags 20+4, domid 24+2, pad 26+6; 32/8",
        describe(XenStructs.MEMORY_RESERVATION.layoutOn(Abi.X86_64)));
    assertEquals(
        "extent_start 0+4, nr_extents 4+4, extent_order 8+4, mem_flags 12+4, domid 16+2, pad 18+2; 20/4",
        describe(XenStructs.MEMORY_RESERVATION.layoutOn(Abi.X86_32)));
  }

  @Test
  void memoryReservationWithoutItsTrailingPadEndsInAHolePerAbi() {
    assertEquals(
        List.of(new Hole(26, 31, null)),
        XenStructs.MEMORY_RESERVATION_UNPADDED.layoutOn(Abi.X86_64).holes());
    assertEquals(
        List.of(new Hole(18, 19, null)),
        XenStructs.MEMORY_RESERVATION_UNPADDED.layoutOn(Abi.X86_32).holes());
  }

  @Test
  void anEightByteIntegerIs4AlignedOnX86_32Only() {
    StructDecl s = struct(Compat.SAME, new Member("a", CType.U32), new Member("b", CType.U64));
    assertEquals("a 0+4, b 8+8; 16/8", describe(s.layoutOn(Abi.X86_64)));
    assertEquals("a 0+4, b 4+8; 12/4", describe(s.layoutOn(Abi.X86_32)));
    assertEquals(
        List.of(new Hole(4, 7, (Member) s.slots().get(1))), s.layoutOn(Abi.X86_64).holes());
    assertEquals(List.of(), s.layoutOn(Abi.X86_32).holes());
  }

  @Test
  void alignRaisesTheAlignmentOnEveryAbiAndNeverLowersIt() {
    StructDecl s =
        struct(
            Compat.SAME,
            new Member("a", CType.U32),
            Member.aligned("b", CType.U64, 8),
            Member.aligned("c", CType.U32, 1));
    assertEquals("a 0+4, b 8+8, c 16+4; 24/8", describe(s.layoutOn(Abi.X86_64)));
    assertEquals("a 0+4, b 8+8, c 16+4; 24/8", describe(s.layoutOn(Abi.X86_32)));
  }

  @Test
  void aPadHasAlignment1AndNeverRaisesTheStructs() {
    StructDecl s = struct(Compat.NONE, new Member("a", CType.U8), Pad.of("pad", 8));
    assertEquals("a 0+1, pad 1+8; 9/1", describe(s.layoutOn(Abi.X86_64)));
  }

  @Test
  void aTrailingPadOf0BytesIsLeftOutOfThatAbi() {
    StructDecl s =
        struct(
            Compat.TRANSLATED,
            new Member("a", CType.U64),
            new Member("b", CType.U32),
            Pad.trailing("pad"));
    assertEquals("a 0+8, b 8+4, pad 12+4; 16/8", describe(s.layoutOn(Abi.X86_64)));
    assertEquals("a 0+8, b 8+4; 12/4", describe(s.layoutOn(Abi.X86_32)));
  }

  @Test
  void aTrailingPadThatIsNotLastTakesNoBytes() {
    StructDecl s =
        struct(
            Compat.NONE,
            new Member("a", CType.U8),
            Pad.trailing("pad"),
            new Member("b", CType.U32));
    StructLayout layout = s.layoutOn(Abi.X86_64);
    assertEquals("a 0+1, b 4+4; 8/4", describe(layout));
    assertEquals(List.of(new Hole(1, 3, (Member) s.slots().get(2))), layout.holes());
  }

  @Test
  void aRetiredMemberKeepsItsBytes() {
    StructDecl s =
        struct(
            Compat.NONE,
            new Member("a", CType.U32, 0, -1, new Retirement("4.6", "unused")),
            new Member("b", CType.U32));
    assertEquals("a 0+4, b 4+4; 8/4", describe(s.layoutOn(Abi.X86_64)));
    assertTrue(s.members().get(0).isRetired());
    assertFalse(s.members().get(1).isRetired());
  }

  @Test
  void aRetiredStructIsLaidOutAsBefore() {
    StructDecl s = XenStructs.HVM_MODIFIED_MEMORY_44;
    StructDecl retired =
        new StructDecl(
            s.name(),
            s.className(),
            s.compat(),
            s.slots(),
            s.subOps(),
            new Retirement("4.5", "nr is a u32 at 4 now"));
    assertTrue(retired.isRetired());
    assertFalse(s.isRetired());
    assertEquals(s.layoutOn(Abi.X86_32), retired.layoutOn(Abi.X86_32));
  }

  @Test
  void aPadOfLessThanAByteTakesNone() {
    StructDecl s =
        struct(
            Compat.NONE,
            new Member("a", CType.U8),
            Pad.of("pad", 0),
            Pad.of("neg", -2),
            new Member("b", CType.U8));
    assertEquals("a 0+1, b 1+1; 2/1", describe(s.layoutOn(Abi.X86_64)));
  }

  @Test
  void anEmptyStructHasSize0AndAlignment1() {
    assertEquals("; 0/1", describe(struct(Compat.NONE).layoutOn(Abi.X86_64)));
  }

  @Test
  void compatNoneIsLaidOutForX86_64Only() {
    assertEquals(List.of(Abi.X86_64), struct(Compat.NONE).abis());
    assertEquals(List.of(Abi.X86_64, Abi.X86_32), struct(Compat.SAME).abis());
    assertEquals(List.of(Abi.X86_64, Abi.X86_32), struct(Compat.TRANSLATED).abis());
  }

  @Test
  void placedFindsAMemberOrPadByName() {
    StructLayout layout = XenStructs.HVM_MODIFIED_MEMORY_45.layoutOn(Abi.X86_32);
    assertEquals(4, layout.placed("nr").orElseThrow().offset());
    assertEquals(4, layout.placed("pad0").orElseThrow().end());
    assertTrue(layout.placed("absent").isEmpty());
  }
}
