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
import dev.abilock.core.ManifestMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a new user met, step by step, where the advice matters most: a lost manifest (deleted, or
 * moved with only {@code -Aabilock.manifest} updated) under sources that retire an op, a published
 * line edited by hand, and release labels given out of order or empty.
 */
class NewcomerTest {
  @TempDir Path dir;
  private Path manifest;

  @BeforeEach
  void setUp() {
    manifest = dir.resolve("abilock.manifest");
  }

  /** A handler of the user's own, with a compat word: a 4-bit op and a 40-bit count. */
  private static final String[] SCHED_OP = {
    "@Continuable(name = \"sched_op\", width = 64, compatWidth = 32, headerPrefix = \"SCHEDOP\")",
    "public class SchedOp {",
    "  @Op public static final int SCHEDOP_yield = 0;",
    "  @Op(continues = \"count\") public static final int SCHEDOP_block = 1;",
    "  @Op(continues = \"count\") public static final int SCHEDOP_poll = 3;",
    "  @Opcode(bits = 4) int cmd;",
    "  @ContinuationField(bits = 40, compatBits = 28) long count;",
    "}"
  };

  private static JavaFileObject schedOp(String... pairs) {
    return Sources.source("SchedOp", edit(SCHED_OP, pairs));
  }

  /** SCHED_OP published at 1.0, SCHEDOP_block retired in 1.2 and recorded. */
  private JavaFileObject retiredAt12() {
    publish("1.0", schedOp());
    JavaFileObject retired =
        schedOp(
            "SCHEDOP_block",
            "  @Retired(release = \"1.2\", reason = \"use SCHEDOP_poll\")\n"
                + "  @Op(continues = \"count\") public static final int SCHEDOP_block = 1;");
    assertThat(Sources.compile(manifest, "update", retired)).succeeded();
    return retired;
  }

  // ------------------------------------------------------------------ a lost manifest

  @Test
  void aDeletedManifestUnderARetirementIsMissingNotARetiredDraftInEveryMode() throws Exception {
    JavaFileObject retired = retiredAt12();
    Files.delete(manifest);
    for (List<String> mode :
        List.of(
            List.of("abilock.mode=check"),
            List.of("abilock.mode=update"),
            List.of("abilock.mode=update", "abilock.release=1.3"),
            List.of("abilock.stale=warning"))) {
      List<String> options = new ArrayList<>(mode);
      options.add("abilock.manifest=" + manifest);
      Compilation c = Sources.compile(options, retired);
      assertThat(c).failed();
      assertEquals(List.of("manifest-missing"), errorIds(c), mode.toString());
      assertContainsAll(
          errorText(c, ManifestMessage.MANIFEST_MISSING),
          "manifest "
              + manifest
              + " does not exist (the path is set by -Aabilock.manifest); yet the sources hold"
              + " @Retired on op SCHEDOP_block in sched_op, which only a manifest written earlier can justify",
          "Restore it",
          "git log --diff-filter=D",
          "Nothing was written; delete no declaration");
      assertFalse(
          errorText(c, ManifestMessage.MANIFEST_MISSING).contains("Delete the declaration"));
      assertFalse(Files.exists(manifest), "nothing is written in " + mode);
    }
  }

  @Test
  void aManifestMovedWithOnlyTheOptionUpdatedIsMissingAtTheNewPath() throws Exception {
    JavaFileObject retired = retiredAt12();
    Path moved = dir.resolve("abi/abilock.manifest");
    Files.createDirectories(moved.getParent());
    Files.move(manifest, dir.resolve("elsewhere.manifest"));
    Compilation c = Sources.compile(moved, "update", retired);
    assertEquals(List.of("manifest-missing"), errorIds(c));
    assertContainsAll(
        errorText(c, ManifestMessage.MANIFEST_MISSING),
        "manifest " + moved + " does not exist",
        "@Retired on op SCHEDOP_block in sched_op");
    assertFalse(Files.exists(moved));
  }

