package dev.abilock.core.check;

import static dev.abilock.core.XenLayouts.*;
import static dev.abilock.core.check.GateAssertions.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.abilock.core.GateMessage;
import dev.abilock.core.manifest.Manifest;
import dev.abilock.core.model.Layout;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Gate B, one rule at a time, on hand-written layouts (mostly Xen's): each break names its rule,
 * points at the attribute a developer has to undo, shows old -> new, and carries a saved word the
 * new layout misreads, or none when only a published constant changed.
 */
class CompatibilityTest {

  // ------------------------------------------------------------------ Xen 3.4: memory_op 4 -> 6

  @Test
  void widenedPublishedOpcodeBreaksWithAWrongOpWitnessAndMovesStartExtent() {
    List<Break> breaks = Compatibility.check(MEMORY_OP_33, MEMORY_OP_34);
    assertEquals(List.of("field-widened", "field-shifted"), ids(breaks));

    // A 3.3 guest suspended in XENMEM_increase_reservation after one extent saved 0 | (1 << 4): 3.4
    // reads its cmd as 16, XENMEM_set_pod_target, and would run the wrong sub-operation.
    Break cmd = breaks.get(0);
    assertBreak(
        cmd,
        GateMessage.FIELD_WIDENED,
        Target.field("memory_op", "cmd", "bits"),
        "[field-widened] memory_op: published opcode cmd widened: bits 0..3 -> 0..5",
        "opcode cmd bits 0..3 mask 0x000000000000000f, compat bits 0..3 mask 0x0000000f",
        "opcode cmd bits 0..5 mask 0x000000000000003f, compat bits 0..5 mask 0x0000003f");
    assertWitness(
        cmd,
        0x10,
        false,
        accepted("XENMEM_increase_reservation", "start_extent", 1),
        accepted("XENMEM_set_pod_target"));

    Break extent = breaks.get(1);
    assertBreak(
        extent,
        GateMessage.FIELD_SHIFTED,
        Target.field("memory_op", "start_extent", "shift"),
        "[field-shifted] memory_op: published field start_extent moved: bits 4..63 -> 6..63",
        "field start_extent shifted bits 4..63 mask 0xfffffffffffffff0, compat bits 4..31 mask 0xfffffff0",
        "field start_extent shifted bits 6..63 mask 0xffffffffffffffc0, compat bits 6..31 mask 0xffffffc0");
    assertWitness(
        extent,
        0x10,
        false,
        accepted("XENMEM_increase_reservation", "start_extent", 1),
        accepted("XENMEM_set_pod_target"));
  }

  // ------------------------------------------------------------------ one published field changed

  @Test
  void movingAnInPlaceFieldUpRefusesSavedProgressThatUsedTheFreedBit() {
    // gnttab's saved grant ref is a multiple of 4096; at bit 13 an odd multiple no longer fits.
    Layout moved = withField(GRANT_TABLE_OP, "arg", inPlace("arg", 13, 19, 0));
    Break b = only(Compatibility.check(GRANT_TABLE_OP, moved));
    assertBreak(
        b,
        GateMessage.FIELD_SHIFTED,
        Target.field("grant_table_op", "arg", "shift"),
        "[field-shifted] grant_table_op: published field arg moved: bits 12..31 -> 13..31",
        "field arg in_place bits 12..31 mask 0xfffff000",
        "field arg in_place bits 13..31 mask 0xffffe000");
    assertWitness(
        b,
        0x100c,
        false,
        accepted("GNTTABOP_cache_flush", "arg", 4096),
        refused("bits 0x1000 set that op GNTTABOP_cache_flush does not continue with"));
  }

  @Test
  void narrowingPublishedProgressRefusesASavedWordWithALargeCount() {
    // Capping start_extent at the compat word's 26 bits (as Xen 4.3 capped the count natively) is
    // a different matter once masks are published: a saved native word may hold more.
    Layout capped = withField(MEMORY_OP_34, "start_extent", shifted("start_extent", 6, 26, 26));
    Break b = only(Compatibility.check(MEMORY_OP_34, capped));
    assertBreak(
        b,
        GateMessage.FIELD_NARROWED,
        Target.field("memory_op", "start_extent", "bits"),
        "[field-narrowed] memory_op: published field start_extent narrowed: bits 6..63 -> 6..31",
        "field start_extent shifted bits 6..63 mask 0xffffffffffffffc0, compat bits 6..31 mask 0xffffffc0",
        "field start_extent shifted bits 6..31 mask 0x00000000ffffffc0, compat bits 6..31 mask 0xffffffc0");
    assertWitness(
        b,
        1L << 32,
        false,
        accepted("XENMEM_increase_reservation", "start_extent", 1L << 26),
        refused("bits 0x100000000 set that op XENMEM_increase_reservation does not continue with"));
  }

  @Test
  void wideningProgressIntoBitsThatHadToBeZeroBreaksWithoutAWitness() {
    // Every saved word reads the same, but START_EXTENT_MASK is in the published header.
    Layout capped = withField(MEMORY_OP_34, "start_extent", shifted("start_extent", 6, 26, 26));
    Break b = only(Compatibility.check(capped, MEMORY_OP_34));
    assertBreak(
        b,
        GateMessage.FIELD_WIDENED,
        Target.field("memory_op", "start_extent", "bits"),
        "[field-widened] memory_op: published field start_extent widened: bits 6..31 -> 6..63",
        "field start_extent shifted bits 6..31 mask 0x00000000ffffffc0, compat bits 6..31 mask 0xffffffc0",
        "field start_extent shifted bits 6..63 mask 0xffffffffffffffc0, compat bits 6..31 mask 0xffffffc0");
    assertNoWitness(b);
  }

  @Test
  void wideningNativelyWhileNarrowingTheCompatWordShowsACompatWitness() {
    Layout capped = withField(MEMORY_OP_34, "start_extent", shifted("start_extent", 6, 26, 26));
    Layout both = withField(MEMORY_OP_34, "start_extent", shifted("start_extent", 6, 58, 20));
    Break b = only(Compatibility.check(capped, both));
    assertEquals(GateMessage.FIELD_WIDENED, b.rule());
    // Native words read the same; a 32-bit guest's saved 2^20 extents no longer fit.
    assertWitness(
        b,
        0x04000000,
        true,
        accepted("XENMEM_increase_reservation", "start_extent", 1L << 20),
        refused("bits 0x4000000 set that op XENMEM_increase_reservation does not continue with"));
  }

  @Test
  void aFieldWidenedWhileTheCompatWordGoesLeavesCompatWordsToCompatWidthRemoved() {
    Layout capped = withField(MEMORY_OP_34, "start_extent", shifted("start_extent", 6, 26, 26));
    Layout noCompat =
        widths(
            withField(
                withField(MEMORY_OP_34, "cmd", opcode("cmd", 0, 6, 0)),
                "start_extent",
                shifted("start_extent", 6, 58, 0)),
            64,
            0);
    List<Break> breaks = Compatibility.check(capped, noCompat);
    assertEquals(List.of("compat-width-removed", "field-widened"), ids(breaks));
    // Widening misreads no word; the compat words are lost to the other break, which shows one.
    assertNoWitness(breaks.get(1));
    assertTrue(breaks.get(0).witness().orElseThrow().compat());
  }

  @Test
  void narrowingPublishedProgressInTheCompatWordIsCompatFieldNarrowed() {
    Layout narrowed = withField(MEMORY_OP_34, "start_extent", shifted("start_extent", 6, 58, 20));
    Break b = only(Compatibility.check(MEMORY_OP_34, narrowed));
    assertBreak(
        b,
        GateMessage.COMPAT_FIELD_NARROWED,
        Target.field("memory_op", "start_extent", "compatBits"),
        "[compat-field-narrowed] memory_op: published field start_extent narrowed in the compat word: bits 6..31 -> 6..25",
        "field start_extent shifted bits 6..63 mask 0xffffffffffffffc0, compat bits 6..31 mask 0xffffffc0",
        "field start_extent shifted bits 6..63 mask 0xffffffffffffffc0, compat bits 6..25 mask 0x03ffffc0");
    assertWitness(
        b,
        0x04000000,
        true,
        accepted("XENMEM_increase_reservation", "start_extent", 1L << 20),
        refused("bits 0x4000000 set that op XENMEM_increase_reservation does not continue with"));
    assertTrue(
        b.render()
            .contains(
                "witness: compat word 0x04000000 is op XENMEM_increase_reservation,"
                    + " start_extent = 1048576 under the published layout"),
        b.render());
  }

  @Test
  void wideningPublishedProgressInTheCompatWordIsCompatFieldWidenedWithoutAWitness() {
    Layout narrow = withField(MEMORY_OP_34, "start_extent", shifted("start_extent", 6, 58, 20));
    Break b = only(Compatibility.check(narrow, MEMORY_OP_34));
    assertBreak(
        b,
        GateMessage.COMPAT_FIELD_WIDENED,
        Target.field("memory_op", "start_extent", "compatBits"),
        "[compat-field-widened] memory_op: published field start_extent widened in the compat word: bits 6..25 -> 6..31",
        "field start_extent shifted bits 6..63 mask 0xffffffffffffffc0, compat bits 6..25 mask 0x03ffffc0",
        "field start_extent shifted bits 6..63 mask 0xffffffffffffffc0, compat bits 6..31 mask 0xffffffc0");
    assertNoWitness(b);
  }

  @Test
  void theOpcodesCompatBitsArePointedAtThroughBitsWhichTheyFollow() {
    // The opcode has no compatBits attribute: its compat part follows bits, so the source points
    // there. Sources never declare this; a hand-edited manifest, which the review diff reads, can.
    // A 4-bit compat cmd no longer carries XENMEM_set_pod_target (16) for a 32-bit guest; but that
    // op
    // never continues, so no guest holds a saved word of it: the ops that continue (0, 1, 6) still
    // fit.
    Layout narrowed = withField(MEMORY_OP_34, "cmd", opcode("cmd", 0, 6, 4));
    Break b = only(Compatibility.check(MEMORY_OP_34, narrowed));
    assertBreak(
        b,
        GateMessage.COMPAT_FIELD_NARROWED,
        Target.field("memory_op", "cmd", "bits"),
        "[compat-field-narrowed] memory_op: published opcode cmd narrowed in the compat word: bits 0..5 -> 0..3",
        "opcode cmd bits 0..5 mask 0x000000000000003f, compat bits 0..5 mask 0x0000003f",
        "opcode cmd bits 0..5 mask 0x000000000000003f, compat bits 0..3 mask 0x0000000f");
    assertNoWitness(b);
  }

  @Test
  void theOpcodeNarrowedInTheCompatWordBelowAContinuingOpsCodeShowsThatOpsCompatWord() {
    // XENMEM_access_op (21) continues: at 4 compat opcode bits its saved compat word 21 | 64 is
    // refused.
    Layout narrowed = withField(MEMORY_OP_45, "cmd", opcode("cmd", 0, 6, 4));
    Break b = only(Compatibility.check(MEMORY_OP_45, narrowed));
    assertEquals(GateMessage.COMPAT_FIELD_NARROWED, b.rule());
    assertWitness(
        b,
        0x55,
        true,
        accepted("XENMEM_access_op", "start_iter", 64),
        refused("bits 0x10 set that op XENMEM_access_op does not continue with"));
  }

  @Test
  void reEncodingInPlaceProgressAsShiftedMisreadsItsValue() {
    Layout shiftedIter = withField(HVM_OP_45, "start_iter", shifted("start_iter", 8, 56, 0));
    Break b = only(Compatibility.check(HVM_OP_45, shiftedIter));
    assertBreak(
        b,
        GateMessage.FIELD_ENCODING_CHANGED,
        Target.field("hvm_op", "start_iter", "encoding"),
        "[field-encoding-changed] hvm_op: published field start_iter changed encoding: IN_PLACE -> SHIFTED",
        "field start_iter in_place bits 8..63 mask 0xffffffffffffff00",
        "field start_iter shifted bits 8..63 mask 0xffffffffffffff00");
    // HVMOP_modified_memory | 256: resumed at pfn 256 then, at pfn 1 now.
    assertWitness(
        b,
        0x107,
        false,
        accepted("HVMOP_modified_memory", "start_iter", 256),
        accepted("HVMOP_modified_memory", "start_iter", 1));
  }

  @Test
  void aFieldReEncodedAndMovedIsReportedOnceAsAnEncodingChange() {
    Layout changed = withField(HVM_OP_45, "start_iter", shifted("start_iter", 9, 55, 0));
    assertEquals(List.of("field-encoding-changed"), ids(Compatibility.check(HVM_OP_45, changed)));
    // Shift before bits: a field both moved and narrowed is one field-shifted.
    Layout movedAndNarrowed = withField(HVM_OP_45, "start_iter", inPlace("start_iter", 9, 50, 0));
    assertEquals(List.of("field-shifted"), ids(Compatibility.check(HVM_OP_45, movedAndNarrowed)));
  }

  @Test
  void aContinuationFieldThatBecomesTheOpcodeIsFieldRoleChangedWithAWrongOpWitness() {
    // A batch word whose low nibble was a plain counter, later promoted to select the op.
    Layout batch =
        new Layout(
            "batch",
            "org.example.Batch",
            32,
            0,
            List.of(shifted("cmd", 0, 4, 0), shifted("count", 4, 28, 0)),
            List.of());
    Layout promoted =
        new Layout(
            "batch",
            "org.example.Batch",
            32,
            0,
            List.of(opcode("cmd", 0, 4, 0), shifted("count", 4, 28, 0)),
            List.of(op("BATCH_run", 1, "count")));
    // Not opcode-added: the opcode is a published field, and its own change is what to undo.
    Break b = only(Compatibility.check(batch, promoted));
    assertBreak(
        b,
        GateMessage.FIELD_ROLE_CHANGED,
        Target.field("batch", "cmd", null),
        "[field-role-changed] batch: published field cmd changed role: continuation field -> opcode",
        "field cmd shifted bits 0..3 mask 0x0000000f",
        "opcode cmd bits 0..3 mask 0x0000000f");
    assertWitness(
        b, 1, false, accepted(null, "cmd", 1, "count", 0), accepted("BATCH_run", "count", 0));

    // And back: the opcode demoted to a field turns every op's word into plain values.
    List<Break> back = Compatibility.check(promoted, batch);
    assertEquals(List.of("field-role-changed", "op-removed"), ids(back));
    assertEquals(
        "[field-role-changed] batch: published opcode cmd changed role: opcode -> continuation field",
        back.get(0).headline());
  }

  @Test
  void removingAPublishedFieldIsFieldRemovedAndDropsItsOpsContinuation() {
    Layout noIter =
        mapOps(
            withField(MEMORY_OP_45, "start_iter", null),
            o -> o.name().equals("XENMEM_access_op") ? op("XENMEM_access_op", 21) : o);
    List<Break> breaks = Compatibility.check(MEMORY_OP_45, noIter);
    assertEquals(List.of("field-removed", "op-continuation-dropped"), ids(breaks));
    Break b = breaks.get(0);
    assertBreak(
        b,
        GateMessage.FIELD_REMOVED,
        Target.continuable("memory_op", null),
        "[field-removed] memory_op: published field start_iter was removed (it held bits 6..63)",
        "field start_iter in_place bits 6..63 mask 0xffffffffffffffc0, compat bits 6..31 mask 0xffffffc0",
        "no field start_iter");
    // XENMEM_access_op | 64: a saved access_op resumed at iteration 64.
    assertWitness(
        b,
        0x55,
        false,
        accepted("XENMEM_access_op", "start_iter", 64),
        refused("bits 0x40 set that op XENMEM_access_op does not continue with"));
  }

  @Test
  void removingAPublishedFieldThatNoOpCarriesBreaksWithoutAWitness() {
    Layout spare = plusField(HVM_OP_44, shifted("reserved", 8, 8, 0));
    Break b = only(Compatibility.check(spare, HVM_OP_44));
    assertEquals(GateMessage.FIELD_REMOVED, b.rule());
    assertNoWitness(b);
  }

  // ------------------------------------------------------------------ published ops

  @Test
  void removingAPublishedOpThatContinuesIsOpRemovedWithAWordInFlightRefused() {
    Break b =
        only(
            Compatibility.check(
                MEMORY_OP_45, withOp(MEMORY_OP_45, "XENMEM_populate_physmap", null)));
    assertBreak(
        b,
        GateMessage.OP_REMOVED,
        Target.continuable("memory_op", null),
        "[op-removed] memory_op: published op XENMEM_populate_physmap (code 6) was removed",
        "op XENMEM_populate_physmap code 6, continues start_extent",
        "no op XENMEM_populate_physmap and no op with code 6");
    // A guest suspended after one extent of populate_physmap holds 6 | 1 << 6.
    assertWitness(
        b,
        0x46,
        false,
        accepted("XENMEM_populate_physmap", "start_extent", 1),
        refused("unknown op code 6"));
    assertEquals(b.witness().orElseThrow().describe(), b.consequence());
    assertEquals(GateMessage.ADVICE_OP_REMOVED.text(6), b.advice());
  }

  @Test
  void removingAPublishedOpThatNeverContinuesHasNoWitnessAndSaysAGuestCallingItIsRefused() {
    // XENMEM_maximum_ram_page is never preempted, so no guest holds a saved word of it; but its
    // published constant is gone, and a guest calling it is refused.
    Break b =
        only(
            Compatibility.check(
                MEMORY_OP_45, withOp(MEMORY_OP_45, "XENMEM_maximum_ram_page", null)));
    assertBreak(
        b,
        GateMessage.OP_REMOVED,
        Target.continuable("memory_op", null),
        "[op-removed] memory_op: published op XENMEM_maximum_ram_page (code 2) was removed",
        "op XENMEM_maximum_ram_page code 2, continues nothing",
        "no op XENMEM_maximum_ram_page and no op with code 2");
    assertTrue(b.witness().isEmpty(), b.render());
    assertEquals(
        "op XENMEM_maximum_ram_page never continues, so no guest holds a saved word of it, but a guest"
            + " calling it is refused now, and its published constant is gone",
        b.consequence());
    assertTrue(b.render().contains(b.consequence()), b.render());
    assertTrue(b.render().endsWith(GateMessage.ADVICE_OP_REMOVED.text(2)), b.render());
  }

  @Test
  void renumberingAPublishedOpIsOpCodeChanged() {
    Layout renumbered =
        withOp(GRANT_TABLE_OP, "GNTTABOP_cache_flush", op("GNTTABOP_cache_flush", 13, "arg"));
    Break b = only(Compatibility.check(GRANT_TABLE_OP, renumbered));
    assertBreak(
        b,
        GateMessage.OP_CODE_CHANGED,
        Target.op("grant_table_op", "GNTTABOP_cache_flush", null),
        "[op-code-changed] grant_table_op: published op GNTTABOP_cache_flush changed code: 12 -> 13",
        "op GNTTABOP_cache_flush code 12, continues arg",
        "op GNTTABOP_cache_flush code 13, continues arg");
    // A guest suspended in cache_flush at grant ref 4096 holds 12 | 4096.
    assertWitness(
        b,
        0x100c,
        false,
        accepted("GNTTABOP_cache_flush", "arg", 4096),
        refused("unknown op code 12"));
    assertEquals(GateMessage.ADVICE_OP_CODE_CHANGED.text(12), b.advice());
  }

  @Test
  void swappingTwoPublishedOpCodesThatNeverContinueBreaksBothWithoutAWitness() {
    // set_param and get_param are never preempted: no guest holds their words, but both constants
    // changed.
    Layout swapped =
        withOp(
            withOp(HVM_OP_44, "HVMOP_set_param", op("HVMOP_set_param", 1)),
            "HVMOP_get_param",
            op("HVMOP_get_param", 0));
    List<Break> breaks = Compatibility.check(HVM_OP_44, swapped);
    assertEquals(List.of("op-code-changed", "op-code-changed"), ids(breaks));
    assertEquals(Target.op("hvm_op", "HVMOP_set_param", null), breaks.get(0).target());
    assertEquals(
        "op HVMOP_set_param never continues, so no guest holds a saved word of it, but a guest calling code 0"
            + " gets op HVMOP_get_param now, and its published constant changed",
        breaks.get(0).consequence());
    assertRecodedWithoutSavedWords(breaks.get(0), "HVMOP_set_param", 0, "op HVMOP_get_param");
    assertEquals(Target.op("hvm_op", "HVMOP_get_param", null), breaks.get(1).target());
    assertRecodedWithoutSavedWords(breaks.get(1), "HVMOP_get_param", 1, "op HVMOP_set_param");
  }

  @Test
  void swappingTwoPublishedOpCodesThatContinueBreaksBothWithWrongOpWitnesses() {
    // hvm_op 4.5's two continuing ops trade codes: a saved modified_memory word resumes as
    // set_mem_type.
    Layout swapped =
        withOp(
            withOp(
                HVM_OP_45, "HVMOP_modified_memory", op("HVMOP_modified_memory", 8, "start_iter")),
            "HVMOP_set_mem_type",
            op("HVMOP_set_mem_type", 7, "start_iter"));
    List<Break> breaks = Compatibility.check(HVM_OP_45, swapped);
    assertEquals(List.of("op-code-changed", "op-code-changed"), ids(breaks));
    assertWitness(
        breaks.get(0),
        0x107,
        false,
        accepted("HVMOP_modified_memory", "start_iter", 256),
        accepted("HVMOP_set_mem_type", "start_iter", 256));
    assertWitness(
        breaks.get(1),
        0x108,
        false,
        accepted("HVMOP_set_mem_type", "start_iter", 256),
        accepted("HVMOP_modified_memory", "start_iter", 256));
  }

  @Test
  void aPublishedOpThatNoLongerContinuesWithAFieldIsOpContinuationDropped() {
    Layout dropped =
        withOp(MEMORY_OP_45, "XENMEM_populate_physmap", op("XENMEM_populate_physmap", 6));
    Break b = only(Compatibility.check(MEMORY_OP_45, dropped));
    assertBreak(
        b,
        GateMessage.OP_CONTINUATION_DROPPED,
        Target.op("memory_op", "XENMEM_populate_physmap", "continues"),
        "[op-continuation-dropped] memory_op: published op XENMEM_populate_physmap no longer continues with start_extent",
        "op XENMEM_populate_physmap code 6, continues start_extent",
        "op XENMEM_populate_physmap code 6, continues nothing");
    assertWitness(
        b,
        0x46,
        false,
        accepted("XENMEM_populate_physmap", "start_extent", 1),
        refused("bits 0x40 set that op XENMEM_populate_physmap does not continue with"));
  }

  @Test
  void anotherPublishedOpMovedOntoARemovedOpsCodeIsNoRenameAndShowsTheWrongOp() {
    Layout moved =
        withOp(
            withOp(HVM_OP_45, "HVMOP_modified_memory", null),
            "HVMOP_set_mem_type",
            op("HVMOP_set_mem_type", 7, "start_iter"));
    List<Break> breaks = Compatibility.check(HVM_OP_45, moved);
    assertEquals(2, breaks.size(), render(breaks));
    // Code 7 is not modified_memory under a new name: it is set_mem_type, published at 8.
    assertTrue(breaks.get(0).rule() != GateMessage.OP_RENAMED, breaks.get(0).render());
    assertWitness(
        breaks.get(0),
        0x107,
        false,
        accepted("HVMOP_modified_memory", "start_iter", 256),
        accepted("HVMOP_set_mem_type", "start_iter", 256));
    assertEquals(GateMessage.OP_CODE_CHANGED, breaks.get(1).rule());
  }

  @Test
  void opsContinuingWithSeveralFieldsAreDescribedWithAllOfThem() {
    Layout ring =
        new Layout(
            "ring",
            "org.example.Ring",
            64,
            0,
            List.of(opcode("op", 0, 8, 0), shifted("count", 8, 24, 0), shifted("hard", 32, 1, 0)),
            List.of(op("RING_push", 0, "count", "hard"), op("RING_reset", 1)));
    Layout renumbered = withOp(ring, "RING_push", op("RING_push", 3, "count", "hard"));
    Break b = only(Compatibility.check(ring, renumbered));
    assertEquals("op RING_push code 0, continues count, hard", b.published());
    assertEquals("op RING_push code 3, continues count, hard", b.now());
  }

  @Test
  void aNewFieldOnBitsAPublishedOpUsesForAnotherFieldIsFieldOverlapsPublished() {
    // HVMOP_set_mem_type trades its published start_iter for a new shifted cursor on the same bits.
    Layout swapped =
        withOp(
            plusField(HVM_OP_45, shifted("cursor", 8, 32, 0)),
            "HVMOP_set_mem_type",
            op("HVMOP_set_mem_type", 8, "cursor"));
    List<Break> breaks = Compatibility.check(HVM_OP_45, swapped);
    assertEquals(List.of("op-continuation-dropped", "field-overlaps-published"), ids(breaks));
    Break b = breaks.get(1);
    assertBreak(
        b,
        GateMessage.FIELD_OVERLAPS_PUBLISHED,
        Target.field("hvm_op", "cursor", "shift"),
        "[field-overlaps-published] hvm_op: cursor (bits 8..39) overlaps start_iter (bits 8..63), which published op"
            + " HVMOP_set_mem_type already uses",
        "field start_iter in_place bits 8..63 mask 0xffffffffffffff00",
        "field cursor shifted bits 8..39 mask 0x000000ffffffff00");
    // set_mem_type | 256: resumed at pfn 256 then, with a cursor of 1 now.
    assertWitness(
        b,
        0x108,
        false,
        accepted("HVMOP_set_mem_type", "start_iter", 256),
        accepted("HVMOP_set_mem_type", "cursor", 1));
    assertWitness(
        breaks.get(0),
        0x108,
        false,
        accepted("HVMOP_set_mem_type", "start_iter", 256),
        accepted("HVMOP_set_mem_type", "cursor", 1));
  }

  @Test
  void eachRuleNamesItsOwnWayOut() {
    // Restore; retire with @Retired; keep an alias; or declare a new @Continuable for an
    // incompatible layout.
    Layout noIter =
        mapOps(
            withField(MEMORY_OP_45, "start_iter", null),
            o -> o.name().equals("XENMEM_access_op") ? op("XENMEM_access_op", 21) : o);
    List<Break> removed = Compatibility.check(MEMORY_OP_45, noIter);
    assertEquals(
        "Restore the field, or retire it: keep its declaration and add @Retired(release = \"...\", reason ="
            + " \"...\"), so that a saved word using its bits is refused saying why.",
        removed.get(0).advice());
    assertEquals(
        "Restore continues = \"start_iter\", or retire the field or the op with @Retired.",
        removed.get(1).advice());
    assertEquals(
        "Restore the op, or retire it: keep the constant and add @Retired(release = \"...\", reason ="
            + " \"...\"), so that code 2 stays reserved and a guest holding or calling it is refused saying why.",
        only(Compatibility.check(
                MEMORY_OP_45, withOp(MEMORY_OP_45, "XENMEM_maximum_ram_page", null)))
            .advice());
    assertEquals(
        "Restore code 12. A new code is a new op: declare it beside the old one, and retire the old one with"
            + " @Retired if it goes.",
        only(Compatibility.check(
                GRANT_TABLE_OP,
                withOp(
                    GRANT_TABLE_OP, "GNTTABOP_cache_flush", op("GNTTABOP_cache_flush", 13, "arg"))))
            .advice());
    assertEquals(
        "A guest may hold a saved word across a migration, so a published layout is frozen. Restore the"
            + " published bits, or declare the new layout as a new @Continuable with a name of its own.",
        Compatibility.check(MEMORY_OP_33, MEMORY_OP_34).get(0).advice());
    assertEquals(
        "Restore the class, or retire the continuable: keep the class and add @Retired(release = \"...\","
            + " reason = \"...\").",
        Compatibility.removed(MMU_UPDATE).advice());
    for (Break b : removed) {
      assertTrue(b.render().endsWith("\n  " + b.advice()), b.render());
      assertTrue(b.render().contains("\n  " + b.consequence() + "\n"), b.render());
    }
  }

  // ------------------------------------------------------------------ the word

  @Test
  void narrowingThePublishedWordIsWidthNarrowedWithAWitnessBeyondBit31() {
    // memory_op's cmd as an unsigned int, like gnttab's: the progress field has to shrink with it.
    Layout narrow =
        widths(withField(MEMORY_OP_34, "start_extent", shifted("start_extent", 6, 26, 26)), 32, 32);
    List<Break> breaks = Compatibility.check(MEMORY_OP_34, narrow);
    assertEquals(List.of("width-narrowed", "field-narrowed"), ids(breaks));
    Break b = breaks.get(0);
    assertBreak(
        b,
        GateMessage.WIDTH_NARROWED,
        Target.continuable("memory_op", "width"),
        "[width-narrowed] memory_op: published word of memory_op narrowed: 64 -> 32 bits",
        "64-bit word",
        "32-bit word");
    assertWitness(
        b,
        1L << 32,
        false,
        accepted("XENMEM_increase_reservation", "start_extent", 1L << 26),
        refused("bits 0x100000000 set that op XENMEM_increase_reservation does not continue with"));
    assertTrue(b.render().contains("witness: word 0x0000000100000000 is"), b.render());
  }

  @Test
  void narrowingAWordWhoseFieldsFitIsStillWidthNarrowedWithoutAWitness() {
    Layout declaredWide = widths(GRANT_TABLE_OP, 64, 0);
    Break b = only(Compatibility.check(declaredWide, GRANT_TABLE_OP));
    assertBreak(
        b,
        GateMessage.WIDTH_NARROWED,
        Target.continuable("grant_table_op", "width"),
        "[width-narrowed] grant_table_op: published word of grant_table_op narrowed: 64 -> 32 bits",
        "64-bit word",
        "32-bit word");
    assertNoWitness(b);
  }

  @Test
  void wideningThePublishedWordIsWidthWidenedWithoutAWitness() {
    Break b = only(Compatibility.check(GRANT_TABLE_OP, widths(GRANT_TABLE_OP, 64, 0)));
    assertBreak(
        b,
        GateMessage.WIDTH_WIDENED,
        Target.continuable("grant_table_op", "width"),
        "[width-widened] grant_table_op: published word of grant_table_op widened: 32 -> 64 bits",
        "32-bit word",
        "64-bit word");
    assertNoWitness(b);
  }

  @Test
  void anOpcodeAddedToAPublishedLayoutWithoutOneRefusesEverySavedWord() {
    Layout batch =
        new Layout(
            "batch", "org.example.Batch", 64, 0, List.of(shifted("count", 0, 31, 0)), List.of());
    Layout withOpcode =
        new Layout(
            "batch",
            "org.example.Batch",
            64,
            0,
            List.of(shifted("count", 0, 31, 0), opcode("cmd", 40, 4, 0)),
            List.of(op("RESUME", 1, "count")));
    Break b = only(Compatibility.check(batch, withOpcode));
    assertBreak(
        b,
        GateMessage.OPCODE_ADDED,
        Target.field("batch", "cmd", null),
        "[opcode-added] batch: published word of batch had no opcode; opcode cmd (bits 40..43) now makes every saved"
            + " word select an op",
        "no opcode (every field in every word)",
        "opcode cmd bits 40..43 mask 0x00000f0000000000");
    // A guest with one batch entry left holds count = 1; its opcode bits read code 0, which no op
    // has.
    assertWitness(b, 1, false, accepted(null, "count", 1), refused("unknown op code 0"));
  }

  @Test
  void anOpcodeAddedWithAnOpAtCodeZeroReadsSavedWordsAsThatOp() {
    Layout batch =
        new Layout(
            "batch", "org.example.Batch", 64, 0, List.of(shifted("count", 0, 31, 0)), List.of());
    Layout withOpcode =
        new Layout(
            "batch",
            "org.example.Batch",
            64,
            0,
            List.of(shifted("count", 0, 31, 0), opcode("cmd", 40, 4, 0)),
            List.of(op("BATCH_run", 0, "count")));
    Break b = only(Compatibility.check(batch, withOpcode));
    assertEquals(GateMessage.OPCODE_ADDED, b.rule());
    // Read as an op at all is a misreading: saved words had none.
    assertWitness(b, 1, false, accepted(null, "count", 1), accepted("BATCH_run", "count", 1));
  }

  @Test
  void removingThePublishedCompatWordIsCompatWidthRemoved() {
    Layout noCompat =
        widths(
            withField(
                withField(
                    withField(MEMORY_OP_45, "cmd", opcode("cmd", 0, 6, 0)),
                    "start_extent",
                    shifted("start_extent", 6, 58, 0)),
                "start_iter",
                inPlace("start_iter", 6, 58, 0)),
            64,
            0);
    Break b = only(Compatibility.check(MEMORY_OP_45, noCompat));
    assertBreak(
        b,
        GateMessage.COMPAT_WIDTH_REMOVED,
        Target.continuable("memory_op", "compatWidth"),
        "[compat-width-removed] memory_op: published compat word of memory_op (32 bits) was removed",
        "32-bit compat word",
        "no compat word");
    assertWitness(
        b,
        0x40,
        true,
        accepted("XENMEM_increase_reservation", "start_extent", 1),
        refused("there is no compat word any more"));
    assertTrue(
        b.render().contains("witness: compat word 0x00000040 is op XENMEM_increase_reservation"),
        b.render());
  }

  // ------------------------------------------------------------------ the safety net

  @Test
  void aMisreadThatNoSpecificRuleNamesIsCaughtAsSavedWordMisread() {
    // The reader refuses two overlapping fields without an opcode, so no valid declaration gets
    // here; the net is what stands behind the rules if one is ever missing. The compat word added
    // at the same time is compatible, so the published entries no longer look unchanged.
    Layout overlapping =
        widths(
            new Layout(
                "mmu_update",
                "org.example.xen.MmuUpdate",
                32,
                0,
                List.of(
                    shifted("count", 0, 31, 31),
                    shifted("preempted", 31, 1, 1),
                    shifted("batch", 0, 8, 8)),
                List.of()),
            32,
            32);
    Break b = only(Compatibility.check(MMU_UPDATE, overlapping));
    assertBreak(
        b,
        GateMessage.SAVED_WORD_MISREAD,
        Target.continuable("mmu_update", null),
        "[saved-word-misread] mmu_update: a saved word is read differently, though no single published entry"
            + " names the change",
        "published layout of mmu_update",
        "layout declared now");
    assertWitness(
        b,
        1,
        false,
        accepted(null, "count", 1, "preempted", 0),
        accepted(null, "batch", 1, "count", 1, "preempted", 0));
  }

  @Test
  void theNetLooksWhenOnlyTheCompatWordWasAddedEvenIfNoFieldReachesIt() {
    // The same overlap above bit 31: no field has compat bits, so only the new compat width tells
    // the net that something changed.
    Layout high =
        new Layout(
            "high", "org.example.High", 64, 0, List.of(shifted("count", 40, 20, 0)), List.of());
    Layout overlapping =
        new Layout(
            "high",
            "org.example.High",
            64,
            32,
            List.of(shifted("count", 40, 20, 0), shifted("low", 40, 4, 0)),
            List.of());
    Break b = only(Compatibility.check(high, overlapping));
    assertEquals(GateMessage.SAVED_WORD_MISREAD, b.rule());
    assertWitness(
        b, 1L << 40, false, accepted(null, "count", 1), accepted(null, "count", 1, "low", 1));
  }

  // ------------------------------------------------------------------ a continuable removed

  @Test
  void overAManifestEachPublishedContinuableIsCheckedByNameAndAMissingOneIsRemoved() {
    Manifest published = Manifest.of(List.of(MMU_UPDATE, MEMORY_OP_33), Manifest.empty(), "3.3");
    List<Break> breaks = Compatibility.check(published, Map.of("memory_op", MEMORY_OP_34));
    // By continuable name, each continuable's breaks in rule order.
    assertEquals(List.of("field-widened", "field-shifted", "continuable-removed"), ids(breaks));
    assertEquals(Compatibility.check(MEMORY_OP_33, MEMORY_OP_34), breaks.subList(0, 2));
    assertEquals(Compatibility.removed(MMU_UPDATE), breaks.get(2));
  }

  @Test
  void aRemovedContinuableWithoutOpcodeShowsAWordInFlightRefused() {
    Break b = Compatibility.removed(MMU_UPDATE);
    assertBreak(
        b,
        GateMessage.CONTINUABLE_REMOVED,
        Target.continuable("mmu_update", null),
        "[continuable-removed] mmu_update: published continuable mmu_update (class org.example.xen.MmuUpdate) is gone"
            + " from the sources",
        "continuable mmu_update (32-bit word)",
        "nothing");
    // Without an opcode every word counts; one in flight (a count left) first.
    assertWitness(
        b,
        1,
        false,
        accepted(null, "count", 1, "preempted", 0),
        refused("no class declares continuable mmu_update any more"));
    assertEquals(GateMessage.ADVICE_CONTINUABLE_REMOVED.text(), b.advice());
  }

  @Test
  void aRemovedContinuableShowsAWordInFlightOfItsFirstOpThatContinues() {
    // set_param (0), get_param (1) and track_dirty_vram (6) never continue: the first op that does
    // is
    // HVMOP_modified_memory (7), suspended at pfn 256.
    Break b = Compatibility.removed(HVM_OP_45);
    assertEquals("continuable hvm_op (64-bit word)", b.published());
    assertWitness(
        b,
        0x107,
        false,
        accepted("HVMOP_modified_memory", "start_iter", 256),
        refused("no class declares continuable hvm_op any more"));
  }

  @Test
  void aRemovedContinuableWhoseOpsNeverContinueHasNoSavedWord() {
    Break b = Compatibility.removed(HVM_OP_44);
    assertEquals(GateMessage.CONTINUABLE_REMOVED, b.rule());
    assertNoWitness(b);
  }

  @Test
  void aRemovedContinuableWithAnOpcodeButNoOpHasNoSavedWord() {
    Layout opless =
        new Layout("hvm_op", "org.example.xen.HvmOp", 64, 0, HVM_OP_44.fields(), List.of());
    Break b = Compatibility.removed(opless);
    assertEquals(GateMessage.CONTINUABLE_REMOVED, b.rule());
    assertNoWitness(b);
  }
}
