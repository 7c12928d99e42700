package dev.abilock.examples;

import dev.abilock.examples.xen.GrantTableOpCodec;
import dev.abilock.examples.xen.HvmModifiedMemoryCodec;
import dev.abilock.examples.xen.HvmOpCodec;
import dev.abilock.examples.xen.MemAccessOp;
import dev.abilock.examples.xen.MemAccessOpCodec;
import dev.abilock.examples.xen.MemoryOp;
import dev.abilock.examples.xen.MemoryOpCodec;
import dev.abilock.examples.xen.MemoryReservationCodec;
import dev.abilock.examples.xen.MmuUpdateCodec;
import dev.abilock.runtime.AbiViolationException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;

/**
 * The main job: a guest issues a large {@code XENMEM_decrease_reservation}; the hypervisor preempts
 * it every few extents and hands back a continuation word, which travels with the guest to another
 * host (a migration), where the call resumes. Then the same for a 32-bit compat guest, a few forged
 * words that the generated {@code validate} refuses, and the argument structs the continuations
 * re-read: a 32-bit guest's image translated, and Xen's two in-flight struct breaks.
 */
public final class Demo {
  private static final int EXTENTS = 1000;
  private static final int BUDGET = 256;

  private Demo() {}

  /** A host running a hypervisor: does at most {@link #BUDGET} extents per call, then preempts. */
  private record Host(String name) {
    /**
     * Runs memory_op from a (guest-controlled) 64-bit word; returns the continuation word, or -1
     * when done.
     */
    long memoryOp(long word, int nrExtents) {
      MemoryOpCodec.State state = MemoryOpCodec.decode(word);
      long next = Math.min(nrExtents, state.startExtent() + BUDGET);
      return next == nrExtents ? -1 : MemoryOpCodec.encode(state.cmd(), next, 0);
    }

    /** The same for a 32-bit guest: the word is the compat word. */
    long memoryOpCompat(int word, int nrExtents) {
      MemoryOpCodec.State state = MemoryOpCodec.decodeCompat(word);
      long next = Math.min(nrExtents, state.startExtent() + BUDGET);
      return next == nrExtents
          ? -1
          : Integer.toUnsignedLong(MemoryOpCodec.encodeCompat(state.cmd(), next, 0));
    }
  }

