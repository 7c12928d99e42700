package dev.abilock.core.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.abilock.core.CatalogueEntry;
import dev.abilock.core.DeclarationMessage;
import dev.abilock.core.GateMessage;
import dev.abilock.core.Severity;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Coverage-guided fuzzing of the manifest parser, the one reader every front end shares. Whatever
 * the bytes, the parser either reads a manifest that renders back to itself, or refuses it with
 * problems that each name a line of the file and a manifest rule: anything else (an exception, a
 * line that does not exist, a text without an id) is a bug.
 *
 * <p>Every build replays the saved inputs: the corruption corpus (copied here by the build) and any
 * finding saved beside it. {@code -Pfuzz} fuzzes for {@code -Dabilock.fuzz.seconds} (default 300,
 * the duration below, which also holds when run with {@code JAZZER_FUZZ=1} outside Maven; see the
 * README).
 */
class ManifestParserFuzzTest {
  /**
   * The rules a manifest shares with the declarations: the layout rules, and a field or continues
   * naming no field.
   */
  private static final Set<CatalogueEntry> LAYOUT_RULES =
      Set.of(
          DeclarationMessage.OVERLAP,
          DeclarationMessage.OP_CODE_DOES_NOT_FIT,
          DeclarationMessage.DUPLICATE_OP_CODE,
          GateMessage.RETIRED_CODE_REUSED,
          DeclarationMessage.BAD_ALIAS,
          DeclarationMessage.DUPLICATE_OP_NAME,
          DeclarationMessage.OP_WITHOUT_OPCODE,
          DeclarationMessage.TWO_OPCODES,
          DeclarationMessage.DUPLICATE_FIELD_NAME,
          DeclarationMessage.CONTINUES_UNKNOWN,
          DeclarationMessage.BAD_NAME,
          DeclarationMessage.FIELD_OUTSIDE_WORD,
          DeclarationMessage.COMPAT_BITS_TOO_LARGE,
          DeclarationMessage.COMPAT_BITS_OUTSIDE,
          DeclarationMessage.OPCODE_BEYOND_COMPAT,
          DeclarationMessage.RETIRED_BAD_RELEASE,
          DeclarationMessage.RETIRED_BAD_REASON,
          // The struct rules (StructRules), which the parser applies to a struct's lines.
          DeclarationMessage.STRUCT_HOLE,
          DeclarationMessage.MEMBER_BAD_ALIGN,
          DeclarationMessage.PAD_BAD_SIZE,
          DeclarationMessage.TRAILING_PAD_NOT_LAST,
          DeclarationMessage.DUPLICATE_MEMBER_NAME,
          DeclarationMessage.COMPAT_LAYOUT_DIFFERS,
          DeclarationMessage.SUB_OP_MEMBER_UNKNOWN,
          DeclarationMessage.SUB_OP_MEMBER_TYPE,
          DeclarationMessage.SUB_OP_DOES_NOT_FIT,
          DeclarationMessage.DUPLICATE_SUB_OP,
          GateMessage.RETIRED_SUB_OP_REUSED);

  @FuzzTest(maxDuration = "5m")
  void parse(byte[] bytes) {
    Manifest manifest;
    try {
      manifest = ManifestParser.parse(bytes);
    } catch (ManifestException e) {
      int lines = lines(bytes);
      assertFalse(e.problems().isEmpty(), "a refusal names at least one problem");
      for (ManifestException.Problem p : e.problems()) {
        assertTrue(
            p.line() >= 1 && p.line() <= lines,
            "line " + p.line() + " of a file of " + lines + ": " + p);
        assertTrue(
            p.rule().id().startsWith("manifest-") || LAYOUT_RULES.contains(p.rule()), p.toString());
        assertEquals(Severity.ERROR, p.rule().severity(), p.toString());
        assertFalse(p.text().isBlank(), p.toString());
      }
      return;
    }
    String text = manifest.render();
    Manifest again;
    try {
      again = ManifestParser.parse(text);
    } catch (ManifestException e) {
      throw new AssertionError("the parser refuses what it rendered:\n" + text + e.getMessage(), e);
    }
    assertEquals(
        manifest.lines().stream().map(Line::render).toList(),
        again.lines().stream().map(Line::render).toList());
    assertEquals(text, again.render());
  }

  /** Lines of the file as the parser counts them (a final line without a newline counts). */
  private static int lines(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    return Math.max(1, (int) text.chars().filter(c -> c == '\n').count() + 1);
  }
}
