package dev.abilock.core.model;

import static dev.abilock.core.XenLayouts.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * How a layout reads a saved word, as the generated {@code validate} does: a word of a retired op,
 * field or continuable is refused saying so (the decided reading gate B accepts), and an accepted
 * word carries its op's code, name and former names.
 */
class ReadingTest {

  // ------------------------------------------------------------------ Layout.read with retirements

  @Test
  void aFourEightGuestsModifiedMemoryWordIsRefusedAsRetiredOnFourNine() {
    // Xen 4.9's -ENOSYS for a word saved by 4.8 in the middle of HVMOP_modified_memory.
    Reading r = HVM_OP_49.read(0x107, false);
    Reading.Retired retired = assertInstanceOf(Reading.Retired.class, r);
    assertEquals("op HVMOP_modified_memory retired in 4.9: moved to dm_op", retired.reason());
    assertEquals(DM_OP, retired.retirement());
    assertEquals("refused (op HVMOP_modified_memory retired in 4.9: moved to dm_op)", r.describe());
    // Its word without progress too: the op itself is what was retired.
    assertEquals(r, HVM_OP_49.read(0x7, false));
  }

  @Test
  void aRetiredOpsWordWithStrayBitsIsStillRefusedAsRetired() {
    // The op decides first: 4.21's x86 refuses every cache_flush word, well-formed or not.
    assertInstanceOf(Reading.Retired.class, GRANT_TABLE_OP_421.read(0x100c, false));
    assertInstanceOf(Reading.Retired.class, GRANT_TABLE_OP_421.read(0x10000000cL, false));
  }

  @Test
  void aRetiredFieldRefusesAWordThatSetsItsBitsAndIsAbsentFromAcceptedReadings() {
    Layout fieldRetired = retireField(HVM_OP_45, "start_iter", OP_MASK_GONE);
    Reading.Retired r = assertInstanceOf(Reading.Retired.class, fieldRetired.read(0x107, false));
    assertEquals(
        "field start_iter retired in 4.9: HVMOP_op_mask removed: no hvm_op continues", r.reason());
    assertEquals(OP_MASK_GONE, r.retirement());
    // Without progress the op still runs; the retired field is no value of the reading.
    assertEquals(
        new Reading.Accepted(
            "HVMOP_modified_memory", 7L, List.of("HVMOP_modified_memory"), Map.of()),
        fieldRetired.read(0x7, false));
  }

  @Test
  void bitsNoFieldOfTheOpCoversAreRefusedAsStrayEvenBesideARetiredField() {
    // track_dirty_vram never carried start_iter: its bits 8.. are stray, not retired.
    Layout fieldRetired = retireField(HVM_OP_45, "start_iter", OP_MASK_GONE);
    assertEquals(
        new Reading.Refused("bits 0x100 set that op HVMOP_track_dirty_vram does not continue with"),
        fieldRetired.read(0x106, false));
    // A retired field in the compat word is judged by its compat bits.
    Layout memory = retireField(MEMORY_OP_45, "start_iter", OP_MASK_GONE);
    assertInstanceOf(Reading.Retired.class, memory.read(0x55, true));
    assertEquals(
        new Reading.Refused("bits 0x100000000 set that op XENMEM_access_op does not continue with"),
        memory.read(0x100000015L, true));
  }

  @Test
  void aRetiredContinuableRefusesEveryWordEvenInTheCompatWordItNeverHad() {
    Layout retired = retire(HVM_OP_45, DM_OP);
    for (long word : new long[] {0, 0x107, 0xff, -1L}) {
      Reading.Retired r = assertInstanceOf(Reading.Retired.class, retired.read(word, false));
      assertEquals("continuable hvm_op retired in 4.9: moved to dm_op", r.reason());
    }
    assertInstanceOf(Reading.Retired.class, retired.read(0, true));
  }

  @Test
  void aLayoutWithoutCompatWordRefusesACompatWord() {
    assertEquals(
        new Reading.Refused("there is no compat word any more"), HVM_OP_45.read(0x107, true));
  }

  @Test
  void anAcceptedWordCarriesItsCodeNameAndFormerNames() {
    Reading r = MEMORY_OP_44.read(23 | 5 << 6, false);
    assertEquals(
        new Reading.Accepted(
            "XENMEM_add_to_physmap_batch",
            23L,
            List.of("XENMEM_add_to_physmap_batch", "XENMEM_add_to_physmap_range"),
            Map.of("start_extent", 5L)),
        r);
    assertEquals("op XENMEM_add_to_physmap_batch, start_extent = 5", r.describe());
  }

