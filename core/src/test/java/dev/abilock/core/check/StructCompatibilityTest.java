package dev.abilock.core.check;

import static dev.abilock.CType.S32;
import static dev.abilock.CType.U16;
import static dev.abilock.CType.U32;
import static dev.abilock.CType.U64;
import static dev.abilock.CType.U8;
import static dev.abilock.CType.ULONG;
import static dev.abilock.core.model.struct.XenStructs.HVM_MODIFIED_MEMORY_44;
import static dev.abilock.core.model.struct.XenStructs.HVM_MODIFIED_MEMORY_45;
import static dev.abilock.core.model.struct.XenStructs.MEMORY_RESERVATION;
import static dev.abilock.core.model.struct.XenStructs.MEM_ACCESS_OP_45;
import static dev.abilock.core.model.struct.XenStructs.MEM_ACCESS_OP_46;
import static dev.abilock.core.model.struct.XenStructs.withSlots;
import static dev.abilock.core.model.struct.XenStructs.withSubOps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.abilock.Compat;
import dev.abilock.core.model.Retirement;
import dev.abilock.core.model.rules.StructRules;
import dev.abilock.core.model.struct.Abi;
import dev.abilock.core.model.struct.ImageReading;
import dev.abilock.core.model.struct.Member;
import dev.abilock.core.model.struct.Pad;
import dev.abilock.core.model.struct.StructDecl;
import dev.abilock.core.model.struct.StructTarget;
import dev.abilock.core.model.struct.SubOp;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Gate B for structs on Xen's history: the two in-flight breaks it had, their ways out, and each
 * compatible change.
 */
class StructCompatibilityTest {
  private static final Retirement GONE = new Retirement("4.6", "no longer needed");

  private static List<String> ids(List<StructBreak> breaks) {
    return breaks.stream().map(b -> b.rule().id()).toList();
  }

  private static String render(List<StructBreak> breaks) {
    return breaks.stream().map(StructBreak::render).collect(Collectors.joining("\n"));
  }

  private static StructBreak only(String id, List<StructBreak> breaks) {
    List<StructBreak> found = breaks.stream().filter(b -> b.rule().id().equals(id)).toList();
    assertEquals(1, found.size(), render(breaks));
    return found.get(0);
  }

  private static void sound(StructDecl... structs) {
    for (StructDecl s : structs) {
      assertEquals(List.of(), StructRules.check(s), s.name());
    }
  }

  private static StructDecl renamed(StructDecl s, String name) {
    return new StructDecl(
        name, s.className() + "V2", s.compat(), s.slots(), s.subOps(), s.retired());
  }

  private static StructDecl retired(StructDecl s, Retirement r) {
    return new StructDecl(s.name(), s.className(), s.compat(), s.slots(), s.subOps(), r);
  }

  @Test
  void xen44To45ModifiedMemoryBreaksWithTheImageWhoseNrIsReadFromTheOldHole() {
    sound(HVM_MODIFIED_MEMORY_44, HVM_MODIFIED_MEMORY_45);
    List<StructBreak> breaks =
        StructCompatibility.check(HVM_MODIFIED_MEMORY_44, HVM_MODIFIED_MEMORY_45);
    assertEquals(
        List.of("struct-size-changed", "struct-member-moved"), ids(breaks), render(breaks));
    StructBreak nr =
        breaks.stream().filter(b -> b.target().name().equals("nr")).findFirst().orElseThrow();
    assertEquals(
        new StructTarget("xen_hvm_modified_memory", StructTarget.Kind.MEMBER, "nr", null),
        nr.target());
    assertEquals(
        "[struct-member-moved] xen_hvm_modified_memory: published member nr moved: member nr U64 align 8"
            + " at 16..23 on x86_64 and x86_32 -> member nr U32 at 4..7 on x86_64 and x86_32",
        nr.headline());
    ImageWitness w = nr.witness().orElseThrow();
    assertEquals(1, w.images().size(), "the same image on both ABIs");
    ImageWitness.Image image = w.images().get(0);
    assertEquals(List.of(Abi.X86_64, Abi.X86_32), image.abis());
    // domid 1, first_pfn 3, nr 5: each member its own non-zero value, so the one read from the hole
    // shows.
    assertEquals(
        "01 00 00 00 00 00 00 00 03 00 00 00 00 00 00 00 05 00 00 00 00 00 00 00",
        dev.abilock.core.model.struct.StructImage.hex(image.bytes()));
    assertEquals(
        "domid 1 at 0..1, first_pfn 3 at 8..15, nr 5 at 16..23", image.published().describe());
    assertEquals("domid 1 at 0..1, nr 0 at 4..7, first_pfn 3 at 8..15", image.now().describe());
    assertEquals("nr 5 at 16..23 -> nr 0 at 4..7", image.misread());
    assertTrue(
        nr.consequence().contains("witness image on x86_64 and x86_32 (24 bytes)"),
        nr.consequence());
    assertTrue(nr.advice().contains("a new @AbiStruct with a name of its own"), nr.advice());
    // pad0 of 4.4 (2..7) is matched by bytes: 2..3 stay a pad, 4..7 went to a member that was
    // published.
    assertEquals(
        "[struct-size-changed] xen_hvm_modified_memory: published size of xen_hvm_modified_memory changed:"
            + " 24 bytes on x86_64 and x86_32 -> 16 bytes on x86_64 and x86_32",
        breaks.get(0).headline());
  }

