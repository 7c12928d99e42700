package dev.abilock.examples.xen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.abilock.runtime.AbiViolationException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The generated struct codecs of the Xen examples on guest-controlled images: whatever the bytes,
 * the index and the buffer (heap or direct, a slice at an offset, either byte order), {@code
 * validate}, {@code decode} and both translations either answer or throw {@link
 * AbiViolationException}, nothing else. The answer is checked against the buffer's own
 * little-endian absolute reads: an image is valid exactly when it lies inside the buffer and holds
 * a live sub-op; a translation never truncates (a native value too wide for the compat image is
 * refused, as {@code DOES_NOT_FIT}, and only then), writes the destination image and nothing around
 * it, and writes nothing at all when it refuses; no translation moves a buffer's position.
 *
 * <p>{@link #seededImages} runs the check over 20,000 seeded cases, valid images corrupted a little
 * (a flipped bit, a random sub-op byte, a cut image, an index off the end) or random bytes, in
 * every build. {@link #images} is the same check for Jazzer: every build replays its saved inputs,
 * and {@code -Pfuzz} fuzzes it, coverage-guided (the README says how).
 */
class StructImageFuzzTest {
  private static final long SEED = 20_150_113L;
  private static final int CASES = 20_000;

  /** One call's inputs: an image buffer, where to read, and a destination for the translations. */
  record Case(
      byte[] image,
      int sliceAt,
      boolean direct,
      ByteOrder order,
      int at,
      int dstLength,
      int dstAt) {}

  @FuzzTest(maxDuration = "5m")
  void images(FuzzedDataProvider data) {
    int sliceAt = data.consumeInt(0, 7);
    boolean direct = data.consumeBoolean();
    ByteOrder order = data.consumeBoolean() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    int at = data.consumeInt(-4, 48);
    int dstLength = data.consumeInt(0, 64);
    int dstAt = data.consumeInt(-4, 48);
    check(new Case(data.consumeRemainingAsBytes(), sliceAt, direct, order, at, dstLength, dstAt));
  }

  @Test
  void seededImages() {
    SplittableRandom r = new SplittableRandom(SEED);
    Map<Outcome, Integer> seen = new EnumMap<>(Outcome.class);
    for (int i = 0; i < CASES; i++) {
      Case c = randomCase(r);
      try {
        for (Outcome o : check(c)) {
          seen.merge(o, 1, Integer::sum);
        }
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError("case " + i + " (seed " + SEED + "): " + describe(c), e);
      }
    }
    // The cases reach every answer, so that the checks above are not vacuous.
    for (Outcome o : Outcome.values()) {
      assertTrue(seen.getOrDefault(o, 0) > CASES / 100, o + " in " + seen);
    }
  }

  /** The answers the seeded cases must all reach. */
  enum Outcome {
    ACCESS_VALID,
    ACCESS_UNKNOWN_SUB_OP,
    SHORT_IMAGE,
    COMPAT_TO_NATIVE_WRITTEN,
    NATIVE_TO_COMPAT_WRITTEN,
    NATIVE_TO_COMPAT_DOES_NOT_FIT
  }

  private static Outcome[] check(Case c) {
    ByteBuffer src = buffer(c);
    // The reference reads: the buffer's own absolute little-endian gets, on a duplicate.
    ByteBuffer le = src.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    int at = c.at();
    List<Outcome> outcomes = new ArrayList<>();

    // xen_mem_access_op: live sub-ops 0, 1 and 4 (Xen 4.22).
    boolean accessFits = fits(src, at, MemAccessOpCodec.SIZE);
    boolean accessValid = accessFits && isLiveSubOp(le.get(at + MemAccessOpCodec.OP_OFFSET));
    boolean accessPassed =
        answer(
            () -> {
              MemAccessOpCodec.State s = MemAccessOpCodec.decode(src, at);
              assertEquals(le.get(at + MemAccessOpCodec.OP_OFFSET), s.op());
              assertEquals(le.get(at + MemAccessOpCodec.ACCESS_OFFSET), s.access());
              assertEquals(le.getShort(at + MemAccessOpCodec.DOMID_OFFSET), s.domid());
              assertEquals(le.getInt(at + MemAccessOpCodec.NR_OFFSET), s.nr());
              assertEquals(le.getLong(at + MemAccessOpCodec.PFN_OFFSET), s.pfn());
              MemAccessOpCodec.validate(src, at);
            },
            accessValid,
            accessFits
                ? AbiViolationException.Kind.UNKNOWN_OP
                : AbiViolationException.Kind.SHORT_IMAGE);
    outcomes.add(
        accessPassed
            ? Outcome.ACCESS_VALID
            : accessFits ? Outcome.ACCESS_UNKNOWN_SUB_OP : Outcome.SHORT_IMAGE);

    // xen_hvm_modified_memory: retired in 4.9, every image refused as such.
    AbiViolationException retired =
        assertThrows(AbiViolationException.class, () -> HvmModifiedMemoryCodec.validate(src, at));
    assertEquals(AbiViolationException.Kind.RETIRED, retired.kind());

    // xen_memory_reservation, both ABIs and both translations.
    boolean nativeFits = fits(src, at, MemoryReservationCodec.SIZE);
    boolean compatFits = fits(src, at, MemoryReservationCodec.COMPAT_SIZE);
    answer(
        () -> {
          MemoryReservationCodec.State s = MemoryReservationCodec.decode(src, at);
          assertEquals(
              le.getLong(at + MemoryReservationCodec.EXTENT_START_OFFSET), s.extentStart());
          assertEquals(le.getLong(at + MemoryReservationCodec.NR_EXTENTS_OFFSET), s.nrExtents());
          assertEquals(le.getInt(at + MemoryReservationCodec.EXTENT_ORDER_OFFSET), s.extentOrder());
          assertEquals(le.getInt(at + MemoryReservationCodec.MEM_FLAGS_OFFSET), s.memFlags());
          assertEquals(le.getShort(at + MemoryReservationCodec.DOMID_OFFSET), s.domid());
        },
        nativeFits,
        AbiViolationException.Kind.SHORT_IMAGE);
    answer(
        () -> {
          MemoryReservationCodec.State s = MemoryReservationCodec.decodeCompat(src, at);
          assertEquals(
              Integer.toUnsignedLong(
                  le.getInt(at + MemoryReservationCodec.EXTENT_START_COMPAT_OFFSET)),
              s.extentStart());
          assertEquals(
              Integer.toUnsignedLong(
                  le.getInt(at + MemoryReservationCodec.NR_EXTENTS_COMPAT_OFFSET)),
              s.nrExtents());
          assertEquals(
              le.getInt(at + MemoryReservationCodec.EXTENT_ORDER_COMPAT_OFFSET), s.extentOrder());
          assertEquals(
              le.getInt(at + MemoryReservationCodec.MEM_FLAGS_COMPAT_OFFSET), s.memFlags());
          assertEquals(le.getShort(at + MemoryReservationCodec.DOMID_COMPAT_OFFSET), s.domid());
        },
        compatFits,
        AbiViolationException.Kind.SHORT_IMAGE);

    ByteBuffer dst = destination(c);
    boolean widen = compatFits && fits(dst, c.dstAt(), MemoryReservationCodec.SIZE);
    boolean toNative =
        translate(
            src,
            dst,
            c.dstAt(),
            MemoryReservationCodec.SIZE,
            () -> MemoryReservationCodec.compatToNative(src, at, dst, c.dstAt()),
            widen,
            AbiViolationException.Kind.SHORT_IMAGE,
            () -> {
              MemoryReservationCodec.State in = MemoryReservationCodec.decodeCompat(src, at);
              assertEquals(in, MemoryReservationCodec.decode(dst, c.dstAt()));
            });
    if (toNative) {
      outcomes.add(Outcome.COMPAT_TO_NATIVE_WRITTEN);
    }

    ByteBuffer narrow = destination(c);
    boolean narrowFits = nativeFits && fits(narrow, c.dstAt(), MemoryReservationCodec.COMPAT_SIZE);
    boolean valuesFit =
        narrowFits
            && (le.getLong(at + MemoryReservationCodec.EXTENT_START_OFFSET) >>> 32) == 0
            && (le.getLong(at + MemoryReservationCodec.NR_EXTENTS_OFFSET) >>> 32) == 0;
    boolean toCompat =
        translate(
            src,
            narrow,
            c.dstAt(),
            MemoryReservationCodec.COMPAT_SIZE,
            () -> MemoryReservationCodec.nativeToCompat(src, at, narrow, c.dstAt()),
            valuesFit,
            narrowFits
                ? AbiViolationException.Kind.DOES_NOT_FIT
                : AbiViolationException.Kind.SHORT_IMAGE,
            () -> {
              // Never a truncation: the compat image reads back every native value.
              MemoryReservationCodec.State in = MemoryReservationCodec.decode(src, at);
              assertEquals(in, MemoryReservationCodec.decodeCompat(narrow, c.dstAt()));
            });
    if (toCompat) {
      outcomes.add(Outcome.NATIVE_TO_COMPAT_WRITTEN);
    } else if (narrowFits) {
      outcomes.add(Outcome.NATIVE_TO_COMPAT_DOES_NOT_FIT);
    }
    return outcomes.toArray(Outcome[]::new);
  }

  /**
   * Runs {@code call}: it must pass exactly when {@code valid}, else throw {@code refusal}; any
   * other exception fails the test as it is.
   */
  private static boolean answer(Runnable call, boolean valid, AbiViolationException.Kind refusal) {
    try {
      call.run();
    } catch (AbiViolationException e) {
      if (valid) {
        fail("refused a valid image: " + e.getMessage(), e);
      }
      assertEquals(refusal, e.kind(), e.getMessage());
      return false;
    }
    if (!valid) {
      fail("accepted an image it should refuse (" + refusal + ")");
    }
    return true;
  }

  /**
   * A translation into {@code dst}, filled with a marker first: when it passes, the bytes around
   * the image at {@code dstAt} keep the marker and {@code agree} holds; when it refuses, nothing in
   * {@code dst} changed. The source is never written.
   */
  private static boolean translate(
      ByteBuffer src,
      ByteBuffer dst,
      int dstAt,
      int size,
      Runnable call,
      boolean valid,
      AbiViolationException.Kind refusal,
      Runnable agree) {
    byte[] srcBefore = bytes(src);
    byte[] dstBefore = bytes(dst);
    int srcPosition = src.position();
    int dstPosition = dst.position();
    boolean passed = answer(call, valid, refusal);
    assertArrayEquals(srcBefore, bytes(src), "the source image is never written");
    assertEquals(srcPosition, src.position());
    assertEquals(dstPosition, dst.position());
    byte[] after = bytes(dst);
    if (!passed) {
      assertArrayEquals(dstBefore, after, "a refused translation writes nothing");
      return false;
    }
    for (int i = 0; i < after.length; i++) {
      if (i < dstAt || i >= dstAt + size) {
        assertEquals(dstBefore[i], after[i], "byte " + i + " outside the image at " + dstAt);
      }
    }
    agree.run();
    return true;
  }

  private static boolean isLiveSubOp(byte op) {
    return op == 0 || op == 1 || op == 4;
  }

  private static boolean fits(ByteBuffer b, int at, int size) {
    return at >= 0 && at <= b.limit() - size;
  }

  /** The image as a buffer: heap or direct, a slice {@code sliceAt} bytes into a larger one. */
  private static ByteBuffer buffer(Case c) {
    byte[] padded = new byte[c.sliceAt() + c.image().length];
    Arrays.fill(padded, 0, c.sliceAt(), (byte) 0x5a);
    System.arraycopy(c.image(), 0, padded, c.sliceAt(), c.image().length);
    ByteBuffer whole =
        c.direct()
            ? ByteBuffer.allocateDirect(padded.length).put(padded).clear()
            : ByteBuffer.wrap(padded);
    return whole.position(c.sliceAt()).slice().order(c.order());
  }

  private static ByteBuffer destination(Case c) {
    byte[] marker = new byte[c.dstLength()];
    Arrays.fill(marker, (byte) 0xa5);
    ByteBuffer b =
        c.direct()
            ? ByteBuffer.allocateDirect(marker.length).put(marker).clear()
            : ByteBuffer.wrap(marker);
    return b.order(c.order());
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.limit()];
    b.duplicate().clear().get(out);
    return out;
  }

  /**
   * Mostly valid images with a little corruption, as a guest that resumes a call writes them, and
   * some random bytes.
   */
  private static Case randomCase(SplittableRandom r) {
    int at = r.nextInt(4) == 0 ? r.nextInt(-2, 40) : r.nextInt(0, 9);
    byte[] image = new byte[at < 0 ? 40 : at + 32 + r.nextInt(0, 4)];
    r.nextBytes(image);
    if (at >= 0 && r.nextInt(8) != 0) {
      // A plausible image: a live sub-op, native values that mostly fit 32 bits.
      image[at] = (byte) new int[] {0, 1, 4}[r.nextInt(3)];
      for (int off : new int[] {4, 12}) {
        if (r.nextInt(3) != 0) {
          Arrays.fill(image, at + off, at + off + 4, (byte) 0);
        }
      }
      switch (r.nextInt(5)) {
        case 0 -> image[at + r.nextInt(32)] ^= (byte) (1 << r.nextInt(8));
        case 1 -> image[at] = (byte) r.nextInt(256);
        case 2 -> image = Arrays.copyOf(image, at + r.nextInt(0, 32));
        default -> {}
      }
    }
    int dstLength = r.nextInt(0, 48);
    int dstAt = r.nextInt(5) == 0 ? r.nextInt(-2, 48) : r.nextInt(0, Math.max(1, dstLength - 31));
    return new Case(
        image,
        r.nextInt(0, 8),
        r.nextBoolean(),
        r.nextBoolean() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN,
        at,
        dstLength,
        dstAt);
  }

  private static String describe(Case c) {
    return c.toString()
        .replaceFirst("image=\\[B@[0-9a-f]+", "image=" + HexFormat.of().formatHex(c.image()));
  }
}
