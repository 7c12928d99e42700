package dev.abilock.benchmarks;

import static dev.abilock.benchmarks.StructStreams.ACCESS;
import static dev.abilock.benchmarks.StructStreams.IMAGES;
import static dev.abilock.benchmarks.StructStreams.MODIFIED_MEMORY;
import static dev.abilock.benchmarks.StructStreams.RESERVATION;

import dev.abilock.examples.xen.HvmModifiedMemoryCodec;
import dev.abilock.examples.xen.MemAccessOpCodec;
import dev.abilock.examples.xen.MemoryReservationCodec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The argument-struct codecs over mixed streams of valid images ({@link StructStreams}): each case
 * three ways in one run, the generated codec ({@code Generated}), the hand-written {@link
 * ByteBuffer} code ({@code Hand}, {@link HandWrittenStructs}) and the hand-written {@code
 * VarHandle} code ({@code VarHandle}, {@link VarHandleStructs}). Times are per image. Settings and
 * pairing: {@link PairedBenchmark}.
 *
 * <p>{@code Getters} reads every member of every image (xen_mem_access_op, xen_memory_reservation
 * and the retired xen_hvm_modified_memory, whose images nothing validates any more); {@code
 * Validate} validates each image of the live structs and reads every member; {@code DecodeFields}
 * decodes and reads the record's components in place; {@code Decode} lets the record escape into a
 * Blackhole; {@code CompatToNative} translates 32-bit guests' reservation images into one native
 * scratch area, {@code NativeToCompat} native images that fit back into a compat one.
 */
@OperationsPerInvocation(IMAGES)
public class StructStreamBenchmark extends PairedBenchmark {
  /** Scratch images the translations write, cycled through so that stores do not all collide. */
  private static final int SCRATCH = 64;

  ByteBuffer all;
  byte[] allKinds;
  int[] allAt;
  ByteBuffer live;
  byte[] liveKinds;
  int[] liveAt;
  ByteBuffer compat;
  int[] compatAt;
  ByteBuffer fits;
  int[] fitsAt;
  ByteBuffer nativeOut;
  ByteBuffer compatOut;

  @Setup
  public void setUp() {
    StructStreams.Batch a = StructStreams.nativeImages(ACCESS, RESERVATION, MODIFIED_MEMORY);
    all = a.buffer();
    allKinds = a.kinds();
    allAt = a.at();
    StructStreams.Batch l = StructStreams.nativeImages(ACCESS, RESERVATION);
    live = l.buffer();
    liveKinds = l.kinds();
    liveAt = l.at();
    StructStreams.Batch c = StructStreams.reservations(true);
    compat = c.buffer();
    compatAt = c.at();
    StructStreams.Batch f = StructStreams.reservations(false);
    fits = f.buffer();
    fitsAt = f.at();
    nativeOut =
        ByteBuffer.allocate(SCRATCH * MemoryReservationCodec.SIZE).order(ByteOrder.LITTLE_ENDIAN);
    compatOut =
        ByteBuffer.allocate(SCRATCH * MemoryReservationCodec.COMPAT_SIZE)
            .order(ByteOrder.LITTLE_ENDIAN);
  }

  @Benchmark
  public long gettersGenerated() {
    ByteBuffer b = all;
    long sum = 0;
    for (int i = 0; i < IMAGES; i++) {
      int at = allAt[i];
      switch (allKinds[i]) {
        case ACCESS ->
            sum +=
                MemAccessOpCodec.op(b, at)
                    + MemAccessOpCodec.access(b, at)
                    + MemAccessOpCodec.domid(b, at)
                    + MemAccessOpCodec.nr(b, at)
                    + MemAccessOpCodec.pfn(b, at);
        case RESERVATION ->
            sum +=
                MemoryReservationCodec.extentStart(b, at)
                    + MemoryReservationCodec.nrExtents(b, at)
                    + MemoryReservationCodec.extentOrder(b, at)
                    + MemoryReservationCodec.memFlags(b, at)
                    + MemoryReservationCodec.domid(b, at);
        default ->
            sum +=
                HvmModifiedMemoryCodec.domid(b, at)
                    + HvmModifiedMemoryCodec.nr(b, at)
                    + HvmModifiedMemoryCodec.firstPfn(b, at);
      }
    }
    return sum;
  }

