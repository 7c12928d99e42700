package dev.abilock.cli;

import static dev.abilock.cli.CliHarness.BASE;
import static dev.abilock.cli.CliHarness.diff;
import static dev.abilock.cli.CliHarness.edit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.abilock.cli.CliHarness.Run;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The three output formats: text (see the other tests), Markdown for pull requests, JSON for tools. */
class CliFormatsTest {
  @TempDir Path dir;

  /** Xen 3.3's memory_op: op in bits 0..3, progress from bit 4. */
  static final String XEN_33 = resource("memory_op-3.3.manifest");
  /** What 3.4 wanted: op in bits 0..5 (for XENMEM_set_pod_target 16), progress from bit 6. */
  static final String XEN_34 = resource("memory_op-3.4.manifest");

  static String resource(String name) {
    try (InputStream in = CliFormatsTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new AssertionError("test resource " + name, e);
    }
  }

  /** Runs a diff of the two manifests written under their own names, and drops the temp directory from labels. */
  private Run diffNamed(String oldName, String oldText, String newName, String newText, String format)
      throws IOException {
    Path old = CliHarness.write(dir.resolve(oldName), oldText);
    Path now = CliHarness.write(dir.resolve(newName), newText);
    Run run = CliHarness.run("diff", "--format", format, old.toString(), now.toString());
    String prefix = dir.toString() + File.separator;
    return new Run(run.exit(), run.out().replace(prefix, ""), run.err());
  }

  @Test
  void markdownOfTheXen34BreakIsThePullRequestComment() throws Exception {
    Run run = diffNamed("memory_op-3.3.manifest", XEN_33, "memory_op-3.4.manifest", XEN_34, "markdown");
    assertEquals(1, run.exit(), run::toString);
    assertEquals("", run.err());
    assertEquals(resource("memory_op-3.3-to-3.4.md"), run.out());
  }

  @Test
  void readmeShowsTheMarkdownVerbatim() throws Exception {
    Path readme = Path.of("..", "README.md");
    String text = Files.readString(readme, StandardCharsets.UTF_8);
    assertTrue(text.contains("## Reviewing manifest changes"), "README section is missing");
    assertTrue(text.contains(resource("memory_op-3.3-to-3.4.md")),
        "README must show the output of CliFormatsTest's Markdown case verbatim");
  }

  @Test
  void markdownWithoutBreaksSaysSo() throws Exception {
    String now = edit(BASE, "  op XENMEM_access_op 21 continues start_iter published 4.5",
        "  op XENMEM_access_op 21 continues start_iter published 4.5\n  op XENMEM_set_pod_target 16 draft");
    Run run = diffNamed("a.manifest", BASE, "b.manifest", now, "MARKDOWN");
    assertEquals(0, run.exit(), run::toString);
    assertEquals("""
        **abilock: no breaking changes** (1 compatible, 0 draft-only) in `a.manifest` -> `b.manifest`

        ### Compatible (1)

        | change | continuable | what | old -> new |
        |---|---|---|---|
        | `line-added` | `memory_op` | new line 'op XENMEM_set_pod_target 16' (draft) | nothing -> L28 `op XENMEM_set_pod_target 16 draft` |
        """, run.out());
  }

  @Test
  void markdownOfIdenticalFiles() throws Exception {
    Run run = diffNamed("a.manifest", BASE, "b.manifest", BASE, "markdown");
    assertEquals(0, run.exit());
    assertEquals("**abilock: no changes** (0 compatible, 0 draft-only) in `a.manifest` -> `b.manifest`\n", run.out());
  }

  @Test
  void jsonListsEveryChangeWithRuleLinesAndWitness() throws Exception {
    Run run = diffNamed("a.manifest", BASE, "b.manifest", edit(BASE, "  op XENMEM_maximum_ram_page 2 published 3.4",
        "  op XENMEM_maximum_ram_page 2 published 4.0"), "json");
    assertEquals(1, run.exit(), run::toString);
    assertEquals("""
        {
          "old": "a.manifest",
          "new": "b.manifest",
          "breaking": true,
          "summary": {"breaking": 1, "retired": 0, "compatible": 0, "draft-only": 0},
          "notes": [],
          "changes": [
            {"category": "breaking", "rule": "published-line-republished", "continuable": "memory_op", \
        "headline": "[published-line-republished] memory_op: published line 'op XENMEM_maximum_ram_page 2' was \
        re-published: published 3.4 -> published 4.0", "old": "op XENMEM_maximum_ram_page 2 published 3.4", \
        "new": "op XENMEM_maximum_ram_page 2 published 4.0", "oldLine": 25, "newLine": 25, "witness": null, \
        "consequence": "the compiler trusts published lines as the frozen ABI and cannot see this edit; restore the \
        old line"}
          ]
        }
        """, run.out());
    JsonCheck.parse(run.out());
  }

  @Test
  void jsonOfTheXen34BreakIsValidAndCarriesTheWitness() throws Exception {
    Run run = diffNamed("memory_op-3.3.manifest", XEN_33, "memory_op-3.4.manifest", XEN_34, "json");
    assertEquals(1, run.exit(), run::toString);
    JsonCheck.parse(run.out());
    assertTrue(run.out().contains("\"summary\": {\"breaking\": 8, \"retired\": 0, \"compatible\": 1, \"draft-only\": 0}"), run.out());
    assertTrue(run.out().contains("{\"category\": \"breaking\", \"rule\": \"field-widened\", \"continuable\":"
        + " \"memory_op\", \"headline\": \"[field-widened] memory_op: published opcode cmd widened: bits 0..3 -> 0..5\""),
        run.out());
    assertTrue(run.out().contains("\"witness\": {\"word\": \"0x0000000000000010\", \"compat\": false, \"published\":"
        + " \"op XENMEM_increase_reservation, start_extent = 1\", \"now\": \"op XENMEM_set_pod_target\""), run.out());
    assertTrue(run.out().contains("{\"category\": \"compatible\", \"rule\": \"line-added\""), run.out());
  }

