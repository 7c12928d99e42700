package dev.abilock.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class AbiViolationExceptionTest {
  @Test
  void strayBitsNamesContinuableOpFieldAndWord() {
    AbiViolationException e =
        AbiViolationException.strayBits(
            "memory_op", "XENMEM_maximum_ram_page", "start_extent", 0x42, 0x40);
    assertEquals(AbiViolationException.Kind.STRAY_BITS, e.kind());
    assertEquals("memory_op", e.continuable());
    assertEquals("start_extent", e.field());
    assertEquals(0x42L, e.word());
    assertEquals(
        "memory_op.start_extent: word 0x42 sets bits of field start_extent (0x40) that op"
            + " XENMEM_maximum_ram_page does not continue with; they must be zero",
        e.getMessage());
  }

  @Test
  void strayBitsOutsideEveryField() {
    AbiViolationException e =
        AbiViolationException.strayBits("mmu_update", null, null, 1L << 32, 1L << 32);
    assertNull(e.field());
    assertEquals(
        "mmu_update: word 0x100000000 sets bits no field uses (0x100000000) that the word does not"
            + " continue with; they must be zero",
        e.getMessage());
  }

  @Test
  void encodeFailuresCarryTheValue() {
    AbiViolationException fit =
        AbiViolationException.doesNotFit("mmu_update", "count", 0xffffffffL, 0x7fffffff, "31 bits");
    assertEquals(AbiViolationException.Kind.DOES_NOT_FIT, fit.kind());
    assertEquals(0xffffffffL, fit.word());
    assertEquals(
        "value 0xffffffff does not fit 31 bits (max 0x7fffffff); it is never truncated",
        fit.reason());
    AbiViolationException op = AbiViolationException.unknownOp("hvm_op", "op", 0x88, 0x88);
    assertEquals(AbiViolationException.Kind.UNKNOWN_OP, op.kind());
    assertEquals("word 0x88 has unknown op code 136", op.reason());
    AbiViolationException nc =
        AbiViolationException.notContinued(
            "memory_op", "start_iter", "XENMEM_decrease_reservation", 64);
    assertEquals(AbiViolationException.Kind.NOT_CONTINUED, nc.kind());
    assertEquals(
        "op XENMEM_decrease_reservation does not continue with start_iter, so it must be 0, not 0x40",
        nc.reason());
  }
}
