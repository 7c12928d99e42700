import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Run by SecondJdkTest under Java 22 or later, over struct codecs generated for {@code --release
 * 22}: each {@code MemorySegment} method agrees with its {@code ByteBuffer} twin on seeded random
 * images (the value read, the refusal and its message, the bytes written), and {@code LAYOUT} /
 * {@code COMPAT_LAYOUT} agree with the {@code int} constants.
 *
 * <p>Arguments: seed, images per codec, codec class names. Prints one {@code ok} line per codec
 * with its counts; exits 1 at the first disagreement, saying which.
 */
public final class SegmentAgreement {
  private final Class<?> codec;
  private final SplittableRandom random;
  private final int span;
  private int accepted;
  private int refused;
  private int setterRefusals;
  private int calls;

  private SegmentAgreement(Class<?> codec, SplittableRandom random) throws Exception {
    this.codec = codec;
    this.random = random;
    int size = constant("SIZE");
    if (has("COMPAT_SIZE")) {
      size = Math.max(size, constant("COMPAT_SIZE"));
    }
    this.span = size;
  }

  public static void main(String[] args) throws Exception {
    long seed = Long.parseLong(args[0]);
    int images = Integer.parseInt(args[1]);
    for (int i = 2; i < args.length; i++) {
      Class<?> codec = Class.forName(args[i]);
      SegmentAgreement a = new SegmentAgreement(codec, new SplittableRandom(seed + i));
      try {
        a.layouts();
        a.images(images);
      } catch (AssertionError e) {
        System.out.println("FAIL " + codec.getName() + ": " + e.getMessage());
        System.exit(1);
      }
      System.out.println(
          "ok "
              + codec.getName()
              + " images="
              + images
              + " calls="
              + a.calls
              + " accepted="
              + a.accepted
              + " refused="
              + a.refused
              + " setterRefusals="
              + a.setterRefusals);
    }
  }

  private boolean has(String field) {
    try {
      codec.getField(field);
      return true;
    } catch (NoSuchFieldException e) {
      return false;
    }
  }