  @Test
  void aWordWithoutOpcodeIsAcceptedWithoutOpCodeOrNames() {
    Reading r = MMU_UPDATE.read(0x80000003L, false);
    assertEquals(
        new Reading.Accepted(null, null, List.of(), Map.of("count", 3L, "preempted", 1L)), r);
    assertEquals("accepted, count = 3, preempted = 1", r.describe());
    assertEquals("accepted", new Reading.Accepted(null, null, List.of(), Map.of()).describe());
  }

  // ------------------------------------------------------------------ agreesWith, sameOp,
  // sharesName

  @Test
  void aRenameReadsTheSameOpAndSharesItsOldName() {
    Reading.Accepted then = (Reading.Accepted) MEMORY_OP_43.read(0x57, false);
    Reading.Accepted now = (Reading.Accepted) MEMORY_OP_44.read(0x57, false);
    assertTrue(then.sameOp(now));
    assertTrue(then.sharesName(now));
    assertTrue(now.sharesName(then));
    assertTrue(then.agreesWith(now));
  }

  @Test
  void anotherOpUnderTheSameCodeIsTheSameOpByCodeButSharesNoName() {
    // What a reused retired code looks like: only the names tell.
    Reading.Accepted flush =
        new Reading.Accepted(
            "GNTTABOP_cache_flush", 12L, List.of("GNTTABOP_cache_flush"), Map.of("arg", 4096L));
    Reading.Accepted other =
        new Reading.Accepted(
            "GNTTABOP_cache_flush_x86",
            12L,
            List.of("GNTTABOP_cache_flush_x86"),
            Map.of("arg", 4096L));
    assertTrue(flush.sameOp(other));
    assertTrue(flush.agreesWith(other));
    assertFalse(flush.sharesName(other));
    assertFalse(other.sharesName(flush));
  }

  @Test
  void sharingANameLooksBothWaysThroughFormerNames() {
    Reading.Accepted old = new Reading.Accepted("A", 1L, List.of("A"), Map.of());
    Reading.Accepted renamed = new Reading.Accepted("B", 1L, List.of("B", "A"), Map.of());
    Reading.Accepted renamedBack = new Reading.Accepted("A", 1L, List.of("A", "B"), Map.of());
    assertTrue(renamed.sharesName(old));
    assertTrue(old.sharesName(renamed));
    assertTrue(renamedBack.sharesName(renamed));
  }

  @Test
  void twoOpsKeepingTheSameFormerNameShareIt() {
    // Un-retired and renamed at once, the old alias kept (soak seed 533057828459).
    Reading.Accepted old =
        new Reading.Accepted("OP_444", 5L, List.of("OP_444", "OP_344"), Map.of());
    Reading.Accepted renamed =
        new Reading.Accepted("OP_707", 5L, List.of("OP_707", "OP_344"), Map.of());
    Reading.Accepted stranger =
        new Reading.Accepted("OP_808", 5L, List.of("OP_808", "OP_345"), Map.of());
    assertTrue(old.sharesName(renamed));
    assertTrue(renamed.sharesName(old));
    assertFalse(old.sharesName(stranger));
    assertFalse(stranger.sharesName(renamed));
  }

  @Test
  void readingsWithoutOpcodeShareTheirAbsentNameOnlyWithEachOther() {
    Reading.Accepted plain = new Reading.Accepted(null, null, List.of(), Map.of("count", 1L));
    Reading.Accepted op =
        new Reading.Accepted("BATCH_run", 0L, List.of("BATCH_run"), Map.of("count", 1L));
    assertTrue(plain.sharesName(new Reading.Accepted(null, null, List.of(), Map.of())));
    assertFalse(plain.sharesName(op));
    assertFalse(op.sharesName(plain));
    assertFalse(plain.sameOp(op));
    assertFalse(plain.agreesWith(op));
  }

  @Test
  void aFieldTheOpNoLongerCarriesReadsAsZeroSoOnlyNonZeroValuesDisagree() {
    Reading.Accepted before = new Reading.Accepted("X", 1L, List.of("X"), Map.of("a", 0L, "b", 2L));
    assertTrue(before.agreesWith(new Reading.Accepted("X", 1L, List.of("X"), Map.of("b", 2L))));
    assertFalse(before.agreesWith(new Reading.Accepted("X", 1L, List.of("X"), Map.of("b", 3L))));
    assertFalse(
        before.agreesWith(new Reading.Accepted("X", 1L, List.of("X"), Map.of("b", 2L, "c", 1L))));
    assertFalse(before.agreesWith(new Reading.Accepted("X", 2L, List.of("X"), Map.of("b", 2L))));
  }

