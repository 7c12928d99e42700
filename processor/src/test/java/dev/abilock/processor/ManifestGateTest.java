package dev.abilock.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import dev.abilock.Continuable;
import dev.abilock.core.CatalogueEntry;
import dev.abilock.core.GateMessage;
import dev.abilock.core.ManifestMessage;
import dev.abilock.core.manifest.CorruptionCorpus;
import dev.abilock.runtime.AbiViolationException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gates A and B as a user meets them: sources evolve over two or more compiles against one
 * manifest. Every failing compile must name the rule, point at the source, show old -> new (and a
 * witness when a saved word is misread), and leave the manifest byte for byte as it was.
 */
class ManifestGateTest {
  @TempDir Path dir;
  private Path manifest;

  @BeforeEach
  void setUp() {
    manifest = dir.resolve("abilock.manifest");
  }

  // ------------------------------------------------------------------ layouts used below

  /** Xen 3.3's memory_op: a 4-bit opcode, start_extent shifted by 4 (START_EXTENT_SHIFT). */
  private static final String[] MEMORY_OP_33 = {
    "@Continuable(name = \"memory_op\", width = 64, compatWidth = 32, headerPrefix = \"MEMOP\")",
    "public class MemoryOp {",
    "  @Op(continues = \"startExtent\") public static final int XENMEM_increase_reservation = 0;",
    "  @Op(continues = \"startExtent\") public static final int XENMEM_decrease_reservation = 1;",
    "  @Op public static final int XENMEM_maximum_ram_page = 2;",
    "  @Op(continues = \"startExtent\") public static final int XENMEM_populate_physmap = 6;",
    "  @Opcode(bits = 4) int cmd;",
    "  @ContinuationField(bits = 60, compatBits = 28) long startExtent;",
    "}"
  };

  /**
   * memory_op as of 4.5: 6-bit opcode, start_extent shifted, access_op's start_iter in place on the
   * same bits.
   */
  private static final String[] MEMORY_OP_45 = {
    "@Continuable(name = \"memory_op\", width = 64, compatWidth = 32, headerPrefix = \"MEMOP\")",
    "public class MemoryOp {",
    "  @Op(continues = \"startExtent\") public static final int XENMEM_increase_reservation = 0;",
    "  @Op(continues = \"startExtent\") public static final int XENMEM_decrease_reservation = 1;",
    "  @Op public static final int XENMEM_maximum_ram_page = 2;",
    "  @Op(continues = \"startExtent\") public static final int XENMEM_populate_physmap = 6;",
    "  @Op(continues = \"startIter\") public static final int XENMEM_access_op = 21;",
    "  @Opcode(bits = 6) int cmd;",
    "  @ContinuationField(bits = 58, compatBits = 26) long startExtent;",
    "  @ContinuationField(shift = 6, bits = 58, compatBits = 26, encoding = Encoding.IN_PLACE) long startIter;",
    "}"
  };

  /** A small 32-bit word: an 8-bit opcode and a 24-bit count at an explicit shift. */
  private static final String[] RING = {
    "@Continuable(name = \"ring\", width = 32)",
    "public class Ring {",
    "  @Op(continues = \"count\") public static final int RING_push = 0;",
    "  @Op public static final int RING_reset = 1;",
    "  @Opcode(bits = 8) int op;",
    "  @ContinuationField(shift = 8, bits = 24) int count;",
    "}"
  };

  /** hvm_op before 4.5: an 8-bit opcode and ops, no progress field yet. */
  private static final String[] HVM_OP_44 = {
    "@Continuable(name = \"hvm_op\", width = 64, headerPrefix = \"HVMOP\")",
    "public class HvmOp {",
    "  @Op public static final int HVMOP_set_param = 0;",
    "  @Op public static final int HVMOP_get_param = 1;",
    "  @Op public static final int HVMOP_track_dirty_vram = 6;",
    "  @Op public static final int HVMOP_modified_memory = 7;",
    "  @Op public static final int HVMOP_set_mem_type = 8;",
    "  @Opcode(bits = 8) int op;",
    "}"
  };

  /** mmu_update: no opcode, two fields always in use. */
  private static final String[] MMU_UPDATE = {
    "@Continuable(name = \"mmu_update\", width = 32, headerPrefix = \"MMU_UPDATE\")",
    "public class MmuUpdate {",
    "  @ContinuationField(bits = 31) int count;",
    "  @ContinuationField(bits = 1, macro = \"MMU_UPDATE_PREEMPTED\") boolean preempted;",
    "}"
  };

  // ------------------------------------------------------------------ Xen 3.4: memory_op 4 -> 6

  @Test
  void memoryOpOpcodeWidenedFrom4To6BitsBreaksCmdAndStartExtentWithAWrongOpWitness()
      throws Exception {
    publish("3.3", Sources.source("MemoryOp", MEMORY_OP_33));
    assertManifestContains(
        "  opcode cmd bits 0..3 mask 0x000000000000000f published 3.3",
        "  field start_extent shifted bits 4..63 mask 0xfffffffffffffff0 published 3.3",
        "  field start_extent shifted compat-bits 4..31 compat-mask 0xfffffff0 published 3.3");

    // The naive edit: only the opcode widened. start_extent's implicit shift now runs off the word,
    // a declaration error that comes before any gate.
    JavaFileObject naive =
        Sources.source(
            "MemoryOp",
            edit(
                MEMORY_OP_33,
                "@Opcode(bits = 4)",
                "  @Opcode(bits = 6) int cmd;",
                "XENMEM_maximum_ram_page",
                "  @Op public static final int XENMEM_maximum_ram_page = 2;\n"
                    + "  @Op public static final int XENMEM_set_pod_target = 16;"));
    Compilation c = failingCompile("update", naive);
    assertEquals(
        List.of("compat-bits-outside", "field-outside-word"),
        errorIds(c).stream().sorted().toList());

    // Xen 3.4 proper: XENMEM_set_pod_target = 16 needs 6 opcode bits; start_extent keeps its
    // implicit shift, so it moves from bit 4 to bit 6.
    JavaFileObject xen34 =
        Sources.source(
            "MemoryOp",
            edit(
                MEMORY_OP_33,
                "@Opcode(bits = 4)",
                "  @Opcode(bits = 6) int cmd;",
                "long startExtent",
                "  @ContinuationField(bits = 58, compatBits = 26) long startExtent;",
                "XENMEM_maximum_ram_page",
                "  @Op public static final int XENMEM_maximum_ram_page = 2;\n"
                    + "  @Op public static final int XENMEM_set_pod_target = 16;"));
    for (String mode : List.of("check", "update")) {
      c = failingCompile(mode, xen34);
      assertEquals(
          List.of("field-shifted", "field-widened"), errorIds(c).stream().sorted().toList());

      String cmd = errorText(c, GateMessage.FIELD_WIDENED);
      assertError(c, GateMessage.FIELD_WIDENED, xen34, "@Opcode(bits = 6)", "6)");
      assertContainsAll(
          cmd,
          "[field-widened] memory_op: published opcode cmd widened: bits 0..3 -> 0..5",
          "published: opcode cmd bits 0..3 mask 0x000000000000000f, compat bits 0..3 mask 0x0000000f",
          "now:       opcode cmd bits 0..5 mask 0x000000000000003f, compat bits 0..5 mask 0x0000003f",
          // op | (n << 4) with op 0, n 1: a 3.3 guest's saved word, now selecting op 16.
          "witness: word 0x0000000000000010 is op XENMEM_increase_reservation, start_extent = 1 under the"
              + " published layout, but the sources now read it as op XENMEM_set_pod_target");

      String extent = errorText(c, GateMessage.FIELD_SHIFTED);
      assertError(c, GateMessage.FIELD_SHIFTED, xen34, "long startExtent", null);
      assertContainsAll(
          extent,
          "[field-shifted] memory_op: published field start_extent moved: bits 4..63 -> 6..63",
          "published: field start_extent shifted bits 4..63 mask 0xfffffffffffffff0, compat bits 4..31 mask 0xfffffff0",
          "now:       field start_extent shifted bits 6..63 mask 0xffffffffffffffc0, compat bits 6..31 mask 0xffffffc0",
          "witness: word 0x0000000000000010 is op XENMEM_increase_reservation, start_extent = 1 under the"
              + " published layout, but the sources now read it as op XENMEM_set_pod_target");
      // The shift was never written: the message must say where the new one came from.
      assertTrue(
          extent.contains(
              "start_extent has no written shift: it starts right after the previous field"),
          extent);
    }
  }

