package dev.abilock.benchmarks;

import dev.abilock.runtime.AbiViolationException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The same baselines as {@link HandWrittenStructs}, reading and writing through {@link
 * MethodHandles#byteBufferViewVarHandle} views with {@link ByteOrder#LITTLE_ENDIAN}, the other way
 * a careful engineer reads little-endian fields at any index whatever the buffer's order (plain
 * access: unaligned indexes are allowed). Single bytes have no view and go through the buffer.
 */
final class VarHandleStructs {
  private VarHandleStructs() {}

  private static final VarHandle I16 =
      MethodHandles.byteBufferViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle I32 =
      MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle I64 =
      MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  static {
    // What the runtime's ByteBufferViews does for the generated codecs (its comment says why), so
    // that the pair compares code, not which side's C2 compile raced JDK 17's class loading.
    try {
      Class.forName("jdk.internal.access.foreign.MemorySegmentProxy", false, null);
    } catch (ClassNotFoundException absent) {
      // A later JDK: nothing to arrange.
    }
  }

  static short u16(ByteBuffer b, int i) {
    return (short) I16.get(b, i);
  }

  static int u32(ByteBuffer b, int i) {
    return (int) I32.get(b, i);
  }

  static long u64(ByteBuffer b, int i) {
    return (long) I64.get(b, i);
  }

  static void put16(ByteBuffer b, int i, short v) {
    I16.set(b, i, v);
  }

  static void put32(ByteBuffer b, int i, int v) {
    I32.set(b, i, v);
  }

  static void put64(ByteBuffer b, int i, long v) {
    I64.set(b, i, v);
  }

  /** The image at {@code at} of {@code size} bytes lies inside the buffer's limit. */
  static void inside(String struct, ByteBuffer b, int at, int size) {
    if (at < 0 || at > b.limit() - size) {
      throw AbiViolationException.shortImage(struct, at, b.limit(), size);
    }
  }

  /**
   * {@code struct xen_hvm_modified_memory} (Xen 4.5 on): domid u16 at 0, pad0 2..3 (must be zero),
   * nr u32 at 4, first_pfn u64 at 8; 16 bytes. Retired with HVMOP_modified_memory in 4.9.
   */
  static final class HvmModifiedMemory {
    static final String NAME = "xen_hvm_modified_memory";
    static final int SIZE = 16;

    static short domid(ByteBuffer b, int at) {
      return u16(b, at);
    }

    static int nr(ByteBuffer b, int at) {
      return u32(b, at + 4);
    }

    static long firstPfn(ByteBuffer b, int at) {
      return u64(b, at + 8);
    }

    /** Retired: no image is valid, so there is no pad to check. */
    static void validate(ByteBuffer b, int at) {
      throw AbiViolationException.retiredStruct(NAME, "4.9", "moved to dm_op");
    }

    record State(short domid, int nr, long firstPfn) {}

    static State decode(ByteBuffer b, int at) {
      validate(b, at);
      return new State(u16(b, at), u32(b, at + 4), u64(b, at + 8));
    }
  }

  /**
   * {@code struct xen_mem_access_op}: op u8 at 0 (sub-ops set_access 0, get_access 1,
   * set_access_multi 4), access u8 at 1, domid u16 at 2, nr u32 at 4, pfn u64 at 8; 16 bytes.
   */
  static final class MemAccessOp {
    static final String NAME = "xen_mem_access_op";
    static final int SIZE = 16;

    static byte op(ByteBuffer b, int at) {
      return b.get(at);
    }

    static byte access(ByteBuffer b, int at) {
      return b.get(at + 1);
    }

    static short domid(ByteBuffer b, int at) {
      return u16(b, at + 2);
    }

    static int nr(ByteBuffer b, int at) {
      return u32(b, at + 4);
    }

    static long pfn(ByteBuffer b, int at) {
      return u64(b, at + 8);
    }

    static void validate(ByteBuffer b, int at) {
      inside(NAME, b, at, SIZE);
      int op = b.get(at) & 0xff;
      switch (op) {
        case 0:
        case 1:
        case 4:
          return;
        default:
          throw AbiViolationException.unknownSubOp(NAME, "op", op);
      }
    }

    record State(byte op, byte access, short domid, int nr, long pfn) {}

    static State decode(ByteBuffer b, int at) {
      validate(b, at);
      return new State(b.get(at), b.get(at + 1), u16(b, at + 2), u32(b, at + 4), u64(b, at + 8));
    }
  }

