package dev.abilock.core.check;

import static dev.abilock.core.XenLayouts.*;
import static dev.abilock.core.check.GateAssertions.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.abilock.core.Message;
import dev.abilock.core.model.Layout;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Which saved word a break shows, and how it reads. A reviewer judges a break by its witness, so
 * gate B shows the worst misreading it finds: a word silently run as another op beats a word run
 * with a wrong value, which beats a word that is merely refused.
 */
class WitnessTest {

  /** Xen 3.4's widening without the two new ops: old words select no new op, but their progress moves. */
  private static final Layout WIDENED_NO_NEW_OP = withOp(withOp(MEMORY_OP_34, "XENMEM_set_pod_target", null),
      "XENMEM_get_pod_target", null);

  @Test
  void aWrongValueIsShownRatherThanARefusalFoundFirst() {
    // 0 | (1 << 4) now has cmd 16, unknown: refused. 0 | (4 << 4) now reads op 0 with start_extent 1:
    // the guest would silently redo extents it already did, which is worse.
    Break b = Compatibility.check(MEMORY_OP_33, WIDENED_NO_NEW_OP).get(0);
    assertEquals(Message.FIELD_WIDENED, b.rule());
    assertWitness(b, 0x40, false, accepted("XENMEM_increase_reservation", "start_extent", 4),
        accepted("XENMEM_increase_reservation", "start_extent", 1));
  }

  @Test
  void aWrongOpIsShownRatherThanAWrongValueFoundFirst() {
    // Only XENMEM_get_pod_target (17) is new: XENMEM_increase_reservation's words are refused or
    // misread in value, XENMEM_decrease_reservation's 1 | (1 << 4) becomes op 17.
    Layout withOneNewOp = plusOp(WIDENED_NO_NEW_OP, op("XENMEM_get_pod_target", 17));
    Break b = Compatibility.check(MEMORY_OP_33, withOneNewOp).get(0);
    assertWitness(b, 0x11, false, accepted("XENMEM_decrease_reservation", "start_extent", 1),
        accepted("XENMEM_get_pod_target"));
  }

  @Test
  void amongEquallyBadMisreadingsTheFirstSavedWordIsShown() {
    // In-place progress moved up one bit: every saved word with bit 8 set is refused, of both ops
    // that carry it, and none is read as another value. The first one found is shown.
    Layout moved = withField(HVM_OP_45, "start_iter", inPlace("start_iter", 9, 55, 0));
    Break b = only(Compatibility.check(HVM_OP_45, moved));
    assertWitness(b, 0x107, false, accepted("HVMOP_modified_memory", "start_iter", 256),
        refused("bits 0x100 set that op HVMOP_modified_memory does not continue with"));
  }

  @Test
  void aNativeMisreadingIsShownBeforeACompatOne() {
    // Narrowed natively and in the compat word: the native word is the witness.
    Layout narrowed = withField(MEMORY_OP_34, "start_extent", shifted("start_extent", 6, 20, 20));
    Break b = only(Compatibility.check(MEMORY_OP_34, narrowed));
    assertEquals(Message.FIELD_NARROWED, b.rule());
    assertEquals(false, b.witness().orElseThrow().compat());
    assertEquals(1L << 26, b.witness().orElseThrow().word());
  }

  // ------------------------------------------------------------------ rendering

  @Test
  void aWitnessNamesTheWordPaddedToItsWidthAndBothReadings() {
    Witness nativeWord = new Witness(0x10, false, 64, accepted("XENMEM_increase_reservation", "start_extent", 1),
        accepted("XENMEM_set_pod_target"));
    assertEquals("witness: word 0x0000000000000010 is op XENMEM_increase_reservation, start_extent = 1 under the"
        + " published layout, but the sources now read it as op XENMEM_set_pod_target", nativeWord.describe());
    Witness compatWord = new Witness(0x04000000, true, 32, accepted("XENMEM_increase_reservation", "start_extent",
        1 << 20), refused("bits 0x4000000 set that op XENMEM_increase_reservation does not continue with"));
    assertEquals("witness: compat word 0x04000000 is op XENMEM_increase_reservation, start_extent = 1048576 under"
        + " the published layout, but the sources now read it as refused (bits 0x4000000 set that op"
        + " XENMEM_increase_reservation does not continue with)", compatWord.describe());
  }

  @Test
  void aBreakRendersHeadlineOldNewWitnessAndTheAdvice() {
    Break b = Compatibility.check(MEMORY_OP_33, MEMORY_OP_34).get(0);
    assertEquals(String.join("\n",
        "[field-widened] memory_op: published opcode cmd widened: bits 0..3 -> 0..5",
        "  published: opcode cmd bits 0..3 mask 0x000000000000000f, compat bits 0..3 mask 0x0000000f",
        "  now:       opcode cmd bits 0..5 mask 0x000000000000003f, compat bits 0..5 mask 0x0000003f",
        "  witness: word 0x0000000000000010 is op XENMEM_increase_reservation, start_extent = 1 under the published"
            + " layout, but the sources now read it as op XENMEM_set_pod_target",
        "  A published layout is frozen: a guest may hold a saved word across a migration. Restore the published"
            + " layout, or give the change a new name."), b.render());
  }

  @Test
  void aBreakWithoutWitnessSaysThePublishedHeaderIsAbiTooAndANoteGoesBeforeTheAdvice() {
    Break b = new Break(Message.WIDTH_WIDENED, Target.continuable("grant_table_op", "width"),
        "[width-widened] grant_table_op: published word of grant_table_op widened: 32 -> 64 bits", "32-bit word",
        "64-bit word", Optional.empty());
    String advice = "  " + Message.FROZEN_ADVICE.text();
    assertEquals(String.join("\n",
        "[width-widened] grant_table_op: published word of grant_table_op widened: 32 -> 64 bits",
        "  published: 32-bit word",
        "  now:       64-bit word",
        "  no saved word is misread, but a published constant changes, and the published header is ABI too",
        advice), b.render());
    assertEquals(String.join("\n",
        "[width-widened] grant_table_op: published word of grant_table_op widened: 32 -> 64 bits",
        "  published: 32-bit word",
        "  now:       64-bit word",
        "  no saved word is misread, but a published constant changes, and the published header is ABI too",
        "  cmd is declared as an unsigned int",
        advice), b.render("cmd is declared as an unsigned int"));
  }
}