  // ------------------------------------------------------------------ one published field changed

  @Test
  void movingAPublishedFieldByItsExplicitShiftIsFieldShifted() throws Exception {
    publish("1.0", Sources.source("Ring", RING));
    JavaFileObject moved =
        Sources.source(
            "Ring",
            edit(RING, "int count", "  @ContinuationField(shift = 12, bits = 20) int count;"));
    for (String mode : List.of("check", "update")) {
      Compilation c = failingCompile(mode, moved);
      assertEquals(List.of("field-shifted"), errorIds(c));
      assertError(c, GateMessage.FIELD_SHIFTED, moved, "shift = 12", "12,");
      assertContainsAll(
          errorText(c, GateMessage.FIELD_SHIFTED),
          "[field-shifted] ring: published field count moved: bits 8..31 -> 12..31",
          "published: field count shifted bits 8..31 mask 0xffffff00",
          "now:       field count shifted bits 12..31 mask 0xfffff000",
          "witness: word 0x00001000 is op RING_push, count = 16 under the published layout,"
              + " but the sources now read it as op RING_push, count = 1");
    }
  }

  @Test
  void narrowingAPublishedFieldIsFieldNarrowed() throws Exception {
    publish("1.0", Sources.source("Ring", RING));
    JavaFileObject narrowed =
        Sources.source(
            "Ring",
            edit(RING, "int count", "  @ContinuationField(shift = 8, bits = 16) int count;"));
    for (String mode : List.of("check", "update")) {
      Compilation c = failingCompile(mode, narrowed);
      assertEquals(List.of("field-narrowed"), errorIds(c));
      assertError(c, GateMessage.FIELD_NARROWED, narrowed, "bits = 16", "16)");
      assertContainsAll(
          errorText(c, GateMessage.FIELD_NARROWED),
          "[field-narrowed] ring: published field count narrowed: bits 8..31 -> 8..23",
          "published: field count shifted bits 8..31 mask 0xffffff00",
          "now:       field count shifted bits 8..23 mask 0x00ffff00",
          "witness: word 0x01000000 is op RING_push, count = 65536 under the published layout,"
              + " but the sources now read it as refused (bits 0x1000000 set that op RING_push does not continue with)");
    }
  }

  @Test
  void reEncodingAPublishedFieldInPlaceIsFieldEncodingChanged() throws Exception {
    publish("1.0", Sources.source("Ring", RING));
    JavaFileObject inPlace =
        Sources.source(
            "Ring",
            edit(
                RING,
                "int count",
                "  @ContinuationField(shift = 8, bits = 24, encoding = Encoding.IN_PLACE) int count;"));
    for (String mode : List.of("check", "update")) {
      Compilation c = failingCompile(mode, inPlace);
      assertEquals(List.of("field-encoding-changed"), errorIds(c));
      assertError(
          c, GateMessage.FIELD_ENCODING_CHANGED, inPlace, "Encoding.IN_PLACE", ".IN_PLACE)");
      assertContainsAll(
          errorText(c, GateMessage.FIELD_ENCODING_CHANGED),
          "[field-encoding-changed] ring: published field count changed encoding: SHIFTED -> IN_PLACE",
          "published: field count shifted bits 8..31 mask 0xffffff00",
          "now:       field count in_place bits 8..31 mask 0xffffff00",
          "witness: word 0x00000100 is op RING_push, count = 1 under the published layout,"
              + " but the sources now read it as op RING_push, count = 256");
    }
  }

  @Test
  void narrowingAPublishedCompatFieldIsCompatFieldNarrowed() throws Exception {
    publish("4.5", Sources.source("MemoryOp", MEMORY_OP_45));
    JavaFileObject narrowed =
        Sources.source(
            "MemoryOp",
            edit(
                MEMORY_OP_45,
                "long startExtent",
                "  @ContinuationField(bits = 58, compatBits = 20) long startExtent;"));
    for (String mode : List.of("check", "update")) {
      Compilation c = failingCompile(mode, narrowed);
      assertEquals(List.of("compat-field-narrowed"), errorIds(c));
      assertError(c, GateMessage.COMPAT_FIELD_NARROWED, narrowed, "compatBits = 20", "20)");
      assertContainsAll(
          errorText(c, GateMessage.COMPAT_FIELD_NARROWED),
          "[compat-field-narrowed] memory_op: published field start_extent narrowed in the compat word: bits 6..31 -> 6..25",
          "published: field start_extent shifted bits 6..63 mask 0xffffffffffffffc0, compat bits 6..31 mask 0xffffffc0",
          "now:       field start_extent shifted bits 6..63 mask 0xffffffffffffffc0, compat bits 6..25 mask 0x03ffffc0",
          "witness: compat word 0x04000000 is op XENMEM_increase_reservation, start_extent = 1048576 under the"
              + " published layout, but the sources now read it as refused");
    }
  }

  @Test
  void widenedIntoBitsThatHadToBeZeroIsABreakWithoutWitness() throws Exception {
    String[] v1 =
        edit(
            HVM_OP_44,
            "HVMOP_modified_memory",
            "  @Op(continues = \"startIter\") public static final int HVMOP_modified_memory = 7;",
            "@Opcode(bits = 8)",
            "  @Opcode(bits = 8) int op;\n"
                + "  @ContinuationField(shift = 8, bits = 54, encoding = Encoding.IN_PLACE) long startIter;");
    publish("4.5", Sources.source("HvmOp", v1));
    JavaFileObject widened =
        Sources.source(
            "HvmOp",
            edit(
                v1,
                "long startIter",
                "  @ContinuationField(shift = 8, bits = 56, encoding = Encoding.IN_PLACE) long startIter;"));
    for (String mode : List.of("check", "update")) {
      Compilation c = failingCompile(mode, widened);
      assertEquals(List.of("field-widened"), errorIds(c));
      assertError(c, GateMessage.FIELD_WIDENED, widened, "bits = 56", "56,");
      String text = errorText(c, GateMessage.FIELD_WIDENED);
      assertContainsAll(
          text,
          "[field-widened] hvm_op: published field start_iter widened: bits 8..61 -> 8..63",
          "published: field start_iter in_place bits 8..61 mask 0x3fffffffffffff00",
          "now:       field start_iter in_place bits 8..63 mask 0xffffffffffffff00",
          "no saved word is misread, but a published constant changes");
      assertFalse(text.contains("witness"), text);
    }
  }

