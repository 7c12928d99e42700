package dev.abilock.core.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.abilock.core.CatalogueEntry;
import dev.abilock.core.DeclarationMessage;
import dev.abilock.core.GateMessage;
import dev.abilock.core.ManifestMessage;
import dev.abilock.core.model.Layout;
import dev.abilock.core.model.struct.StructDecl;
import dev.abilock.core.model.struct.XenStructs;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Argument structs in the manifest: the grammar, the version rule, and every struct invariant. */
class StructManifestTest {
  /** A valid version 2 manifest; line numbers in the comments. */
  static final List<String> VALID =
      List.of(
          "# abilock manifest 2", // 1
          "continuable memory_op class org.example.xen.MemoryOp published 4.5", // 2
          "  width 64 published 4.5", // 3
          "  opcode cmd bits 0..5 mask 0x000000000000003f published 4.5", // 4
          "  field start_iter in-place bits 6..63 mask 0xffffffffffffffc0 published 4.5", // 5
          "  op XENMEM_access_op 21 published 4.5", // 6
          "  op XENMEM_access_op 21 continues start_iter published 4.5", // 7
          "  op XENMEM_access_op 21 reads xen_mem_access_op published 4.5", // 8
          "struct xen_hvm_modified_memory class org.example.xen.HvmModifiedMemory compat same published 4.5", // 9
          "  layout x86_64 size 16 align 8 x86_32 size 16 align 8 published 4.5", // 10
          "  member domid u16 x86_64 0..1 x86_32 0..1 published 4.5", // 11
          "  pad pad0 must-be-zero x86_64 2..3 x86_32 2..3 published 4.5", // 12
          "  member nr u32 x86_64 4..7 x86_32 4..7 published 4.5", // 13
          "  member first_pfn u64 align 8 x86_64 8..15 x86_32 8..15 published 4.5", // 14
          "struct xen_mem_access_op class org.example.xen.MemAccessOp compat same published 4.5", // 15
          "  layout x86_64 size 16 align 8 x86_32 size 16 align 8 published 4.5", // 16
          "  member op u8 x86_64 0..0 x86_32 0..0 published 4.5", // 17
          "  member access u8 x86_64 1..1 x86_32 1..1 published 4.5", // 18
          "  member domid u16 x86_64 2..3 x86_32 2..3 published 4.5", // 19
          "  member nr u32 x86_64 4..7 x86_32 4..7 published 4.5", // 20
          "  member pfn u64 align 8 x86_64 8..15 x86_32 8..15 published 4.5", // 21
          "  sub-op XENMEM_access_op_resume 0 member op published 4.5 retired 4.6 \"no longer needed\"", // 22
          "  sub-op XENMEM_access_op_set_access 1 member op published 4.5", // 23
          "  sub-op XENMEM_access_op_get_access 2 member op aliases XENMEM_access_op_get published 4.5", // 24
          "struct xen_memory_reservation class org.example.xen.MemoryReservation compat translated draft", // 25
          "  layout x86_64 size 32 align 8 x86_32 size 20 align 4 draft", // 26
          "  member extent_start handle x86_64 0..7 x86_32 0..3 draft", // 27
          "  member nr_extents ulong x86_64 8..15 x86_32 4..7 draft", // 28
          "  member extent_order u32 x86_64 16..19 x86_32 8..11 draft", // 29
          "  member mem_flags u32 x86_64 20..23 x86_32 12..15 draft", // 30
          "  member domid u16 x86_64 24..25 x86_32 16..17 draft", // 31
          "  pad pad must-be-zero trailing x86_64 26..31 x86_32 18..19 draft", // 32
          "# end"); // 33

  static String text(List<String> lines) {
    return String.join("\n", lines) + "\n";
  }

  /** VALID with line {@code number} (1-based) replaced by {@code line}, or removed when null. */
  static String with(int number, String line) {
    List<String> lines = new ArrayList<>(VALID);
    if (line == null) {
      lines.remove(number - 1);
    } else {
      lines.set(number - 1, line);
    }
    return text(lines);
  }

  static List<String> problems(String text) {
    ManifestException e = assertThrows(ManifestException.class, () -> ManifestParser.parse(text));
    return e.problems().stream().map(p -> p.line() + " " + p.rule().id()).toList();
  }

  static String at(int line, CatalogueEntry rule) {
    return line + " " + rule.id();
  }

