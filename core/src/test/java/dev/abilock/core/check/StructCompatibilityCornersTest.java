package dev.abilock.core.check;

import static dev.abilock.CType.U16;
import static dev.abilock.CType.U32;
import static dev.abilock.CType.U64;
import static dev.abilock.core.model.struct.XenStructs.HVM_MODIFIED_MEMORY_44;
import static dev.abilock.core.model.struct.XenStructs.MEM_ACCESS_OP_45;
import static dev.abilock.core.model.struct.XenStructs.withSlots;
import static dev.abilock.core.model.struct.XenStructs.withSubOps;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.abilock.core.GateMessage;
import dev.abilock.core.manifest.Manifest;
import dev.abilock.core.manifest.ManifestException;
import dev.abilock.core.manifest.ManifestParser;
import dev.abilock.core.model.Retirement;
import dev.abilock.core.model.rules.StructRules;
import dev.abilock.core.model.struct.Member;
import dev.abilock.core.model.struct.Pad;
import dev.abilock.core.model.struct.StructDecl;
import dev.abilock.core.model.struct.StructTarget;
import dev.abilock.core.model.struct.SubOp;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Gate B for structs, the corners its Xen history does not reach: what each break shows as
 * published and now, aliases of sub-ops, retired sub-ops kept, renamed or un-retired, and what is
 * no draft.
 */
class StructCompatibilityCornersTest {
  private static final Retirement GONE = new Retirement("4.6", "no longer needed");

  private static List<String> ids(List<StructBreak> breaks) {
    return breaks.stream().map(b -> b.rule().id()).toList();
  }

  private static String render(List<StructBreak> breaks) {
    return breaks.stream().map(StructBreak::render).collect(Collectors.joining("\n"));
  }

  private static StructBreak only(List<StructBreak> breaks) {
    assertEquals(1, breaks.size(), render(breaks));
    return breaks.get(0);
  }

  private static void sound(StructDecl s) {
    assertEquals(List.of(), StructRules.check(s), s.name());
  }

  private static Manifest published(StructDecl... structs) throws ManifestException {
    return ManifestParser.parse(
        Manifest.of(List.of(), List.of(structs), Manifest.empty(), "4.5").render());
  }

  @Test
  void subOpsAddedNameTheLiveValuesAndShowTheMemberAsPublished() {
    StructDecl keyed =
        withSubOps(
            HVM_MODIFIED_MEMORY_44,
            new SubOp("DOMID_SELF", 0x7ff0, "domid"),
            new SubOp("DOMID_OLD", 5, "domid").withRetirement(GONE));
    StructBreak b = only(StructCompatibility.check(HVM_MODIFIED_MEMORY_44, keyed));
    assertEquals(GateMessage.SUB_OPS_ADDED, b.rule());
    // The retired one is no value the member takes.
    assertEquals(
        "[sub-ops-added] xen_hvm_modified_memory: member domid now takes only the values of its"
            + " sub-ops (DOMID_SELF = 32752), but a saved image may hold any value, as the published"
            + " member took in it, which is refused now",
        b.headline());
    assertEquals("member domid U16 at 0..1 on x86_64 and x86_32", b.published());
  }

  @Test
  void subOpsOnANewMemberShowThatThereWasNoMember() {
    StructDecl claimed =
        new StructDecl(
            HVM_MODIFIED_MEMORY_44.name(),
            HVM_MODIFIED_MEMORY_44.className(),
            HVM_MODIFIED_MEMORY_44.compat(),
            List.of(
                new Member("domid", U16),
                Pad.of("pad_a", 2),
                new Member("mode", U32),
                Member.aligned("first_pfn", U64, 8),
                Member.aligned("nr", U64, 8)),
            List.of(new SubOp("MODE_LOG", 1, "mode")));
    StructBreak b = only(StructCompatibility.check(HVM_MODIFIED_MEMORY_44, claimed));
    assertEquals(GateMessage.SUB_OPS_ADDED, b.rule());
    assertEquals("no member mode", b.published());
  }

