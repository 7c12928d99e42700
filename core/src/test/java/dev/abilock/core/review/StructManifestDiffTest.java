package dev.abilock.core.review;

import static dev.abilock.core.model.struct.XenStructs.HVM_MODIFIED_MEMORY_44;
import static dev.abilock.core.model.struct.XenStructs.HVM_MODIFIED_MEMORY_45;
import static dev.abilock.core.model.struct.XenStructs.MEM_ACCESS_OP_45;
import static dev.abilock.core.model.struct.XenStructs.MEM_ACCESS_OP_46;
import static dev.abilock.core.model.struct.XenStructs.withSlots;
import static dev.abilock.core.model.struct.XenStructs.withSubOps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.abilock.CType;
import dev.abilock.core.DiffMessage;
import dev.abilock.core.GateMessage;
import dev.abilock.core.manifest.Manifest;
import dev.abilock.core.manifest.ManifestException;
import dev.abilock.core.manifest.ManifestParser;
import dev.abilock.core.model.Retirement;
import dev.abilock.core.model.struct.Member;
import dev.abilock.core.model.struct.Pad;
import dev.abilock.core.model.struct.StructDecl;
import dev.abilock.core.model.struct.SubOp;
import dev.abilock.core.review.Change.Category;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The review diff's classification of struct changes, on Xen's history. */
class StructManifestDiffTest {
  private static Manifest parsed(Manifest m) {
    try {
      return ManifestParser.parse(m.render());
    } catch (ManifestException e) {
      throw new AssertionError(m.render() + e.getMessage(), e);
    }
  }

  private static Manifest published(String release, StructDecl s) {
    return parsed(Manifest.of(List.of(), List.of(s), Manifest.empty(), release));
  }

  private static Manifest next(Manifest old, StructDecl s) {
    return parsed(Manifest.of(List.of(), List.of(s), old, null));
  }

  private static List<String> ids(List<Change> changes) {
    return changes.stream().map(c -> c.category().id() + " " + c.rule().id()).toList();
  }

  @Test
  void xen44To45ModifiedMemoryIsBreakingWithTheWitnessImage() {
    Manifest old = published("4.4", HVM_MODIFIED_MEMORY_44);
    List<Change> changes = ManifestDiff.diff(old, next(old, HVM_MODIFIED_MEMORY_45));
    assertEquals("breaking struct-size-changed", ids(changes).get(0));
    Change nr =
        changes.stream()
            .filter(c -> c.rule() == GateMessage.STRUCT_MEMBER_MOVED)
            .findFirst()
            .orElseThrow();
    assertEquals(Category.BREAKING, nr.category());
    assertEquals("xen_hvm_modified_memory", nr.continuable());
    assertTrue(nr.consequence().contains("nr 5 at 16..23 -> nr 0 at 4..7"), nr.consequence());
    // The published lines the new layout rewrote are hand-edit-like breaks of their own.
    assertTrue(
        ids(changes).contains("breaking published-line-edited"), String.join("\n", ids(changes)));
  }

  @Test
  void xen45To46SubOpRenumberingIsBreaking() {
    Manifest old = published("4.5", MEM_ACCESS_OP_45);
    List<Change> changes = ManifestDiff.diff(old, next(old, MEM_ACCESS_OP_46));
    assertEquals(
        List.of(
            "breaking sub-op-removed",
            "breaking sub-op-renumbered",
            "breaking sub-op-renumbered",
            "breaking sub-op-renumbered",
            "breaking sub-op-renumbered"),
        ids(changes).subList(0, 5));
    assertTrue(
        changes.get(1).headline().contains("XENMEM_access_op_set_access"),
        changes.get(1).headline());
  }

  @Test
  void aNewSubOpIsCompatible() {
    Manifest old = published("4.5", MEM_ACCESS_OP_45);
    List<SubOp> more = new ArrayList<>(MEM_ACCESS_OP_45.subOps());
    more.add(new SubOp("XENMEM_access_op_set_access_multi", 5, "op"));
    List<Change> changes =
        ManifestDiff.diff(old, next(old, withSubOps(MEM_ACCESS_OP_45, more.toArray(SubOp[]::new))));
    assertEquals(List.of("compatible line-added"), ids(changes));
    assertEquals(
        "[line-added] xen_mem_access_op: new line 'sub-op XENMEM_access_op_set_access_multi 5' (draft)",
        changes.get(0).headline());
  }