  @Test
  void theWayOutRetiresThe44StructAndDeclaresThe45LayoutUnderANewName() {
    StructDecl kept =
        retired(HVM_MODIFIED_MEMORY_44, new Retirement("4.5", "nr is a u32 at 4 now"));
    StructDecl renamed = renamed(HVM_MODIFIED_MEMORY_45, "xen_hvm_modified_memory_v2");
    sound(kept, renamed);
    assertEquals(
        List.of(),
        StructCompatibility.check(List.of(HVM_MODIFIED_MEMORY_44), List.of(kept, renamed)));
    // A retired struct refuses every image saying so, which is the decided reading, no misread.
    assertTrue(
        dev.abilock.core.model.struct.StructImage.read(kept, Abi.X86_64, new byte[24])
            instanceof ImageReading.Retired);
  }

  @Test
  void deletingThePublishedStructBreaksAndDeletingItsRetirementToo() {
    assertEquals(
        List.of("struct-removed"),
        ids(StructCompatibility.check(List.of(HVM_MODIFIED_MEMORY_44), List.of())));
    StructDecl kept = retired(HVM_MODIFIED_MEMORY_44, new Retirement("4.5", "moved"));
    assertEquals(
        List.of("retired-removed"), ids(StructCompatibility.check(List.of(kept), List.of())));
    assertEquals(
        List.of("unretired"), ids(StructCompatibility.check(kept, HVM_MODIFIED_MEMORY_44)));
    assertEquals(
        List.of("retirement-changed"),
        ids(
            StructCompatibility.check(
                kept, retired(HVM_MODIFIED_MEMORY_44, new Retirement("4.6", "moved")))));
  }

  @Test
  void xen45To46AccessOpRenumberingBreaksNamingEachRenumberedSubOp() {
    List<StructBreak> breaks = StructCompatibility.check(MEM_ACCESS_OP_45, MEM_ACCESS_OP_46);
    assertEquals(
        List.of(
            "sub-op-removed",
            "sub-op-renumbered",
            "sub-op-renumbered",
            "sub-op-renumbered",
            "sub-op-renumbered"),
        ids(breaks),
        render(breaks));
    assertEquals(
        List.of(
            "XENMEM_access_op_set_access",
            "XENMEM_access_op_get_access",
            "XENMEM_access_op_enable_emulate",
            "XENMEM_access_op_disable_emulate"),
        breaks.stream().skip(1).map(b -> b.target().name()).toList());
    StructBreak set = breaks.get(1);
    assertEquals(
        "[sub-op-renumbered] xen_mem_access_op: published sub-op XENMEM_access_op_set_access of member op"
            + " changed value: 1 -> 0",
        set.headline());
    ImageWitness.Image image = set.witness().orElseThrow().images().get(0);
    assertEquals(
        "op 1 (XENMEM_access_op_set_access) at 0..0 -> op 1 (XENMEM_access_op_get_access) at 0..0",
        image.misread());
    assertEquals(
        "01 03 05 00 07 00 00 00 09 00 00 00 00 00 00 00",
        dev.abilock.core.model.struct.StructImage.hex(image.bytes()));
    // resume's 0 is now set_access: a saved resume image runs set_access.
    assertTrue(
        breaks
            .get(0)
            .witness()
            .orElseThrow()
            .images()
            .get(0)
            .misread()
            .contains(
                "op 0 (XENMEM_access_op_resume) at 0..0 -> op 0 (XENMEM_access_op_set_access)"),
        render(breaks));
    // disable_emulate's 4 is no sub-op any more: refused.
    assertTrue(
        breaks.get(4).witness().orElseThrow().images().get(0).now()
            instanceof ImageReading.Refused);
  }

