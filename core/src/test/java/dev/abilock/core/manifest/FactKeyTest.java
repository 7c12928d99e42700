package dev.abilock.core.manifest;

import static dev.abilock.core.XenLayouts.inPlace;
import static dev.abilock.core.XenLayouts.opcode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The names of manifest lines: what each rests on, how messages quote it, which are compat lines.
 */
class FactKeyTest {
  private static final FactKey CONTINUABLE = FactKey.continuable("memory_op");
  private static final FactKey COMPAT_WIDTH = FactKey.compatWidth("memory_op");

  @Test
  void aContinuableRestsOnNothingAndItsOwnLinesRestOnIt() {
    assertEquals(List.of(), CONTINUABLE.parents());
    assertEquals(List.of(CONTINUABLE), FactKey.width("memory_op").parents());
    assertEquals(List.of(CONTINUABLE), COMPAT_WIDTH.parents());
    assertEquals(List.of(CONTINUABLE), FactKey.field("memory_op", "cmd", true, false).parents());
    assertEquals(
        List.of(CONTINUABLE), FactKey.field("memory_op", "start_extent", false, false).parents());
    assertEquals(List.of(CONTINUABLE), FactKey.op("memory_op", "XENMEM_access_op").parents());
  }

  @Test
  void aCompatLineRestsOnTheCompatWidthAndItsNativeLine() {
    assertEquals(
        List.of(CONTINUABLE, COMPAT_WIDTH, FactKey.field("memory_op", "cmd", true, false)),
        FactKey.field("memory_op", "cmd", true, true).parents());
    assertEquals(
        List.of(CONTINUABLE, COMPAT_WIDTH, FactKey.field("memory_op", "start_iter", false, false)),
        FactKey.field("memory_op", "start_iter", false, true).parents());
  }

  @Test
  void aContinuesLineRestsOnItsOpAndItsNativeField() {
    assertEquals(
        List.of(
            CONTINUABLE,
            FactKey.op("memory_op", "XENMEM_access_op"),
            FactKey.field("memory_op", "start_iter", false, false)),
        FactKey.continues("memory_op", "XENMEM_access_op", "start_iter").parents());
  }

  @Test
  void messagesQuoteAKeyWithoutItsContinuable() {
    assertEquals("continuable memory_op", CONTINUABLE.toString());
    assertEquals("width", FactKey.width("memory_op").toString());
    assertEquals("compat-width", COMPAT_WIDTH.toString());
    assertEquals("opcode cmd", FactKey.field("memory_op", "cmd", true, false).toString());
    assertEquals(
        "opcode cmd (compat word)", FactKey.field("memory_op", "cmd", true, true).toString());
    assertEquals(
        "field start_iter", FactKey.field("memory_op", "start_iter", false, false).toString());
    assertEquals(
        "field start_iter (compat word)",
        FactKey.field("memory_op", "start_iter", false, true).toString());
    assertEquals("op XENMEM_access_op", FactKey.op("memory_op", "XENMEM_access_op").toString());
    assertEquals(
        "op XENMEM_access_op continues start_iter",
        FactKey.continues("memory_op", "XENMEM_access_op", "start_iter").toString());
  }

  @Test
  void anOpsLabelAndLineCarryItsCode() {
    assertEquals(
        "op XENMEM_access_op 24", FactKey.op("memory_op", "XENMEM_access_op").withCode(24));
    assertEquals(
        "op XENMEM_access_op 24 continues start_iter",
        FactKey.continues("memory_op", "XENMEM_access_op", "start_iter").withCode(24));
    Fact.ContinuesFact continues =
        new Fact.ContinuesFact("memory_op", "XENMEM_access_op", 24, "start_iter", 6);
    assertEquals("op XENMEM_access_op 24 continues start_iter", continues.text());
    assertEquals("op XENMEM_access_op continues start_iter", continues.label());
    Fact.OpFact op = new Fact.OpFact("memory_op", "XENMEM_access_op", 24, List.of("XENMEM_old"));
    assertEquals("op XENMEM_access_op 24 aliases XENMEM_old", op.text());
    assertEquals("op XENMEM_access_op 24", op.label());
  }

  @Test
  void onlyTheCompatLinesOfFieldsAndTheOpcodeAreCompat() {
    assertTrue(FactKey.field("memory_op", "cmd", true, true).compat());
    assertTrue(FactKey.field("memory_op", "start_iter", false, true).compat());
    for (FactKey k :
        List.of(
            CONTINUABLE,
            FactKey.width("memory_op"),
            COMPAT_WIDTH,
            FactKey.field("memory_op", "cmd", true, false),
            FactKey.field("memory_op", "start_iter", false, false),
            FactKey.op("memory_op", "XENMEM_access_op"),
            FactKey.continues("memory_op", "XENMEM_access_op", "start_iter"))) {
      assertFalse(k.compat(), k.toString());
    }
  }

  @Test
  void theKeyOfALayoutFieldFollowsItsRole() {
    assertEquals(
        FactKey.field("memory_op", "cmd", true, false),
        FactKey.of("memory_op", opcode("cmd", 0, 6, 6), false));
    assertEquals(
        FactKey.field("memory_op", "cmd", true, true),
        FactKey.of("memory_op", opcode("cmd", 0, 6, 6), true));
    assertEquals(
        new FactKey("memory_op", FactKey.Kind.FIELD_COMPAT, "start_iter", ""),
        FactKey.of("memory_op", inPlace("start_iter", 6, 58, 26), true));
  }
}
