package dev.abilock.examples.xen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.abilock.runtime.AbiViolationException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/**
 * Xen's two in-flight struct breaks, replayed on the example codecs: what the current layouts read
 * from an image a guest saved under the release before. The old layouts are written here, not kept
 * in the sources: the manifest records only what was published, and gate B would refuse either
 * change (processor's {@code StructsTest} shows the build failing).
 */
class InFlightImagesTest {
  /** Xen 4.5's {@code XENMEM_access_op_*} numbers, before 4.6 deleted {@code resume}. */
  private static final int RESUME_45 = 0;

  private static final int SET_ACCESS_45 = 1;
  private static final int GET_ACCESS_45 = 2;
  private static final int DISABLE_EMULATE_45 = 4;

  private static ByteBuffer accessOp(int op) {
    ByteBuffer b = ByteBuffer.allocate(MemAccessOpCodec.SIZE);
    MemAccessOpCodec.op(b, 0, (byte) op);
    MemAccessOpCodec.access(b, 0, (byte) 7); // XENMEM_access_rwx
    MemAccessOpCodec.domid(b, 0, (short) 1);
    MemAccessOpCodec.nr(b, 0, 512);
    MemAccessOpCodec.pfn(b, 0, 0x1000);
    return b;
  }

  @Test
  void aSavedSetAccessOf45IsReadAsGetAccessBy46() {
    MemAccessOpCodec.State s = MemAccessOpCodec.decode(accessOp(SET_ACCESS_45), 0);
    assertEquals(MemAccessOp.XENMEM_access_op_get_access, s.op(), "valid, and misread");
    // 4.5's resume is 4.6's set_access; its disable_emulate is set_access_multi since 4.8.
    assertEquals(
        MemAccessOp.XENMEM_access_op_set_access,
        MemAccessOpCodec.decode(accessOp(RESUME_45), 0).op());
    assertEquals(
        MemAccessOp.XENMEM_access_op_set_access_multi,
        MemAccessOpCodec.decode(accessOp(DISABLE_EMULATE_45), 0).op());
  }

  @Test
  void aSavedGetAccessOf45HasNoMeaningNowAndIsRefused() {
    AbiViolationException e =
        assertThrows(
            AbiViolationException.class,
            () -> MemAccessOpCodec.validate(accessOp(GET_ACCESS_45), 0));
    assertEquals(AbiViolationException.Kind.UNKNOWN_OP, e.kind());
    assertTrue(e.getMessage().contains("unknown sub-op 2 in op"), e.getMessage());
  }

  /** A 4.4 guest's image: domid 0..1, hole 2..7, first_pfn 8..15, a 64-bit nr 16..23. */
  @Test
  void a44ModifiedMemoryImageIsMisreadBy45AndRefusedSince49() {
    ByteBuffer image = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    image.putShort(0, (short) 1).putLong(8, 0x40000L).putLong(16, 300L);
    assertEquals(0, HvmModifiedMemoryCodec.nr(image, 0), "4.5 reads nr from the old hole");
    assertEquals(0x40000L, HvmModifiedMemoryCodec.firstPfn(image, 0));
    AbiViolationException e =
        assertThrows(AbiViolationException.class, () -> HvmModifiedMemoryCodec.validate(image, 0));
    assertEquals(AbiViolationException.Kind.RETIRED, e.kind());
    assertTrue(e.getMessage().contains("retired in 4.9: moved to dm_op"), e.getMessage());
  }
}
