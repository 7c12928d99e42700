package dev.abilock.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The little-endian views through which generated struct codecs load and store {@link
 * java.nio.ByteBuffer} images, whatever the buffer's own order: one home for every codec, so that
 * what they need from the JIT is arranged once.
 *
 * <p>Plain access modes only ({@code get}, {@code set}): images sit at any index. The views check
 * each index against the buffer's limit and refuse stores into a read-only buffer.
 */
public final class ByteBufferViews {
  private ByteBufferViews() {}

  /** 16 bits, little-endian: {@code (short) LE16.get(buffer, index)}. */
  public static final VarHandle LE16 =
      MethodHandles.byteBufferViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

  /** 32 bits, little-endian: {@code (int) LE32.get(buffer, index)}. */
  public static final VarHandle LE32 =
      MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  /** 64 bits, little-endian: {@code (long) LE64.get(buffer, index)}. */
  public static final VarHandle LE64 =
      MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /**
   * JDK 17's buffer views ask each buffer for its memory segment, whose type, {@code
   * MemorySegmentProxy}, is loaded only when a C2 compile first needs it. A method of the codec
   * that C2 compiles before then keeps every view access as an out-of-line call (the inlining log
   * says "unloaded signature classes"), grows past the size C2 inlines into its callers, and runs
   * about ten times slower for the life of the JVM: 23 to 50 ns an image instead of 3 to 5 for a
   * reservation translated, in about one fork in ten. Loading the class here, before any codec
   * runs, leaves no such window (none slow in 30 forks). Later JDKs have no such class and need
   * nothing; loading a class does not initialize it or open its package.
   */
  static final boolean SEGMENT_TYPE_LOADED = load("jdk.internal.access.foreign.MemorySegmentProxy");

  private static boolean load(String name) {
    try {
      Class.forName(name, false, null);
      return true;
    } catch (ClassNotFoundException | LinkageError absent) {
      return false;
    }
  }
}
