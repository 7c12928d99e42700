package dev.abilock.core.check;

import static dev.abilock.core.XenLayouts.*;
import static dev.abilock.core.check.GateAssertions.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.abilock.core.GateMessage;
import dev.abilock.core.model.Layout;
import dev.abilock.core.model.Reading;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Which saved word a break shows, and how it reads. A reviewer judges a break by its witness, so
 * gate B shows the worst misreading it finds: a word silently run as another op beats a word run
 * with a wrong value, which beats a word that is merely refused.
 */
class WitnessTest {

  /**
   * Xen 3.4's widening without the two new ops: old words select no new op, but their progress
   * moves.
   */
  private static final Layout WIDENED_NO_NEW_OP =
      withOp(withOp(MEMORY_OP_34, "XENMEM_set_pod_target", null), "XENMEM_get_pod_target", null);

  @Test
  void aWrongValueIsShownRatherThanARefusalFoundFirst() {
    // 0 | (1 << 4) now has cmd 16, unknown: refused. 0 | (4 << 4) now reads op 0 with start_extent
    // 1:
    // the guest would silently redo extents it already did, which is worse.
    Break b = Compatibility.check(MEMORY_OP_33, WIDENED_NO_NEW_OP).get(0);
    assertEquals(GateMessage.FIELD_WIDENED, b.rule());
    assertWitness(
        b,
        0x40,
        false,
        accepted("XENMEM_increase_reservation", "start_extent", 4),
        accepted("XENMEM_increase_reservation", "start_extent", 1));
  }

  @Test
  void aWrongOpIsShownRatherThanAWrongValueFoundFirst() {
    // Only XENMEM_get_pod_target (17) is new: XENMEM_increase_reservation's words are refused or
    // misread in value, XENMEM_decrease_reservation's 1 | (1 << 4) becomes op 17.
    Layout withOneNewOp = plusOp(WIDENED_NO_NEW_OP, op("XENMEM_get_pod_target", 17));
    Break b = Compatibility.check(MEMORY_OP_33, withOneNewOp).get(0);
    assertWitness(
        b,
        0x11,
        false,
        accepted("XENMEM_decrease_reservation", "start_extent", 1),
        accepted("XENMEM_get_pod_target"));
  }

  @Test
  void amongEquallyBadMisreadingsTheFirstSavedWordIsShown() {
    // In-place progress moved up one bit: every saved word with bit 8 set is refused, of both ops
    // that carry it, and none is read as another value. The first one found is shown.
    Layout moved = withField(HVM_OP_45, "start_iter", inPlace("start_iter", 9, 55, 0));
    Break b = only(Compatibility.check(HVM_OP_45, moved));
    assertWitness(
        b,
        0x107,
        false,
        accepted("HVMOP_modified_memory", "start_iter", 256),
        refused("bits 0x100 set that op HVMOP_modified_memory does not continue with"));
  }

  @Test
  void aNativeMisreadingIsShownBeforeACompatOne() {
    // Narrowed natively and in the compat word: the native word is the witness.
    Layout narrowed = withField(MEMORY_OP_34, "start_extent", shifted("start_extent", 6, 20, 20));
    Break b = only(Compatibility.check(MEMORY_OP_34, narrowed));
    assertEquals(GateMessage.FIELD_NARROWED, b.rule());
    assertEquals(false, b.witness().orElseThrow().compat());
    assertEquals(1L << 26, b.witness().orElseThrow().word());
  }

  @Test
  void smallSavedCountsAreTriedOneByOneBeforeSingleBits() {
    // A 4-bit ring opcode widened to 6 bits, with a new op 48: a guest that pushed 3 entries saved
    // 0 | (3 << 4), which now selects RING_drain. Counts 1 and 2 are merely refused.
    Layout ring =
        new Layout(
            "ring",
            "org.example.Ring",
            32,
            0,
            List.of(opcode("op", 0, 4, 0), shifted("count", 4, 28, 0)),
            List.of(op("RING_push", 0, "count"), op("RING_reset", 1)));
    Layout widened =
        new Layout(
            "ring",
            "org.example.Ring",
            32,
            0,
            List.of(opcode("op", 0, 6, 0), shifted("count", 6, 26, 0)),
            List.of(op("RING_push", 0, "count"), op("RING_reset", 1), op("RING_drain", 48)));
    Break b = Compatibility.check(ring, widened).get(0);
    assertWitness(b, 0x30, false, accepted("RING_push", "count", 3), accepted("RING_drain"));
  }