  @Test
  void retiringASubOpIsRetired() {
    Manifest old = published("4.5", MEM_ACCESS_OP_45);
    List<SubOp> subOps = new ArrayList<>(MEM_ACCESS_OP_45.subOps());
    subOps.set(0, subOps.get(0).withRetirement(new Retirement("4.6", "no longer needed")));
    List<Change> changes =
        ManifestDiff.diff(
            old, next(old, withSubOps(MEM_ACCESS_OP_45, subOps.toArray(SubOp[]::new))));
    assertEquals(List.of("retired line-retired"), ids(changes));
    assertEquals(
        "[line-retired] xen_mem_access_op: 'sub-op XENMEM_access_op_resume 0' retired in 4.6: no"
            + " longer needed",
        changes.get(0).headline());
  }

  @Test
  void renamingASubOpKeepingItsOldNameIsCompatible() {
    Manifest old = published("4.5", MEM_ACCESS_OP_45);
    List<SubOp> subOps = new ArrayList<>(MEM_ACCESS_OP_45.subOps());
    SubOp was = subOps.get(1);
    subOps.set(
        1, new SubOp(was.name() + "_v2", was.value(), was.member(), List.of(was.name()), null));
    Manifest now = next(old, withSubOps(MEM_ACCESS_OP_45, subOps.toArray(SubOp[]::new)));
    List<Change> changes = ManifestDiff.diff(old, now);
    assertEquals(List.of("compatible " + DiffMessage.SUB_OP_RENAMED_WITH_ALIAS.id()), ids(changes));
  }

  @Test
  void aStructMovedToAnotherClassIsCompatible() {
    Manifest old = published("4.5", MEM_ACCESS_OP_45);
    StructDecl moved =
        new StructDecl(
            MEM_ACCESS_OP_45.name(),
            "org.example.xen.mem.MemAccessOp",
            MEM_ACCESS_OP_45.compat(),
            MEM_ACCESS_OP_45.slots(),
            MEM_ACCESS_OP_45.subOps());
    assertEquals(
        List.of("compatible " + DiffMessage.STRUCT_CLASS_MOVED.id()),
        ids(ManifestDiff.diff(old, next(old, moved))));
  }

  @Test
  void claimingAMustBeZeroPadIsCompatible() {
    Manifest old = published("4.4", HVM_MODIFIED_MEMORY_44);
    StructDecl claimed =
        withSlots(
            HVM_MODIFIED_MEMORY_44,
            new Member("domid", CType.U16),
            Pad.of("pad0", 2),
            new Member("flags", CType.U32),
            Member.aligned("first_pfn", CType.U64, 8),
            Member.aligned("nr", CType.U64, 8));
    Manifest now = next(old, claimed);
    // The published view of the new manifest still reads pad0's bytes as a must-be-zero pad.
    assertEquals(HVM_MODIFIED_MEMORY_44, now.publishedStruct(claimed.name()).orElseThrow());
    assertEquals(
        List.of(
            "compatible " + DiffMessage.STRUCT_PAD_CLAIMED.id(),
            "compatible " + DiffMessage.LINE_ADDED.id()),
        ids(ManifestDiff.diff(old, now)));
  }

  @Test
  void handEditingAPublishedMemberLineIsBreaking() throws Exception {
    Manifest old = published("4.5", HVM_MODIFIED_MEMORY_45);
    String edited =
        old.render()
            .replace(
                "  member first_pfn u64 align 8 x86_64 8..15 x86_32 8..15 published 4.5",
                "  member first_pfn s64 align 8 x86_64 8..15 x86_32 8..15 published 4.5");
    List<Change> changes = ManifestDiff.diff(old, ManifestParser.parse(edited));
    assertEquals(
        List.of("breaking struct-member-retyped", "breaking published-line-edited"), ids(changes));
  }
}
