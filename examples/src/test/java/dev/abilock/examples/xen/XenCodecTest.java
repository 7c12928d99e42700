package dev.abilock.examples.xen;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.abilock.runtime.AbiViolationException;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The generated codecs of the four Xen examples, against Xen's constants and real words. */
class XenCodecTest {

  private static AbiViolationException refused(Executable call) {
    return assertThrows(AbiViolationException.class, call);
  }

  @Nested
  class MemoryOpTest {
    private static final Set<Integer> EXTENT_OPS = Set.of(0, 1, 6, 7, 23, 28);
    private static final Set<Integer> PLAIN_OPS = Set.of(2, 3, 4, 5, 11, 15, 24, 26);
    private static final int ACCESS_OP = 21;

    @Test
    void constantsAreXens() {
      assertAll(
          () -> assertEquals(0x3fL, MemoryOpCodec.CMD_MASK, "MEMOP_CMD_MASK"),
          () -> assertEquals(6, MemoryOpCodec.START_EXTENT_SHIFT, "MEMOP_EXTENT_SHIFT"),
          () -> assertEquals(0xffffffffffffffc0L, MemoryOpCodec.START_EXTENT_MASK),
          () -> assertEquals((1L << 58) - 1, MemoryOpCodec.START_EXTENT_MAX),
          () ->
              assertEquals(
                  (1L << 26) - 1,
                  MemoryOpCodec.START_EXTENT_COMPAT_MAX,
                  "UINT_MAX >> MEMOP_EXTENT_SHIFT"),
          () ->
              assertEquals(
                  0xffffffffffffffc0L, MemoryOpCodec.START_ITER_MAX, "in place: the mask itself"),
          () -> assertEquals("memory_op", MemoryOpCodec.NAME),
          () -> assertEquals(64, MemoryOpCodec.WIDTH),
          () -> assertEquals(32, MemoryOpCodec.COMPAT_WIDTH));
    }

    @Test
    void decreaseReservationResumedAtExtentFiveIs0x141() {
      assertEquals(0x141L, MemoryOpCodec.encode(MemoryOp.XENMEM_decrease_reservation, 5, 0));
      assertEquals(0x141L, MemoryOpCodec.validate(0x141L));
      assertEquals(new MemoryOpCodec.State(1, 5, 0), MemoryOpCodec.decode(0x141L));
      assertEquals(1, MemoryOpCodec.cmd(0x141L));
      assertEquals(5L, MemoryOpCodec.startExtent(0x141L));
    }

    @Test
    void everyExtentOpCarriesStartExtent() {
      for (int op : EXTENT_OPS) {
        long word = MemoryOpCodec.encode(op, 123_456_789L, 0);
        assertEquals(op | (123_456_789L << 6), word, "op " + op);
        assertEquals(new MemoryOpCodec.State(op, 123_456_789L, 0), MemoryOpCodec.decode(word));
        AbiViolationException e = refused(() -> MemoryOpCodec.encode(op, 0, 64));
        assertEquals("start_iter", e.field());
      }
    }

    @Test
    void everyOtherOpRefusesUpperBits() {
      for (int op : PLAIN_OPS) {
        assertEquals(op, MemoryOpCodec.validate(op));
        AbiViolationException e = refused(() -> MemoryOpCodec.validate(op | (1L << 6)));
        assertEquals("start_extent", e.field());
        assertEquals(op | (1L << 6), e.word());
        refused(() -> MemoryOpCodec.validate(op | (1L << 63)));
        refused(() -> MemoryOpCodec.encode(op, 1, 0));
      }
    }

    @Test
    void maximumRamPageWithBit6IsRefused() {
      AbiViolationException e = refused(() -> MemoryOpCodec.validate(0x42));
      assertEquals("memory_op", e.continuable());
      assertEquals("start_extent", e.field());
      assertEquals(0x42L, e.word());
      assertTrue(e.reason().contains("XENMEM_maximum_ram_page"), e.reason());
    }

