package dev.abilock.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.abilock.processor.ManifestGateTest.assertContainsAll;
import static dev.abilock.processor.ManifestGateTest.assertError;
import static dev.abilock.processor.ManifestGateTest.edit;
import static dev.abilock.processor.ManifestGateTest.errorIds;
import static dev.abilock.processor.ManifestGateTest.errorText;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.abilock.core.GateMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A published ABI's life, through the compiler: deliberate retirements (recorded, noted, frozen),
 * the mistakes around them (removing without retiring, retiring a draft, reusing a retired code or
 * name, un-retiring), renames that keep or drop the old name, and messages a maintainer can act on.
 * Every failing compile names the rule, points at the source and leaves the manifest as it was.
 */
class RetirementTest {
  @TempDir Path dir;
  private Path manifest;

  @BeforeEach
  void setUp() {
    manifest = dir.resolve("abilock.manifest");
  }

  /** hvm_op as of Xen 4.5 .. 4.8: ops 7 and 8 keep their progress in place above the 8-bit op. */
  private static final String[] HVM_OP_48 = {
    "@Continuable(name = \"hvm_op\", width = 64, headerPrefix = \"HVMOP\")",
    "public class HvmOp {",
    "  @Op public static final int HVMOP_set_param = 0;",
    "  @Op public static final int HVMOP_get_param = 1;",
    "  @Op(continues = \"startIter\") public static final int HVMOP_modified_memory = 7;",
    "  @Op(continues = \"startIter\") public static final int HVMOP_set_mem_type = 8;",
    "  @Opcode(bits = 8) int op;",
    "  @ContinuationField(shift = 8, bits = 56, encoding = Encoding.IN_PLACE) long startIter;",
    "}"
  };

  /** memory_op around Xen 4.3, when op 23 was still XENMEM_add_to_physmap_range. */
  private static final String[] MEMORY_OP_43 = {
    "@Continuable(name = \"memory_op\", width = 64, headerPrefix = \"MEMOP\")",
    "public class MemoryOp {",
    "  @Op(continues = \"startExtent\") public static final int XENMEM_decrease_reservation = 1;",
    "  @Op public static final int XENMEM_maximum_ram_page = 2;",
    "  @Op(continues = \"startExtent\") public static final int XENMEM_add_to_physmap_range = 23;",
    "  @Opcode(bits = 6) int cmd;",
    "  @ContinuationField(bits = 58) long startExtent;",
    "}"
  };

  private static final String RETIRED_49 =
      "  @Retired(release = \"4.9\", reason = \"moved to dm_op\")";

  private static JavaFileObject hvm(String... pairs) {
    return Sources.source("HvmOp", edit(HVM_OP_48, pairs));
  }

  // ------------------------------------------------------------------ retiring on purpose

  @Test
  void retiringAPublishedOpPassesIsRecordedFrozenAndNotedInUpdateMode() throws Exception {
    publish("4.5", hvm());
    JavaFileObject retired =
        hvm(
            "HVMOP_modified_memory",
            RETIRED_49
                + "\n"
                + "  @Op(continues = \"startIter\") public static final int HVMOP_modified_memory = 7;");
    Compilation c = Sources.compile(manifest, "update", retired);
    assertThat(c).succeeded();
    assertThat(c)
        .hadNoteContaining(
            "[retired-note] hvm_op: op HVMOP_modified_memory retired in 4.9: moved to dm_op;"
                + " it keeps its code 7 reserved");
    assertManifestContains(
        "  op HVMOP_modified_memory 7 published 4.5 retired 4.9 \"moved to dm_op\"",
        "  op HVMOP_modified_memory 7 continues start_iter published 4.5");
    // In sync now, and quiet: the note belongs to the compile that records the retirement.
    Compilation again = Sources.compile(manifest, "check", retired);
    assertThat(again).succeeded();
    assertThat(again).hadNoteCount(0);
    // The retirement is frozen: publishing drafts at a later release leaves it as it was.
    assertThat(
            Sources.compile(
                List.of(
                    "abilock.manifest=" + manifest, "abilock.mode=update", "abilock.release=5.0"),
                retired))
        .succeeded();
    assertManifestContains(
        "  op HVMOP_modified_memory 7 published 4.5 retired 4.9 \"moved to dm_op\"");
  }

