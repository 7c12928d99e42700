package dev.abilock.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.abilock.examples.xen.HvmModifiedMemoryCodec;
import dev.abilock.examples.xen.MemAccessOpCodec;
import dev.abilock.examples.xen.MemoryReservationCodec;
import dev.abilock.runtime.AbiViolationException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The struct baselines refuse exactly what the generated codecs refuse, with the same refusal, and
 * read, decode and translate the same values otherwise: a baseline with a check left out would
 * agree on every valid image and look faster. Every operation of the three struct codecs runs three
 * ways (generated, {@link HandWrittenStructs}, {@link VarHandleStructs}) on a seeded mixed stream
 * of valid and broken images: unknown sub-ops, flipped bits, non-zero pads, images cut short or out
 * of the buffer, buffers of either byte order, values too wide for a 32-bit guest.
 */
class StructPairsAgreeTest {
  private static final int CASES = 30_000;
  private static final long SEED = 21;

  /** One way to run an operation on an image at {@code at}. */
  @FunctionalInterface
  interface Read {
    Object apply(ByteBuffer b, int at);
  }

  /** A translation from the image at {@code srcAt} to {@code dst} at {@code dstAt}. */
  @FunctionalInterface
  interface Translate {
    void apply(ByteBuffer src, int srcAt, ByteBuffer dst, int dstAt);
  }

  record Reads(String name, Read generated, Read hand, Read varHandle) {}

  record Translates(String name, Translate generated, Translate hand, Translate varHandle) {}

  private static Read v(Read r) {
    return r;
  }

  /** Validate as an operation that answers nothing when it accepts. */
  private interface Check {
    void apply(ByteBuffer b, int at);
  }

  private static Read ok(Check c) {
    return (b, at) -> {
      c.apply(b, at);
      return "valid";
    };
  }

  static final List<Reads> ACCESS =
      List.of(
          new Reads(
              "validate",
              ok(MemAccessOpCodec::validate),
              ok(HandWrittenStructs.MemAccessOp::validate),
              ok(VarHandleStructs.MemAccessOp::validate)),
          new Reads(
              "decode",
              v(MemAccessOpCodec::decode),
              v(HandWrittenStructs.MemAccessOp::decode),
              v(VarHandleStructs.MemAccessOp::decode)),
          new Reads(
              "op",
              v(MemAccessOpCodec::op),
              v(HandWrittenStructs.MemAccessOp::op),
              v(VarHandleStructs.MemAccessOp::op)),
          new Reads(
              "access",
              v(MemAccessOpCodec::access),
              v(HandWrittenStructs.MemAccessOp::access),
              v(VarHandleStructs.MemAccessOp::access)),
          new Reads(
              "domid",
              v(MemAccessOpCodec::domid),
              v(HandWrittenStructs.MemAccessOp::domid),
              v(VarHandleStructs.MemAccessOp::domid)),
          new Reads(
              "nr",
              v(MemAccessOpCodec::nr),
              v(HandWrittenStructs.MemAccessOp::nr),
              v(VarHandleStructs.MemAccessOp::nr)),
          new Reads(
              "pfn",
              v(MemAccessOpCodec::pfn),
              v(HandWrittenStructs.MemAccessOp::pfn),
              v(VarHandleStructs.MemAccessOp::pfn)));

  static final List<Reads> MODIFIED_MEMORY =
      List.of(
          new Reads(
              "validate",
              ok(HvmModifiedMemoryCodec::validate),
              ok(HandWrittenStructs.HvmModifiedMemory::validate),
              ok(VarHandleStructs.HvmModifiedMemory::validate)),
          new Reads(
              "decode",
              v(HvmModifiedMemoryCodec::decode),
              v(HandWrittenStructs.HvmModifiedMemory::decode),
              v(VarHandleStructs.HvmModifiedMemory::decode)),
          new Reads(
              "domid",
              v(HvmModifiedMemoryCodec::domid),
              v(HandWrittenStructs.HvmModifiedMemory::domid),
              v(VarHandleStructs.HvmModifiedMemory::domid)),
          new Reads(
              "nr",
              v(HvmModifiedMemoryCodec::nr),
              v(HandWrittenStructs.HvmModifiedMemory::nr),
              v(VarHandleStructs.HvmModifiedMemory::nr)),
          new Reads(
              "firstPfn",
              v(HvmModifiedMemoryCodec::firstPfn),
              v(HandWrittenStructs.HvmModifiedMemory::firstPfn),
              v(VarHandleStructs.HvmModifiedMemory::firstPfn)));