  @Test
  void changingAPublishedOpCodeIsOpCodeChanged() throws Exception {
    publish("1.0", Sources.source("Ring", RING));
    JavaFileObject recoded =
        Sources.source(
            "Ring", edit(RING, "RING_reset", "  @Op public static final int RING_reset = 2;"));
    Compilation c = failingCompile("update", recoded);
    assertEquals(List.of("op-code-changed"), errorIds(c));
    assertError(c, GateMessage.OP_CODE_CHANGED, recoded, "RING_reset", null);
    assertContainsAll(
        errorText(c, GateMessage.OP_CODE_CHANGED),
        "[op-code-changed] ring: published op RING_reset changed code: 1 -> 2",
        // RING_reset never continues: no guest holds a saved word of it, but its callers use code
        // 1.
        "op RING_reset never continues, so no guest holds a saved word of it, but a guest calling code 1 gets a"
            + " refusal now, and its published constant changed",
        "Restore code 1. A new code is a new op");
  }

  // ------------------------------------------------------------------ removals

  @Test
  void removingAPublishedFieldIsFieldRemovedAndItsOpsDropIt() throws Exception {
    publish("4.5", Sources.source("MemoryOp", MEMORY_OP_45));
    JavaFileObject removed =
        Sources.source(
            "MemoryOp",
            edit(
                MEMORY_OP_45,
                "long startIter",
                "",
                "XENMEM_access_op",
                "  @Op public static final int XENMEM_access_op = 21;"));
    for (String mode : List.of("check", "update")) {
      Compilation c = failingCompile(mode, removed);
      assertEquals(
          List.of("field-removed", "op-continuation-dropped"),
          errorIds(c).stream().sorted().toList());
      assertError(c, GateMessage.FIELD_REMOVED, removed, "@Continuable", null);
      assertContainsAll(
          errorText(c, GateMessage.FIELD_REMOVED),
          "[field-removed] memory_op: published field start_iter was removed (it held bits 6..63)",
          "published: field start_iter in_place bits 6..63 mask 0xffffffffffffffc0, compat bits 6..31 mask 0xffffffc0",
          "now:       no field start_iter",
          "witness: word 0x0000000000000055 is op XENMEM_access_op, start_iter = 64 under the published layout,"
              + " but the sources now read it as refused");
      assertError(c, GateMessage.OP_CONTINUATION_DROPPED, removed, "XENMEM_access_op", null);
      assertContainsAll(
          errorText(c, GateMessage.OP_CONTINUATION_DROPPED),
          "[op-continuation-dropped] memory_op: published op XENMEM_access_op no longer continues with start_iter",
          "published: op XENMEM_access_op code 21, continues start_iter",
          "now:       op XENMEM_access_op code 21, continues nothing");
    }
  }

  @Test
  void removingAPublishedOpIsOpRemoved() throws Exception {
    publish("4.5", Sources.source("MemoryOp", MEMORY_OP_45));
    JavaFileObject removed =
        Sources.source("MemoryOp", edit(MEMORY_OP_45, "XENMEM_maximum_ram_page", ""));
    for (String mode : List.of("check", "update")) {
      Compilation c = failingCompile(mode, removed);
      assertEquals(List.of("op-removed"), errorIds(c));
      assertError(c, GateMessage.OP_REMOVED, removed, "@Continuable", null);
      assertContainsAll(
          errorText(c, GateMessage.OP_REMOVED),
          "[op-removed] memory_op: published op XENMEM_maximum_ram_page (code 2) was removed",
          "published: op XENMEM_maximum_ram_page code 2, continues nothing",
          "now:       no op XENMEM_maximum_ram_page",
          "op XENMEM_maximum_ram_page never continues, so no guest holds a saved word of it, but a guest calling it"
              + " is refused now",
          "Restore the op, or retire it: keep the constant and add @Retired(release = \"...\", reason = \"...\")");
    }
  }

  @Test
  void aPublishedOpDroppingAFieldFromContinuesIsOpContinuationDropped() throws Exception {
    publish("4.5", Sources.source("MemoryOp", MEMORY_OP_45));
    JavaFileObject dropped =
        Sources.source(
            "MemoryOp",
            edit(
                MEMORY_OP_45,
                "XENMEM_populate_physmap",
                "  @Op(continues = {}) public static final int XENMEM_populate_physmap = 6;"));
    for (String mode : List.of("check", "update")) {
      Compilation c = failingCompile(mode, dropped);
      assertEquals(List.of("op-continuation-dropped"), errorIds(c));
      assertError(c, GateMessage.OP_CONTINUATION_DROPPED, dropped, "XENMEM_populate_physmap", "{}");
      assertContainsAll(
          errorText(c, GateMessage.OP_CONTINUATION_DROPPED),
          "[op-continuation-dropped] memory_op: published op XENMEM_populate_physmap no longer continues with start_extent",
          "published: op XENMEM_populate_physmap code 6, continues start_extent",
          "now:       op XENMEM_populate_physmap code 6, continues nothing",
          "witness: word 0x0000000000000046 is op XENMEM_populate_physmap, start_extent = 1 under the published layout,"
              + " but the sources now read it as refused (bits 0x40 set that op XENMEM_populate_physmap does not continue with)");
    }
  }

  @Test
  void aNewFieldOnBitsAPublishedOpUsesForAnotherFieldIsABreak() throws Exception {
    publish("1.0", Sources.source("Ring", RING));
    // RING_push swaps its published count for a new field on the same bits.
    JavaFileObject swapped =
        Sources.source(
            "Ring",
            edit(
                RING,
                "RING_push",
                "  @Op(continues = \"index\") public static final int RING_push = 0;",
                "int count",
                "  @ContinuationField(shift = 8, bits = 24) int count;\n"
                    + "  @ContinuationField(shift = 8, bits = 16) int index;"));
    Compilation c = failingCompile("update", swapped);
    assertEquals(
        List.of("field-overlaps-published", "op-continuation-dropped"),
        errorIds(c).stream().sorted().toList());
    assertError(c, GateMessage.FIELD_OVERLAPS_PUBLISHED, swapped, "int index", "8,");
    assertContainsAll(
        errorText(c, GateMessage.FIELD_OVERLAPS_PUBLISHED),
        "[field-overlaps-published] ring: index (bits 8..23) overlaps count (bits 8..31), which published op RING_push already uses",
        "published: field count shifted bits 8..31 mask 0xffffff00",
        "now:       field index shifted bits 8..23 mask 0x00ffff00",
        "witness: word 0x00000100 is op RING_push, count = 1 under the published layout,"
            + " but the sources now read it as op RING_push, index = 1");
  }

  @Test
  void aNewFieldOnPublishedBitsUsedOnlyByANewOpIsCompatible() throws Exception {
    publish("1.0", Sources.source("Ring", RING));
    // Like XENMEM_access_op's start_iter on start_extent's bits: only the new op carries it.
    JavaFileObject shared =
        Sources.source(
            "Ring",
            edit(
                RING,
                "RING_reset",
                "  @Op public static final int RING_reset = 1;\n"
                    + "  @Op(continues = \"cursor\") public static final int RING_scan = 2;",
                "int count",
                "  @ContinuationField(shift = 8, bits = 24) int count;\n"
                    + "  @ContinuationField(shift = 8, bits = 24, encoding = Encoding.IN_PLACE) int cursor;"));
    byte[] before = Files.readAllBytes(manifest);
    assertThat(Sources.compile(manifest, "update", shared)).succeeded();
    assertManifestContains(
        "  field count shifted bits 8..31 mask 0xffffff00 published 1.0",
        "  field cursor in-place bits 8..31 mask 0xffffff00 draft",
        "  op RING_scan 2 draft",
        "  op RING_scan 2 continues cursor draft");
    assertFalse(Arrays.equals(before, Files.readAllBytes(manifest)));
  }