  @Test
  void retiringAFieldOrTheWholeContinuablePasses() throws Exception {
    publish("4.5", hvm());
    String[] retiredField =
        edit(
            HVM_OP_48,
            "long startIter;",
            "  @Retired(release = \"4.9\", reason = \"HVMOP_op_mask removed\")\n"
                + "  @ContinuationField(shift = 8, bits = 56, encoding = Encoding.IN_PLACE) long startIter;");
    JavaFileObject field = Sources.source("HvmOp", retiredField);
    Compilation c = Sources.compile(manifest, "update", field);
    assertThat(c).succeeded();
    assertThat(c)
        .hadNoteContaining(
            "[retired-note] hvm_op: field start_iter retired in 4.9: HVMOP_op_mask removed;"
                + " it keeps its bits 8..63 reserved");
    assertManifestContains(
        "  field start_iter in-place bits 8..63 mask 0xffffffffffffff00 published 4.5 retired 4.9"
            + " \"HVMOP_op_mask removed\"");

    JavaFileObject whole =
        Sources.source(
            "HvmOp",
            edit(
                retiredField,
                "@Continuable",
                "@Retired(release = \"4.9\", reason = \"no hvm_op continues\")\n"
                    + "@Continuable(name = \"hvm_op\", width = 64, headerPrefix = \"HVMOP\")"));
    Compilation w = Sources.compile(manifest, "update", whole);
    assertThat(w).succeeded();
    assertThat(w)
        .hadNoteContaining(
            "[retired-note] hvm_op: continuable hvm_op retired in 4.9: no hvm_op continues");
    assertManifestContains(
        "continuable hvm_op class test.HvmOp published 4.5 retired 4.9 \"no hvm_op continues\"");
  }

  @Test
  void retiringADraftIsAnErrorThatSaysToDeleteIt() throws Exception {
    publish("4.5", hvm());
    JavaFileObject src =
        hvm(
            "HVMOP_get_param",
            "  @Op public static final int HVMOP_get_param = 1;\n"
                + "  @Retired(release = \"4.9\", reason = \"never shipped\")\n"
                + "  @Op public static final int HVMOP_experimental = 9;");
    for (String mode : List.of("check", "update")) {
      Compilation c = failingCompile(mode, src);
      assertEquals(List.of("retired-draft"), errorIds(c));
      assertError(c, GateMessage.RETIRED_DRAFT, src, "reason = \"never shipped\"", null);
      assertContainsAll(
          errorText(c, GateMessage.RETIRED_DRAFT),
          "[retired-draft] hvm_op: op HVMOP_experimental is retired in 4.9 but was never published",
          "Delete the declaration instead.");
    }
  }

  // ------------------------------------------------------------------ removing without retiring

  @Test
  void removingAContinuingOpIsABreakShowingAWordInFlightAndBothRoutes() throws Exception {
    publish("4.5", hvm());
    JavaFileObject removed = hvm("HVMOP_modified_memory", "");
    Compilation c = failingCompile("update", removed);
    assertEquals(List.of("op-removed"), errorIds(c));
    assertContainsAll(
        errorText(c, GateMessage.OP_REMOVED),
        "[op-removed] hvm_op: published op HVMOP_modified_memory (code 7) was removed",
        // A word in flight (progress 0x100), not the bare op word: what a migrated guest holds.
        "witness: word 0x0000000000000107 is op HVMOP_modified_memory, start_iter = 256 under the published layout,"
            + " but the sources now read it as refused (unknown op code 7)",
        "Restore the op, or retire it: keep the constant and add @Retired(release = \"...\", reason = \"...\"),"
            + " so that code 7 stays reserved");
  }