  static final List<Reads> RESERVATION =
      List.of(
          new Reads(
              "validate",
              ok(MemoryReservationCodec::validate),
              ok(HandWrittenStructs.MemoryReservation::validate),
              ok(VarHandleStructs.MemoryReservation::validate)),
          new Reads(
              "decode",
              v(MemoryReservationCodec::decode),
              v(HandWrittenStructs.MemoryReservation::decode),
              v(VarHandleStructs.MemoryReservation::decode)),
          new Reads(
              "extentStart",
              v(MemoryReservationCodec::extentStart),
              v(HandWrittenStructs.MemoryReservation::extentStart),
              v(VarHandleStructs.MemoryReservation::extentStart)),
          new Reads(
              "nrExtents",
              v(MemoryReservationCodec::nrExtents),
              v(HandWrittenStructs.MemoryReservation::nrExtents),
              v(VarHandleStructs.MemoryReservation::nrExtents)),
          new Reads(
              "extentOrder",
              v(MemoryReservationCodec::extentOrder),
              v(HandWrittenStructs.MemoryReservation::extentOrder),
              v(VarHandleStructs.MemoryReservation::extentOrder)),
          new Reads(
              "memFlags",
              v(MemoryReservationCodec::memFlags),
              v(HandWrittenStructs.MemoryReservation::memFlags),
              v(VarHandleStructs.MemoryReservation::memFlags)),
          new Reads(
              "domid",
              v(MemoryReservationCodec::domid),
              v(HandWrittenStructs.MemoryReservation::domid),
              v(VarHandleStructs.MemoryReservation::domid)));

  static final List<Reads> RESERVATION_COMPAT =
      List.of(
          new Reads(
              "validateCompat",
              ok(MemoryReservationCodec::validateCompat),
              ok(HandWrittenStructs.MemoryReservation::validateCompat),
              ok(VarHandleStructs.MemoryReservation::validateCompat)),
          new Reads(
              "decodeCompat",
              v(MemoryReservationCodec::decodeCompat),
              v(HandWrittenStructs.MemoryReservation::decodeCompat),
              v(VarHandleStructs.MemoryReservation::decodeCompat)),
          new Reads(
              "extentStartCompat",
              v(MemoryReservationCodec::extentStartCompat),
              v(HandWrittenStructs.MemoryReservation::extentStartCompat),
              v(VarHandleStructs.MemoryReservation::extentStartCompat)),
          new Reads(
              "nrExtentsCompat",
              v(MemoryReservationCodec::nrExtentsCompat),
              v(HandWrittenStructs.MemoryReservation::nrExtentsCompat),
              v(VarHandleStructs.MemoryReservation::nrExtentsCompat)),
          new Reads(
              "extentOrderCompat",
              v(MemoryReservationCodec::extentOrderCompat),
              v(HandWrittenStructs.MemoryReservation::extentOrderCompat),
              v(VarHandleStructs.MemoryReservation::extentOrderCompat)),
          new Reads(
              "memFlagsCompat",
              v(MemoryReservationCodec::memFlagsCompat),
              v(HandWrittenStructs.MemoryReservation::memFlagsCompat),
              v(VarHandleStructs.MemoryReservation::memFlagsCompat)),
          new Reads(
              "domidCompat",
              v(MemoryReservationCodec::domidCompat),
              v(HandWrittenStructs.MemoryReservation::domidCompat),
              v(VarHandleStructs.MemoryReservation::domidCompat)));

  static final Translates COMPAT_TO_NATIVE =
      new Translates(
          "compatToNative",
          MemoryReservationCodec::compatToNative,
          HandWrittenStructs.MemoryReservation::compatToNative,
          VarHandleStructs.MemoryReservation::compatToNative);