  @Test
  void aliasesAloneAlsoNeedTheManifestAndAreCountedPastThree() throws Exception {
    JavaFileObject renamed =
        schedOp(
            "SCHEDOP_yield",
                "  @Op(aliases = \"SCHEDOP_relax\") public static final int SCHEDOP_yield = 0;",
            "SCHEDOP_block = 1",
                "  @Op(continues = \"count\", aliases = \"SCHEDOP_wait\")"
                    + " public static final int SCHEDOP_block = 1;",
            "SCHEDOP_poll",
                "  @Op(continues = \"count\", aliases = \"SCHEDOP_select\")"
                    + " public static final int SCHEDOP_poll = 3;",
            "int cmd",
                "  @Retired(release = \"1.1\", reason = \"gone\") @Op public static final int SCHEDOP_shutdown = 2;\n"
                    + "  @Opcode(bits = 4) int cmd;");
    Compilation c = Sources.compile(manifest, "update", renamed);
    assertEquals(List.of("manifest-missing"), errorIds(c));
    assertContainsAll(
        errorText(c, ManifestMessage.MANIFEST_MISSING),
        "yet the sources hold aliases of op SCHEDOP_yield in"
            + " sched_op, aliases of op SCHEDOP_block in sched_op, @Retired on op SCHEDOP_shutdown in sched_op, and 1 more,");
    assertFalse(Files.exists(manifest));
  }

  @Test
  void aNewProjectStillGetsItsManifestAndCheckModeSaysHowToCreateIt() throws Exception {
    Compilation c = Sources.compile(manifest, "check", schedOp());
    assertEquals(List.of("manifest-missing"), errorIds(c));
    assertContainsAll(
        errorText(c, ManifestMessage.MANIFEST_MISSING),
        "manifest "
            + manifest
            + " does not exist (the path is set by -Aabilock.manifest); create it and commit it: mvn abilock:update");
    assertThat(Sources.compile(manifest, "update", schedOp())).succeeded();
    assertTrue(Files.exists(manifest));
  }

  /** The Maven plugin names its own parameter as the origin of the path. */
  @Test
  void theOriginOfThePathIsTheRunnersToName() throws Exception {
    Compilation c =
        Sources.compile(
            List.of(
                "abilock.manifest=" + manifest,
                "abilock.manifest.origin=abilock-maven-plugin's manifest parameter"),
            schedOp());
    assertContainsAll(
        errorText(c, ManifestMessage.MANIFEST_MISSING),
        "(the path is set by abilock-maven-plugin's manifest parameter)");
  }

  // ------------------------------------------------------------------ a hand-edited published line

  @Test
  void aBreakOfAPublishedLineHintsAtAHandEditAndHowToCheck() throws Exception {
    publish("1.0", schedOp());
    String text = Files.readString(manifest);
    // Bits and mask edited together, as a careful hand does: the parser has nothing to refuse.
    Files.writeString(
        manifest,
        text.replace(
            "field count shifted bits 4..43 mask 0x00000ffffffffff0",
            "field count shifted bits 4..45 mask 0x00003ffffffffff0"));
    byte[] edited = Files.readAllBytes(manifest);
    JavaFileObject src = schedOp();
    Compilation c = Sources.compile(manifest, "check", src);
    assertEquals(List.of("field-narrowed"), errorIds(c));
    assertError(c, GateMessage.FIELD_NARROWED, src, "long count", "40");
    assertContainsAll(
        errorText(c, GateMessage.FIELD_NARROWED),
        "bits 4..45 -> 4..43",
        "If you did not change this declaration, the published line may have been edited by hand in the manifest:"
            + " abilock diff --git HEAD --manifest "
            + manifest
            + " (or mvn abilock:diff -Dabilock.base=HEAD) names"
            + " such edits.");
    assertArrayEquals(edited, Files.readAllBytes(manifest));
  }

  @Test
  void retiringADraftGetsNoHandEditHint() throws Exception {
    Compilation c =
        Sources.compile(
            manifest,
            "update",
            Sources.source(
                "SchedOp",
                edit(
                    SCHED_OP,
                    "SCHEDOP_block",
                    "  @Retired(release = \"1.2\", reason = \"x\") @Op public static final int SCHEDOP_block = 1;")));
    assertEquals(List.of("manifest-missing"), errorIds(c)); // no manifest: see above
    assertThat(Sources.compile(manifest, "update", schedOp())).succeeded();
    c =
        Sources.compile(
            manifest,
            "update",
            Sources.source(
                "SchedOp",
                edit(
                    SCHED_OP,
                    "SCHEDOP_block",
                    "  @Retired(release = \"1.2\", reason = \"x\") @Op public static final int SCHEDOP_block = 1;")));
    assertEquals(List.of("retired-draft"), errorIds(c));
    assertFalse(errorText(c, GateMessage.RETIRED_DRAFT).contains("edited by hand"));
  }

