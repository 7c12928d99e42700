package dev.abilock.core.model.rules;

import static dev.abilock.core.model.struct.XenStructs.struct;
import static dev.abilock.core.model.struct.XenStructs.withSlots;
import static dev.abilock.core.model.struct.XenStructs.withSubOps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.abilock.CType;
import dev.abilock.Compat;
import dev.abilock.core.CatalogueEntry;
import dev.abilock.core.DeclarationMessage;
import dev.abilock.core.GateMessage;
import dev.abilock.core.model.Retirement;
import dev.abilock.core.model.struct.Abi;
import dev.abilock.core.model.struct.Member;
import dev.abilock.core.model.struct.Pad;
import dev.abilock.core.model.struct.Slot;
import dev.abilock.core.model.struct.StructDecl;
import dev.abilock.core.model.struct.StructTarget;
import dev.abilock.core.model.struct.StructTarget.Kind;
import dev.abilock.core.model.struct.SubOp;
import dev.abilock.core.model.struct.XenStructs;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One test per declaration rule of structs: its catalogue id, what it is about, and the facts it
 * names.
 */
class StructRulesTest {

  private static final Retirement RETIRED_46 = new Retirement("4.6", "no longer needed");

  /** The one finding of {@code struct}, asserted to be {@code rule} on {@code target}. */
  private static StructFinding only(StructDecl struct, CatalogueEntry rule, StructTarget target) {
    List<StructFinding> findings = StructRules.check(struct);
    assertEquals(1, findings.size(), () -> String.valueOf(findings));
    StructFinding f = findings.get(0);
    assertEquals(rule, f.rule(), f::format);
    assertEquals(target, f.target(), f::format);
    return f;
  }

  private static void assertContains(String expected, StructFinding f) {
    assertTrue(
        f.format().contains(expected), () -> "expected \"" + expected + "\" in " + f.format());
  }

  private static StructTarget member(String struct, String name, String attribute) {
    return new StructTarget(struct, Kind.MEMBER, name, attribute);
  }

  private static StructTarget subOp(String struct, String name, String attribute) {
    return new StructTarget(struct, Kind.SUB_OP, name, attribute);
  }

  /**
   * A struct's retirements keep the rule a word's keep ({@link LayoutRules#retirementFaults}): a
   * release label and one line of reason, on the {@code @Retired} of the struct, a member or a
   * sub-op; before, they went into the manifest, the header's comments and the codec unchecked.
   */
  @Test
  void aStructsRetirementsNameAReleaseLabelAndOneLineOfReason() {
    StructDecl base = XenStructs.MEM_ACCESS_OP_46;
    StructFinding subOp =
        only(
            withSubOps(
                base,
                new SubOp("XENMEM_access_op_set_access", 0, "op")
                    .withRetirement(new Retirement("4.6", "ends */ a comment"))),
            DeclarationMessage.RETIRED_BAD_REASON,
            subOp("xen_mem_access_op", "XENMEM_access_op_set_access", null).retirement("reason"));
    assertContains(
        "sub-op XENMEM_access_op_set_access is retired for the reason \"ends */ a comment\"",
        subOp);
    List<Slot> slots = new ArrayList<>(base.slots());
    int at = slots.indexOf(slots.stream().filter(x -> x instanceof Member).toList().get(1));
    Member pfn = (Member) slots.get(at);
    slots.set(
        at,
        new Member(
            pfn.name(),
            pfn.type(),
            pfn.align(),
            pfn.offset(),
            new Retirement("4.6 beta", "moved")));
    StructFinding member =
        only(
            withSlots(base, slots.toArray(new Slot[0])),
            DeclarationMessage.RETIRED_BAD_RELEASE,
            member("xen_mem_access_op", pfn.name(), null).retirement("release"));
    assertContains("member " + pfn.name() + " is retired in \"4.6 beta\"", member);
    StructDecl retired =
        new StructDecl(
            base.name(),
            base.className(),
            base.compat(),
            base.slots(),
            base.subOps(),
            new Retirement("4.6", "line\u2028break"));
    only(
        retired,
        DeclarationMessage.RETIRED_BAD_REASON,
        StructTarget.struct("xen_mem_access_op").retirement("reason"));
  }