  @Benchmark
  public long gettersHand() {
    ByteBuffer b = all;
    long sum = 0;
    for (int i = 0; i < IMAGES; i++) {
      int at = allAt[i];
      switch (allKinds[i]) {
        case ACCESS ->
            sum +=
                HandWrittenStructs.MemAccessOp.op(b, at)
                    + HandWrittenStructs.MemAccessOp.access(b, at)
                    + HandWrittenStructs.MemAccessOp.domid(b, at)
                    + HandWrittenStructs.MemAccessOp.nr(b, at)
                    + HandWrittenStructs.MemAccessOp.pfn(b, at);
        case RESERVATION ->
            sum +=
                HandWrittenStructs.MemoryReservation.extentStart(b, at)
                    + HandWrittenStructs.MemoryReservation.nrExtents(b, at)
                    + HandWrittenStructs.MemoryReservation.extentOrder(b, at)
                    + HandWrittenStructs.MemoryReservation.memFlags(b, at)
                    + HandWrittenStructs.MemoryReservation.domid(b, at);
        default ->
            sum +=
                HandWrittenStructs.HvmModifiedMemory.domid(b, at)
                    + HandWrittenStructs.HvmModifiedMemory.nr(b, at)
                    + HandWrittenStructs.HvmModifiedMemory.firstPfn(b, at);
      }
    }
    return sum;
  }

  @Benchmark
  public long gettersVarHandle() {
    ByteBuffer b = all;
    long sum = 0;
    for (int i = 0; i < IMAGES; i++) {
      int at = allAt[i];
      switch (allKinds[i]) {
        case ACCESS ->
            sum +=
                VarHandleStructs.MemAccessOp.op(b, at)
                    + VarHandleStructs.MemAccessOp.access(b, at)
                    + VarHandleStructs.MemAccessOp.domid(b, at)
                    + VarHandleStructs.MemAccessOp.nr(b, at)
                    + VarHandleStructs.MemAccessOp.pfn(b, at);
        case RESERVATION ->
            sum +=
                VarHandleStructs.MemoryReservation.extentStart(b, at)
                    + VarHandleStructs.MemoryReservation.nrExtents(b, at)
                    + VarHandleStructs.MemoryReservation.extentOrder(b, at)
                    + VarHandleStructs.MemoryReservation.memFlags(b, at)
                    + VarHandleStructs.MemoryReservation.domid(b, at);
        default ->
            sum +=
                VarHandleStructs.HvmModifiedMemory.domid(b, at)
                    + VarHandleStructs.HvmModifiedMemory.nr(b, at)
                    + VarHandleStructs.HvmModifiedMemory.firstPfn(b, at);
      }
    }
    return sum;
  }

  @Benchmark
  public long validateGenerated() {
    ByteBuffer b = live;
    long sum = 0;
    for (int i = 0; i < IMAGES; i++) {
      int at = liveAt[i];
      if (liveKinds[i] == ACCESS) {
        MemAccessOpCodec.validate(b, at);
        sum +=
            MemAccessOpCodec.op(b, at)
                + MemAccessOpCodec.access(b, at)
                + MemAccessOpCodec.domid(b, at)
                + MemAccessOpCodec.nr(b, at)
                + MemAccessOpCodec.pfn(b, at);
      } else {
        MemoryReservationCodec.validate(b, at);
        sum +=
            MemoryReservationCodec.extentStart(b, at)
                + MemoryReservationCodec.nrExtents(b, at)
                + MemoryReservationCodec.extentOrder(b, at)
                + MemoryReservationCodec.memFlags(b, at)
                + MemoryReservationCodec.domid(b, at);
      }
    }
    return sum;
  }