    @Test
    void accessOpKeepsItsIteratorInPlace() {
      long word = MemoryOpCodec.encode(ACCESS_OP, 0, 128);
      assertEquals(ACCESS_OP | 128L, word);
      assertEquals(new MemoryOpCodec.State(ACCESS_OP, 0, 128), MemoryOpCodec.decode(word));
      assertEquals(128L, MemoryOpCodec.startIter(word));
      long top = MemoryOpCodec.encode(ACCESS_OP, 0, 0xffffffffffffffc0L);
      assertEquals(0xffffffffffffffc0L | ACCESS_OP, top, "bit 63 is a valid in-place long");
      refused(() -> MemoryOpCodec.encode(ACCESS_OP, 0, 100)); // not a multiple of 64
      refused(() -> MemoryOpCodec.encode(ACCESS_OP, 5, 0)); // access_op does not carry start_extent
    }

    @Test
    void unknownOpsAreRefused() {
      for (long code = 0; code < 64; code++) {
        long c = code;
        if (EXTENT_OPS.contains((int) code)
            || PLAIN_OPS.contains((int) code)
            || code == ACCESS_OP) {
          continue;
        }
        AbiViolationException e = refused(() -> MemoryOpCodec.validate(c));
        assertEquals("cmd", e.field());
        refused(() -> MemoryOpCodec.encode((int) c, 0, 0));
      }
      refused(() -> MemoryOpCodec.encode(64, 0, 0)); // does not fit 6 bits: never truncated to op 0
      refused(() -> MemoryOpCodec.encode(-1, 0, 0));
    }

    @Test
    void encodeNeverTruncates() {
      refused(() -> MemoryOpCodec.encode(1, 1L << 58, 0));
      refused(() -> MemoryOpCodec.encode(1, -1L, 0));
      assertEquals(1 | (((1L << 58) - 1) << 6), MemoryOpCodec.encode(1, (1L << 58) - 1, 0));
    }

    @Test
    void compatWordHas26BitsOfProgress() {
      assertEquals(0x141, MemoryOpCodec.encodeCompat(1, 5, 0));
      assertEquals(new MemoryOpCodec.State(1, 5, 0), MemoryOpCodec.decodeCompat(0x141));
      int full = MemoryOpCodec.encodeCompat(1, (1L << 26) - 1, 0);
      assertEquals(0xffffffc1, full);
      assertEquals(
          (1L << 26) - 1,
          MemoryOpCodec.decodeCompat(full).startExtent(),
          "bit 31 is progress, not a sign");
      refused(() -> MemoryOpCodec.encodeCompat(1, 1L << 26, 0));
      refused(() -> MemoryOpCodec.validateCompat(0x42));
      refused(() -> MemoryOpCodec.validateCompat(0x3f));
      assertEquals(ACCESS_OP | 0xffffffc0, MemoryOpCodec.encodeCompat(ACCESS_OP, 0, 0xffffffc0L));
      refused(() -> MemoryOpCodec.encodeCompat(ACCESS_OP, 0, 1L << 32));
    }
  }

  @Nested
  class HvmOpTest {
    @Test
    void opMaskIsXens() {
      assertEquals(0xffL, HvmOpCodec.OP_MASK, "HVMOP_op_mask");
      assertEquals(8, HvmOpCodec.START_ITER_SHIFT);
      assertEquals(0, HvmOpCodec.COMPAT_WIDTH);
    }

    @Test
    void aGuestHoldingA48WordOfTheOpsThatMovedToDmOpIsRefusedSayingWhy() {
      // 4.8 saved HVMOP_modified_memory preempted at iteration 0x100 as op | start_iter = 0x107.
      for (int op : new int[] {HvmOp.HVMOP_modified_memory, HvmOp.HVMOP_set_mem_type}) {
        for (long word : new long[] {op | 0x100L, op}) {
          AbiViolationException e = refused(() -> HvmOpCodec.validate(word));
          assertEquals(AbiViolationException.Kind.RETIRED, e.kind());
          assertTrue(e.getMessage().endsWith("retired in 4.9: moved to dm_op"), e.getMessage());
          assertEquals(
              AbiViolationException.Kind.RETIRED, refused(() -> HvmOpCodec.decode(word)).kind());
        }
        assertEquals(
            AbiViolationException.Kind.RETIRED, refused(() -> HvmOpCodec.encode(op)).kind());
      }
      // The codes stay reserved, and start_iter's bits with them: its constants remain published.
      assertEquals(0xffffffffffffff00L, HvmOpCodec.START_ITER_MASK);
    }