  @Test
  void xensStructsAsDeclaredAreSound() {
    for (StructDecl s :
        List.of(
            XenStructs.HVM_MODIFIED_MEMORY_44,
            XenStructs.HVM_MODIFIED_MEMORY_45,
            XenStructs.MEM_ACCESS_OP_45,
            XenStructs.MEM_ACCESS_OP_46,
            XenStructs.MEMORY_RESERVATION)) {
      assertEquals(List.of(), StructRules.check(s), s.name());
    }
  }

  @Test
  void anUndeclaredHoleIsAnErrorNamingItsBytesAndAbisOnTheMemberAfterIt() {
    StructFinding f =
        only(
            XenStructs.HVM_MODIFIED_MEMORY_44_UNPADDED,
            DeclarationMessage.STRUCT_HOLE,
            member("xen_hvm_modified_memory", "first_pfn", null));
    assertEquals(
        "[struct-hole] xen_hvm_modified_memory: bytes 2..7 are a hole on x86_64 and x86_32: member"
            + " first_pfn is 8-aligned, so it starts at 8; abilock never pads silently, every byte belongs to a member"
            + " or a pad: declare the 6 byte(s) with @Pad before first_pfn",
        f.format());
  }

  @Test
  void holesAtTheEndAreNamedPerAbiOnTheStruct() {
    List<StructFinding> findings = StructRules.check(XenStructs.MEMORY_RESERVATION_UNPADDED);
    assertEquals(
        List.of(DeclarationMessage.STRUCT_HOLE, DeclarationMessage.STRUCT_HOLE),
        findings.stream().map(StructFinding::rule).toList());
    assertEquals(
        List.of(
            StructTarget.struct("xen_memory_reservation"),
            StructTarget.struct("xen_memory_reservation")),
        findings.stream().map(StructFinding::target).toList());
    assertContains(
        "bytes 26..31 are a hole on x86_64: the struct's size rounds up to a multiple of its alignment, 8",
        findings.get(0));
    assertContains(
        "declare the 6 byte(s) with @Pad as the last field (trailing = true", findings.get(0));
    assertContains(
        "bytes 18..19 are a hole on x86_32: the struct's size rounds up to a multiple of its alignment, 4",
        findings.get(1));
  }

  @Test
  void aHoleOnlyOneAbiLeavesIsNamedForThatAbi() {
    StructDecl s =
        struct(Compat.TRANSLATED, new Member("a", CType.U32), new Member("b", CType.U64));
    StructFinding f = only(s, DeclarationMessage.STRUCT_HOLE, member("s", "b", null));
    assertContains("bytes 4..7 are a hole on x86_64: member b is 8-aligned", f);
  }

  @Test
  void aSameHoleForDifferentAlignmentsIsNamedPerAbi() {
    // b starts at 8 on both ABIs, but because it is 8-aligned on x86_64 and 4-aligned on x86_32.
    StructDecl s =
        struct(
            Compat.TRANSLATED,
            new Member("a", CType.U32),
            Pad.of("p", 1),
            new Member("b", CType.U64));
    List<StructFinding> findings = StructRules.check(s);
    assertEquals(2, findings.size(), findings::toString);
    assertContains("bytes 5..7 are a hole on x86_64: member b is 8-aligned", findings.get(0));
    assertContains("bytes 5..7 are a hole on x86_32: member b is 4-aligned", findings.get(1));
  }

  @Test
  void aWrittenOffsetThatIsNotWhereTheMemberFallsIsAnErrorOnOffset() {
    StructDecl s =
        withSlots(
            XenStructs.HVM_MODIFIED_MEMORY_45,
            new Member("domid", CType.U16),
            Pad.of("pad0", 2),
            Member.at("nr", CType.U32, 2),
            new Member("first_pfn", CType.U64, 8, 8, null));
    StructFinding f =
        only(
            s,
            DeclarationMessage.MEMBER_OFFSET_MISMATCH,
            member("xen_hvm_modified_memory", "nr", "offset"));
    assertContains(
        "member nr is written at offset = 2, but on x86_64 it falls at 4 (pad pad0 ends at 4, and the"
            + " member is 4-aligned); a written offset states the layout and never moves a member: write offset = 4",
        f);
  }

