package dev.abilock.core.check;

import static dev.abilock.core.XenLayouts.*;
import static dev.abilock.core.check.GateAssertions.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.abilock.core.manifest.Manifest;
import dev.abilock.core.model.Field;
import dev.abilock.core.model.Layout;
import dev.abilock.core.model.Op;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the design calls compatible passes gate B: nothing a guest may have saved changes meaning,
 * and no published constant changes. Each case is one a developer makes between releases.
 */
class CompatibleChangesTest {

  @Test
  void anUnchangedLayoutHasNoBreak() {
    for (Layout l :
        List.of(
            MEMORY_OP_33,
            MEMORY_OP_34,
            MEMORY_OP_45,
            HVM_OP_44,
            HVM_OP_45,
            GRANT_TABLE_OP,
            MMU_UPDATE)) {
      assertEquals(List.of(), ids(Compatibility.check(l, l)), l.name());
    }
  }

  @Test
  void aNewOpWhoseCodeFitsIsCompatible() {
    Layout claim = plusOp(MEMORY_OP_45, op("XENMEM_claim_pages", 24));
    assertEquals(List.of(), ids(Compatibility.check(MEMORY_OP_45, claim)));
  }

  @Test
  void aNewOpOnThePublishedProgressBitsIsCompatible() {
    // XENMEM_access_op's start_iter on start_extent's bits, carried only by the new op (Xen 4.5
    // over 3.4).
    assertEquals(List.of(), ids(Compatibility.check(MEMORY_OP_34, MEMORY_OP_45)));
  }

  @Test
  void hvmOpProgressInBitsThatHadToBeZeroIsCompatible() {
    // Xen 4.5's HVMOP_op_mask: before it, upper bits made the op unknown.
    assertEquals(List.of(), ids(Compatibility.check(HVM_OP_44, HVM_OP_45)));
  }

  @Test
  void anOpStartingToContinueWithAPublishedFieldInItsZeroBitsIsCompatible() {
    Layout tracked =
        withOp(HVM_OP_45, "HVMOP_track_dirty_vram", op("HVMOP_track_dirty_vram", 6, "start_iter"));
    assertEquals(List.of(), ids(Compatibility.check(HVM_OP_45, tracked)));
  }

  @Test
  void aNewFlagForAPublishedOpInBitsItKeptZeroIsCompatible() {
    // GNTTABOP_copy had to keep bits 12..31 zero; a new flag there for it alone misreads nothing.
    Layout flagged =
        withOp(
            plusField(GRANT_TABLE_OP, shifted("hard", 12, 1, 0)),
            "GNTTABOP_copy",
            op("GNTTABOP_copy", 5, "hard"));
    assertEquals(List.of(), ids(Compatibility.check(GRANT_TABLE_OP, flagged)));
  }

  @Test
  void addingACompatWordToAPublishedLayoutIsCompatible() {
    Layout compat =
        new Layout(
            "hvm_op",
            "org.example.xen.HvmOp",
            64,
            32,
            List.of(opcode("op", 0, 8, 8), inPlace("start_iter", 8, 56, 24)),
            HVM_OP_45.ops());
    assertEquals(List.of(), ids(Compatibility.check(HVM_OP_45, compat)));
  }

  @Test
  void declarationOrderAndTheHandlerClassAreNotPartOfTheWord() {
    for (Layout l : List.of(MEMORY_OP_45, HVM_OP_45, GRANT_TABLE_OP, MMU_UPDATE)) {
      List<Field> fields = new ArrayList<>(l.fields());
      Collections.reverse(fields);
      List<Op> ops = new ArrayList<>(l.ops());
      Collections.reverse(ops);
      Layout reordered =
          new Layout(
              l.name(), "org.example.moved.Handler", l.width(), l.compatWidth(), fields, ops);
      assertEquals(List.of(), ids(Compatibility.check(l, reordered)), l.name());
    }
  }

  // ------------------------------------------------------------------ through the manifest

  @Test
  void aContinuableMovedToAnotherClassHasNoBreak() {
    Manifest published = Manifest.of(List.of(MMU_UPDATE, GRANT_TABLE_OP), Manifest.empty(), "4.5");
    Map<String, Layout> now =
        Map.of(
            "mmu_update",
            movedTo(MMU_UPDATE, "org.example.xen.mm.MmuUpdate"),
            "grant_table_op",
            movedTo(GRANT_TABLE_OP, "org.example.xen.gnttab.GrantTableOp"));
    assertEquals(List.of(), ids(Compatibility.check(published, now)));
  }

  @Test
  void aDraftContinuableMayChangeOrGoAway() {
    Manifest published = Manifest.of(List.of(MMU_UPDATE), Manifest.empty(), "2.0.2");
    Manifest withDraft = Manifest.of(List.of(MMU_UPDATE, HVM_OP_44), published, null);
    assertEquals(List.of(), ids(Compatibility.check(withDraft, Map.of("mmu_update", MMU_UPDATE))));
    assertEquals(
        List.of(),
        ids(
            Compatibility.check(
                withDraft, Map.of("mmu_update", MMU_UPDATE, "hvm_op", widths(HVM_OP_44, 32, 0)))));
  }

  @Test
  void draftLinesOfAPublishedContinuableMayChangeOrGoAway() {
    // Published at 4.4; 4.5's progress field and its continues are still drafts.
    Manifest m =
        Manifest.of(
            List.of(HVM_OP_45), Manifest.of(List.of(HVM_OP_44), Manifest.empty(), "4.4"), null);
    Layout movedDraft = withField(HVM_OP_45, "start_iter", inPlace("start_iter", 12, 52, 0));
    assertEquals(List.of(), ids(Compatibility.check(m, Map.of("hvm_op", movedDraft))));
    assertEquals(List.of(), ids(Compatibility.check(m, Map.of("hvm_op", HVM_OP_44))));
    // The published lines still hold.
    assertEquals(
        List.of("op-removed"),
        ids(Compatibility.check(m, Map.of("hvm_op", withOp(HVM_OP_45, "HVMOP_set_param", null)))));
  }
}