  @Test
  void aPadNoLongerMustBeZeroNamesBothMeanings() {
    StructDecl free =
        withSlots(
            HVM_MODIFIED_MEMORY_44,
            new Member("domid", U16),
            new Pad("pad0", 6, false, false),
            Member.aligned("first_pfn", U64, 8),
            Member.aligned("nr", U64, 8));
    StructBreak b = only(StructCompatibility.check(HVM_MODIFIED_MEMORY_44, free));
    assertEquals(GateMessage.STRUCT_PAD_ZERO_CHANGED, b.rule());
    assertEquals(
        new StructTarget(free.name(), StructTarget.Kind.PAD, "pad0", "mustBeZero"), b.target());
    assertEquals(
        "[struct-pad-zero-changed] xen_hvm_modified_memory: bytes 2..7 on x86_64 of published pad"
            + " pad0 were mustBeZero, and are free (any value) now",
        b.headline());
  }

  @Test
  void aMemberRightAfterAPublishedOneInAMustBeZeroPadIsCompatible() {
    StructDecl claimed =
        withSlots(
            HVM_MODIFIED_MEMORY_44,
            new Member("domid", U16),
            new Member("flags", U16),
            Pad.of("pad_a", 4),
            Member.aligned("first_pfn", U64, 8),
            Member.aligned("nr", U64, 8));
    sound(claimed);
    assertEquals(List.of(), StructCompatibility.check(HVM_MODIFIED_MEMORY_44, claimed));
  }

  @Test
  void aMemberOverAPublishedMemberOrBeyondThePublishedSizeNamesWhatHeldItsBytes() {
    StructDecl over =
        withSlots(
            HVM_MODIFIED_MEMORY_44,
            new Member("domid", U16),
            Pad.of("pad_a", 6),
            Member.aligned("wide", U64, 8),
            Member.aligned("first_pfn", U64, 8),
            Member.aligned("nr", U64, 8));
    List<StructBreak> breaks = StructCompatibility.check(HVM_MODIFIED_MEMORY_44, over);
    StructBreak held =
        breaks.stream()
            .filter(b -> b.rule() == GateMessage.STRUCT_MEMBER_OVER_PUBLISHED)
            .findFirst()
            .orElseThrow();
    assertEquals("bytes 8..15 on x86_64: published member first_pfn held", held.published());

    StructDecl longer =
        withSlots(
            HVM_MODIFIED_MEMORY_44,
            new Member("domid", U16),
            Pad.of("pad0", 6),
            Member.aligned("first_pfn", U64, 8),
            Member.aligned("nr", U64, 8),
            Member.aligned("extra", U64, 8));
    List<StructBreak> grown = StructCompatibility.check(HVM_MODIFIED_MEMORY_44, longer);
    StructBreak beyond =
        grown.stream()
            .filter(b -> b.rule() == GateMessage.STRUCT_MEMBER_OVER_PUBLISHED)
            .findFirst()
            .orElseThrow();
    assertEquals(
        "bytes 24..31 on x86_64: lie beyond the published size, 24 bytes", beyond.published());
  }

  @Test
  void droppingAPublishedSubOpsFormerNameIsSubOpAliasRemoved() {
    StructDecl was =
        withSubOps(
            MEM_ACCESS_OP_45,
            new SubOp(
                "XENMEM_access_op_set_access", 1, "op", List.of("XENMEM_access_op_set"), null));
    StructDecl now =
        withSubOps(MEM_ACCESS_OP_45, new SubOp("XENMEM_access_op_set_access", 1, "op"));
    StructBreak b = only(StructCompatibility.check(was, now));
    assertEquals(GateMessage.SUB_OP_ALIAS_REMOVED, b.rule());
    assertEquals(
        "[sub-op-alias-removed] xen_mem_access_op: published sub-op XENMEM_access_op_set_access"
            + " (value 1 of member op) no longer keeps its former name XENMEM_access_op_set",
        b.headline());
  }

  @Test
  void aRetiredSubOpUnretiredOrRenamedBreaks() {
    StructDecl was =
        withSubOps(
            MEM_ACCESS_OP_45, new SubOp("XENMEM_access_op_resume", 0, "op").withRetirement(GONE));
    StructDecl unretired =
        withSubOps(MEM_ACCESS_OP_45, new SubOp("XENMEM_access_op_resume", 0, "op"));
    assertEquals(List.of("unretired"), ids(StructCompatibility.check(was, unretired)));
    StructDecl renamed =
        withSubOps(
            MEM_ACCESS_OP_45, new SubOp("XENMEM_access_op_resume_old", 0, "op", List.of(), GONE));
    // Another name at a retired value is a reuse.
    assertEquals(List.of("retired-sub-op-reused"), ids(StructCompatibility.check(was, renamed)));
    StructDecl aliased =
        withSubOps(
            MEM_ACCESS_OP_45,
            new SubOp(
                "XENMEM_access_op_resume_old", 0, "op", List.of("XENMEM_access_op_resume"), GONE));
    // Kept as an alias, the old name makes it the same retired sub-op renamed: no break.
    assertEquals("", render(StructCompatibility.check(was, aliased)));
  }