  @Test
  void aWrittenOffsetOfTheFirstMemberSaysItComesFirst() {
    StructFinding f =
        only(
            struct(Compat.NONE, Member.at("a", CType.U32, 4)),
            DeclarationMessage.MEMBER_OFFSET_MISMATCH,
            member("s", "a", "offset"));
    assertContains("falls at 0 (it comes first)", f);
  }

  @Test
  void writtenOffsetsWhereTheMembersFallAreFine() {
    assertEquals(
        List.of(),
        StructRules.check(
            withSlots(
                XenStructs.HVM_MODIFIED_MEMORY_45,
                Member.at("domid", CType.U16, 0),
                Pad.of("pad0", 2),
                Member.at("nr", CType.U32, 4),
                new Member("first_pfn", CType.U64, 8, 8, null))));
  }

  @Test
  void aWrittenOffsetIsTheNativeOneInATranslatedStruct() {
    assertEquals(
        List.of(),
        StructRules.check(
            struct(
                Compat.TRANSLATED,
                new Member("h", CType.HANDLE),
                Member.at("n", CType.U32, 8),
                Pad.trailing("pad"))));
  }

  @Test
  void aSameStructWhoseX86_32LayoutDiffersNamesTheFirstMemberAndBothOffsets() {
    // The i386 rule: an 8-byte integer without align = 8 lands at 4 on x86_32, at 8 on x86_64
    // (after a hole).
    StructDecl s =
        struct(
            Compat.SAME,
            new Member("a", CType.U32),
            new Member("b", CType.U64),
            new Member("c", CType.U64));
    List<StructFinding> findings = StructRules.check(s);
    assertEquals(
        List.of(DeclarationMessage.STRUCT_HOLE, DeclarationMessage.COMPAT_LAYOUT_DIFFERS),
        findings.stream().map(StructFinding::rule).toList(),
        findings::toString);
    StructFinding f = findings.get(1);
    assertEquals(member("s", "b", null), f.target());
    assertEquals(
        "[compat-layout-differs] s: compat = SAME needs one layout on x86_64 and x86_32, but member b is"
            + " at offset 8, 8 byte(s) on x86_64 and at offset 4, 8 byte(s) on x86_32; give 8-byte integers align = 8"
            + " (uint64_aligned_t), declare the bytes that differ with @Pad, or declare compat = TRANSLATED (Xen's '!')"
            + " to keep both layouts and translate between them",
        f.format());
  }

  @Test
  void uint64AlignedMembersAfterADeclaredPadKeepOneLayout() {
    assertEquals(
        List.of(),
        StructRules.check(
            struct(
                Compat.SAME,
                new Member("a", CType.U32),
                Pad.of("pad", 4),
                Member.aligned("b", CType.U64, 8))));
  }

  @Test
  void aSameStructWhoseSizeAloneDiffersIsAnErrorOnTheStruct() {
    // A plain U64 makes the struct 8-aligned on x86_64 only, so its size rounds up to 16 there and
    // 12 on x86_32.
    StructDecl plain = struct(Compat.SAME, new Member("a", CType.U64), new Member("b", CType.U32));
    List<StructFinding> findings = StructRules.check(plain);
    assertEquals(
        List.of(DeclarationMessage.STRUCT_HOLE, DeclarationMessage.COMPAT_LAYOUT_DIFFERS),
        findings.stream().map(StructFinding::rule).toList(),
        findings::toString);
    assertEquals(StructTarget.struct("s"), findings.get(1).target());
    assertContains(
        "but the struct's size is 16 bytes on x86_64 and 12 bytes on x86_32", findings.get(1));
    // Declared as Xen would (uint64_aligned_t, the tail as a pad), it has one layout.
    assertEquals(
        List.of(),
        StructRules.check(
            struct(
                Compat.SAME,
                Member.aligned("a", CType.U64, 8),
                new Member("b", CType.U32),
                Pad.of("tail", 4))));
  }