  @Test
  void removingAnOpThatNeverContinuesSaysCallersAreRefusedNotThatAWordIsSaved() throws Exception {
    publish("4.5", hvm());
    Compilation c = failingCompile("check", hvm("HVMOP_get_param", ""));
    String text = errorText(c, GateMessage.OP_REMOVED);
    assertContainsAll(
        text,
        "op HVMOP_get_param never continues, so no guest holds a saved word of it, but a guest"
            + " calling it is refused now",
        "retire it: keep the constant and add @Retired");
    assertFalse(text.contains("witness"), text);
    assertFalse(text.contains("may hold a saved word"), text);
  }

  @Test
  void removingAFieldShowsAWordInFlight() throws Exception {
    publish("4.5", hvm());
    JavaFileObject removed =
        hvm(
            "long startIter;",
            "",
            "HVMOP_modified_memory",
            "  @Op public static final int HVMOP_modified_memory = 7;",
            "HVMOP_set_mem_type",
            "  @Op public static final int HVMOP_set_mem_type = 8;");
    Compilation c = failingCompile("check", removed);
    assertContainsAll(
        errorText(c, GateMessage.FIELD_REMOVED),
        "witness: word 0x0000000000000107 is op HVMOP_modified_memory, start_iter = 256 under the published layout",
        "Restore the field, or retire it: keep its declaration and add @Retired");
  }

  // ------------------------------------------------------------------ a retirement is frozen

  @Test
  void unRetiringEditingARetirementOrDeletingTheRetiredDeclarationBreaks() throws Exception {
    JavaFileObject retired =
        hvm(
            "HVMOP_set_mem_type",
            RETIRED_49
                + "\n"
                + "  @Op(continues = \"startIter\") public static final int HVMOP_set_mem_type = 8;");
    publish("4.5", hvm());
    assertThat(Sources.compile(manifest, "update", retired)).succeeded();

    Compilation unretired = failingCompile("update", hvm());
    assertEquals(List.of("unretired"), errorIds(unretired));
    assertContainsAll(
        errorText(unretired, GateMessage.UNRETIRED),
        "[unretired] hvm_op: op HVMOP_set_mem_type was retired"
            + " in 4.9, and the sources use it again",
        "keep @Retired(release = \"4.9\", reason = \"moved to dm_op\")");

    JavaFileObject moved =
        hvm(
            "HVMOP_set_mem_type",
            "  @Retired(release = \"4.10\", reason = \"moved to dm_op\")\n"
                + "  @Op(continues = \"startIter\") public static final int HVMOP_set_mem_type = 8;");
    Compilation edited = failingCompile("update", moved);
    assertEquals(List.of("retirement-changed"), errorIds(edited));
    assertError(edited, GateMessage.RETIREMENT_CHANGED, moved, "release = \"4.10\"", null);

    Compilation deleted = failingCompile("update", hvm("HVMOP_set_mem_type", ""));
    assertEquals(List.of("retired-removed"), errorIds(deleted));
    assertContainsAll(
        errorText(deleted, GateMessage.RETIRED_REMOVED),
        "op HVMOP_set_mem_type, retired in 4.9, is gone from the sources, and with it the reservation of its code 8",
        "witness: word 0x0000000000000108 was op HVMOP_set_mem_type, start_iter = 256 before its retirement in 4.9,"
            + " but the sources now read it as refused (unknown op code 8)");
  }

  // ------------------------------------------------------------------ reuse