    @Test
    void otherOpsRefuseUpperBits() {
      for (int op :
          new int[] {HvmOp.HVMOP_set_param, HvmOp.HVMOP_get_param, HvmOp.HVMOP_track_dirty_vram}) {
        assertEquals(op, HvmOpCodec.validate(op));
        assertEquals("start_iter", refused(() -> HvmOpCodec.validate(op | 0x100L)).field());
      }
      assertEquals(
          "op", refused(() -> HvmOpCodec.validate(0x88)).field()); // bit 7 is opcode: op 136
    }
  }

  @Nested
  class GrantTableOpTest {
    @Test
    void masksAreXens() {
      assertEquals(0xfffL, GrantTableOpCodec.CMD_MASK, "GNTTABOP_CMD_MASK");
      assertEquals(0xfffff000L, GrantTableOpCodec.ARG_MASK, "GNTTABOP_ARG_MASK");
      assertEquals(12, GrantTableOpCodec.ARG_SHIFT, "GNTTABOP_CONTINUATION_ARG_SHIFT");
      assertEquals(32, GrantTableOpCodec.WIDTH);
    }

    @Test
    void cacheFlushInFlightIsRefusedOnX86Since421() {
      // A cache_flush preempted at grant ref 0x5000, saved before 4.21, migrated to an x86 4.21
      // host.
      AbiViolationException e = refused(() -> GrantTableOpCodec.validate(0x500cL));
      assertEquals(AbiViolationException.Kind.RETIRED, e.kind());
      assertTrue(e.getMessage().contains("GNTTABOP_cache_flush, retired in 4.21"), e.getMessage());
      assertEquals(
          AbiViolationException.Kind.RETIRED,
          refused(() -> GrantTableOpCodec.encode(GrantTableOp.GNTTABOP_cache_flush, 0x5000))
              .kind());
      // Its field stays, with its published bits: the code and the bits are reserved, not reused.
      assertEquals(0xfffff000L, GrantTableOpCodec.ARG_MASK);
    }

    @Test
    void otherOpsAndWideWordsAreRefused() {
      for (int op : new int[] {0, 1, 2, 5}) {
        assertEquals(op, GrantTableOpCodec.validate(op));
        refused(() -> GrantTableOpCodec.validate(op | 0x1000L));
      }
      AbiViolationException wide =
          refused(() -> GrantTableOpCodec.validate((1L << 32) | GrantTableOp.GNTTABOP_copy));
      assertNull(wide.field(), "bit 32 belongs to no field");
      refused(() -> GrantTableOpCodec.validate(3)); // no such op
    }
  }

  @Nested
  class MmuUpdateTest {
    @Test
    void preemptedIsBit31() {
      assertEquals(0x80000000L, MmuUpdateCodec.PREEMPTED_MASK, "MMU_UPDATE_PREEMPTED");
      assertEquals(0x7fffffffL, MmuUpdateCodec.COUNT_MASK);
      assertEquals(0x80000007L, MmuUpdateCodec.encode(7, true));
      assertEquals(7L, MmuUpdateCodec.encode(7, false));
    }

    @Test
    void everyThirtyTwoBitWordIsValid() {
      MmuUpdateCodec.State s = MmuUpdateCodec.decode(0xffffffffL);
      assertEquals(0x7fffffff, s.count());
      assertTrue(s.preempted());
      assertFalse(MmuUpdateCodec.decode(5).preempted());
      refused(() -> MmuUpdateCodec.validate(1L << 32));
    }

    @Test
    void countNeverTruncates() {
      refused(() -> MmuUpdateCodec.encode(-1, false)); // 0xffffffff does not fit 31 bits
      refused(() -> MmuUpdateCodec.encode(1 << 31, true));
      assertEquals(0xffffffffL, MmuUpdateCodec.encode(0x7fffffff, true));
    }
  }
}