  @Test
  void aValidStructManifestReadsAndRendersAsWrittenBarTheComments() throws Exception {
    Manifest m = ManifestParser.parse(text(VALID));
    assertEquals(
        List.of("xen_hvm_modified_memory", "xen_mem_access_op", "xen_memory_reservation"),
        m.structs());
    assertEquals(2, m.version());
    String rendered = m.render();
    assertTrue(rendered.startsWith(Manifest.STRUCT_HEADER + "\n"));
    assertEquals(rendered, ManifestParser.parse(rendered).render());
    assertEquals(
        List.of("xen_mem_access_op"), m.layout("memory_op").op("XENMEM_access_op").get().reads());
  }

  @Test
  void theXenStructsRoundTripThroughTheManifest() throws Exception {
    List<StructDecl> structs =
        List.of(
            XenStructs.HVM_MODIFIED_MEMORY_44,
            XenStructs.HVM_MODIFIED_MEMORY_45,
            XenStructs.MEM_ACCESS_OP_45,
            XenStructs.MEMORY_RESERVATION);
    for (StructDecl s : structs) {
      Manifest m = Manifest.of(List.of(), List.of(s), Manifest.empty(), "4.5");
      Manifest read = ManifestParser.parse(m.render());
      assertEquals(m.render(), read.render());
      assertEquals(m.lines().size(), read.lines().size());
      assertEquals(s, read.publishedStruct(s.name()).orElseThrow());
      assertEquals(List.of(s), read.publishedStructs());
    }
  }

  @Test
  void aManifestWithoutStructsStaysVersion1() throws Exception {
    Manifest m =
        Manifest.of(
            List.of(new Layout("ring", "test.Ring", 32, 0, List.of(), List.of(), null)),
            List.of(),
            Manifest.empty(),
            null);
    assertTrue(
        m.render()
            .startsWith(
                Manifest.HEADER + "\n# Generated by abilock from the @Continuable sources;"));
    assertEquals(1, m.version());
  }

  @Test
  void version1RefusesStructLines() {
    assertEquals(
        List.of(
            at(8, ManifestMessage.MANIFEST_STRUCT_IN_VERSION_1),
            at(9, ManifestMessage.MANIFEST_STRUCT_IN_VERSION_1),
            at(10, ManifestMessage.MANIFEST_STRUCT_IN_VERSION_1),
            at(11, ManifestMessage.MANIFEST_STRUCT_IN_VERSION_1),
            at(12, ManifestMessage.MANIFEST_STRUCT_IN_VERSION_1),
            at(13, ManifestMessage.MANIFEST_STRUCT_IN_VERSION_1),
            at(14, ManifestMessage.MANIFEST_STRUCT_IN_VERSION_1),
            at(15, ManifestMessage.MANIFEST_STRUCT_IN_VERSION_1),
            at(16, ManifestMessage.MANIFEST_STRUCT_IN_VERSION_1),
            at(17, ManifestMessage.MANIFEST_STRUCT_IN_VERSION_1),
            at(18, ManifestMessage.MANIFEST_STRUCT_IN_VERSION_1),
            at(19, ManifestMessage.MANIFEST_STRUCT_IN_VERSION_1),
            at(20, ManifestMessage.MANIFEST_STRUCT_IN_VERSION_1),
            at(21, ManifestMessage.MANIFEST_STRUCT_IN_VERSION_1),
            at(22, ManifestMessage.MANIFEST_STRUCT_IN_VERSION_1),
            at(23, ManifestMessage.MANIFEST_STRUCT_IN_VERSION_1),
            at(24, ManifestMessage.MANIFEST_STRUCT_IN_VERSION_1),
            at(25, ManifestMessage.MANIFEST_STRUCT_IN_VERSION_1),
            at(26, ManifestMessage.MANIFEST_STRUCT_IN_VERSION_1),
            at(27, ManifestMessage.MANIFEST_STRUCT_IN_VERSION_1)),
        problems(with(1, Manifest.HEADER)));
  }

  @Test
  void aNewerVersionIsRefused() {
    assertEquals(
        List.of(at(1, ManifestMessage.MANIFEST_UNKNOWN_VERSION)),
        problems(with(1, "# abilock manifest 3")));
  }

  // ------------------------------------------------------------ struct rules, on their line

  @Test
  void aMissingPadIsAHoleOnTheNextMember() {
    assertEquals(List.of(at(12, DeclarationMessage.STRUCT_HOLE)), problems(with(12, null)));
  }