  public static void main(String[] args) {
    Host[] hosts = {new Host("host-a"), new Host("host-b")};

    heading(
        "memory_op, 64-bit guest: XENMEM_decrease_reservation of "
            + EXTENTS
            + " extents, preempted every "
            + BUDGET);
    long word = MemoryOpCodec.encode(MemoryOp.XENMEM_decrease_reservation, 0, 0);
    for (int call = 0; word != -1; call++) {
      Host host = hosts[call % 2];
      long resumed = word;
      word = host.memoryOp(resumed, EXTENTS);
      if (word == -1) {
        System.out.printf(Locale.ROOT, "  %s resumes %s: done%n", host.name(), hex(resumed, 64));
      } else {
        System.out.printf(
            Locale.ROOT,
            "  %s resumes %s, preempts at extent %4d -> word %s, guest migrates%n",
            host.name(),
            hex(resumed, 64),
            MemoryOpCodec.startExtent(word),
            hex(word, 64));
      }
    }
    System.out.printf(
        Locale.ROOT,
        "  (Xen's own example: resumed at extent 5 the word is %s)%n",
        hex(MemoryOpCodec.encode(MemoryOp.XENMEM_decrease_reservation, 5, 0), 64));

    heading(
        "memory_op, 32-bit compat guest: the same call in a 32-bit register (26 bits of progress)");
    long compat =
        Integer.toUnsignedLong(
            MemoryOpCodec.encodeCompat(MemoryOp.XENMEM_decrease_reservation, 0, 0));
    for (int call = 0; compat != -1; call++) {
      Host host = hosts[call % 2];
      long resumed = compat;
      compat = host.memoryOpCompat((int) resumed, EXTENTS);
      System.out.printf(
          Locale.ROOT,
          "  %s resumes %s%s%n",
          host.name(),
          hex(resumed, 32),
          compat == -1 ? ": done" : " -> word " + hex(compat, 32) + ", guest migrates");
    }
    refuse(
        "the compat word has no room for extent 2^26",
        () -> MemoryOpCodec.encodeCompat(MemoryOp.XENMEM_decrease_reservation, 1L << 26, 0));

    heading("XENMEM_access_op keeps its iterator in place on the same bits");
    long access = MemoryOpCodec.encode(MemoryOp.XENMEM_access_op, 0, 128);
    System.out.printf(
        Locale.ROOT,
        "  start_iter 128 -> word %s; decoded: %s%n",
        hex(access, 64),
        MemoryOpCodec.decode(access));

    heading("Retired on purpose: a guest migrated in the middle of a call that has since moved");
    // Xen 4.8 saved HVMOP_modified_memory, preempted at iteration 0x100, as op | start_iter.
    refuse("a 4.8 guest's HVMOP_modified_memory word 0x107", () -> HvmOpCodec.validate(0x107));
    refuse(
        "an x86 guest's cache_flush at ref 0x5000, saved before 4.21",
        () -> GrantTableOpCodec.validate(0x500c));
    System.out.println(
        "  (codes 7, 8 and 12 stay reserved: a new op there would read these words as itself)");

    heading("Forged words: the guest controls them, validate refuses them");
    refuse("XENMEM_maximum_ram_page with bit 6 set", () -> MemoryOpCodec.validate(0x42));
    refuse("memory_op code 63 (no such op)", () -> MemoryOpCodec.validate(0x3f));
    refuse("HVMOP_set_param with progress bits", () -> HvmOpCodec.validate(0x100));
    refuse("GNTTABOP_copy with a saved grant ref", () -> GrantTableOpCodec.validate(0x1005));
    refuse(
        "GNTTABOP_copy with a bit above bit 31", () -> GrantTableOpCodec.validate(0x1_0000_0005L));
    refuse(
        "encode never truncates: mmu_update count 2^31",
        () -> MmuUpdateCodec.encode(1 << 31, false));
    System.out.printf(
        Locale.ROOT,
        "  accepted: mmu_update, 7 left, preempted -> %s%n",
        hex(MmuUpdateCodec.encode(7, true), 32));

    heading("Argument structs: the images in guest memory that continuations re-read");
    // A 32-bit guest's XENMEM_decrease_reservation argument: 1000 extents of order 0 for
    // DOMID_SELF, its handle a 32-bit guest pointer. The hypervisor reads it as a native struct.
    ByteBuffer compatImage = ByteBuffer.allocate(MemoryReservationCodec.COMPAT_SIZE);
    MemoryReservationCodec.extentStartCompat(compatImage, 0, 0x00c0_f000L);
    MemoryReservationCodec.nrExtentsCompat(compatImage, 0, EXTENTS);
    MemoryReservationCodec.extentOrderCompat(compatImage, 0, 0);
    MemoryReservationCodec.memFlagsCompat(compatImage, 0, 0);
    MemoryReservationCodec.domidCompat(compatImage, 0, (short) 0x7ff0);
    ByteBuffer nativeImage = ByteBuffer.allocate(MemoryReservationCodec.SIZE);
    MemoryReservationCodec.compatToNative(compatImage, 0, nativeImage, 0);
    System.out.printf(
        Locale.ROOT,
        "  xen_memory_reservation, x86_32 (%d bytes): %s%n",
        MemoryReservationCodec.COMPAT_SIZE,
        bytes(compatImage));
    System.out.printf(
        Locale.ROOT,
        "  compatToNative -> x86_64 (%d bytes):      %s%n",
        MemoryReservationCodec.SIZE,
        bytes(nativeImage));
    System.out.printf(
        Locale.ROOT, "  decoded: %s%n", MemoryReservationCodec.decode(nativeImage, 0));
    MemoryReservationCodec.extentStart(nativeImage, 0, 0x7f00_0000_1000L);
    refuse(
        "a native handle above 4 GiB back to x86_32",
        () -> MemoryReservationCodec.nativeToCompat(nativeImage, 0, compatImage, 0));

    // Xen 4.4 wrote the advanced first_pfn and nr back into the guest's xen_hvm_modified_memory
    // (domid 0..1, hole 2..7, first_pfn 8..15, nr 16..23) before continuing.
    ByteBuffer image44 = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    image44.putShort(0, (short) 1).putLong(8, 0x40000L).putLong(16, 300L);
    System.out.printf(
        Locale.ROOT,
        "  a 4.4 guest's xen_hvm_modified_memory, 300 pages left at pfn 0x40000: %s%n",
        bytes(image44));
    System.out.printf(
        Locale.ROOT,
        "  the 4.5 layout reads it as domid %d, nr %d (from the old hole), first_pfn 0x%x%n",
        HvmModifiedMemoryCodec.domid(image44, 0),
        HvmModifiedMemoryCodec.nr(image44, 0),
        HvmModifiedMemoryCodec.firstPfn(image44, 0));
    refuse("that image today", () -> HvmModifiedMemoryCodec.validate(image44, 0));

    // Xen 4.6 renumbered XENMEM_access_op's sub-ops: 4.5's set_access was 1, its get_access 2.
    ByteBuffer access45 = ByteBuffer.allocate(MemAccessOpCodec.SIZE);
    MemAccessOpCodec.op(access45, 0, (byte) 1);
    MemAccessOpCodec.nr(access45, 0, 512);
    MemAccessOpCodec.pfn(access45, 0, 0x1000);
    MemAccessOpCodec.State misread = MemAccessOpCodec.decode(access45, 0);
    System.out.printf(
        Locale.ROOT,
        "  a 4.5 guest's saved set_access (sub-op 1) passes validate and is read as %s%n",
        misread.op() == MemAccessOp.XENMEM_access_op_get_access
            ? "XENMEM_access_op_get_access"
            : "sub-op " + misread.op());
    MemAccessOpCodec.op(access45, 0, (byte) 2);
    refuse(
        "a 4.5 guest's saved get_access (sub-op 2)", () -> MemAccessOpCodec.validate(access45, 0));
    System.out.println(
        "  (the sub-op lines of the manifest make such a renumbering fail the build)");

    heading("What abilock generated (constants of the codecs, equal to Xen's)");
    constant("MEMOP_CMD_MASK", MemoryOpCodec.CMD_MASK);
    System.out.printf(
        Locale.ROOT, "  %-22s %d%n", "MEMOP_EXTENT_SHIFT", MemoryOpCodec.START_EXTENT_SHIFT);
    constant("HVMOP_op_mask", HvmOpCodec.OP_MASK);
    constant("GNTTABOP_CMD_MASK", GrantTableOpCodec.CMD_MASK);
    constant("GNTTABOP_ARG_MASK", GrantTableOpCodec.ARG_MASK);
    constant("MMU_UPDATE_PREEMPTED", MmuUpdateCodec.PREEMPTED_MASK);
    System.out.println(
        "  codecs: examples/target/generated-sources/annotations/dev/abilock/examples/xen/*Codec.java");
    System.out.println(
        "  frozen layout: examples/abilock.manifest (the build fails if a published line would change)");
  }

  private static void heading(String text) {
    System.out.println();
    System.out.println("== " + text);
  }

  private static void refuse(String what, Runnable attempt) {
    try {
      attempt.run();
      throw new AssertionError("accepted: " + what);
    } catch (AbiViolationException e) {
      System.out.printf(Locale.ROOT, "  refused: %-48s %s%n", what, e.getMessage());
    }
  }

  private static void constant(String name, long value) {
    System.out.printf(Locale.ROOT, "  %-22s %s%n", name, "0x" + Long.toHexString(value));
  }

  private static String bytes(ByteBuffer image) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < image.limit(); i++) {
      out.append(String.format(Locale.ROOT, "%02x", image.get(i) & 0xff));
    }
    return out.toString();
  }

  private static String hex(long value, int width) {
    String digits = Long.toHexString(value);
    return "0x" + "0".repeat(Math.max(0, width / 4 - digits.length())) + digits;
  }
}