  @Test
  void retiringResumeWhileKeepingTheNumbersPasses() {
    StructDecl kept =
        withSubOps(
            MEM_ACCESS_OP_45,
            new SubOp("XENMEM_access_op_resume", 0, "op").withRetirement(GONE),
            new SubOp("XENMEM_access_op_set_access", 1, "op"),
            new SubOp("XENMEM_access_op_get_access", 2, "op"),
            new SubOp("XENMEM_access_op_enable_emulate", 3, "op"),
            new SubOp("XENMEM_access_op_disable_emulate", 4, "op"));
    sound(kept);
    assertEquals(List.of(), StructCompatibility.check(MEM_ACCESS_OP_45, kept));
    // And later, deleting the retired one gives its value back: a break.
    StructDecl dropped = withSubOps(kept, kept.subOps().subList(1, 5).toArray(SubOp[]::new));
    assertEquals(List.of("retired-removed"), ids(StructCompatibility.check(kept, dropped)));
  }

  @Test
  void reusingARetiredSubOpValueFailsWithTheImageSavedBeforeTheRetirement() {
    StructDecl kept =
        withSubOps(
            MEM_ACCESS_OP_45,
            new SubOp("XENMEM_access_op_resume", 0, "op").withRetirement(GONE),
            new SubOp("XENMEM_access_op_set_access", 1, "op"));
    StructDecl reused =
        withSubOps(
            MEM_ACCESS_OP_45,
            new SubOp("XENMEM_access_op_probe", 0, "op"),
            new SubOp("XENMEM_access_op_set_access", 1, "op"));
    sound(kept, reused);
    StructBreak b = only("retired-sub-op-reused", StructCompatibility.check(kept, reused));
    assertEquals(
        new StructTarget(
            "xen_mem_access_op", StructTarget.Kind.SUB_OP, "XENMEM_access_op_probe", null),
        b.target());
    ImageWitness w = b.witness().orElseThrow();
    assertEquals("4.6", w.retiredIn());
    assertEquals(
        "op 0 (XENMEM_access_op_resume) at 0..0 -> op 0 (XENMEM_access_op_probe) at 0..0",
        w.images().get(0).misread());
    assertTrue(b.consequence().contains("saved before the retirement in 4.6"), b.consequence());
  }

  @Test
  void compatibleChangesPass() {
    // a new sub-op at an unused value
    StructDecl more = withSubOps(MEM_ACCESS_OP_45, MEM_ACCESS_OP_45.subOps().toArray(SubOp[]::new));
    more =
        new StructDecl(
            more.name(),
            more.className(),
            more.compat(),
            more.slots(),
            concatSubOps(
                MEM_ACCESS_OP_45.subOps(),
                new SubOp("XENMEM_access_op_set_access_multi", 5, "op")));
    // a rename kept as an alias
    StructDecl alias =
        withSubOps(
            MEM_ACCESS_OP_45,
            new SubOp("XENMEM_access_op_resume", 0, "op"),
            new SubOp(
                "XENMEM_access_op_set", 1, "op", List.of("XENMEM_access_op_set_access"), null),
            new SubOp("XENMEM_access_op_get_access", 2, "op"),
            new SubOp("XENMEM_access_op_enable_emulate", 3, "op"),
            new SubOp("XENMEM_access_op_disable_emulate", 4, "op"));
    // a retired member keeps its bytes
    StructDecl retiredMember =
        withSlots(
            HVM_MODIFIED_MEMORY_44,
            new Member("domid", U16),
            Pad.of("pad0", 6),
            Member.aligned("first_pfn", U64, 8),
            new Member("nr", U64, 8, -1, GONE));
    sound(more, alias, retiredMember);
    assertEquals(List.of(), StructCompatibility.check(MEM_ACCESS_OP_45, more));
    assertEquals(List.of(), StructCompatibility.check(MEM_ACCESS_OP_45, alias));
    assertEquals(List.of(), StructCompatibility.check(HVM_MODIFIED_MEMORY_44, retiredMember));
    assertEquals(List.of(), StructCompatibility.check(MEM_ACCESS_OP_45, MEM_ACCESS_OP_45));
    assertEquals(
        List.of(),
        StructCompatibility.check(List.of(), List.of(MEMORY_RESERVATION)),
        "a new struct");
    // a rename without the alias is a break of the name alone
    StructDecl lost =
        withSubOps(
            MEM_ACCESS_OP_45,
            new SubOp("XENMEM_access_op_resume", 0, "op"),
            new SubOp("XENMEM_access_op_set", 1, "op"),
            new SubOp("XENMEM_access_op_get_access", 2, "op"),
            new SubOp("XENMEM_access_op_enable_emulate", 3, "op"),
            new SubOp("XENMEM_access_op_disable_emulate", 4, "op"));
    StructBreak b = only("sub-op-renamed", StructCompatibility.check(MEM_ACCESS_OP_45, lost));
    assertEquals(
        new StructTarget(
            "xen_mem_access_op", StructTarget.Kind.SUB_OP, "XENMEM_access_op_set", "aliases"),
        b.target());
    assertTrue(b.witness().isEmpty());
  }