  @Test
  void retiringAPublishedMemberOrSubOpKnownByAFormerNameIsNoDraft() throws Exception {
    StructDecl s = withSubOps(MEM_ACCESS_OP_45, new SubOp("XENMEM_access_op_set", 1, "op"));
    Manifest old = published(s);
    List<dev.abilock.core.model.struct.Slot> slots =
        s.slots().stream()
            .map(
                x ->
                    x instanceof Member m && m.name().equals("access")
                        ? (dev.abilock.core.model.struct.Slot)
                            new Member(m.name(), m.type(), m.align(), m.offset(), GONE)
                        : x)
            .toList();
    StructDecl now =
        new StructDecl(
            s.name(),
            s.className(),
            s.compat(),
            slots,
            List.of(
                new SubOp(
                    "XENMEM_access_op_set_access",
                    1,
                    "op",
                    List.of("XENMEM_access_op_set"),
                    GONE)));
    List<StructBreak> breaks = StructCompatibility.check(old, List.of(now));
    assertEquals(List.of(), ids(breaks), render(breaks));
  }

  @Test
  void newRetirementsNoteTheStructItsMembersAndSubOpsRetiredNowOnly() throws Exception {
    StructDecl s = withSubOps(MEM_ACCESS_OP_45, new SubOp("XENMEM_access_op_set", 1, "op"));
    Manifest old = published(s);
    List<dev.abilock.core.model.struct.Slot> slots =
        s.slots().stream()
            .map(
                x ->
                    x instanceof Member m && m.name().equals("access")
                        ? (dev.abilock.core.model.struct.Slot)
                            new Member(m.name(), m.type(), m.align(), m.offset(), GONE)
                        : x)
            .toList();
    StructDecl now =
        new StructDecl(
            s.name(),
            s.className(),
            s.compat(),
            slots,
            List.of(new SubOp("XENMEM_access_op_set", 1, "op").withRetirement(GONE)),
            GONE);
    StructDecl other = new StructDecl("a_struct", "p.A", s.compat(), s.slots(), List.of(), GONE);
    List<Note> notes = StructCompatibility.newRetirements(old, List.of(now, other));
    String refused = GateMessage.RETIRED_IMAGE_REFUSED.text();
    assertEquals(
        List.of(
            List.of(
                "a_struct",
                "struct a_struct",
                "4.6",
                "no longer needed",
                "name and layout",
                refused),
            List.of(
                "xen_mem_access_op",
                "struct xen_mem_access_op",
                "4.6",
                "no longer needed",
                "name and layout",
                refused),
            // A retired member's bytes are ignored by validate, not refused: the image stays valid.
            List.of(
                "xen_mem_access_op",
                "member access",
                "4.6",
                "no longer needed",
                "bytes",
                GateMessage.RETIRED_MEMBER_IGNORED.text()),
            List.of(
                "xen_mem_access_op",
                "sub-op XENMEM_access_op_set",
                "4.6",
                "no longer needed",
                "value 1",
                refused)),
        notes.stream().map(Note::args).toList());
    // By struct name, whatever the order given. Already retired in the manifest, under the same
    // names or a former one: nothing new.
    Manifest retiredBefore =
        ManifestParser.parse(Manifest.of(List.of(), List.of(now), old, "4.6").render());
    StructDecl renamed =
        new StructDecl(
            s.name(),
            s.className(),
            s.compat(),
            slots,
            List.of(
                new SubOp(
                    "XENMEM_access_op_set_access", 1, "op", List.of("XENMEM_access_op_set"), GONE)),
            GONE);
    assertEquals(List.of(), StructCompatibility.newRetirements(retiredBefore, List.of(now)));
    assertEquals(List.of(), StructCompatibility.newRetirements(retiredBefore, List.of(renamed)));
  }
}
