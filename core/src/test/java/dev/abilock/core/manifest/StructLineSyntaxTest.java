package dev.abilock.core.manifest;

import static dev.abilock.core.manifest.StructManifestTest.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.abilock.core.ManifestMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The struct lines' grammar, each malformed line refused on its own line with what was expected
 * there, and the recorded bytes a mismatch names.
 */
class StructLineSyntaxTest {
  private static final String PER_ABI = "x86_64 <first>..<last> x86_32 <first>..<last>";

  /** The first problem of {@code text}: line, id and text. */
  private static String first(String text) {
    ManifestException e = assertThrows(ManifestException.class, () -> ManifestParser.parse(text));
    ManifestException.Problem p = e.problems().get(0);
    return p.line() + " " + p.rule().id() + " " + p.text();
  }

  private static String syntax(int line, String expected) {
    return line + " " + ManifestMessage.MANIFEST_SYNTAX.id() + " expected " + expected;
  }

  @Test
  void aStructLineWithoutItsCompatMode() {
    assertEquals(
        syntax(9, "'struct <name> class <class name> compat none|same|translated'"),
        first(
            with(
                9,
                "struct xen_hvm_modified_memory class org.example.xen.HvmModifiedMemory compat"
                    + " published 4.5")));
  }

  @Test
  void aLayoutLineWithAWrongAbiLabel() {
    assertEquals(
        syntax(10, "'layout x86_64 size <bytes> align <bytes> x86_32 size <bytes> align <bytes>'"),
        first(with(10, "  layout x86_64 size 16 align 8 x86_31 size 16 align 8 published 4.5")));
  }

  @Test
  void aMemberLineWithAWrongAbiLabel() {
    assertEquals(
        syntax(13, "'" + PER_ABI + "' at the end"),
        first(with(13, "  member nr u32 x86_64 4..7 x86_31 4..7 published 4.5")));
  }

  @Test
  void aMemberLineWithoutItsType() {
    assertEquals(
        syntax(13, "'member <name> <c type> [align <bytes>] " + PER_ABI + "'"),
        first(with(13, "  member nr published 4.5")));
  }

  @Test
  void aMemberLineWithItsTypeOnlyMissesItsPlaces() {
    assertEquals(
        syntax(13, "'" + PER_ABI + "' at the end"),
        first(with(13, "  member nr u32 published 4.5")));
  }

  @Test
  void aMemberLineEndingInAlignMissesItsPlaces() {
    assertEquals(
        syntax(13, "'" + PER_ABI + "' at the end"),
        first(with(13, "  member nr u32 align published 4.5")));
  }

  @Test
  void aMemberLineWithABadAlignment() {
    assertEquals(
        syntax(14, "'member <name> <c type> [align <bytes>] " + PER_ABI + "'"),
        first(
            with(
                14, "  member first_pfn u64 align eight x86_64 8..15 x86_32 8..15 published 4.5")));
  }

  @Test
  void aPadLineNeitherMustBeZeroNorFree() {
    assertEquals(
        syntax(12, "'pad <name> must-be-zero|free [trailing] " + PER_ABI + "'"),
        first(with(12, "  pad pad0 zero x86_64 2..3 x86_32 2..3 published 4.5")));
  }

  @Test
  void aPadLineWithoutPlaces() {
    assertEquals(
        syntax(12, "'" + PER_ABI + "' at the end"),
        first(with(12, "  pad pad0 must-be-zero published 4.5")));
  }

  @Test
  void aMismatchNamesTheRecordedAndTheComputedBytes() {
    assertEquals(
        "29 "
            + ManifestMessage.MANIFEST_STRUCT_MISMATCH.id()
            + " member extent_order records bytes 16..19 on x86_32, but the layout computed from the"
            + " types, order and alignment of the struct's lines gives bytes 8..11",
        first(with(29, "  member extent_order u32 x86_64 16..19 x86_32 16..19 draft")));
  }

  @Test
  void aTrailingPadRecordedWithoutBytesWhereTheLayoutGivesSomeIsAMismatch() {
    List<String> lines = new java.util.ArrayList<>(StructManifestTest.VALID);
    lines.set(31, "  pad pad must-be-zero trailing x86_64 26..31 x86_32 none draft");
    assertEquals(
        "32 "
            + ManifestMessage.MANIFEST_STRUCT_MISMATCH.id()
            + " pad pad records no byte on x86_32, but the layout computed from the types, order"
            + " and alignment of the struct's lines gives bytes 18..19",
        first(StructManifestTest.text(lines)));
  }
}