  private static List<SubOp> concatSubOps(List<SubOp> a, SubOp more) {
    return java.util.stream.Stream.concat(a.stream(), java.util.stream.Stream.of(more)).toList();
  }

  /**
   * 4.4's pad0 (2..7) as mustBeZero: a u32 at 4..7 claims it; 2..3 stay a pad under another name.
   */
  @Test
  void claimingAMustBeZeroPadThatFitsPassesAndClaimingAFreePadBreaks() {
    StructDecl claimed =
        withSlots(
            HVM_MODIFIED_MEMORY_44,
            new Member("domid", U16),
            Pad.of("pad_a", 2),
            new Member("flags", U32),
            Member.aligned("first_pfn", U64, 8),
            Member.aligned("nr", U64, 8));
    sound(claimed);
    assertEquals(List.of(), StructCompatibility.check(HVM_MODIFIED_MEMORY_44, claimed));

    StructDecl free =
        withSlots(
            HVM_MODIFIED_MEMORY_44,
            new Member("domid", U16),
            new Pad("pad0", 6, false, false),
            Member.aligned("first_pfn", U64, 8),
            Member.aligned("nr", U64, 8));
    StructDecl claimedFree =
        withSlots(
            free,
            new Member("domid", U16),
            new Pad("pad_a", 2, false, false),
            new Member("flags", U32),
            Member.aligned("first_pfn", U64, 8),
            Member.aligned("nr", U64, 8));
    sound(free, claimedFree);
    List<StructBreak> breaks = StructCompatibility.check(free, claimedFree);
    StructBreak b = only("struct-pad-claim-not-zero", breaks);
    assertEquals(
        new StructTarget("xen_hvm_modified_memory", StructTarget.Kind.MEMBER, "flags", null),
        b.target());
    assertTrue(
        b.headline().contains("claims bytes 4..7 on x86_64 of published pad pad0"), b.headline());
    assertEquals(
        "new member flags 4294967295 at 4..7", b.witness().orElseThrow().images().get(0).misread());

    // a claim that does not fit the pad takes bytes of a published member
    StructDecl tooWide =
        withSlots(
            HVM_MODIFIED_MEMORY_44,
            new Member("domid", U16),
            Pad.of("pad_a", 6),
            Member.aligned("wide", U64, 8),
            Member.aligned("first_pfn", U64, 8),
            Member.aligned("nr", U64, 8));
    sound(tooWide);
    assertTrue(
        ids(StructCompatibility.check(HVM_MODIFIED_MEMORY_44, tooWide))
            .contains("struct-member-over-published"));
  }