  @Test
  void narrowingThePublishedWordIsWidthNarrowed() throws Exception {
    String[] wide = {
      "@Continuable(name = \"evtchn\", width = 64)",
      "public class Evtchn {",
      "  @Op(continues = \"port\") public static final int EVTCHNOP_bind = 0;",
      "  @Opcode(bits = 6) int cmd;",
      "  @ContinuationField(bits = 58) long port;",
      "}"
    };
    publish("1.0", Sources.source("Evtchn", wide));
    JavaFileObject narrow =
        Sources.source(
            "Evtchn",
            edit(
                wide,
                "@Continuable",
                "@Continuable(name = \"evtchn\", width = 32)",
                "long port",
                "  @ContinuationField(bits = 26) long port;"));
    for (String mode : List.of("check", "update")) {
      Compilation c = failingCompile(mode, narrow);
      assertEquals(
          List.of("field-narrowed", "width-narrowed"), errorIds(c).stream().sorted().toList());
      assertError(c, GateMessage.WIDTH_NARROWED, narrow, "@Continuable", "32)");
      assertContainsAll(
          errorText(c, GateMessage.WIDTH_NARROWED),
          "[width-narrowed] evtchn: published word of evtchn narrowed: 64 -> 32 bits",
          "published: 64-bit word",
          "now:       32-bit word",
          "witness: word 0x0000000100000000 is op EVTCHNOP_bind, port = 67108864 under the published layout,"
              + " but the sources now read it as refused");
      assertContainsAll(
          errorText(c, GateMessage.FIELD_NARROWED),
          "[field-narrowed] evtchn: published field port narrowed: bits 6..63 -> 6..31",
          "published: field port shifted bits 6..63 mask 0xffffffffffffffc0",
          "now:       field port shifted bits 6..31 mask 0xffffffc0");
    }
  }

  @Test
  void narrowingAWordWhoseFieldsFitIsStillABreakWithoutWitness() throws Exception {
    String[] wide = edit(RING, "@Continuable", "@Continuable(name = \"ring\", width = 64)");
    publish("1.0", Sources.source("Ring", wide));
    JavaFileObject narrow = Sources.source("Ring", RING);
    Compilation c = failingCompile("update", narrow);
    assertEquals(List.of("width-narrowed"), errorIds(c));
    String text = errorText(c, GateMessage.WIDTH_NARROWED);
    assertContainsAll(
        text, "64 -> 32 bits", "no saved word is misread, but a published constant changes");
    assertFalse(text.contains("witness"), text);
  }

  @Test
  void wideningThePublishedWordIsABreakAndNeverUnpublishesItsLines() throws Exception {
    publish("1.0", Sources.source("Ring", RING));
    JavaFileObject wide =
        Sources.source(
            "Ring", edit(RING, "@Continuable", "@Continuable(name = \"ring\", width = 64)"));
    for (String mode : List.of("check", "update")) {
      Compilation c = failingCompile(mode, wide);
      assertEquals(List.of("width-widened"), errorIds(c));
      assertError(c, GateMessage.WIDTH_WIDENED, wide, "@Continuable", "64)");
      String text = errorText(c, GateMessage.WIDTH_WIDENED);
      assertContainsAll(
          text,
          "[width-widened] ring: published word of ring widened: 32 -> 64 bits",
          "no saved word is misread, but a published constant changes");
    }
  }

  @Test
  void removingThePublishedCompatWordIsCompatWidthRemoved() throws Exception {
    publish("4.5", Sources.source("MemoryOp", MEMORY_OP_45));
    JavaFileObject noCompat =
        Sources.source(
            "MemoryOp",
            edit(
                MEMORY_OP_45,
                "@Continuable",
                "@Continuable(name = \"memory_op\", width = 64, headerPrefix = \"MEMOP\")",
                "long startExtent",
                "  @ContinuationField(bits = 58) long startExtent;",
                "long startIter",
                "  @ContinuationField(shift = 6, bits = 58, encoding = Encoding.IN_PLACE) long startIter;"));
    for (String mode : List.of("check", "update")) {
      Compilation c = failingCompile(mode, noCompat);
      assertEquals(List.of("compat-width-removed"), errorIds(c));
      assertError(c, GateMessage.COMPAT_WIDTH_REMOVED, noCompat, "@Continuable", null);
      assertContainsAll(
          errorText(c, GateMessage.COMPAT_WIDTH_REMOVED),
          "[compat-width-removed] memory_op: published compat word of memory_op (32 bits) was removed",
          "published: 32-bit compat word",
          "now:       no compat word",
          "witness: compat word 0x00000040 is op XENMEM_increase_reservation, start_extent = 1 under the published layout,"
              + " but the sources now read it as refused (there is no compat word any more)");
    }
  }

  // ------------------------------------------------------------------ compatible evolution

  @Test
  void hvmOpMaskOnBitsThatHadToBeZeroIsCompatibleThenPublishedAt45() throws Exception {
    JavaFileObject v44 = Sources.source("HvmOp", HVM_OP_44);
    publish("4.4", v44);
    String header =
        String.join(
            "\n",
            "# abilock manifest 1",
            "# Generated by abilock from the @Continuable sources; review every change.",
            "# 'published' lines are frozen ABI: the build fails if the sources change them.",
            "# Regenerate with: mvn abilock:update (add -Dabilock.release=<label> to publish drafts).",
            "");
    assertEquals(
        header
            + String.join(
                "\n",
                "continuable hvm_op class test.HvmOp published 4.4",
                "  width 64 published 4.4",
                "  opcode op bits 0..7 mask 0x00000000000000ff published 4.4",
                "  op HVMOP_set_param 0 published 4.4",
                "  op HVMOP_get_param 1 published 4.4",
                "  op HVMOP_track_dirty_vram 6 published 4.4",
                "  op HVMOP_modified_memory 7 published 4.4",
                "  op HVMOP_set_mem_type 8 published 4.4",
                "# end",
                ""),
        Files.readString(manifest));

    // 4.5: HVMOP_op_mask 0xff; two ops keep progress unshifted in bits 8..63, which every word had
    // to keep zero.
    JavaFileObject v45 =
        Sources.source(
            "HvmOp",
            edit(
                HVM_OP_44,
                "HVMOP_modified_memory",
                "  @Op(continues = \"startIter\") public static final int HVMOP_modified_memory = 7;",
                "HVMOP_set_mem_type",
                "  @Op(continues = \"startIter\") public static final int HVMOP_set_mem_type = 8;",
                "@Opcode(bits = 8)",
                "  @Opcode(bits = 8) int op;\n"
                    + "  @ContinuationField(shift = 8, bits = 56, encoding = Encoding.IN_PLACE) long startIter;"));

    // Check mode: compatible, but the manifest does not say so yet.
    Compilation stale = failingCompile("check", v45);
    assertEquals(List.of("manifest-stale"), errorIds(stale));

    Compilation drafted = Sources.compile(manifest, "update", v45);
    assertThat(drafted).succeeded();
    assertThat(drafted).hadNoteContaining("[manifest-updated]");
    String drafts =
        header
            + String.join(
                "\n",
                "continuable hvm_op class test.HvmOp published 4.4",
                "  width 64 published 4.4",
                "  opcode op bits 0..7 mask 0x00000000000000ff published 4.4",
                "  field start_iter in-place bits 8..63 mask 0xffffffffffffff00 draft",
                "  op HVMOP_set_param 0 published 4.4",
                "  op HVMOP_get_param 1 published 4.4",
                "  op HVMOP_track_dirty_vram 6 published 4.4",
                "  op HVMOP_modified_memory 7 published 4.4",
                "  op HVMOP_modified_memory 7 continues start_iter draft",
                "  op HVMOP_set_mem_type 8 published 4.4",
                "  op HVMOP_set_mem_type 8 continues start_iter draft",
                "# end",
                "");
    assertEquals(drafts, Files.readString(manifest));
    assertThat(Sources.compile(manifest, "check", v45)).succeededWithoutWarnings();
    assertEquals(drafts, Files.readString(manifest));

    publish("4.5", v45);
    assertEquals(
        header
            + String.join(
                "\n",
                "continuable hvm_op class test.HvmOp published 4.4",
                "  width 64 published 4.4",
                "  opcode op bits 0..7 mask 0x00000000000000ff published 4.4",
                "  field start_iter in-place bits 8..63 mask 0xffffffffffffff00 published 4.5",
                "  op HVMOP_set_param 0 published 4.4",
                "  op HVMOP_get_param 1 published 4.4",
                "  op HVMOP_track_dirty_vram 6 published 4.4",
                "  op HVMOP_modified_memory 7 published 4.4",
                "  op HVMOP_modified_memory 7 continues start_iter published 4.5",
                "  op HVMOP_set_mem_type 8 published 4.4",
                "  op HVMOP_set_mem_type 8 continues start_iter published 4.5",
                "# end",
                ""),
        Files.readString(manifest));
    assertThat(Sources.compile(manifest, "check", v45)).succeededWithoutWarnings();

    // Once published, the progress field is frozen like the rest.
    JavaFileObject moved =
        Sources.source(
            "HvmOp",
            edit(
                HVM_OP_44,
                "HVMOP_modified_memory",
                "  @Op(continues = \"startIter\") public static final int HVMOP_modified_memory = 7;",
                "@Opcode(bits = 8)",
                "  @Opcode(bits = 8) int op;\n"
                    + "  @ContinuationField(shift = 12, bits = 52, encoding = Encoding.IN_PLACE) long startIter;"));
    Compilation c = failingCompile("update", moved);
    assertEquals(
        List.of("field-shifted", "op-continuation-dropped"),
        errorIds(c).stream().sorted().toList());
  }