  @Test
  void aTrailingPadAbsentOnX86_32MakesASameStructDiffer() {
    StructDecl s =
        struct(
            Compat.SAME,
            new Member("a", CType.U64),
            new Member("b", CType.U32),
            Pad.trailing("pad"));
    StructFinding f =
        only(
            s,
            DeclarationMessage.COMPAT_LAYOUT_DIFFERS,
            new StructTarget("s", Kind.PAD, "pad", null));
    assertContains("but pad pad is at offset 12, 4 byte(s) on x86_64 and absent on x86_32", f);
  }

  @Test
  void aSameStructMayDifferInAlignmentAlone() {
    StructDecl s =
        struct(
            Compat.SAME,
            new Member("a", CType.U32),
            new Member("b", CType.U32),
            new Member("c", CType.U64));
    assertEquals(8, s.layoutOn(Abi.X86_64).align());
    assertEquals(4, s.layoutOn(Abi.X86_32).align());
    assertEquals(List.of(), StructRules.check(s));
  }

  @Test
  void translatedAndNativeOnlyStructsAreNotComparedAcrossAbis() {
    StructDecl differs =
        struct(Compat.TRANSLATED, new Member("h", CType.HANDLE), new Member("n", CType.ULONG));
    assertEquals(List.of(), StructRules.check(differs));
    // x86_32 would leave 1..3 to nobody; a native-only struct is laid out for x86_64 alone.
    StructDecl nativeOnly =
        struct(
            Compat.NONE,
            new Member("a", CType.U8),
            Pad.of("pad", 7),
            new Member("h", CType.HANDLE));
    assertEquals(List.of(), StructRules.check(nativeOnly));
  }

  @Test
  void aTrailingPadThatIsNotLastIsAnErrorOnTrailing() {
    StructDecl s =
        struct(
            Compat.NONE,
            new Member("a", CType.U32),
            Pad.trailing("tail"),
            new Member("b", CType.U32));
    StructFinding f =
        only(
            s,
            DeclarationMessage.TRAILING_PAD_NOT_LAST,
            new StructTarget("s", Kind.PAD, "tail", "trailing"));
    assertContains("pad tail is trailing, but member b follows it", f);
  }

  @Test
  void alignMustBeAPowerOfTwo() {
    StructDecl s =
        struct(Compat.NONE, Member.aligned("a", CType.U32, 8), Member.aligned("b", CType.U32, 12));
    List<StructFinding> findings = StructRules.check(s);
    assertEquals(DeclarationMessage.MEMBER_BAD_ALIGN, findings.get(0).rule(), findings::toString);
    assertEquals(member("s", "b", "align"), findings.get(0).target());
    assertContains("align = 12 on member b", findings.get(0));
    assertEquals(
        DeclarationMessage.MEMBER_BAD_ALIGN,
        StructRules.check(struct(Compat.NONE, Member.aligned("a", CType.U8, -4))).get(0).rule());
  }

  @Test
  void aPadTakesAtLeastOneByte() {
    StructFinding f =
        only(
            struct(Compat.NONE, new Member("a", CType.U8), Pad.of("pad", 0)),
            DeclarationMessage.PAD_BAD_SIZE,
            new StructTarget("s", Kind.PAD, "pad", "size"));
    assertContains("pad pad takes 0 bytes", f);
  }

  @Test
  void memberAndPadNamesAreUnique() {
    StructDecl s = struct(Compat.NONE, new Member("a", CType.U16), Pad.of("a", 2));
    StructFinding f =
        only(
            s,
            DeclarationMessage.DUPLICATE_MEMBER_NAME,
            new StructTarget("s", Kind.PAD, "a", "name"));
    assertContains("pad a has ABI name \"a\", already taken by member a", f);
  }

