package dev.abilock.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ReadOnlyBufferException;
import org.junit.jupiter.api.Test;

class ByteBufferViewsTest {
  @Test
  void viewsAreLittleEndianWhateverTheBuffersOrderAndAtAnyIndex() {
    for (ByteBuffer b :
        new ByteBuffer[] {
          ByteBuffer.allocate(16), ByteBuffer.allocateDirect(16).order(ByteOrder.BIG_ENDIAN)
        }) {
      ByteBufferViews.LE64.set(b, 1, 0x0807060504030201L);
      ByteBufferViews.LE32.set(b, 9, 0x0c0b0a09);
      ByteBufferViews.LE16.set(b, 13, (short) 0x0e0d);
      byte[] bytes = new byte[16];
      b.get(0, bytes);
      assertArrayEquals(
          new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 0}, bytes, b.toString());
      assertEquals(0x0e0d0c0b, (int) ByteBufferViews.LE32.get(b, 11));
      assertEquals(0, b.position(), "no position change");
    }
  }

  @Test
  void viewsCheckTheLimitAndRefuseReadOnlyBuffers() {
    ByteBuffer b = ByteBuffer.allocate(16).limit(8);
    assertThrows(IndexOutOfBoundsException.class, () -> ByteBufferViews.LE64.get(b, 1));
    ByteBuffer ro = ByteBuffer.allocate(16).asReadOnlyBuffer();
    assertEquals(0L, (long) ByteBufferViews.LE64.get(ro, 8));
    assertThrows(ReadOnlyBufferException.class, () -> ByteBufferViews.LE64.set(ro, 0, 1L));
  }

  @Test
  void jdk17sSegmentTypeIsLoadedBeforeAnyCodecRuns() {
    // JDK 17 has the type whose late loading slows a C2 compile; the second JDK (25) does not.
    int feature = Runtime.version().feature();
    if (feature == 17) {
      assertEquals(true, ByteBufferViews.SEGMENT_TYPE_LOADED);
    } else if (feature >= 22) {
      assertEquals(false, ByteBufferViews.SEGMENT_TYPE_LOADED);
    }
  }
}