  @Test
  void aHoleAtTheEndIsOnTheStructLine() {
    // The hole differs per ABI (6 bytes on x86_64, 2 on x86_32): one finding each.
    assertEquals(
        List.of(at(25, DeclarationMessage.STRUCT_HOLE), at(25, DeclarationMessage.STRUCT_HOLE)),
        problems(with(32, null)));
  }

  @Test
  void aDuplicateSubOpValueIsOnTheLaterLine() {
    assertEquals(
        List.of(at(23, DeclarationMessage.DUPLICATE_SUB_OP)),
        problems(
            with(
                24,
                "  sub-op XENMEM_access_op_get_access 1 member op aliases XENMEM_access_op_get published 4.5")));
  }

  @Test
  void reusingARetiredSubOpValueIsOnTheReusingLine() {
    assertEquals(
        List.of(at(23, GateMessage.RETIRED_SUB_OP_REUSED)),
        problems(with(23, "  sub-op XENMEM_access_op_set_access 0 member op published 4.5")));
  }

  @Test
  void aSubOpOfNoMember() {
    assertEquals(
        List.of(at(23, DeclarationMessage.SUB_OP_MEMBER_UNKNOWN)),
        problems(with(23, "  sub-op XENMEM_access_op_set_access 1 member cmd published 4.5")));
  }

  @Test
  void aSubOpOfAWideMember() {
    assertEquals(
        List.of(at(23, DeclarationMessage.SUB_OP_MEMBER_TYPE)),
        problems(with(23, "  sub-op XENMEM_access_op_set_access 1 member pfn published 4.5")));
  }

  @Test
  void aSubOpThatDoesNotFit() {
    assertEquals(
        List.of(at(23, DeclarationMessage.SUB_OP_DOES_NOT_FIT)),
        problems(with(23, "  sub-op XENMEM_access_op_set_access 256 member op published 4.5")));
  }

  @Test
  void aMemberAndAPadOfOneName() {
    assertEquals(
        List.of(at(13, DeclarationMessage.DUPLICATE_MEMBER_NAME)),
        problems(with(12, "  pad nr must-be-zero x86_64 2..3 x86_32 2..3 published 4.5")));
  }

  @Test
  void aBadAlignment() {
    assertEquals(
        at(14, DeclarationMessage.MEMBER_BAD_ALIGN),
        problems(with(14, "  member first_pfn u64 align 6 x86_64 8..15 x86_32 8..15 published 4.5"))
            .get(0));
  }

  @Test
  void aSameStructWhoseX86_32LayoutDiffers() {
    assertEquals(
        List.of(at(14, DeclarationMessage.COMPAT_LAYOUT_DIFFERS)),
        problems(with(14, "  member first_pfn ulong x86_64 8..15 x86_32 8..11 published 4.5")));
  }

  // ------------------------------------------------------------ manifest-only invariants

  @Test
  void aRecordedPlaceTheLayoutDoesNotGive() {
    assertEquals(
        List.of(at(29, ManifestMessage.MANIFEST_STRUCT_MISMATCH)),
        problems(with(29, "  member extent_order u32 x86_64 16..19 x86_32 12..15 draft")));
  }

  @Test
  void aRecordedSizeTheTypeDoesNotGive() {
    assertEquals(
        List.of(
            at(20, ManifestMessage.MANIFEST_STRUCT_MISMATCH),
            at(20, ManifestMessage.MANIFEST_STRUCT_MISMATCH)),
        problems(with(20, "  member nr u32 x86_64 4..5 x86_32 4..5 published 4.5")));
  }

  @Test
  void aRecordedSizeOrAlignmentTheLayoutDoesNotGive() {
    assertEquals(
        List.of(
            at(10, ManifestMessage.MANIFEST_STRUCT_MISMATCH),
            at(10, ManifestMessage.MANIFEST_STRUCT_MISMATCH)),
        problems(with(10, "  layout x86_64 size 24 align 8 x86_32 size 16 align 4 published 4.5")));
  }

  @Test
  void aStructWithoutLayoutLine() {
    assertEquals(
        List.of(at(9, ManifestMessage.MANIFEST_STRUCT_NO_LAYOUT)), problems(with(10, null)));
  }

  @Test
  void aDuplicateMemberLine() {
    assertEquals(
        List.of(at(14, ManifestMessage.MANIFEST_DUPLICATE_ENTRY)),
        problems(with(14, "  member nr u32 x86_64 4..7 x86_32 4..7 published 4.5")));
  }