  @Benchmark
  public long validateHand() {
    ByteBuffer b = live;
    long sum = 0;
    for (int i = 0; i < IMAGES; i++) {
      int at = liveAt[i];
      if (liveKinds[i] == ACCESS) {
        HandWrittenStructs.MemAccessOp.validate(b, at);
        sum +=
            HandWrittenStructs.MemAccessOp.op(b, at)
                + HandWrittenStructs.MemAccessOp.access(b, at)
                + HandWrittenStructs.MemAccessOp.domid(b, at)
                + HandWrittenStructs.MemAccessOp.nr(b, at)
                + HandWrittenStructs.MemAccessOp.pfn(b, at);
      } else {
        HandWrittenStructs.MemoryReservation.validate(b, at);
        sum +=
            HandWrittenStructs.MemoryReservation.extentStart(b, at)
                + HandWrittenStructs.MemoryReservation.nrExtents(b, at)
                + HandWrittenStructs.MemoryReservation.extentOrder(b, at)
                + HandWrittenStructs.MemoryReservation.memFlags(b, at)
                + HandWrittenStructs.MemoryReservation.domid(b, at);
      }
    }
    return sum;
  }

  @Benchmark
  public long validateVarHandle() {
    ByteBuffer b = live;
    long sum = 0;
    for (int i = 0; i < IMAGES; i++) {
      int at = liveAt[i];
      if (liveKinds[i] == ACCESS) {
        VarHandleStructs.MemAccessOp.validate(b, at);
        sum +=
            VarHandleStructs.MemAccessOp.op(b, at)
                + VarHandleStructs.MemAccessOp.access(b, at)
                + VarHandleStructs.MemAccessOp.domid(b, at)
                + VarHandleStructs.MemAccessOp.nr(b, at)
                + VarHandleStructs.MemAccessOp.pfn(b, at);
      } else {
        VarHandleStructs.MemoryReservation.validate(b, at);
        sum +=
            VarHandleStructs.MemoryReservation.extentStart(b, at)
                + VarHandleStructs.MemoryReservation.nrExtents(b, at)
                + VarHandleStructs.MemoryReservation.extentOrder(b, at)
                + VarHandleStructs.MemoryReservation.memFlags(b, at)
                + VarHandleStructs.MemoryReservation.domid(b, at);
      }
    }
    return sum;
  }

  @Benchmark
  public long decodeFieldsGenerated() {
    ByteBuffer b = live;
    long sum = 0;
    for (int i = 0; i < IMAGES; i++) {
      int at = liveAt[i];
      if (liveKinds[i] == ACCESS) {
        MemAccessOpCodec.State s = MemAccessOpCodec.decode(b, at);
        sum += s.op() + s.access() + s.domid() + s.nr() + s.pfn();
      } else {
        MemoryReservationCodec.State s = MemoryReservationCodec.decode(b, at);
        sum += s.extentStart() + s.nrExtents() + s.extentOrder() + s.memFlags() + s.domid();
      }
    }
    return sum;
  }

  @Benchmark
  public long decodeFieldsHand() {
    ByteBuffer b = live;
    long sum = 0;
    for (int i = 0; i < IMAGES; i++) {
      int at = liveAt[i];
      if (liveKinds[i] == ACCESS) {
        HandWrittenStructs.MemAccessOp.State s = HandWrittenStructs.MemAccessOp.decode(b, at);
        sum += s.op() + s.access() + s.domid() + s.nr() + s.pfn();
      } else {
        HandWrittenStructs.MemoryReservation.State s =
            HandWrittenStructs.MemoryReservation.decode(b, at);
        sum += s.extentStart() + s.nrExtents() + s.extentOrder() + s.memFlags() + s.domid();
      }
    }
    return sum;
  }

  @Benchmark
  public long decodeFieldsVarHandle() {
    ByteBuffer b = live;
    long sum = 0;
    for (int i = 0; i < IMAGES; i++) {
      int at = liveAt[i];
      if (liveKinds[i] == ACCESS) {
        VarHandleStructs.MemAccessOp.State s = VarHandleStructs.MemAccessOp.decode(b, at);
        sum += s.op() + s.access() + s.domid() + s.nr() + s.pfn();
      } else {
        VarHandleStructs.MemoryReservation.State s =
            VarHandleStructs.MemoryReservation.decode(b, at);
        sum += s.extentStart() + s.nrExtents() + s.extentOrder() + s.memFlags() + s.domid();
      }
    }
    return sum;
  }