  @Test
  void reusingARetiredCodeBreaksWithTheOldWordAndItsNewReading() throws Exception {
    JavaFileObject retired =
        hvm(
            "HVMOP_modified_memory",
            RETIRED_49
                + "\n"
                + "  @Op(continues = \"startIter\") public static final int HVMOP_modified_memory = 7;");
    publish("4.5", hvm());
    assertThat(Sources.compile(manifest, "update", retired)).succeeded();
    // The tempting clean-up: delete the retired constant and hand code 7 to something new.
    JavaFileObject reused =
        hvm(
            "HVMOP_modified_memory",
            "  @Op(continues = \"startIter\") public static final int HVMOP_pin_range = 7;");
    Compilation c = failingCompile("update", reused);
    assertEquals(List.of("retired-code-reused"), errorIds(c));
    assertError(c, GateMessage.RETIRED_CODE_REUSED, reused, "HVMOP_pin_range", null);
    assertContainsAll(
        errorText(c, GateMessage.RETIRED_CODE_REUSED),
        "[retired-code-reused] hvm_op: op HVMOP_pin_range takes code 7 of op HVMOP_modified_memory, retired in 4.9",
        "witness: word 0x0000000000000107 was op HVMOP_modified_memory, start_iter = 256 before its retirement in 4.9,"
            + " but the sources now read it as op HVMOP_pin_range, start_iter = 256",
        "Code 7 stays reserved for op HVMOP_modified_memory, retired in 4.9");

    // Keeping the retired declaration and adding the new op beside it is refused where it is
    // written.
    JavaFileObject beside =
        hvm(
            "HVMOP_modified_memory",
            RETIRED_49
                + "\n"
                + "  @Op(continues = \"startIter\") public static final int HVMOP_modified_memory = 7;\n"
                + "  @Op public static final int HVMOP_pin_range = 7;");
    Compilation b = failingCompile("check", beside);
    assertThat(b)
        .hadErrorContaining(
            "[retired-code-reused] op HVMOP_pin_range takes code 7 of op"
                + " HVMOP_modified_memory, retired in 4.9")
        .inFile(beside)
        .onLineContaining("HVMOP_pin_range");
  }

  /**
   * A newcomer's sched_op: the new op declared above the retired one it takes the code of, or below
   * it.
   */
  private static JavaFileObject schedOp(String... ops) {
    return Sources.source(
        "SchedOp",
        edit(
            new String[] {
              "@Continuable(name = \"sched_op\", width = 64, compatWidth = 32, headerPrefix = \"SCHEDOP\")",
              "public class SchedOp {",
              "  OPS",
              "  @Op public static final int SCHEDOP_yield = 0;",
              "  @Opcode(bits = 4) int cmd;",
              "}"
            },
            "  OPS",
            String.join("\n", ops)));
  }

  @Test
  void aRetiredOpsCodeTakenBesideItsDeclarationIsReusedOnTheNewOpWhereverEitherIsDeclared()
      throws Exception {
    String block = "  @Op public static final int SCHEDOP_block = 3;";
    String retiredBlock = "  @Retired(release = \"1.2\", reason = \"use SCHEDOP_poll\")\n" + block;
    String wake = "  @Op public static final int SCHEDOP_wake = 3;";
    publish("1.0", schedOp(block));
    publish("1.2", schedOp(retiredBlock));
    for (JavaFileObject src : List.of(schedOp(wake, retiredBlock), schedOp(retiredBlock, wake))) {
      Compilation c = failingCompile("check", src);
      assertEquals(List.of("retired-code-reused"), errorIds(c));
      assertError(c, GateMessage.RETIRED_CODE_REUSED, src, "SCHEDOP_wake", "@Op");
      assertThat(c)
          .hadErrorContaining(
              "[retired-code-reused] op SCHEDOP_wake takes code 3 of op SCHEDOP_block,"
                  + " retired in 1.2");
    }
  }

  @Test
  void reusingARetiredNameBreaks() throws Exception {
    JavaFileObject retired =
        hvm(
            "HVMOP_modified_memory",
            RETIRED_49
                + "\n"
                + "  @Op(continues = \"startIter\") public static final int HVMOP_modified_memory = 7;");
    publish("4.5", hvm());
    assertThat(Sources.compile(manifest, "update", retired)).succeeded();
    JavaFileObject reused =
        hvm("HVMOP_modified_memory", "  @Op public static final int HVMOP_modified_memory = 9;");
    Compilation c = failingCompile("update", reused);
    assertTrue(errorIds(c).contains("retired-name-reused"), errorIds(c).toString());
    assertContainsAll(
        errorText(c, GateMessage.RETIRED_NAME_REUSED),
        "op HVMOP_modified_memory takes the name of op HVMOP_modified_memory, retired in 4.9",
        "Its name HVMOP_modified_memory stays reserved");
  }