  @Test
  void subOpValuesMustFitTheirMember() {
    StructDecl s =
        withSubOps(XenStructs.MEM_ACCESS_OP_45, new SubOp("XENMEM_access_op_big", 256, "op"));
    StructFinding f =
        only(
            s,
            DeclarationMessage.SUB_OP_DOES_NOT_FIT,
            subOp("xen_mem_access_op", "XENMEM_access_op_big", null));
    assertContains(
        "sub-op XENMEM_access_op_big = 256 does not fit member op of type U8 (values 0..255)", f);
    assertEquals(
        List.of(),
        StructRules.check(
            withSubOps(
                XenStructs.MEM_ACCESS_OP_45,
                new SubOp("XENMEM_access_op_last", 255, "op"),
                new SubOp("nr_max", 0xFFFF_FFFFL, "nr"),
                new SubOp("domid_max", 0xFFFF, "domid"))));
    assertEquals(
        DeclarationMessage.SUB_OP_DOES_NOT_FIT,
        StructRules.check(withSubOps(XenStructs.MEM_ACCESS_OP_45, new SubOp("negative", -1, "op")))
            .get(0)
            .rule());
    assertEquals(
        DeclarationMessage.SUB_OP_DOES_NOT_FIT,
        StructRules.check(
                withSubOps(XenStructs.MEM_ACCESS_OP_45, new SubOp("nr_over", 0x1_0000_0000L, "nr")))
            .get(0)
            .rule());
  }

  @Test
  void aSubOpIsHeldByAU8ToU32Member() {
    StructDecl s =
        withSubOps(XenStructs.MEM_ACCESS_OP_45, new SubOp("XENMEM_access_op_pfn", 1, "pfn"));
    StructFinding f =
        only(
            s,
            DeclarationMessage.SUB_OP_MEMBER_TYPE,
            subOp("xen_mem_access_op", "XENMEM_access_op_pfn", "member"));
    assertContains("sub-op XENMEM_access_op_pfn is a value of member pfn, of type U64", f);
    for (CType t : List.of(CType.S8, CType.S32, CType.S64, CType.ULONG, CType.HANDLE)) {
      StructDecl typed =
          new StructDecl(
              "s",
              "p.S",
              Compat.NONE,
              List.of(new Member("m", t)),
              List.of(new SubOp("V", 0, "m")));
      assertEquals(
          List.of(DeclarationMessage.SUB_OP_MEMBER_TYPE),
          StructRules.check(typed).stream().map(StructFinding::rule).toList(),
          t.name());
    }
  }

  @Test
  void aSubOpNamingNoMemberIsAnErrorOnMember() {
    StructDecl s =
        withSubOps(XenStructs.MEM_ACCESS_OP_45, new SubOp("XENMEM_access_op_x", 9, "opcode"));
    StructFinding f =
        only(
            s,
            DeclarationMessage.SUB_OP_MEMBER_UNKNOWN,
            subOp("xen_mem_access_op", "XENMEM_access_op_x", "member"));
    assertContains(
        "sub-op XENMEM_access_op_x names member \"opcode\", which is no member of xen_mem_access_op"
            + " (members: op, access, domid, nr, pfn)",
        f);
    StructDecl onPad =
        new StructDecl(
            "s",
            "p.S",
            Compat.NONE,
            List.of(new Member("a", CType.U8), Pad.of("p", 3)),
            List.of(new SubOp("V", 0, "p")));
    assertEquals(DeclarationMessage.SUB_OP_MEMBER_UNKNOWN, StructRules.check(onPad).get(0).rule());
    StructDecl empty =
        new StructDecl("s", "p.S", Compat.NONE, List.of(), List.of(new SubOp("V", 0, "m")));
    assertContains("(members: none)", StructRules.check(empty).get(0));
  }

  @Test
  void twoLiveSubOpsWithOneValueIsAnErrorOnTheSecond() {
    StructDecl s =
        withSubOps(
            XenStructs.MEM_ACCESS_OP_46,
            new SubOp("XENMEM_access_op_set_access", 0, "op"),
            new SubOp("XENMEM_access_op_get_access", 0, "op"));
    StructFinding f =
        only(
            s,
            DeclarationMessage.DUPLICATE_SUB_OP,
            subOp("xen_mem_access_op", "XENMEM_access_op_get_access", null));
    assertContains(
        "sub-op XENMEM_access_op_get_access has value 0 of member op, like sub-op"
            + " XENMEM_access_op_set_access",
        f);
  }