  @Test
  void aNewOpIsCompatibleAndRecordedAsDraft() throws Exception {
    publish("4.5", Sources.source("MemoryOp", MEMORY_OP_45));
    byte[] published = Files.readAllBytes(manifest);
    JavaFileObject withClaim =
        Sources.source(
            "MemoryOp",
            edit(
                MEMORY_OP_45,
                "XENMEM_access_op",
                "  @Op(continues = \"startIter\") public static final int XENMEM_access_op = 21;\n"
                    + "  @Op public static final int XENMEM_claim_pages = 24;"));
    Compilation c = Sources.compile(manifest, "update", withClaim);
    assertThat(c).succeeded();
    assertThat(c).hadNoteContaining("+   op XENMEM_claim_pages 24 draft");
    String now = Files.readString(manifest);
    // Exactly one line more, and every other line as it was.
    List<String> added = new ArrayList<>(now.lines().toList());
    added.removeAll(new String(published, StandardCharsets.UTF_8).lines().toList());
    assertEquals(List.of("  op XENMEM_claim_pages 24 draft"), added);
    assertTrue(
        now.contains(
            "  op XENMEM_access_op 21 continues start_iter published 4.5\n"
                + "  op XENMEM_claim_pages 24 draft\n# end\n"),
        now);
    assertThat(Sources.compile(manifest, "check", withClaim)).succeededWithoutWarnings();
  }

  @Test
  void anOpStartingToContinueWithANewFieldInZeroBitsIsCompatible() throws Exception {
    publish("1.0", Sources.source("Ring", RING));
    // RING_push used bits 0..31 of the 32-bit word; widen nothing, but give RING_reset a flag in
    // bits 8..8, which RING_reset had to keep zero.
    JavaFileObject flagged =
        Sources.source(
            "Ring",
            edit(
                RING,
                "RING_reset",
                "  @Op(continues = \"hard\") public static final int RING_reset = 1;",
                "int count",
                "  @ContinuationField(shift = 8, bits = 24) int count;\n"
                    + "  @ContinuationField(shift = 8, bits = 1) boolean hard;"));
    assertThat(Sources.compile(manifest, "update", flagged)).succeeded();
    assertManifestContains(
        "  field hard shifted bits 8..8 mask 0x00000100 draft",
        "  op RING_reset 1 published 1.0",
        "  op RING_reset 1 continues hard draft");
  }

  @Test
  void aDraftMayChangeFreelyInUpdateMode() throws Exception {
    publish("1.0", Sources.source("Ring", RING));
    JavaFileObject draft1 =
        Sources.source(
            "Ring",
            edit(
                RING,
                "RING_reset",
                "  @Op public static final int RING_reset = 1;\n"
                    + "  @Op(continues = \"cursor\") public static final int RING_scan = 2;",
                "int count",
                "  @ContinuationField(shift = 8, bits = 24) int count;\n"
                    + "  @ContinuationField(shift = 8, bits = 20) int cursor;"));
    assertThat(Sources.compile(manifest, "update", draft1)).succeeded();
    assertManifestContains(
        "  field cursor shifted bits 8..27 mask 0x0fffff00 draft", "  op RING_scan 2 draft");

    // Move it, narrow it, re-encode it, renumber its op: all drafts, all free.
    JavaFileObject draft2 =
        Sources.source(
            "Ring",
            edit(
                RING,
                "RING_reset",
                "  @Op public static final int RING_reset = 1;\n"
                    + "  @Op(continues = \"cursor\") public static final int RING_scan = 3;",
                "int count",
                "  @ContinuationField(shift = 8, bits = 24) int count;\n"
                    + "  @ContinuationField(shift = 12, bits = 16, encoding = Encoding.IN_PLACE) int cursor;"));
    Compilation c = Sources.compile(manifest, "update", draft2);
    assertThat(c).succeeded();
    assertThat(c).hadNoteContaining("[manifest-updated]");
    assertManifestContains(
        "  field count shifted bits 8..31 mask 0xffffff00 published 1.0",
        "  field cursor in-place bits 12..27 mask 0x0ffff000 draft",
        "  op RING_scan 3 draft",
        "  op RING_scan 3 continues cursor draft");
    assertFalse(Files.readString(manifest).contains("RING_scan 2"));
    assertFalse(Files.readString(manifest).contains("8..27"));
    assertThat(Sources.compile(manifest, "check", draft2)).succeededWithoutWarnings();
  }

  // ------------------------------------------------------------------ gate A and options