  static final Translates NATIVE_TO_COMPAT =
      new Translates(
          "nativeToCompat",
          MemoryReservationCodec::nativeToCompat,
          HandWrittenStructs.MemoryReservation::nativeToCompat,
          VarHandleStructs.MemoryReservation::nativeToCompat);

  /** What an operation answered: its value, its refusal in full, or another exception's class. */
  private static String outcome(Read r, ByteBuffer b, int at) {
    try {
      return "= " + r.apply(b, at);
    } catch (AbiViolationException e) {
      return "refused " + e.kind() + " " + e.getMessage();
    } catch (IndexOutOfBoundsException e) {
      // Getters do not check: reading past the buffer is the buffer's own refusal.
      return "out of bounds";
    }
  }

  private static String outcome(Translate t, ByteBuffer src, int srcAt, ByteBuffer dst, int dstAt) {
    String answer;
    try {
      t.apply(src, srcAt, dst, dstAt);
      answer = "translated";
    } catch (AbiViolationException e) {
      answer = "refused " + e.kind() + " " + e.getMessage();
    }
    byte[] written = new byte[dst.capacity()];
    dst.get(0, written);
    return answer + " -> " + HexFormat.of().formatHex(written);
  }

  /** Counts of outcomes by operation, to show the stream reached both sides of every check. */
  private final Map<String, TreeSet<String>> seen = new TreeMap<>();

  private void record(String op, String outcome) {
    String kind =
        outcome.startsWith("refused ")
            ? outcome.substring(0, outcome.indexOf(' ', 8))
            : outcome.startsWith("=") || outcome.startsWith("translated") ? "accepted" : outcome;
    seen.computeIfAbsent(op, k -> new TreeSet<>()).add(kind);
  }

  @Test
  void baselinesAnswerAsTheGeneratedCodecsOnAMixedStream() {
    SplittableRandom r = new SplittableRandom(SEED);
    for (int n = 0; n < CASES; n++) {
      int kind = r.nextInt(5);
      switch (kind) {
        case 0 -> readsAgree("xen_mem_access_op", ACCESS, image(r, 16, StructImages::access), r);
        case 1 ->
            readsAgree(
                "xen_hvm_modified_memory",
                MODIFIED_MEMORY,
                image(r, 16, StructImages::modifiedMemory),
                r);
        case 2 ->
            readsAgree(
                "xen_memory_reservation", RESERVATION, image(r, 32, StructImages::reservation), r);
        case 3 -> {
          Image img = image(r, 20, StructImages::reservationCompat);
          readsAgree("xen_memory_reservation compat", RESERVATION_COMPAT, img, r);
          translationsAgree(COMPAT_TO_NATIVE, img, 32, r);
        }
        default ->
            translationsAgree(NATIVE_TO_COMPAT, image(r, 32, StructImages::reservation), 20, r);
      }
    }
    List<String> missing = new ArrayList<>();
    for (String op :
        List.of(
            "xen_mem_access_op validate",
            "xen_memory_reservation validate",
            "xen_memory_reservation compat validateCompat",
            "compatToNative",
            "nativeToCompat")) {
      TreeSet<String> s = seen.getOrDefault(op, new TreeSet<>());
      if (!s.contains("accepted") || !s.contains("refused SHORT_IMAGE")) {
        missing.add(op + " " + s);
      }
    }
    assertTrue(
        seen.get("xen_mem_access_op validate").contains("refused UNKNOWN_OP"), seen.toString());
    assertTrue(seen.get("nativeToCompat").contains("refused DOES_NOT_FIT"), seen.toString());
    assertTrue(
        seen.get("xen_hvm_modified_memory validate").contains("refused RETIRED"), seen.toString());
    assertTrue(missing.isEmpty(), "outcomes the stream never reached: " + missing);
  }

  /** An image in a buffer of random bytes, at an index, maybe broken on purpose. */
  record Image(byte[] bytes, ByteOrder order, int limit, int at) {
    ByteBuffer buffer() {
      return ByteBuffer.wrap(bytes.clone()).order(order).limit(limit);
    }

    @Override
    public String toString() {
      return HexFormat.of().formatHex(bytes) + " (" + order + ", limit " + limit + ")";
    }
  }