  @Test
  void aFieldFullOfOnesIsTriedTooSoAWrongOpThatNeedsManyBitsIsFound() {
    // Widened to 8 bits, the opcode takes count's low nibble: only a count ending in four ones
    // selects the new op 240 (which carries a count too), and no small count or single bit does.
    Layout ring =
        new Layout(
            "ring",
            "org.example.Ring",
            32,
            0,
            List.of(opcode("op", 0, 4, 0), shifted("count", 4, 28, 0)),
            List.of(op("RING_push", 0, "count"), op("RING_reset", 1)));
    Layout widened =
        new Layout(
            "ring",
            "org.example.Ring",
            32,
            0,
            List.of(opcode("op", 0, 8, 0), shifted("count", 8, 24, 0)),
            List.of(
                op("RING_push", 0, "count"), op("RING_reset", 1), op("RING_drain", 240, "count")));
    Break b = Compatibility.check(ring, widened).get(0);
    assertWitness(
        b,
        0xfffffff0L,
        false,
        accepted("RING_push", "count", 0xfffffffL),
        accepted("RING_drain", "count", 0xffffffL));
  }

  // ------------------------------------------------------------------ each break's own witness

  @Test
  void eachOpBreakShowsAWordOfItsOwnOp() {
    // Four changes at once: every break must explain itself, not borrow the worst word of another.
    Layout edited =
        withOp(
            withOp(
                withOp(
                    withOp(
                        plusField(HVM_OP_45, shifted("cursor", 8, 32, 0)),
                        "HVMOP_set_param",
                        op("HVMOP_set_param", 1)),
                    "HVMOP_get_param",
                    op("HVMOP_get_param", 0)),
                "HVMOP_modified_memory",
                op("HVMOP_modified_memory", 7, "cursor")),
            "HVMOP_set_mem_type",
            null);
    List<Break> breaks = Compatibility.check(HVM_OP_45, edited);
    assertEquals(
        List.of(
            "op-code-changed",
            "op-code-changed",
            "op-continuation-dropped",
            "field-overlaps-published",
            "op-removed"),
        ids(breaks));
    // set_param and get_param never continue: no guest holds a word of theirs, and none of another
    // op's
    // words is borrowed to stand in for them.
    assertRecodedWithoutSavedWords(breaks.get(0), "HVMOP_set_param", 0, "op HVMOP_get_param");
    assertRecodedWithoutSavedWords(breaks.get(1), "HVMOP_get_param", 1, "op HVMOP_set_param");
    Reading resumed = accepted("HVMOP_modified_memory", "start_iter", 256);
    assertWitness(
        breaks.get(2), 0x107, false, resumed, accepted("HVMOP_modified_memory", "cursor", 1));
    assertWitness(
        breaks.get(3), 0x107, false, resumed, accepted("HVMOP_modified_memory", "cursor", 1));
    assertWitness(
        breaks.get(4),
        0x108,
        false,
        accepted("HVMOP_set_mem_type", "start_iter", 256),
        refused("unknown op code 8"));
  }

  @Test
  void aFieldBreakShowsAWordOfAnOpThatCarriesTheField() {
    // GNTTABOP_map_grant_ref changed code too, but arg's break shows a word of the op that carries
    // arg.
    Layout edited =
        withOp(
            withField(GRANT_TABLE_OP, "arg", inPlace("arg", 13, 19, 0)),
            "GNTTABOP_map_grant_ref",
            op("GNTTABOP_map_grant_ref", 3));
    List<Break> breaks = Compatibility.check(GRANT_TABLE_OP, edited);
    assertEquals(List.of("field-shifted", "op-code-changed"), ids(breaks));
    assertWitness(
        breaks.get(0),
        0x100c,
        false,
        accepted("GNTTABOP_cache_flush", "arg", 4096),
        refused("bits 0x1000 set that op GNTTABOP_cache_flush does not continue with"));
    // map_grant_ref never continues: its recode has no saved word, and borrows none of
    // cache_flush's.
    assertRecodedWithoutSavedWords(breaks.get(1), "GNTTABOP_map_grant_ref", 0, "a refusal");
  }

  @Test
  void aFieldBreakIgnoresTheWordsOfOpsThatDoNotCarryTheFieldEvenWhenTheyAreMisreadToo() {
    // XENMEM_increase_reservation moved to code 3: its words are refused now, for its own break.
    // The
    // break of start_iter (moved up a bit) shows XENMEM_access_op's word, the one op that carries
    // it.
    Layout edited =
        withOp(
            withField(MEMORY_OP_45, "start_iter", inPlace("start_iter", 7, 57, 25)),
            "XENMEM_increase_reservation",
            op("XENMEM_increase_reservation", 3, "start_extent"));
    List<Break> breaks = Compatibility.check(MEMORY_OP_45, edited);
    assertEquals(List.of("field-shifted", "op-code-changed"), ids(breaks));
    assertWitness(
        breaks.get(0),
        0x55,
        false,
        accepted("XENMEM_access_op", "start_iter", 64),
        refused("bits 0x40 set that op XENMEM_access_op does not continue with"));
    assertWitness(
        breaks.get(1),
        0x40,
        false,
        accepted("XENMEM_increase_reservation", "start_extent", 1),
        refused("unknown op code 0"));
  }