  @Benchmark
  public void decodeGenerated(Blackhole bh) {
    ByteBuffer b = live;
    for (int i = 0; i < IMAGES; i++) {
      int at = liveAt[i];
      bh.consume(
          liveKinds[i] == ACCESS
              ? MemAccessOpCodec.decode(b, at)
              : MemoryReservationCodec.decode(b, at));
    }
  }

  @Benchmark
  public void decodeHand(Blackhole bh) {
    ByteBuffer b = live;
    for (int i = 0; i < IMAGES; i++) {
      int at = liveAt[i];
      bh.consume(
          liveKinds[i] == ACCESS
              ? HandWrittenStructs.MemAccessOp.decode(b, at)
              : HandWrittenStructs.MemoryReservation.decode(b, at));
    }
  }

  @Benchmark
  public void decodeVarHandle(Blackhole bh) {
    ByteBuffer b = live;
    for (int i = 0; i < IMAGES; i++) {
      int at = liveAt[i];
      bh.consume(
          liveKinds[i] == ACCESS
              ? VarHandleStructs.MemAccessOp.decode(b, at)
              : VarHandleStructs.MemoryReservation.decode(b, at));
    }
  }

  @Benchmark
  public long compatToNativeGenerated() {
    ByteBuffer src = compat;
    ByteBuffer dst = nativeOut;
    long sum = 0;
    for (int i = 0; i < IMAGES; i++) {
      int dstAt = (i % SCRATCH) * MemoryReservationCodec.SIZE;
      MemoryReservationCodec.compatToNative(src, compatAt[i], dst, dstAt);
      sum += dst.get(dstAt);
    }
    return sum;
  }

  @Benchmark
  public long compatToNativeHand() {
    ByteBuffer src = compat;
    ByteBuffer dst = nativeOut;
    long sum = 0;
    for (int i = 0; i < IMAGES; i++) {
      int dstAt = (i % SCRATCH) * MemoryReservationCodec.SIZE;
      HandWrittenStructs.MemoryReservation.compatToNative(src, compatAt[i], dst, dstAt);
      sum += dst.get(dstAt);
    }
    return sum;
  }

  @Benchmark
  public long compatToNativeVarHandle() {
    ByteBuffer src = compat;
    ByteBuffer dst = nativeOut;
    long sum = 0;
    for (int i = 0; i < IMAGES; i++) {
      int dstAt = (i % SCRATCH) * MemoryReservationCodec.SIZE;
      VarHandleStructs.MemoryReservation.compatToNative(src, compatAt[i], dst, dstAt);
      sum += dst.get(dstAt);
    }
    return sum;
  }

  @Benchmark
  public long nativeToCompatGenerated() {
    ByteBuffer src = fits;
    ByteBuffer dst = compatOut;
    long sum = 0;
    for (int i = 0; i < IMAGES; i++) {
      int dstAt = (i % SCRATCH) * MemoryReservationCodec.COMPAT_SIZE;
      MemoryReservationCodec.nativeToCompat(src, fitsAt[i], dst, dstAt);
      sum += dst.get(dstAt);
    }
    return sum;
  }

  @Benchmark
  public long nativeToCompatHand() {
    ByteBuffer src = fits;
    ByteBuffer dst = compatOut;
    long sum = 0;
    for (int i = 0; i < IMAGES; i++) {
      int dstAt = (i % SCRATCH) * MemoryReservationCodec.COMPAT_SIZE;
      HandWrittenStructs.MemoryReservation.nativeToCompat(src, fitsAt[i], dst, dstAt);
      sum += dst.get(dstAt);
    }
    return sum;
  }

  @Benchmark
  public long nativeToCompatVarHandle() {
    ByteBuffer src = fits;
    ByteBuffer dst = compatOut;
    long sum = 0;
    for (int i = 0; i < IMAGES; i++) {
      int dstAt = (i % SCRATCH) * MemoryReservationCodec.COMPAT_SIZE;
      VarHandleStructs.MemoryReservation.nativeToCompat(src, fitsAt[i], dst, dstAt);
      sum += dst.get(dstAt);
    }
    return sum;
  }
}