  @FunctionalInterface
  interface Writer {
    void write(SplittableRandom r, ByteBuffer b, int at);
  }

  /**
   * A valid image of {@code size} bytes written at a random index of a buffer of random bytes and
   * order, then, one time in two, broken: a flipped bit, a random sub-op byte, a non-zero pad byte,
   * the buffer cut short, or the index moved (past the end, or negative).
   */
  static Image image(SplittableRandom r, int size, Writer writer) {
    byte[] bytes = new byte[size + r.nextInt(24)];
    r.nextBytes(bytes);
    ByteOrder order = r.nextBoolean() ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
    int at = r.nextInt(bytes.length - size + 1);
    ByteBuffer b = ByteBuffer.wrap(bytes).order(order);
    writer.write(r, b, at);
    int limit = bytes.length;
    if (r.nextBoolean()) {
      switch (r.nextInt(6)) {
        case 0 -> {
          int i = at + r.nextInt(size);
          bytes[i] ^= (byte) (1 << r.nextInt(8));
        }
        case 1 -> bytes[at] = (byte) r.nextInt(256); // the sub-op, where there is one
        case 2 -> bytes[at + 2 + r.nextInt(2)] = (byte) (1 + r.nextInt(255)); // pad0, if any
        case 3 -> limit = at + size - 1 - r.nextInt(Math.min(size, 3));
        case 4 -> at = bytes.length - size + 1 + r.nextInt(4);
        default -> at = -1 - r.nextInt(3);
      }
    }
    return new Image(bytes, order, limit, at);
  }

  private void readsAgree(String struct, List<Reads> reads, Image img, SplittableRandom r) {
    for (Reads op : reads) {
      String generated = outcome(op.generated(), img.buffer(), img.at());
      String where = struct + " " + op.name() + " at " + img.at() + " of " + img;
      assertEquals(generated, outcome(op.hand(), img.buffer(), img.at()), "ByteBuffer " + where);
      assertEquals(
          generated, outcome(op.varHandle(), img.buffer(), img.at()), "VarHandle " + where);
      record(struct + " " + op.name(), generated);
    }
  }

  private void translationsAgree(Translates t, Image img, int dstSize, SplittableRandom r) {
    byte[] filler = new byte[dstSize + r.nextInt(12)];
    r.nextBytes(filler);
    ByteOrder order = r.nextBoolean() ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
    // Mostly a place that holds the image; now and then one that does not.
    int dstAt =
        r.nextInt(8) == 0
            ? filler.length - dstSize + 1 + r.nextInt(3)
            : r.nextInt(filler.length - dstSize + 1);
    String generated =
        outcome(
            t.generated(),
            img.buffer(),
            img.at(),
            ByteBuffer.wrap(filler.clone()).order(order),
            dstAt);
    String where = t.name() + " from " + img.at() + " to " + dstAt + " of " + img;
    assertEquals(
        generated,
        outcome(
            t.hand(), img.buffer(), img.at(), ByteBuffer.wrap(filler.clone()).order(order), dstAt),
        "ByteBuffer " + where);
    assertEquals(
        generated,
        outcome(
            t.varHandle(),
            img.buffer(),
            img.at(),
            ByteBuffer.wrap(filler.clone()).order(order),
            dstAt),
        "VarHandle " + where);
    record(t.name(), generated);
  }

  /** Valid images of each struct: the benchmark streams' writers, values of random magnitude. */
  static final class StructImages {
    private StructImages() {}

    static void access(SplittableRandom r, ByteBuffer b, int at) {
      StructStreams.writeAccess(r, b, at);
    }

    static void modifiedMemory(SplittableRandom r, ByteBuffer b, int at) {
      StructStreams.writeModifiedMemory(r, b, at);
    }

    /** Native images, whose handle and count fit 32 bits half the time. */
    static void reservation(SplittableRandom r, ByteBuffer b, int at) {
      StructStreams.writeReservation(r, b, at, r.nextBoolean());
    }

    static void reservationCompat(SplittableRandom r, ByteBuffer b, int at) {
      StructStreams.writeReservationCompat(r, b, at);
    }
  }
}