  @Test
  void eachLayoutChangeHasItsRule() {
    StructDecl s =
        new StructDecl(
            "s",
            "p.S",
            Compat.TRANSLATED,
            List.of(
                new Member("a", U32),
                new Member("c", U32),
                new Member("b", ULONG),
                new Member("d", U8),
                Pad.trailing("pad")),
            List.of());
    sound(s);
    StructDecl signed =
        withSlots(
            s,
            new Member("a", S32),
            new Member("c", U32),
            new Member("b", ULONG),
            new Member("d", U8),
            Pad.trailing("pad"));
    StructBreak retyped = only("struct-member-retyped", StructCompatibility.check(s, signed));
    assertEquals(new StructTarget("s", StructTarget.Kind.MEMBER, "a", "type"), retyped.target());
    assertEquals(
        "a 2147483648 at 0..3 -> a -2147483648 at 0..3",
        retyped.witness().orElseThrow().images().get(0).misread());

    // ULONG -> uint64_aligned_t: the same on x86_64, 4 more bytes on x86_32, so the witness is
    // x86_32's
    StructDecl wide =
        withSlots(
            s,
            new Member("a", U32),
            new Member("c", U32),
            Member.aligned("b", U64, 8),
            new Member("d", U8),
            Pad.trailing("pad"));
    sound(wide);
    List<StructBreak> breaks = StructCompatibility.check(s, wide);
    StructBreak b =
        breaks.stream().filter(x -> x.target().name().equals("b")).findFirst().orElseThrow();
    assertEquals("struct-member-resized", b.rule().id(), render(breaks));
    assertEquals("member b ULONG at 8..15 on x86_64, 8..11 on x86_32", b.published());
    assertEquals(
        List.of(Abi.X86_32), b.witness().orElseThrow().images().get(0).abis(), render(breaks));
    // x86_32 only: the struct grows to 24 and aligns to 8, b takes 8 bytes, and d after it moves
    assertEquals(
        List.of(
            "struct-size-changed",
            "struct-align-changed",
            "struct-member-resized",
            "struct-member-moved"),
        ids(breaks));
    assertEquals("d", breaks.get(3).target().name());

    // nr removed, its bytes left to a pad: a saved nr is refused now
    StructDecl removed =
        withSlots(
            HVM_MODIFIED_MEMORY_44,
            new Member("domid", U16),
            Pad.of("pad0", 6),
            Member.aligned("first_pfn", U64, 8),
            Pad.of("rest", 8));
    StructBreak gone =
        only("struct-member-removed", StructCompatibility.check(HVM_MODIFIED_MEMORY_44, removed));
    assertTrue(
        gone.witness().orElseThrow().images().get(0).now() instanceof ImageReading.Refused,
        gone.render());

    StructDecl none = new StructDecl(s.name(), s.className(), Compat.NONE, s.slots(), s.subOps());
    StructBreak compat = only("struct-compat-changed", StructCompatibility.check(s, none));
    assertEquals(List.of(Abi.X86_32), compat.witness().orElseThrow().images().get(0).abis());
  }

  @Test
  void subOpsOnAMemberThatTookAnyValueBreak() {
    StructDecl keyed = withSubOps(HVM_MODIFIED_MEMORY_44, new SubOp("DOMID_SELF", 0x7ff0, "domid"));
    sound(keyed);
    StructBreak b = only("sub-ops-added", StructCompatibility.check(HVM_MODIFIED_MEMORY_44, keyed));
    assertEquals(
        new StructTarget(
            "xen_hvm_modified_memory", StructTarget.Kind.SUB_OP, "DOMID_SELF", "member"),
        b.target());
    assertTrue(
        b.witness().orElseThrow().images().get(0).now() instanceof ImageReading.Refused,
        b.render());
    // A member claiming a mustBeZero pad may hold sub-ops if 0 is one: zero keeps the old meaning.
    StructDecl claimed =
        new StructDecl(
            HVM_MODIFIED_MEMORY_44.name(),
            HVM_MODIFIED_MEMORY_44.className(),
            Compat.SAME,
            List.of(
                new Member("domid", U16),
                Pad.of("pad_a", 2),
                new Member("mode", U32),
                Member.aligned("first_pfn", U64, 8),
                Member.aligned("nr", U64, 8)),
            List.of(new SubOp("MODE_NONE", 0, "mode"), new SubOp("MODE_LOG", 1, "mode")));
    sound(claimed);
    assertEquals(List.of(), StructCompatibility.check(HVM_MODIFIED_MEMORY_44, claimed));
    StructDecl noZero = withSubOps(claimed, new SubOp("MODE_LOG", 1, "mode"));
    assertEquals(
        List.of("sub-ops-added"), ids(StructCompatibility.check(HVM_MODIFIED_MEMORY_44, noZero)));
  }
}