  private int constant(String name) throws Exception {
    return codec.getField(name).getInt(null);
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new AssertionError(what);
    }
  }

  /** LAYOUT (and COMPAT_LAYOUT) against SIZE, ALIGN and every slot's offset and size constants. */
  private void layouts() throws Exception {
    layout("LAYOUT", "SIZE", "ALIGN", "_OFFSET", "_SIZE");
    if (has("COMPAT_SIZE")) {
      layout("COMPAT_LAYOUT", "COMPAT_SIZE", "COMPAT_ALIGN", "_COMPAT_OFFSET", "_COMPAT_SIZE");
    } else {
      check(!has("COMPAT_LAYOUT"), "COMPAT_LAYOUT without a compat layout");
    }
  }

  private void layout(String field, String size, String align, String offset, String bytes)
      throws Exception {
    StructLayout l = (StructLayout) codec.getField(field).get(null);
    check(l.byteSize() == constant(size), field + ".byteSize() " + l.byteSize() + " != " + size);
    check(
        l.byteAlignment() == constant(align),
        field + ".byteAlignment() " + l.byteAlignment() + " != " + align);
    List<String> named = new ArrayList<>();
    for (MemoryLayout e : l.memberLayouts()) {
      check(e.name().isPresent(), field + " has an unnamed element (a hole): " + e);
      named.add(e.name().get());
    }
    List<String> slots = new ArrayList<>();
    for (Field f : codec.getFields()) {
      String n = f.getName();
      if (Modifier.isStatic(f.getModifiers())
          && n.endsWith(offset)
          && !(offset.equals("_OFFSET") && n.endsWith("_COMPAT_OFFSET"))) {
        String slot = n.substring(0, n.length() - offset.length());
        int at = f.getInt(null);
        int length = constant(slot + bytes);
        String abiName = slot.toLowerCase(Locale.ROOT);
        if (length == 0) {
          check(!named.contains(abiName), field + " has " + abiName + ", 0 bytes on this ABI");
          continue;
        }
        slots.add(abiName);
        MemoryLayout.PathElement path = MemoryLayout.PathElement.groupElement(abiName);
        check(
            l.byteOffset(path) == at,
            field + " puts " + abiName + " at " + l.byteOffset(path) + ", " + n + " says " + at);
        check(
            l.select(path).byteSize() == length,
            field + " gives " + abiName + " " + l.select(path).byteSize() + " bytes, not " + length);
      }
    }
    check(
        slots.size() == named.size() && named.containsAll(slots),
        field + " names " + named + ", the constants " + slots);
  }

  /** Each ByteBuffer method and its MemorySegment twin, called on the same random images. */
  private void images(int images) throws Exception {
    List<Method[]> pairs = new ArrayList<>();
    int buffers = 0;
    int segments = 0;
    for (Method m : codec.getMethods()) {
      if (!Modifier.isStatic(m.getModifiers())) {
        continue;
      }
      Class<?>[] p = m.getParameterTypes();
      if (p.length > 0 && p[0] == MemorySegment.class) {
        segments++;
      }
      if (p.length == 0 || p[0] != ByteBuffer.class) {
        continue;
      }
      buffers++;
      Class<?>[] q = p.clone();
      for (int i = 0; i < q.length; i++) {
        if (q[i] == ByteBuffer.class) {
          q[i] = MemorySegment.class;
          q[i + 1] = long.class;
        }
      }
      Method twin;
      try {
        twin = codec.getMethod(m.getName(), q);
      } catch (NoSuchMethodException e) {
        throw new AssertionError("no MemorySegment twin of " + m);
      }
      check(twin.getReturnType() == m.getReturnType(), "return types differ: " + twin);
      pairs.add(new Method[] {m, twin});
    }
    check(buffers == segments, buffers + " ByteBuffer methods, " + segments + " MemorySegment ones");
    check(!pairs.isEmpty(), "no ByteBuffer methods");
    pairs.sort((a, b) -> a[0].toString().compareTo(b[0].toString()));
    for (int n = 0; n < images; n++) {
      byte[] image = image();
      int at = at(image.length);
      for (Method[] pair : pairs) {
        compare(pair[0], pair[1], image, at);
      }
    }
  }

  /** Bytes with a varying share of zeros, so that pads and sub-ops are often valid. */
  private byte[] image() {
    byte[] b = new byte[span + random.nextInt(9)];
    double zeros = new double[] {0.0, 0.5, 0.9, 0.97}[random.nextInt(4)];
    for (int i = 0; i < b.length; i++) {
      b[i] = random.nextDouble() < zeros ? 0 : (byte) random.nextInt(256);
    }
    return b;
  }

  /** Mostly an index where an image fits, sometimes one where it does not. */
  private int at(int length) {
    if (random.nextInt(10) == 0) {
      return random.nextInt(-3, length + 3);
    }
    return random.nextInt(length - span + 1);
  }

  private Object value(Class<?> type) {
    long v = random.nextBoolean() ? random.nextLong() : random.nextLong() >> random.nextInt(64);
    if (type == byte.class) {
      return (byte) v;
    } else if (type == short.class) {
      return (short) v;
    } else if (type == int.class) {
      return (int) v;
    }
    return v;
  }

  private void compare(Method buffer, Method segment, byte[] image, int at) throws Exception {
    Class<?>[] p = buffer.getParameterTypes();
    calls++;
    ByteOrder order = random.nextBoolean() ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
    try (Arena arena = Arena.ofConfined()) {
      ByteBuffer b = ByteBuffer.wrap(image.clone()).order(order);
      MemorySegment s = segment(arena, image);
      Object[] bufferArgs;
      Object[] segmentArgs;
      ByteBuffer bDst = null;
      MemorySegment sDst = null;
      if (p.length == 2) {
        bufferArgs = new Object[] {b, at};
        segmentArgs = new Object[] {s, (long) at};
      } else if (p.length == 3) {
        Object v = value(p[2]);
        bufferArgs = new Object[] {b, at, v};
        segmentArgs = new Object[] {s, (long) at, v};
      } else {
        byte[] dst = image();
        int dstAt = at(dst.length);
        bDst = ByteBuffer.wrap(dst.clone()).order(order);
        sDst = segment(arena, dst);
        bufferArgs = new Object[] {b, at, bDst, dstAt};
        segmentArgs = new Object[] {s, (long) at, sDst, (long) dstAt};
      }
      String fromBuffer = outcome(buffer, bufferArgs);
      String fromSegment = outcome(segment, segmentArgs);
      String what = buffer.getName() + Arrays.toString(bufferArgs) + " on " + hex(image);
      check(
          fromBuffer.equals(fromSegment),
          what + ": ByteBuffer " + fromBuffer + ", MemorySegment " + fromSegment);
      check(
          Arrays.equals(b.array(), s.toArray(ValueLayout.JAVA_BYTE)),
          what + ": the images differ afterwards");
      if (bDst != null) {
        check(
            Arrays.equals(bDst.array(), sDst.toArray(ValueLayout.JAVA_BYTE)),
            what + ": the translated images differ");
      }
      if (buffer.getName().startsWith("validate")) {
        if (fromBuffer.startsWith("refused")) {
          refused++;
        } else {
          accepted++;
        }
      } else if (p.length == 3 && fromBuffer.startsWith("refused")) {
        setterRefusals++;
      }
    }
  }

  /** A heap segment, a slice of a larger array, or native memory, holding a copy of image. */
  private MemorySegment segment(Arena arena, byte[] image) {
    switch (random.nextInt(3)) {
      case 0:
        return MemorySegment.ofArray(image.clone());
      case 1:
        {
          int before = random.nextInt(1, 8);
          byte[] larger = new byte[image.length + before + 3];
          System.arraycopy(image, 0, larger, before, image.length);
          return MemorySegment.ofArray(larger).asSlice(before, image.length);
        }
      default:
        {
          MemorySegment s = arena.allocate(image.length + 1, 8).asSlice(1);
          MemorySegment.copy(MemorySegment.ofArray(image), 0, s, 0, image.length);
          return s;
        }
    }
  }

  private static String outcome(Method m, Object[] args) throws Exception {
    try {
      return "returned " + Objects.toString(m.invoke(null, args));
    } catch (InvocationTargetException e) {
      Throwable t = e.getCause();
      if (t.getClass().getSimpleName().equals("AbiViolationException")) {
        return "refused " + t.getMessage();
      }
      if (t instanceof IndexOutOfBoundsException) {
        return "out of bounds";
      }
      throw new AssertionError(m + " threw " + t, t);
    }
  }

  private static String hex(byte[] b) {
    StringBuilder s = new StringBuilder();
    for (byte x : b) {
      s.append(String.format("%02x", x & 0xff));
    }
    return s.toString();
  }
}