  /**
   * {@code struct xen_memory_reservation}, translated: x86_64 extent_start 0..7, nr_extents 8..15,
   * extent_order 16, mem_flags 20, domid 24, 6 bytes of tail (32); x86_32 0, 4, 8, 12, 16, 2 bytes
   * of tail (20). The tail is the compiler's padding: not checked, written as zero.
   */
  static final class MemoryReservation {
    static final String NAME = "xen_memory_reservation";
    static final int SIZE = 32;
    static final int COMPAT_SIZE = 20;

    static long extentStart(ByteBuffer b, int at) {
      return u64(b, at);
    }

    static long nrExtents(ByteBuffer b, int at) {
      return u64(b, at + 8);
    }

    static int extentOrder(ByteBuffer b, int at) {
      return u32(b, at + 16);
    }

    static int memFlags(ByteBuffer b, int at) {
      return u32(b, at + 20);
    }

    static short domid(ByteBuffer b, int at) {
      return u16(b, at + 24);
    }

    static long extentStartCompat(ByteBuffer b, int at) {
      return Integer.toUnsignedLong(u32(b, at));
    }

    static long nrExtentsCompat(ByteBuffer b, int at) {
      return Integer.toUnsignedLong(u32(b, at + 4));
    }

    static int extentOrderCompat(ByteBuffer b, int at) {
      return u32(b, at + 8);
    }

    static int memFlagsCompat(ByteBuffer b, int at) {
      return u32(b, at + 12);
    }

    static short domidCompat(ByteBuffer b, int at) {
      return u16(b, at + 16);
    }

    static void validate(ByteBuffer b, int at) {
      inside(NAME, b, at, SIZE);
    }

    static void validateCompat(ByteBuffer b, int at) {
      inside(NAME, b, at, COMPAT_SIZE);
    }

    record State(long extentStart, long nrExtents, int extentOrder, int memFlags, short domid) {}

    static State decode(ByteBuffer b, int at) {
      validate(b, at);
      return new State(
          u64(b, at), u64(b, at + 8), u32(b, at + 16), u32(b, at + 20), u16(b, at + 24));
    }

    static State decodeCompat(ByteBuffer b, int at) {
      validateCompat(b, at);
      return new State(
          Integer.toUnsignedLong(u32(b, at)),
          Integer.toUnsignedLong(u32(b, at + 4)),
          u32(b, at + 8),
          u32(b, at + 12),
          u16(b, at + 16));
    }

    /** XLAT_memory_reservation for a 32-bit guest: handle and count zero-extended, tail zero. */
    static void compatToNative(ByteBuffer src, int srcAt, ByteBuffer dst, int dstAt) {
      inside(NAME, src, srcAt, COMPAT_SIZE);
      inside(NAME, dst, dstAt, SIZE);
      put64(dst, dstAt, Integer.toUnsignedLong(u32(src, srcAt)));
      put64(dst, dstAt + 8, Integer.toUnsignedLong(u32(src, srcAt + 4)));
      put32(dst, dstAt + 16, u32(src, srcAt + 8));
      put32(dst, dstAt + 20, u32(src, srcAt + 12));
      put16(dst, dstAt + 24, u16(src, srcAt + 16));
      put16(dst, dstAt + 26, (short) 0);
      put32(dst, dstAt + 28, 0);
    }

    /** Back to a 32-bit guest: a handle or count above 4 GiB is refused, nothing written. */
    static void nativeToCompat(ByteBuffer src, int srcAt, ByteBuffer dst, int dstAt) {
      inside(NAME, src, srcAt, SIZE);
      inside(NAME, dst, dstAt, COMPAT_SIZE);
      long extentStart = u64(src, srcAt);
      if ((extentStart >>> 32) != 0) {
        throw AbiViolationException.doesNotFit(
            NAME, "extent_start", extentStart, 0xffffffffL, "u32 on x86_32");
      }
      long nrExtents = u64(src, srcAt + 8);
      if ((nrExtents >>> 32) != 0) {
        throw AbiViolationException.doesNotFit(
            NAME, "nr_extents", nrExtents, 0xffffffffL, "u32 on x86_32");
      }
      put32(dst, dstAt, (int) extentStart);
      put32(dst, dstAt + 4, (int) nrExtents);
      put32(dst, dstAt + 8, u32(src, srcAt + 16));
      put32(dst, dstAt + 12, u32(src, srcAt + 20));
      put16(dst, dstAt + 16, u16(src, srcAt + 24));
      put16(dst, dstAt + 18, (short) 0);
    }
  }
}