  @Test
  void aDroppedContinuationsWitnessSetsTheDroppedFieldOnly() {
    Layout ring =
        new Layout(
            "ring",
            "org.example.Ring",
            64,
            0,
            List.of(opcode("op", 0, 8, 0), shifted("count", 8, 24, 0), shifted("hard", 32, 1, 0)),
            List.of(op("RING_push", 0, "count", "hard"), op("RING_reset", 1)));
    Layout edited =
        withOp(
            withField(ring, "count", shifted("count", 9, 23, 0)),
            "RING_push",
            op("RING_push", 0, "count"));
    List<Break> breaks = Compatibility.check(ring, edited);
    assertEquals(List.of("field-shifted", "op-continuation-dropped"), ids(breaks));
    assertWitness(
        breaks.get(1),
        1L << 32,
        false,
        accepted("RING_push", "count", 0, "hard", 1),
        refused("bits 0x100000000 set that op RING_push does not continue with"));
  }

  @Test
  void aWordWidthChangeBesideAMisreadingChangeNeverClaimsThatNoWordIsMisread() {
    // Widening alone misreads nothing, but saying so next to a moved field would be false: the
    // width break shows the misread word it finds in the new layout.
    Layout edited = widths(withField(GRANT_TABLE_OP, "arg", inPlace("arg", 13, 19, 0)), 64, 0);
    List<Break> breaks = Compatibility.check(GRANT_TABLE_OP, edited);
    assertEquals(List.of("width-widened", "field-shifted"), ids(breaks));
    assertEquals(breaks.get(1).witness(), breaks.get(0).witness());
    assertWitness(
        breaks.get(0),
        0x100c,
        false,
        accepted("GNTTABOP_cache_flush", "arg", 4096),
        refused("bits 0x1000 set that op GNTTABOP_cache_flush does not continue with"));
  }

  // ------------------------------------------------------------------ rendering

  @Test
  void aWitnessNamesTheWordPaddedToItsWidthAndBothReadings() {
    Witness nativeWord =
        new Witness(
            0x10,
            false,
            64,
            accepted("XENMEM_increase_reservation", "start_extent", 1),
            accepted("XENMEM_set_pod_target"));
    assertEquals(
        "witness: word 0x0000000000000010 is op XENMEM_increase_reservation, start_extent = 1 under the"
            + " published layout, but the sources now read it as op XENMEM_set_pod_target",
        nativeWord.describe());
    Witness compatWord =
        new Witness(
            0x04000000,
            true,
            32,
            accepted("XENMEM_increase_reservation", "start_extent", 1 << 20),
            refused(
                "bits 0x4000000 set that op XENMEM_increase_reservation does not continue with"));
    assertEquals(
        "witness: compat word 0x04000000 is op XENMEM_increase_reservation, start_extent = 1048576 under"
            + " the published layout, but the sources now read it as refused (bits 0x4000000 set that op"
            + " XENMEM_increase_reservation does not continue with)",
        compatWord.describe());
  }

  @Test
  void aBreakRendersHeadlineOldNewWitnessAndTheAdvice() {
    Break b = Compatibility.check(MEMORY_OP_33, MEMORY_OP_34).get(0);
    assertEquals(
        String.join(
            "\n",
            "[field-widened] memory_op: published opcode cmd widened: bits 0..3 -> 0..5",
            "  published: opcode cmd bits 0..3 mask 0x000000000000000f, compat bits 0..3 mask 0x0000000f",
            "  now:       opcode cmd bits 0..5 mask 0x000000000000003f, compat bits 0..5 mask 0x0000003f",
            "  witness: word 0x0000000000000010 is op XENMEM_increase_reservation, start_extent = 1 under the published"
                + " layout, but the sources now read it as op XENMEM_set_pod_target",
            "  " + GateMessage.ADVICE_LAYOUT.text()),
        b.render());
  }

  @Test
  void aBreakWithoutWitnessSaysThePublishedHeaderIsAbiTooAndANoteGoesBeforeTheAdvice() {
    Break b =
        new Break(
            GateMessage.WIDTH_WIDENED,
            Target.continuable("grant_table_op", "width"),
            "[width-widened] grant_table_op: published word of grant_table_op widened: 32 -> 64 bits",
            "32-bit word",
            "64-bit word",
            Optional.empty(),
            GateMessage.NO_WITNESS.text(),
            GateMessage.ADVICE_LAYOUT.text());
    String advice = "  " + GateMessage.ADVICE_LAYOUT.text();
    assertEquals(
        String.join(
            "\n",
            "[width-widened] grant_table_op: published word of grant_table_op widened: 32 -> 64 bits",
            "  published: 32-bit word",
            "  now:       64-bit word",
            "  no saved word is misread, but a published constant changes, and the published header is ABI too",
            advice),
        b.render());
    assertEquals(
        String.join(
            "\n",
            "[width-widened] grant_table_op: published word of grant_table_op widened: 32 -> 64 bits",
            "  published: 32-bit word",
            "  now:       64-bit word",
            "  no saved word is misread, but a published constant changes, and the published header is ABI too",
            "  cmd is declared as an unsigned int",
            advice),
        b.render("cmd is declared as an unsigned int"));
  }
}