  @Test
  void aNewFieldInARetiredFieldsBitsForOpsThatNeverCarriedItIsCompatible() throws Exception {
    String[] base =
        edit(HVM_OP_48, "HVMOP_set_param", "  @Op public static final int HVMOP_set_param = 0;");
    publish("4.5", Sources.source("HvmOp", base));
    JavaFileObject next =
        Sources.source(
            "HvmOp",
            edit(
                base,
                "HVMOP_modified_memory",
                RETIRED_49
                    + "\n"
                    + "  @Op(continues = \"startIter\") public static final int HVMOP_modified_memory = 7;",
                "HVMOP_set_mem_type",
                RETIRED_49
                    + "\n"
                    + "  @Op(continues = \"startIter\") public static final int HVMOP_set_mem_type = 8;",
                "long startIter;",
                "  @Retired(release = \"4.9\", reason = \"HVMOP_op_mask removed\")\n"
                    + "  @ContinuationField(shift = 8, bits = 56, encoding = Encoding.IN_PLACE) long startIter;\n"
                    + "  @ContinuationField(shift = 8, bits = 16) int domains;",
                "HVMOP_set_param",
                "  @Op(continues = \"domains\") public static final int HVMOP_set_param = 0;"));
    // set_param never carried start_iter, so its saved words had those bits zero: they may carry
    // domains now.
    assertThat(Sources.compile(manifest, "update", next)).succeeded();
    assertManifestContains("  op HVMOP_set_param 0 continues domains draft");
  }

  @Test
  void anOpNewlyContinuingARetiredFieldIsRefused() throws Exception {
    JavaFileObject retiredField =
        hvm(
            "long startIter;",
            "  @Retired(release = \"4.9\", reason = \"gone\")\n"
                + "  @ContinuationField(shift = 8, bits = 56, encoding = Encoding.IN_PLACE) long startIter;");
    publish("4.5", hvm());
    assertThat(Sources.compile(manifest, "update", retiredField)).succeeded();
    JavaFileObject src =
        Sources.source(
            "HvmOp",
            edit(
                HVM_OP_48,
                "long startIter;",
                "  @Retired(release = \"4.9\", reason = \"gone\")\n"
                    + "  @ContinuationField(shift = 8, bits = 56, encoding = Encoding.IN_PLACE) long startIter;",
                "HVMOP_get_param",
                "  @Op(continues = \"startIter\") public static final int HVMOP_get_param = 1;"));
    Compilation c = failingCompile("update", src);
    assertEquals(List.of("continues-retired-field"), errorIds(c));
    assertError(c, GateMessage.CONTINUES_RETIRED_FIELD, src, "HVMOP_get_param", "\"startIter\"");
  }

  // ------------------------------------------------------------------ renames

  @Test
  void aRenameThatKeepsTheOldNameAsAnAliasIsCompatibleAndKeepsItsStatus() throws Exception {
    publish("4.3", Sources.source("MemoryOp", MEMORY_OP_43));
    JavaFileObject renamed =
        Sources.source(
            "MemoryOp",
            edit(
                MEMORY_OP_43,
                "XENMEM_add_to_physmap_range",
                "  @Op(continues = \"startExtent\", aliases = \"XENMEM_add_to_physmap_range\")"
                    + " public static final int XENMEM_add_to_physmap_batch = 23;"));
    assertThat(Sources.compile(manifest, "update", renamed)).succeeded();
    assertManifestContains(
        "  op XENMEM_add_to_physmap_batch 23 aliases XENMEM_add_to_physmap_range published 4.3",
        "  op XENMEM_add_to_physmap_batch 23 continues start_extent published 4.3");
    assertThat(Sources.compile(manifest, "check", renamed)).succeeded();
  }