  @Test
  void refusalsAgreeOnlyWithRefusalsOfTheirOwnKind() {
    Reading retired = new Reading.Retired("op X retired in 4.9: r", DM_OP);
    Reading refused = new Reading.Refused("unknown op code 7");
    Reading accepted = new Reading.Accepted("X", 7L, List.of("X"), Map.of());
    assertTrue(retired.agreesWith(new Reading.Retired("field y retired in 4.21: s", ARM_ONLY)));
    assertFalse(retired.agreesWith(refused));
    assertFalse(retired.agreesWith(accepted));
    assertTrue(refused.agreesWith(new Reading.Refused("other reason")));
    assertFalse(refused.agreesWith(retired));
    assertFalse(refused.agreesWith(accepted));
    assertFalse(accepted.agreesWith(retired));
    assertFalse(accepted.agreesWith(refused));
    assertEquals("refused (unknown op code 7)", refused.describe());
  }

  @Test
  void anAcceptedReadingsListsCannotBeChanged() {
    Reading.Accepted r = (Reading.Accepted) MEMORY_OP_44.read(23, false);
    assertThrows(UnsupportedOperationException.class, () -> r.names().add("x"));
    assertThrows(UnsupportedOperationException.class, () -> r.values().put("x", 1L));
  }

  // ------------------------------------------------------------------ the layout's retirement
  // helpers

  @Test
  void retiredOpsAndFieldsStayInTheLayoutApartFromTheLiveOnes() {
    assertEquals(
        List.of("HVMOP_set_param", "HVMOP_get_param", "HVMOP_track_dirty_vram"),
        HVM_OP_49.liveOps().stream().map(Op::name).toList());
    assertEquals(
        List.of("HVMOP_modified_memory", "HVMOP_set_mem_type"),
        HVM_OP_49.retiredOps().stream().map(Op::name).toList());
    Op modified = HVM_OP_49.op("HVMOP_modified_memory").orElseThrow();
    assertEquals(
        List.of("op"), HVM_OP_49.fieldsUsedBy(modified).stream().map(Field::name).toList());
    assertEquals(
        List.of("start_iter"),
        HVM_OP_49.retiredFieldsUsedBy(modified).stream().map(Field::name).toList());
    assertEquals(0xffL, HVM_OP_49.allowedMask(modified, false));
    assertEquals(0xffffffffffffff00L, HVM_OP_49.retiredMask(modified, false));
    // Codecs, headers and docs group only the ops in use.
    assertEquals(List.of(List.of()), List.copyOf(HVM_OP_49.opsByContinues().keySet()));
  }

  @Test
  void withoutRetirementsIsTheLayoutAWordWasSavedUnder() {
    assertEquals(HVM_OP_45, HVM_OP_49.withoutRetirements());
    assertEquals(HVM_OP_45, retire(HVM_OP_49, DM_OP).withoutRetirements());
    assertFalse(HVM_OP_49.withoutRetirements().isRetired());
    assertTrue(retire(HVM_OP_45, DM_OP).isRetired());
  }

  @Test
  void anOpIsFoundByItsNameOrAFormerNameAndByCode() {
    Op batch = MEMORY_OP_44.op("XENMEM_add_to_physmap_batch").orElseThrow();
    assertEquals(Optional.of(batch), MEMORY_OP_44.opNamed("XENMEM_add_to_physmap_range"));
    assertEquals(Optional.of(batch), MEMORY_OP_44.opNamed("XENMEM_add_to_physmap_batch"));
    assertEquals(Optional.empty(), MEMORY_OP_44.op("XENMEM_add_to_physmap_range"));
    assertEquals(Optional.of(batch), MEMORY_OP_44.opWithCode(23));
    assertTrue(batch.isNamed("XENMEM_add_to_physmap_range"));
    assertFalse(batch.isNamed("XENMEM_add_to_physmap"));
  }

  @Test
  void aRetirementDescribesItselfAndMarksWhatItIsOn() {
    assertEquals("retired in 4.21: ARM-only since 4.21: x86 refuses it", ARM_ONLY.describe());
    Op flush = GRANT_TABLE_OP_421.op("GNTTABOP_cache_flush").orElseThrow();
    assertTrue(flush.isRetired());
    assertEquals(ARM_ONLY, flush.retired());
    assertFalse(flush.withRetirement(null).isRetired());
    Field iter = HVM_OP_49.field("start_iter").orElseThrow();
    assertTrue(iter.isRetired());
    assertNull(iter.withRetirement(null).retired());
    assertNull(HVM_OP_49.retired());
  }
}