  // ------------------------------------------------------------------ release labels

  @Test
  void publishingAtAnOlderLabelIsRefusedNamingTheNewest() throws Exception {
    publish("1.1", schedOp());
    publish(
        "1.2",
        schedOp(
            "SCHEDOP_poll",
            "  @Op(continues = \"count\") public static final int SCHEDOP_poll = 3;\n"
                + "  @Op public static final int SCHEDOP_wake = 4;"));
    JavaFileObject grown =
        schedOp(
            "SCHEDOP_poll",
            "  @Op(continues = \"count\") public static final int SCHEDOP_poll = 3;\n"
                + "  @Op public static final int SCHEDOP_wake = 4;\n  @Op public static final int SCHEDOP_kick = 5;");
    byte[] before = Files.readAllBytes(manifest);
    Compilation c =
        Sources.compile(
            List.of("abilock.manifest=" + manifest, "abilock.mode=update", "abilock.release=1.0"),
            grown);
    assertEquals(List.of("release-before-published"), errorIds(c));
    assertContainsAll(
        errorText(c, ManifestMessage.RELEASE_BEFORE_PUBLISHED),
        "abilock.release = 1.0 comes before 1.2, which the manifest already publishes at (op SCHEDOP_wake 4 published"
            + " 1.2)",
        "publish at 1.2 or later");
    assertArrayEquals(before, Files.readAllBytes(manifest));

    publish("1.2", grown); // the same release again: more drafts published at it
    assertTrue(Files.readString(manifest).contains("  op SCHEDOP_kick 5 published 1.2\n"));
  }

  @Test
  void labelsOrderAsNumbersPartByPart() throws Exception {
    publish("1.9", schedOp());
    publish(
        "1.10",
        schedOp(
            "SCHEDOP_poll",
            "  @Op(continues = \"count\") public static final int SCHEDOP_poll = 3;\n"
                + "  @Op public static final int SCHEDOP_wake = 4;"));
    assertTrue(Files.readString(manifest).contains("  op SCHEDOP_wake 4 published 1.10\n"));
    Compilation c =
        Sources.compile(
            List.of("abilock.manifest=" + manifest, "abilock.mode=update", "abilock.release=1.9.9"),
            schedOp());
    assertEquals(List.of("release-before-published"), errorIds(c));
  }

  @Test
  void anEmptyOrUnorderableLabelIsRefusedNotIgnored() throws Exception {
    publish("1.0", schedOp());
    byte[] before = Files.readAllBytes(manifest);
    JavaFileObject grown =
        schedOp(
            "SCHEDOP_poll",
            "  @Op(continues = \"count\") public static final int SCHEDOP_poll = 3;\n"
                + "  @Op public static final int SCHEDOP_wake = 4;");
    Compilation c =
        Sources.compile(
            List.of("abilock.manifest=" + manifest, "abilock.mode=update", "abilock.release="),
            grown);
    assertEquals(List.of("empty-release"), errorIds(c));
    assertContainsAll(
        errorText(c, ManifestMessage.EMPTY_RELEASE),
        "abilock.release is empty",
        "-Dabilock.release=1.0");
    c =
        Sources.compile(
            List.of("abilock.manifest=" + manifest, "abilock.mode=update", "abilock.release"),
            grown);
    assertEquals(List.of("empty-release"), errorIds(c));
    c =
        Sources.compile(
            List.of(
                "abilock.manifest=" + manifest, "abilock.mode=update", "abilock.release=1.1-rc1"),
            grown);
    assertEquals(List.of("bad-release"), errorIds(c));
    assertContainsAll(
        errorText(c, ManifestMessage.BAD_RELEASE),
        "abilock.release = \"1.1-rc1\": a release label to publish" + " at is dotted numbers",
        "4.10 comes after 4.9");
    assertArrayEquals(before, Files.readAllBytes(manifest));
  }

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
}