  @Test
  void oneValueInTwoMembersIsNoDuplicate() {
    assertEquals(
        List.of(),
        StructRules.check(
            withSubOps(
                XenStructs.MEM_ACCESS_OP_46,
                new SubOp("OP_A", 0, "op"),
                new SubOp("ACCESS_A", 0, "access"))));
  }

  @Test
  void aLiveSubOpOnARetiredOnesValueIsReuseReportedOnTheNewConstant() {
    StructFinding f =
        only(
            XenStructs.MEM_ACCESS_OP_46_RESUME_RETIRED,
            GateMessage.RETIRED_SUB_OP_REUSED,
            subOp("xen_mem_access_op", "XENMEM_access_op_set_access", null));
    assertContains(
        "sub-op XENMEM_access_op_set_access takes value 0 of member op, which sub-op"
            + " XENMEM_access_op_resume, retired in 4.6, keeps reserved",
        f);
    // Declared before the retired one, the new constant is still the one reported.
    StructDecl before =
        withSubOps(
            XenStructs.MEM_ACCESS_OP_46,
            new SubOp("XENMEM_access_op_set_access", 0, "op"),
            new SubOp("XENMEM_access_op_resume", 0, "op").withRetirement(RETIRED_46));
    only(
        before,
        GateMessage.RETIRED_SUB_OP_REUSED,
        subOp("xen_mem_access_op", "XENMEM_access_op_set_access", null));
  }

  @Test
  void retiringResumeAndKeepingTheNumbersIsSound() {
    StructDecl s =
        withSubOps(
            XenStructs.MEM_ACCESS_OP_45,
            new SubOp("XENMEM_access_op_resume", 0, "op").withRetirement(RETIRED_46),
            new SubOp("XENMEM_access_op_set_access", 1, "op"),
            new SubOp("XENMEM_access_op_get_access", 2, "op"),
            new SubOp("XENMEM_access_op_enable_emulate", 3, "op"),
            new SubOp("XENMEM_access_op_disable_emulate", 4, "op"));
    assertEquals(List.of(), StructRules.check(s));
  }

  @Test
  void aRetiredSubOpMustStillFitAndTwoRetiredMayShareAValue() {
    StructDecl s =
        withSubOps(
            XenStructs.MEM_ACCESS_OP_46,
            new SubOp("OLD_A", 7, "op").withRetirement(RETIRED_46),
            new SubOp("OLD_B", 7, "op").withRetirement(RETIRED_46),
            new SubOp("OLD_C", 300, "op").withRetirement(RETIRED_46));
    only(s, DeclarationMessage.SUB_OP_DOES_NOT_FIT, subOp("xen_mem_access_op", "OLD_C", null));
  }

  @Test
  void everyProblemIsReportedNotOnlyTheFirst() {
    StructDecl s =
        new StructDecl(
            "s",
            "p.S",
            Compat.SAME,
            List.of(
                new Member("a", CType.U8),
                Member.at("b", CType.U32, 1),
                Pad.trailing("tail"),
                Pad.of("a", 0)),
            List.of(new SubOp("X", 1, "zz"), new SubOp("Y", 999, "a")));
    assertEquals(
        List.of(
            DeclarationMessage.TRAILING_PAD_NOT_LAST,
            DeclarationMessage.DUPLICATE_MEMBER_NAME,
            DeclarationMessage.PAD_BAD_SIZE,
            DeclarationMessage.STRUCT_HOLE,
            DeclarationMessage.MEMBER_OFFSET_MISMATCH,
            DeclarationMessage.SUB_OP_MEMBER_UNKNOWN,
            DeclarationMessage.SUB_OP_DOES_NOT_FIT),
        StructRules.check(s).stream().map(StructFinding::rule).toList());
  }
}