  @Test
  void jsonOfNoChangesHasAnEmptyList() throws Exception {
    Run run = diffNamed("a.manifest", BASE, "b.manifest", BASE, "json");
    assertEquals(0, run.exit());
    JsonCheck.parse(run.out());
    assertTrue(run.out().contains("\"breaking\": false,\n"), run.out());
    assertTrue(run.out().endsWith("\"changes\": []\n}\n"), run.out());
  }

  @Test
  void jsonStringsAreEscaped() {
    assertEquals("null", Report.quote(null));
    assertEquals("\"plain\"", Report.quote("plain"));
    assertEquals("\"a \\\"quoted\\\" \\\\ path\"", Report.quote("a \"quoted\" \\ path"));
    assertEquals("\"tab\\tnewline\\ncr\\rbell\\u0007nul\\u0000\"", Report.quote("tab\tnewline\ncr\rbell\u0007nul\u0000"));
    assertEquals("\"line\\u2028sep \\ud800 alone, pair \uD83D\uDE00 kept\"",
        Report.quote("line\u2028sep \uD800 alone, pair \uD83D\uDE00 kept"));
    JsonCheck.parse(Report.quote("x\"\\\n\u0001\u2028"));
  }

  @Test
  void markdownCellsAreEscaped() {
    assertEquals("a \\| b \\*c\\* \\<b> \\[link\\](x) \\`tick\\` \\\\", Report.escape("a | b *c* <b> [link](x) `tick` \\"));
    assertEquals("XENMEM_set_pod_target \\_lead trail\\_ x", Report.escape("XENMEM_set_pod_target _lead trail_ x"));
    assertEquals("one two", Report.escape("one\ntwo"));
    assertEquals("`a \\| b`", Report.code("a | b"));
    assertEquals("`` `x` ``", Report.code("`x`"));
  }

  /** A strict JSON syntax check, enough to prove the hand-written JSON parses. */
  static final class JsonCheck {
    private final String s;
    private int i;

    private JsonCheck(String s) {
      this.s = s;
    }

    static void parse(String text) {
      JsonCheck p = new JsonCheck(text);
      p.value();
      p.space();
      if (p.i != text.length()) {
        throw new AssertionError("trailing text at " + p.i + " in " + text);
      }
    }

    private void space() {
      while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) {
        i++;
      }
    }

    private void expect(char c) {
      space();
      if (i >= s.length() || s.charAt(i) != c) {
        throw new AssertionError("expected '" + c + "' at " + i + " in " + s);
      }
      i++;
    }

    private boolean peek(char c) {
      space();
      return i < s.length() && s.charAt(i) == c;
    }

    private void value() {
      space();
      if (peek('{')) {
        expect('{');
        if (!peek('}')) {
          do {
            string();
            expect(':');
            value();
          } while (peek(',') && comma());
        }
        expect('}');
      } else if (peek('[')) {
        expect('[');
        if (!peek(']')) {
          do {
            value();
          } while (peek(',') && comma());
        }
        expect(']');
      } else if (peek('"')) {
        string();
      } else if (s.startsWith("true", i) || s.startsWith("null", i)) {
        i += 4;
      } else if (s.startsWith("false", i)) {
        i += 5;
      } else {
        int start = i;
        while (i < s.length() && "-+.eE0123456789".indexOf(s.charAt(i)) >= 0) {
          i++;
        }
        if (start == i) {
          throw new AssertionError("unexpected '" + s.charAt(i) + "' at " + i + " in " + s);
        }
        Double.parseDouble(s.substring(start, i));
      }
    }

    private boolean comma() {
      expect(',');
      return true;
    }

    private void string() {
      expect('"');
      while (true) {
        if (i >= s.length()) {
          throw new AssertionError("unterminated string in " + s);
        }
        char c = s.charAt(i++);
        if (c == '"') {
          return;
        }
        if (c < 0x20) {
          throw new AssertionError("raw control character " + (int) c + " in a string at " + i);
        }
        if (c == '\\') {
          char e = s.charAt(i++);
          if (e == 'u') {
            Integer.parseInt(s.substring(i, i + 4), 16);
            i += 4;
          } else if ("\"\\/bfnrt".indexOf(e) < 0) {
            throw new AssertionError("bad escape \\" + e + " at " + i);
          }
        }
      }
    }
  }

  @Test
  void jsonCheckRejectsBrokenJson() {
    assertThrows(AssertionError.class, () -> JsonCheck.parse("{\"a\": \"x\ny\"}"));
    assertThrows(AssertionError.class, () -> JsonCheck.parse("{\"a\": \"\\q\"}"));
    assertThrows(AssertionError.class, () -> JsonCheck.parse("{\"a\": 1,}"));
    assertThrows(AssertionError.class, () -> JsonCheck.parse("[1] x"));
  }

  @Test
  void diffOfTheHarnessFilesUsesTheirPathsAsLabels() throws Exception {
    Run run = diff(dir, BASE, BASE, "--format=json");
    assertTrue(run.out().contains("\"old\": " + Report.quote(dir.resolve("old.manifest").toString()) + ",\n"),
        run.out());
  }
}
