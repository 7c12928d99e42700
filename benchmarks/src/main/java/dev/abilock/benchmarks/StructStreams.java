package dev.abilock.benchmarks;

import dev.abilock.examples.xen.MemAccessOp;
import dev.abilock.examples.xen.MemAccessOpCodec;
import dev.abilock.examples.xen.MemoryReservationCodec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

/**
 * Seeded streams of argument-struct images, as a hypervisor's continuations re-read them: images of
 * several structs, their sub-ops drawn at random, packed one after another in one big little-endian
 * buffer at irregular offsets (a gap of 0 to 15 bytes before each, so most are not aligned to their
 * struct), and values of random magnitude. Images are written with the hand-written setters, so a
 * stream does not lean on the code it measures.
 */
final class StructStreams {
  /**
   * Images per batch: too many for a branch predictor to learn the kind and sub-op sequence, which
   * repeats every invocation, and few enough (about 250 KiB of images and gaps) to stay near the
   * core.
   */
  static final int IMAGES = 8192;

  static final long SEED = 42;

  /** What an image is: which struct, on which ABI. */
  static final byte ACCESS = 0;

  static final byte RESERVATION = 1;
  static final byte MODIFIED_MEMORY = 2;

  /** A batch: the buffer, and each image's kind and index in it. */
  record Batch(ByteBuffer buffer, byte[] kinds, int[] at) {}

  private StructStreams() {}

  private static long magnitude(SplittableRandom r) {
    // Small values as common as large ones, 0 included.
    return r.nextLong() >>> r.nextInt(64);
  }

  /** {@link #IMAGES} valid native images, each of a kind drawn uniformly from {@code kinds}. */
  static Batch nativeImages(byte... kinds) {
    SplittableRandom r = new SplittableRandom(SEED);
    ByteBuffer b = ByteBuffer.allocate(IMAGES * (32 + 16)).order(ByteOrder.LITTLE_ENDIAN);
    byte[] kind = new byte[IMAGES];
    int[] at = new int[IMAGES];
    int next = 0;
    for (int i = 0; i < IMAGES; i++) {
      next += r.nextInt(16);
      kind[i] = kinds[r.nextInt(kinds.length)];
      at[i] = next;
      switch (kind[i]) {
        case ACCESS -> next += writeAccess(r, b, next);
        case RESERVATION -> next += writeReservation(r, b, next, false);
        case MODIFIED_MEMORY -> next += writeModifiedMemory(r, b, next);
        default -> throw new IllegalArgumentException("kind " + kind[i]);
      }
    }
    return new Batch(b, kind, at);
  }

  /**
   * {@link #IMAGES} reservation images, x86_32 ones if {@code compat}, else x86_64 ones whose
   * handle and count fit 32 bits (a 32-bit guest's, on its way back).
   */
  static Batch reservations(boolean compat) {
    SplittableRandom r = new SplittableRandom(SEED);
    ByteBuffer b = ByteBuffer.allocate(IMAGES * (32 + 16)).order(ByteOrder.LITTLE_ENDIAN);
    byte[] kind = new byte[IMAGES];
    int[] at = new int[IMAGES];
    int next = 0;
    for (int i = 0; i < IMAGES; i++) {
      next += r.nextInt(16);
      kind[i] = RESERVATION;
      at[i] = next;
      next += compat ? writeReservationCompat(r, b, next) : writeReservation(r, b, next, true);
    }
    return new Batch(b, kind, at);
  }

  /** A mem_access_op image with one of the live sub-ops; returns its size. */
  static int writeAccess(SplittableRandom r, ByteBuffer b, int at) {
    int[] subOps = {
      MemAccessOp.XENMEM_access_op_set_access,
      MemAccessOp.XENMEM_access_op_get_access,
      MemAccessOp.XENMEM_access_op_set_access_multi
    };
    b.put(at, (byte) subOps[r.nextInt(subOps.length)]);
    b.put(at + 1, (byte) r.nextInt(10)); // xenmem_access_t
    HandWrittenStructs.put16(b, at + 2, (short) r.nextInt(0x7ff0));
    HandWrittenStructs.put32(b, at + 4, (int) magnitude(r));
    HandWrittenStructs.put64(b, at + 8, magnitude(r));
    return MemAccessOpCodec.SIZE;
  }

  /** A native reservation image, its handle and count below 4 GiB if {@code fits32}. */
  static int writeReservation(SplittableRandom r, ByteBuffer b, int at, boolean fits32) {
    long mask = fits32 ? 0xffffffffL : -1L;
    HandWrittenStructs.put64(b, at, magnitude(r) & mask & ~0xfffL); // a page-aligned handle
    HandWrittenStructs.put64(b, at + 8, magnitude(r) & mask);
    HandWrittenStructs.put32(b, at + 16, r.nextInt(19)); // extent_order up to 1 GiB pages
    HandWrittenStructs.put32(b, at + 20, (int) magnitude(r));
    HandWrittenStructs.put16(b, at + 24, (short) r.nextInt(0x7ff0));
    // The tail is the compiler's: whatever the guest's stack held.
    HandWrittenStructs.put16(b, at + 26, (short) r.nextInt());
    HandWrittenStructs.put32(b, at + 28, r.nextInt());
    return MemoryReservationCodec.SIZE;
  }

  static int writeReservationCompat(SplittableRandom r, ByteBuffer b, int at) {
    HandWrittenStructs.put32(b, at, (int) (magnitude(r) & ~0xfffL));
    HandWrittenStructs.put32(b, at + 4, (int) magnitude(r));
    HandWrittenStructs.put32(b, at + 8, r.nextInt(19));
    HandWrittenStructs.put32(b, at + 12, (int) magnitude(r));
    HandWrittenStructs.put16(b, at + 16, (short) r.nextInt(0x7ff0));
    HandWrittenStructs.put16(b, at + 18, (short) r.nextInt());
    return MemoryReservationCodec.COMPAT_SIZE;
  }

  /** A modified_memory image (pad zero). */
  static int writeModifiedMemory(SplittableRandom r, ByteBuffer b, int at) {
    HandWrittenStructs.put16(b, at, (short) r.nextInt(0x7ff0));
    HandWrittenStructs.put16(b, at + 2, (short) 0);
    HandWrittenStructs.put32(b, at + 4, (int) magnitude(r));
    HandWrittenStructs.put64(b, at + 8, magnitude(r));
    return 16;
  }
}