  @Test
  void checkModeOnAStaleManifestListsTheLinesAndTheUpdateCommand() throws Exception {
    publish("1.0", Sources.source("Ring", RING));
    JavaFileObject grown = ringWithDrain();
    Compilation c = failingCompile("check", grown);
    assertEquals(List.of("manifest-stale"), errorIds(c));
    String text = errorText(c, ManifestMessage.MANIFEST_STALE);
    assertContainsAll(
        text,
        "[manifest-stale] manifest "
            + manifest
            + " is out of date with the sources (1 line(s) differ):",
        "  +   op RING_drain 5 draft",
        "mvn abilock:update");

    // The class moved (its name is only where to look it up): both sides are shown, the status is
    // kept.
    String edited =
        Files.readString(manifest)
            .replace("class test.Ring published", "class test.OldRing published");
    Files.writeString(manifest, edited);
    c = failingCompile("check", Sources.source("Ring", RING));
    assertContainsAll(
        errorText(c, ManifestMessage.MANIFEST_STALE),
        "(2 line(s) differ)",
        "  - continuable ring class test.OldRing published 1.0",
        "  + continuable ring class test.Ring published 1.0");

    // Only a comment differs: the message says so instead of listing nothing, and update restores
    // the file.
    Files.writeString(
        manifest,
        edited
            .replace("class test.OldRing", "class test.Ring")
            .replaceFirst("\n", "\n# a hand-written note\n"));
    c = failingCompile("check", Sources.source("Ring", RING));
    assertContainsAll(
        errorText(c, ManifestMessage.MANIFEST_STALE),
        "(0 line(s) differ):\n",
        "  no entry differs, only the order, comments or spacing of the lines\n");
    c = Sources.compile(manifest, "update", Sources.source("Ring", RING));
    assertThat(c)
        .hadNoteContaining(
            "[manifest-updated] manifest " + manifest + " updated: 0 line(s) changed:");
    assertThat(c)
        .hadNoteContaining("  no entry differs, only the order, comments or spacing of the lines");
    assertThat(Sources.compile(manifest, "check", Sources.source("Ring", RING)))
        .succeededWithoutWarnings();
  }