  @Test
  void aLineNotWrittenAsAbilockWritesIt() {
    assertEquals(
        List.of(at(13, ManifestMessage.MANIFEST_NOT_CANONICAL)),
        problems(with(13, "  member nr u32  x86_64 4..7 x86_32 4..7 published 4.5")));
  }

  @Test
  void aMissingAbi() {
    assertEquals(
        List.of(at(13, ManifestMessage.MANIFEST_SYNTAX)),
        problems(with(13, "  member nr u32 x86_64 4..7 published 4.5")));
  }

  @Test
  void anUnknownCType() {
    assertEquals(
        List.of(at(13, ManifestMessage.MANIFEST_SYNTAX)),
        problems(with(13, "  member nr uint32_t x86_64 4..7 x86_32 4..7 published 4.5")));
  }

  /** A hand-written struct retirement keeps the rule the compiler's do, on its own line. */
  @Test
  void aStructRetirementsReasonIsOneLineWithoutACCommentsEnd() {
    assertEquals(
        List.of(at(22, DeclarationMessage.RETIRED_BAD_REASON)),
        problems(
            with(
                22,
                "  sub-op XENMEM_access_op_resume 0 member op published 4.5 retired 4.6"
                    + " \"ends */ a comment\"")));
  }

  @Test
  void aPadIsNeverRetired() {
    assertEquals(
        List.of(at(12, ManifestMessage.MANIFEST_STRUCT_RETIREMENT_MISPLACED)),
        problems(
            with(
                12,
                "  pad pad0 must-be-zero x86_64 2..3 x86_32 2..3 published 4.5 retired 4.6 \"x\"")));
  }

  @Test
  void aStructLineIsNotIndented() {
    assertEquals(
        at(9, ManifestMessage.MANIFEST_STRUCT_INDENTED),
        problems(with(9, "  " + VALID.get(8))).get(0));
  }

  @Test
  void aWordEntryInAStruct() {
    assertEquals(
        List.of(at(11, ManifestMessage.MANIFEST_UNKNOWN_STRUCT_ENTRY)),
        problems(with(11, "  width 64 published 4.5")));
  }

  @Test
  void readsOfAnUnknownStruct() {
    assertEquals(
        List.of(at(8, ManifestMessage.MANIFEST_READS_UNKNOWN_STRUCT)),
        problems(with(8, "  op XENMEM_access_op 21 reads xen_mem_op published 4.5")));
  }

  @Test
  void aPublishedReadsLinkOfADraftStruct() {
    assertEquals(
        List.of(at(8, ManifestMessage.MANIFEST_PUBLISHED_ON_DRAFT)),
        problems(with(8, "  op XENMEM_access_op 21 reads xen_memory_reservation published 4.5")));
  }

  @Test
  void aPublishedMemberOfADraftStruct() {
    assertEquals(
        List.of(at(31, ManifestMessage.MANIFEST_PUBLISHED_ON_DRAFT)),
        problems(with(31, "  member domid u16 x86_64 24..25 x86_32 16..17 published 4.5")));
  }

  @Test
  void aStructNamedAsAContinuable() {
    List<String> lines = new ArrayList<>(VALID);
    lines.add(32, "struct memory_op class org.example.xen.X compat none draft");
    lines.add(33, "  layout x86_64 size 1 align 1 draft");
    lines.add(34, "  member a u8 x86_64 0..0 draft");
    assertTrue(problems(text(lines)).contains(at(33, DeclarationMessage.NAME_TAKEN)));
  }

  @Test
  void aTrailingPadOfNoByteOnOneAbiIsWrittenNone() throws Exception {
    StructDecl s =
        new StructDecl(
            "tail_demo",
            "p.TailDemo",
            dev.abilock.Compat.TRANSLATED,
            List.of(
                new dev.abilock.core.model.struct.Member("a", dev.abilock.CType.U64),
                new dev.abilock.core.model.struct.Member("b", dev.abilock.CType.U32),
                dev.abilock.core.model.struct.Pad.trailing("tail")),
            List.of());
    Manifest m = Manifest.of(List.of(), List.of(s), Manifest.empty(), "1.0");
    assertTrue(
        m.render()
            .contains("  pad tail must-be-zero trailing x86_64 12..15 x86_32 none published 1.0\n"),
        m.render());
    Manifest read = ManifestParser.parse(m.render());
    assertEquals(m.render(), read.render());
    assertEquals(s, read.publishedStruct("tail_demo").orElseThrow());
  }