  @Test
  void aRenameThatDropsTheOldNameBreaksThePublishedNameWithoutAWitness() throws Exception {
    publish("4.3", Sources.source("MemoryOp", MEMORY_OP_43));
    JavaFileObject renamed =
        Sources.source(
            "MemoryOp",
            edit(
                MEMORY_OP_43,
                "XENMEM_add_to_physmap_range",
                "  @Op(continues = \"startExtent\") public static final int XENMEM_add_to_physmap_batch = 23;"));
    Compilation c = failingCompile("update", renamed);
    assertEquals(List.of("op-renamed"), errorIds(c));
    assertError(c, GateMessage.OP_RENAMED, renamed, "XENMEM_add_to_physmap_batch", null);
    String text = errorText(c, GateMessage.OP_RENAMED);
    assertContainsAll(
        text,
        "[op-renamed] memory_op: published op XENMEM_add_to_physmap_range (code 23) is now named"
            + " XENMEM_add_to_physmap_batch, and its old name is gone",
        "no saved word is misread (a word's op is keyed by its code), but the name XENMEM_add_to_physmap_range is"
            + " published too",
        "Keep the old name: @Op(aliases = \"XENMEM_add_to_physmap_range\")");
    assertFalse(text.contains("witness"), text);
  }

  // ------------------------------------------------------------------ partial recompiles

  @Test
  void aPartialRecompileReadsRetirementsFromTheClassFileAndRemovesNothing() throws Exception {
    JavaFileObject retired =
        hvm(
            "HVMOP_modified_memory",
            RETIRED_49
                + "\n"
                + "  @Op(continues = \"startIter\") public static final int HVMOP_modified_memory = 7;");
    JavaFileObject memory = Sources.source("MemoryOp", MEMORY_OP_43);
    publish("4.5", hvm(), memory);
    Compilation full = Sources.compile(manifest, "update", retired, memory);
    assertThat(full).succeeded();
    byte[] recorded = Files.readAllBytes(manifest);
    // An incremental build recompiles MemoryOp only; HvmOp, with its @Retired, is a class file.
    Path classes = Files.createDirectories(dir.resolve("classes"));
    ManifestGateTest.writeClass(full, "test/HvmOp.class", classes);
    List<java.io.File> classpath =
        List.of(
            classes.toFile(),
            ManifestGateTest.location(dev.abilock.Continuable.class),
            ManifestGateTest.location(dev.abilock.runtime.AbiViolationException.class));
    for (String mode : List.of("check", "update")) {
      Compilation partial =
          com.google.testing.compile.Compiler.javac()
              .withProcessors(new AbilockProcessor())
              .withOptions("-Aabilock.manifest=" + manifest, "-Aabilock.mode=" + mode)
              .withClasspath(classpath)
              .compile(memory);
      assertThat(partial).succeededWithoutWarnings();
      assertArrayEquals(recorded, Files.readAllBytes(manifest), mode);
    }
  }

  // ------------------------------------------------------------------ helpers

  private void publish(String release, JavaFileObject... sources) {
    assertThat(
            Sources.compile(
                List.of(
                    "abilock.manifest=" + manifest,
                    "abilock.mode=update",
                    "abilock.release=" + release),
                sources))
        .succeeded();
  }

  /** Compiles in {@code mode}, which must fail and leave the manifest as it was. */
  private Compilation failingCompile(String mode, JavaFileObject... sources) throws IOException {
    byte[] before = Files.readAllBytes(manifest);
    Compilation c = Sources.compile(manifest, mode, sources);
    assertThat(c).failed();
    assertArrayEquals(before, Files.readAllBytes(manifest), "a failing build changed the manifest");
    assertEquals(List.of(), c.warnings().stream().map(d -> d.getMessage(Locale.ROOT)).toList());
    return c;
  }

  private void assertManifestContains(String... lines) throws IOException {
    List<String> actual = Files.readAllLines(manifest);
    for (String line : lines) {
      assertTrue(
          actual.contains(line),
          "manifest has no line\n" + line + "\nit is:\n" + String.join("\n", actual));
    }
  }
}
