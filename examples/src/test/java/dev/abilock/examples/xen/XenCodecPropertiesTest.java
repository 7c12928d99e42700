package dev.abilock.examples.xen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.abilock.runtime.AbiViolationException;
import org.junit.jupiter.api.Test;

/**
 * Properties of the example codecs: what encode writes, validate accepts and the getters give back;
 * and every word is either accepted and re-encodes to itself, or refused with {@link
 * AbiViolationException}, never anything else.
 */
class XenCodecPropertiesTest {
  /**
   * Fixed, so that the build is reproducible; the processor's soak profile explores random layouts.
   */
  private static final long SEED = 20141211L;

  private static final int[] MEMORY_OPS = {0, 1, 2, 3, 4, 5, 6, 7, 11, 15, 21, 23, 24, 26, 28};

  @Test
  void memoryOpEncodeThenDecodeGivesTheInputs() {
    qt().withFixedSeed(SEED)
        .forAll(integers().between(0, MEMORY_OPS.length - 1), longs().between(0, (1L << 58) - 1))
        .checkAssert(
            (i, progress) -> {
              int op = MEMORY_OPS[i];
              long extent = op == 21 || isPlain(op) ? 0 : progress;
              long iter = op == 21 ? progress << 6 : 0;
              long word = MemoryOpCodec.validate(MemoryOpCodec.encode(op, extent, iter));
              assertEquals(new MemoryOpCodec.State(op, extent, iter), MemoryOpCodec.decode(word));
            });
  }

  @Test
  void everyMemoryOpWordIsAcceptedExactlyOrRefused() {
    qt().withFixedSeed(SEED)
        .forAll(longs().all(), integers().between(0, MEMORY_OPS.length - 1))
        .checkAssert(
            (noise, i) -> {
              // Half the words start from a known op so that acceptance is actually exercised.
              long word = (noise & 1) == 0 ? noise : (noise & ~0x3fL) | MEMORY_OPS[i];
              roundTrips(
                  word,
                  () -> {
                    MemoryOpCodec.State s = MemoryOpCodec.decode(word);
                    assertEquals(
                        word, MemoryOpCodec.encode(s.cmd(), s.startExtent(), s.startIter()));
                  });
              roundTrips(
                  word & 0xffffffffL,
                  () -> {
                    MemoryOpCodec.State s = MemoryOpCodec.decodeCompat((int) word);
                    assertEquals(
                        (int) word,
                        MemoryOpCodec.encodeCompat(s.cmd(), s.startExtent(), s.startIter()));
                  });
            });
  }

  @Test
  void everyGrantTableAndMmuWordIsAcceptedExactlyOrRefused() {
    qt().withFixedSeed(SEED)
        .forAll(longs().all())
        .checkAssert(
            noise -> {
              long gnttab = (noise & 2) == 0 ? noise : (noise & 0xfffff000L) | 12;
              roundTrips(
                  gnttab,
                  () -> {
                    GrantTableOpCodec.State s = GrantTableOpCodec.decode(gnttab);
                    assertEquals(gnttab, GrantTableOpCodec.encode(s.cmd(), s.arg()));
                  });
              long mmu = (noise & 4) == 0 ? noise : noise & 0xffffffffL;
              roundTrips(
                  mmu,
                  () -> {
                    MmuUpdateCodec.State s = MmuUpdateCodec.decode(mmu);
                    assertEquals(mmu, MmuUpdateCodec.encode(s.count(), s.preempted()));
                  });
              long hvm = (noise & 8) == 0 ? noise : (noise & ~0xffL) | 7;
              roundTrips(
                  hvm,
                  () -> {
                    HvmOpCodec.State s = HvmOpCodec.decode(hvm);
                    assertEquals(hvm, HvmOpCodec.encode(s.op()));
                  });
            });
  }

  private static boolean isPlain(int op) {
    return op == 2 || op == 3 || op == 4 || op == 5 || op == 11 || op == 15 || op == 24 || op == 26;
  }

  /** Runs {@code check}; a refusal is fine, any other exception fails. */
  private static void roundTrips(long word, Runnable check) {
    try {
      check.run();
    } catch (AbiViolationException refused) {
      assertEquals(word, refused.word());
    }
  }
}