  @Test
  void checkModeWithoutAManifestFileFailsAndCreatesNothing() throws Exception {
    Compilation c = Sources.compile(manifest, "check", Sources.source("Ring", RING));
    assertThat(c).failed();
    assertEquals(List.of("manifest-missing"), errorIds(c));
    assertContainsAll(
        errorText(c, ManifestMessage.MANIFEST_MISSING),
        "manifest " + manifest + " does not exist",
        "mvn abilock:update");
    assertFalse(Files.exists(manifest));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(), files.toList());
    }
  }

  @Test
  void aMissingManifestOptionShowsThePomLines() {
    JavaFileObject src = Sources.source("Ring", RING);
    Compilation c = Sources.compile(List.of("abilock.mode=update"), src);
    assertThat(c).failed();
    assertEquals(List.of("manifest-option-missing"), errorIds(c));
    assertError(c, ManifestMessage.MANIFEST_OPTION_MISSING, src, "@Continuable", null);
    assertContainsAll(
        errorText(c, ManifestMessage.MANIFEST_OPTION_MISSING),
        "test.Ring declares a continuation layout",
        "<compilerArgs>",
        "<arg>-Aabilock.manifest=${project.basedir}/abilock.manifest</arg>",
        "</compilerArgs>",
        "mvn abilock:update");
  }

  /**
   * With the Maven plugin, the compile only warns on a stale manifest (abilock:check fails the
   * build at verify), and writes nothing to it; Gate B still fails the compile.
   */
  @Test
  void staleWarningLetsTheCompileGoOnButNotABreak() throws Exception {
    publish("1.0", Sources.source("Ring", RING));
    byte[] before = Files.readAllBytes(manifest);
    JavaFileObject grown = ringWithDrain();
    Compilation c =
        Sources.compile(List.of("abilock.manifest=" + manifest, "abilock.stale=warning"), grown);
    assertThat(c).succeeded();
    assertEquals(
        1,
        c.warnings().stream()
            .filter(d -> d.getMessage(null).startsWith("[manifest-stale-later] "))
            .count(),
        c.warnings().toString());
    assertContainsAll(
        c.warnings().get(0).getMessage(null), "  +   op RING_drain 5 draft", "mvn abilock:update");
    assertArrayEquals(before, Files.readAllBytes(manifest));

    Compilation missing =
        Sources.compile(
            List.of("abilock.manifest=" + dir.resolve("none.manifest"), "abilock.stale=warning"),
            grown);
    assertThat(missing).succeeded();
    assertThat(missing)
        .hadWarningContaining("[manifest-missing-later] manifest " + dir.resolve("none.manifest"));
    assertFalse(Files.exists(dir.resolve("none.manifest")));

    Compilation bad =
        Sources.compile(List.of("abilock.manifest=" + manifest, "abilock.stale=later"), grown);
    assertEquals(List.of("bad-stale"), errorIds(bad));
  }

  @Test
  void aReleaseInCheckModeIsAnError() throws Exception {
    publish("1.0", Sources.source("Ring", RING));
    byte[] before = Files.readAllBytes(manifest);
    Compilation c =
        Sources.compile(
            List.of("abilock.manifest=" + manifest, "abilock.release=1.1"),
            Sources.source("Ring", RING));
    assertThat(c).failed();
    assertEquals(List.of("release-needs-update"), errorIds(c));
    assertContainsAll(
        errorText(c, ManifestMessage.RELEASE_NEEDS_UPDATE),
        "abilock.release = 1.1 only applies with abilock.mode=update",
        "mvn abilock:update -Dabilock.release=1.1");
    assertArrayEquals(before, Files.readAllBytes(manifest));

    c =
        Sources.compile(
            List.of("abilock.manifest=" + manifest, "abilock.mode=check", "abilock.release=1.1"),
            Sources.source("Ring", RING));
    assertEquals(List.of("release-needs-update"), errorIds(c));
    assertArrayEquals(before, Files.readAllBytes(manifest));
  }

  @Test
  void aBadReleaseLabelOrModeIsAnErrorAndWritesNothing() throws Exception {
    publish("1.0", Sources.source("Ring", RING));
    byte[] before = Files.readAllBytes(manifest);
    Compilation c =
        Sources.compile(
            List.of(
                "abilock.manifest=" + manifest, "abilock.mode=update", "abilock.release=4.5 final"),
            Sources.source("Ring", RING));
    assertEquals(List.of("bad-release"), errorIds(c));
    c =
        Sources.compile(
            List.of("abilock.manifest=" + manifest, "abilock.mode=Update"),
            Sources.source("Ring", RING));
    assertEquals(List.of("bad-mode"), errorIds(c));
    assertArrayEquals(before, Files.readAllBytes(manifest));
  }

  @Test
  void publishingFreezesDraftsAndUpdateWithoutChangesDoesNotTouchTheFile() throws Exception {
    JavaFileObject src = Sources.source("MmuUpdate", MMU_UPDATE);
    assertThat(Sources.compile(manifest, "update", src)).succeeded();
    assertManifestContains(
        "continuable mmu_update class test.MmuUpdate draft",
        "  field count shifted bits 0..30 mask 0x7fffffff draft");
    publish("2.0.2", src);
    assertManifestContains(
        "continuable mmu_update class test.MmuUpdate published 2.0.2",
        "  width 32 published 2.0.2",
        "  field count shifted bits 0..30 mask 0x7fffffff published 2.0.2",
        "  field preempted shifted bits 31..31 mask 0x80000000 published 2.0.2");
    long modified = Files.getLastModifiedTime(manifest).toMillis();
    byte[] before = Files.readAllBytes(manifest);
    Files.setLastModifiedTime(
        manifest, java.nio.file.attribute.FileTime.fromMillis(modified - 10_000));
    Compilation c = Sources.compile(manifest, "update", src);
    assertThat(c).succeededWithoutWarnings();
    assertThat(c).hadNoteCount(0);
    assertArrayEquals(before, Files.readAllBytes(manifest));
    assertEquals(modified - 10_000, Files.getLastModifiedTime(manifest).toMillis());
    // A later release label does not republish what is already published.
    publish("4.5", src);
    assertArrayEquals(before, Files.readAllBytes(manifest));
  }

  // ------------------------------------------------------------------ partial recompiles

  @Test
  void aPartialRecompileDoesNotRemoveAContinuableWhoseClassIsOnTheClassPath() throws Exception {
    JavaFileObject mmu = Sources.source("MmuUpdate", MMU_UPDATE);
    JavaFileObject memory = Sources.source("MemoryOp", MEMORY_OP_45);
    Compilation full = publish("4.5", mmu, memory);
    byte[] published = Files.readAllBytes(manifest);
    assertTrue(
        new String(published, StandardCharsets.UTF_8)
            .contains("continuable mmu_update class test.MmuUpdate published 4.5"));

    // An incremental build recompiles MemoryOp only; MmuUpdate is a class file on the class path.
    Path classes = Files.createDirectories(dir.resolve("classes"));
    writeClass(full, "test/MmuUpdate.class", classes);
    List<File> classpath =
        List.of(
            classes.toFile(), location(Continuable.class), location(AbiViolationException.class));
    for (String mode : List.of("check", "update")) {
      Compilation partial =
          Compiler.javac()
              .withProcessors(new AbilockProcessor())
              .withOptions("-Aabilock.manifest=" + manifest, "-Aabilock.mode=" + mode)
              .withClasspath(classpath)
              .compile(memory);
      assertThat(partial).succeededWithoutWarnings();
      assertArrayEquals(published, Files.readAllBytes(manifest), mode);
    }

    // The class read from the class path is still held to its published layout by the sources
    // that are compiled: a new op in MemoryOp is drafted while MmuUpdate's lines stay as they were.
    JavaFileObject grown =
        Sources.source(
            "MemoryOp",
            edit(
                MEMORY_OP_45,
                "XENMEM_maximum_ram_page",
                "  @Op public static final int XENMEM_maximum_ram_page = 2;\n"
                    + "  @Op public static final int XENMEM_exchange = 11;"));
    Compilation partial =
        Compiler.javac()
            .withProcessors(new AbilockProcessor())
            .withOptions("-Aabilock.manifest=" + manifest, "-Aabilock.mode=update")
            .withClasspath(classpath)
            .compile(grown);
    assertThat(partial).succeeded();
    assertManifestContains(
        "continuable mmu_update class test.MmuUpdate published 4.5",
        "  field preempted shifted bits 31..31 mask 0x80000000 published 4.5",
        "  op XENMEM_exchange 11 draft");
    byte[] synced = Files.readAllBytes(manifest);

    // When the class is truly gone, the continuable is removed: a break that writes nothing.
    for (String mode : List.of("check", "update")) {
      Compilation gone = failingCompile(mode, grown);
      assertEquals(List.of("continuable-removed"), errorIds(gone));
      assertContainsAll(
          errorText(gone, GateMessage.CONTINUABLE_REMOVED),
          "[continuable-removed] mmu_update: published continuable mmu_update (class test.MmuUpdate) is gone from the sources",
          "published: continuable mmu_update (32-bit word)",
          "now:       nothing",
          "witness: word 0x00000001 is accepted, count = 1, preempted = 0 under the published layout,"
              + " but the sources now read it as refused (no class declares continuable mmu_update any more)");
      assertArrayEquals(synced, Files.readAllBytes(manifest), mode);
    }
  }

  @Test
  void addingAnOpcodeToAPublishedLayoutWithoutOneIsABreak() throws Exception {
    publish(
        "1.0",
        Sources.source(
            "Batch",
            "@Continuable(name = \"batch\")",
            "public class Batch {",
            "  @ContinuationField(bits = 31) int count;",
            "}"));
    // The opcode sits above every published bit, so no published entry changes; yet every saved
    // word holds op code 0, which names no op.
    JavaFileObject withOpcode =
        Sources.source(
            "Batch",
            "@Continuable(name = \"batch\")",
            "public class Batch {",
            "  @Op(continues = \"count\") static final int RESUME = 1;",
            "  @ContinuationField(bits = 31) int count;",
            "  @Opcode(shift = 40, bits = 4) int cmd;",
            "}");
    for (String mode : List.of("check", "update")) {
      Compilation c = failingCompile(mode, withOpcode);
      assertEquals(List.of("opcode-added"), errorIds(c));
      assertError(
          c,
          GateMessage.OPCODE_ADDED,
          withOpcode,
          "@Opcode(shift = 40, bits = 4) int cmd;",
          "@Opcode");
      assertContainsAll(
          errorText(c, GateMessage.OPCODE_ADDED),
          "[opcode-added] batch: published word of batch had no opcode; opcode cmd (bits 40..43) now makes every"
              + " saved word select an op",
          "witness: word 0x0000000000000001 is accepted, count = 1 under the published layout,"
              + " but the sources now read it as refused (unknown op code 0)");
    }
  }

  @Test
  void aPublishedLineOnADraftParentIsRefusedAsMalformed() throws Exception {
    JavaFileObject src = Sources.source("MmuUpdate", MMU_UPDATE);
    publish("2.0.2", src);
    // A hand edit (or a merge) leaves the continuable a draft under published fields: gate B would
    // no longer see those fields, so the build refuses the manifest instead.
    String text =
        Files.readString(manifest)
            .replace(
                "continuable mmu_update class test.MmuUpdate published 2.0.2",
                "continuable mmu_update class test.MmuUpdate draft");
    Files.writeString(manifest, text);
    for (String mode : List.of("check", "update")) {
      Compilation c = failingCompile(mode, src);
      assertEquals(List.of("manifest-malformed"), errorIds(c));
      assertEquals(
          List.of(
              "6 manifest-published-on-draft",
              "7 manifest-published-on-draft",
              "8 manifest-published-on-draft"),
          CorruptionCorpus.problemsIn(errorText(c, ManifestMessage.MANIFEST_MALFORMED)));
    }
  }

  @Test
  void deletingTheLastContinuableOfAModuleStillMeetsTheManifest() throws Exception {
    publish("2.0.2", Sources.source("MmuUpdate", MMU_UPDATE));
    byte[] published = Files.readAllBytes(manifest);
    // The module now holds only code without any abilock annotation: the processor runs anyway.
    JavaFileObject plain = Sources.source("Plain", "public class Plain {}");
    for (String mode : List.of("check", "update")) {
      Compilation c = failingCompile(mode, plain);
      assertEquals(List.of("continuable-removed"), errorIds(c));
      assertArrayEquals(published, Files.readAllBytes(manifest), mode);
    }
  }

  @Test
  void aModuleWithoutLayoutsAndWithoutAManifestNeedsNone() throws Exception {
    JavaFileObject plain = Sources.source("Plain", "public class Plain {}");
    for (String mode : List.of("check", "update")) {
      assertThat(Sources.compile(manifest, mode, plain)).succeededWithoutWarnings();
      assertFalse(Files.exists(manifest), mode);
    }
  }

  // ------------------------------------------------------------------ line ends

  @Test
  void aManifestWithCrlfAndBomIsInSyncAndNeverRewritten() throws Exception {
    JavaFileObject src = Sources.source("MemoryOp", MEMORY_OP_45);
    publish("4.5", src);
    String lf = Files.readString(manifest);
    byte[] windows = ("\uFEFF" + lf.replace("\n", "\r\n")).getBytes(StandardCharsets.UTF_8);
    Files.write(manifest, windows);
    for (String mode : List.of("check", "update", "check")) {
      Compilation c = Sources.compile(manifest, mode, src);
      assertThat(c).succeededWithoutWarnings();
      assertThat(c).hadNoteCount(0);
      assertArrayEquals(windows, Files.readAllBytes(manifest), mode);
    }
    // CRLF alone, BOM alone.
    for (String variant : List.of(lf.replace("\n", "\r\n"), "\uFEFF" + lf)) {
      byte[] bytes = variant.getBytes(StandardCharsets.UTF_8);
      Files.write(manifest, bytes);
      assertThat(Sources.compile(manifest, "check", src)).succeededWithoutWarnings();
      assertThat(Sources.compile(manifest, "update", src)).succeededWithoutWarnings();
      assertArrayEquals(bytes, Files.readAllBytes(manifest));
    }
    // A real change to a CRLF manifest is written back in the canonical form: LF, no BOM.
    Files.write(manifest, windows);
    JavaFileObject grown =
        Sources.source(
            "MemoryOp",
            edit(
                MEMORY_OP_45,
                "XENMEM_maximum_ram_page",
                "  @Op public static final int XENMEM_maximum_ram_page = 2;\n"
                    + "  @Op public static final int XENMEM_exchange = 11;"));
    assertThat(Sources.compile(manifest, "update", grown)).succeeded();
    String rewritten = Files.readString(manifest);
    assertFalse(rewritten.contains("\r") || rewritten.startsWith("\uFEFF"));
    assertTrue(rewritten.contains("  op XENMEM_exchange 11 draft\n"));
  }

  // ------------------------------------------------------------------ helpers

  /** Compiles in update mode with a release label, which must succeed. */
  /**
   * RING with one new op, {@code RING_drain 5}: a compatible change that makes the manifest stale.
   */
  private static JavaFileObject ringWithDrain() {
    return Sources.source(
        "Ring",
        edit(
            RING,
            "RING_reset",
            "  @Op public static final int RING_reset = 1;\n"
                + "  @Op public static final int RING_drain = 5;"));
  }

  private Compilation publish(String release, JavaFileObject... sources) {
    Compilation c =
        Sources.compile(
            List.of(
                "abilock.manifest=" + manifest,
                "abilock.mode=update",
                "abilock.release=" + release),
            sources);
    assertThat(c).succeeded();
    return c;
  }

  /**
   * Compiles in {@code mode}, which must fail, and checks that the manifest and its directory are
   * untouched.
   */
  private Compilation failingCompile(String mode, JavaFileObject... sources) throws IOException {
    byte[] before = Files.exists(manifest) ? Files.readAllBytes(manifest) : null;
    List<Path> filesBefore = listDir();
    Compilation c = Sources.compile(manifest, mode, sources);
    assertThat(c).failed();
    if (before == null) {
      assertFalse(Files.exists(manifest), "a failing build created the manifest");
    } else {
      assertArrayEquals(
          before, Files.readAllBytes(manifest), "a failing build changed the manifest");
    }
    assertEquals(filesBefore, listDir(), "a failing build left files next to the manifest");
    // No codec for sources with declaration errors; none of our tests expect warnings either.
    assertEquals(List.of(), c.warnings().stream().map(d -> d.getMessage(Locale.ROOT)).toList());
    return c;
  }

  private List<Path> listDir() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList();
    }
  }

  /** The ids of the errors, in the order reported. */
  static List<String> errorIds(Compilation c) {
    return c.errors().stream()
        .map(
            d -> {
              String m = d.getMessage(Locale.ROOT);
              return m.startsWith("[") ? m.substring(1, m.indexOf(']')) : m;
            })
        .toList();
  }

  /** The text of the one error with {@code rule}'s id. */
  static String errorText(Compilation c, CatalogueEntry rule) {
    return error(c, rule).getMessage(Locale.ROOT);
  }

  static Diagnostic<? extends JavaFileObject> error(Compilation c, CatalogueEntry rule) {
    List<Diagnostic<? extends JavaFileObject>> found =
        c.errors().stream()
            .filter(d -> d.getMessage(Locale.ROOT).startsWith("[" + rule.id() + "] "))
            .collect(Collectors.toList());
    if (found.size() != 1) {
      fail(
          "expected one ["
              + rule.id()
              + "] error, got "
              + found.size()
              + ":\n"
              + c.errors().stream()
                  .map(d -> d.getMessage(Locale.ROOT))
                  .collect(Collectors.joining("\n---\n")));
    }
    return found.get(0);
  }

  /**
   * Asserts that the {@code rule} error is in {@code src} on the one line containing {@code line},
   * and, when {@code value} is given, at the column where {@code value} starts on that line (the
   * annotation attribute's value).
   */
  static void assertError(
      Compilation c, CatalogueEntry rule, JavaFileObject src, String line, String value) {
    assertThat(c).hadErrorContaining("[" + rule.id() + "]").inFile(src).onLineContaining(line);
    if (value == null) {
      return;
    }
    String[] lines;
    try {
      lines = src.getCharContent(true).toString().split("\n", -1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].contains(line)) {
        int column = lines[i].indexOf(value) + 1;
        assertTrue(column > 0, "no " + value + " on line " + lines[i]);
        assertThat(c)
            .hadErrorContaining("[" + rule.id() + "]")
            .inFile(src)
            .onLine(i + 1)
            .atColumn(column);
        return;
      }
    }
  }

  static void assertContainsAll(String text, String... parts) {
    for (String part : parts) {
      if (!text.contains(part)) {
        fail("expected the message to contain:\n  " + part + "\nbut it was:\n" + text);
      }
    }
  }

  private void assertManifestContains(String... lines) throws IOException {
    List<String> actual = Files.readAllLines(manifest);
    for (String line : lines) {
      if (!actual.contains(line)) {
        fail("manifest has no line\n" + line + "\nit is:\n" + String.join("\n", actual));
      }
    }
  }

  /**
   * {@code base} with each line containing {@code pairs[2k]} replaced by {@code pairs[2k + 1]}
   * (which may hold several lines, or be empty to delete it). Each key must match exactly one line.
   */
  static String[] edit(String[] base, String... pairs) {
    List<String> out = new ArrayList<>(List.of(base));
    for (int k = 0; k < pairs.length; k += 2) {
      String key = pairs[k];
      List<Integer> hits = new ArrayList<>();
      for (int i = 0; i < out.size(); i++) {
        if (out.get(i).contains(key)) {
          hits.add(i);
        }
      }
      if (hits.size() != 1) {
        throw new IllegalArgumentException(key + " matches " + hits.size() + " lines");
      }
      int at = hits.get(0);
      out.remove(at);
      if (!pairs[k + 1].isEmpty()) {
        out.addAll(at, List.of(pairs[k + 1].split("\n")));
      }
    }
    return out.toArray(String[]::new);
  }

  /**
   * Writes the class file {@code path} (like {@code test/A.class}) that {@code c} produced under
   * {@code root}.
   */
  static void writeClass(Compilation c, String path, Path root) throws IOException {
    for (JavaFileObject f : c.generatedFiles()) {
      if (f.getKind() == JavaFileObject.Kind.CLASS && f.toUri().getPath().endsWith("/" + path)) {
        Path target = root.resolve(path);
        Files.createDirectories(target.getParent());
        try (InputStream in = f.openInputStream()) {
          Files.copy(in, target);
        }
        return;
      }
    }
    fail(
        "no class file "
            + path
            + " among "
            + c.generatedFiles().stream().map(f -> f.toUri().toString()).toList());
  }

  /** The jar or directory a class was loaded from. */
  static File location(Class<?> type) {
    try {
      return new File(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