  @Test
  void aCompatNoneStructHasOnlyX86_64() throws Exception {
    StructDecl s =
        new StructDecl(
            "native_only",
            "p.NativeOnly",
            dev.abilock.Compat.NONE,
            List.of(new dev.abilock.core.model.struct.Member("h", dev.abilock.CType.HANDLE)),
            List.of());
    String text = Manifest.of(List.of(), List.of(s), Manifest.empty(), null).render();
    assertTrue(text.contains("struct native_only class p.NativeOnly compat none draft\n"), text);
    assertTrue(text.contains("  layout x86_64 size 8 align 8 draft\n"), text);
    assertTrue(text.contains("  member h handle x86_64 0..7 draft\n"), text);
    assertEquals(text, ManifestParser.parse(text).render());
    assertEquals(
        List.of(at(7, ManifestMessage.MANIFEST_SYNTAX)),
        problems(
            text.replace(
                "  member h handle x86_64 0..7 draft",
                "  member h handle x86_64 0..7 x86_32 0..3 draft")));
  }

  @Test
  void noneOnlyForATrailingPad() {
    assertEquals(
        List.of(at(12, ManifestMessage.MANIFEST_SYNTAX)),
        problems(with(12, "  pad pad0 must-be-zero x86_64 2..3 x86_32 none published 4.5")));
  }

  @Test
  void aBackwardsByteRange() {
    assertEquals(
        List.of(at(13, ManifestMessage.MANIFEST_SYNTAX)),
        problems(with(13, "  member nr u32 x86_64 7..4 x86_32 4..7 published 4.5")));
  }

  @Test
  void aStructLineWithAnUnknownCompatMode() {
    assertEquals(
        at(9, ManifestMessage.MANIFEST_SYNTAX),
        problems(
                with(
                    9,
                    "struct xen_hvm_modified_memory class org.example.xen.HvmModifiedMemory compat both published 4.5"))
            .get(0));
  }

  @Test
  void aStructLineWithABadTag() {
    assertEquals(
        at(9, ManifestMessage.MANIFEST_SYNTAX),
        problems(
                with(
                    9,
                    "struct XenHvm class org.example.xen.HvmModifiedMemory compat same published 4.5"))
            .get(0));
  }

  @Test
  void aLayoutLineForTheWrongAbis() {
    assertEquals(
        List.of(at(10, ManifestMessage.MANIFEST_SYNTAX)),
        problems(with(10, "  layout x86_64 size 16 align 8 published 4.5")));
  }

  @Test
  void aSubOpLineWithoutItsMember() {
    assertEquals(
        List.of(at(23, ManifestMessage.MANIFEST_SYNTAX)),
        problems(with(23, "  sub-op XENMEM_access_op_set_access 1 published 4.5")));
  }

  @Test
  void aSubOpWithABadValue() {
    assertEquals(
        List.of(at(23, ManifestMessage.MANIFEST_BAD_OP)),
        problems(with(23, "  sub-op XENMEM_access_op_set_access 0x1 member op published 4.5")));
  }

  @Test
  void aStructEntryBeforeAnyBlock() {
    List<String> lines = new ArrayList<>(VALID);
    lines.add(1, "  member x u8 x86_64 0..0 draft");
    assertEquals(at(2, ManifestMessage.MANIFEST_ENTRY_BEFORE_STRUCT), problems(text(lines)).get(0));
  }

  @Test
  void aRetiredLayoutLine() {
    assertEquals(
        List.of(at(10, ManifestMessage.MANIFEST_STRUCT_RETIREMENT_MISPLACED)),
        problems(
            with(
                10,
                "  layout x86_64 size 16 align 8 x86_32 size 16 align 8 published 4.5 retired 4.6 \"x\"")));
  }

  @Test
  void aRetiredDraftMember() {
    assertEquals(
        List.of(at(31, ManifestMessage.MANIFEST_STRUCT_RETIREMENT_MISPLACED)),
        problems(
            with(31, "  member domid u16 x86_64 24..25 x86_32 16..17 draft retired 4.6 \"x\"")));
  }

  @Test
  void aRetiredMemberKeepsItsBytes() throws Exception {
    Manifest m =
        ManifestParser.parse(
            with(13, "  member nr u32 x86_64 4..7 x86_32 4..7 published 4.5 retired 4.6 \"gone\""));
    StructDecl s = m.publishedStruct("xen_hvm_modified_memory").orElseThrow();
    assertEquals("4.6", s.member("nr").orElseThrow().retired().release());
    assertEquals(16, s.layoutOn(dev.abilock.core.model.struct.Abi.X86_64).size());
  }
}
