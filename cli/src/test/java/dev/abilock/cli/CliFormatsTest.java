package dev.abilock.cli;

import static dev.abilock.cli.CliHarness.BASE;
import static dev.abilock.cli.CliHarness.diff;
import static dev.abilock.cli.CliHarness.edit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.abilock.cli.CliHarness.Run;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The output formats: text (see the other tests), Markdown for pull requests, JSON for tools, SARIF
 * and GitHub annotations for code review.
 */
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

  /**
   * Runs a diff of the two manifests written under their own names, and drops the temp directory
   * from labels.
   */
  private Run diffNamed(
      String oldName, String oldText, String newName, String newText, String format)
      throws IOException {
    Path old = CliHarness.write(dir.resolve(oldName), oldText);
    Path now = CliHarness.write(dir.resolve(newName), newText);
    Run run = CliHarness.run("diff", "--format", format, old.toString(), now.toString());
    String prefix = dir.toString() + File.separator;
    return new Run(run.exit(), run.out().replace(prefix, ""), run.err());
  }

  @Test
  void markdownOfTheXen34BreakIsThePullRequestComment() throws Exception {
    Run run =
        diffNamed("memory_op-3.3.manifest", XEN_33, "memory_op-3.4.manifest", XEN_34, "markdown");
    assertEquals(1, run.exit(), run::toString);
    assertEquals("", run.err());
    assertEquals(resource("memory_op-3.3-to-3.4.md"), run.out());
  }

  @Test
  void readmeShowsTheMarkdownVerbatim() throws Exception {
    Path readme = Path.of("..", "README.md");
    String text = Files.readString(readme, StandardCharsets.UTF_8);
    assertTrue(text.contains("## Reviewing manifest changes"), "README section is missing");
    assertTrue(
        text.contains(resource("memory_op-3.3-to-3.4.md")),
        "README must show the output of CliFormatsTest's Markdown case verbatim");
  }

  @Test
  void markdownWithoutBreaksSaysSo() throws Exception {
    String now =
        edit(
            BASE,
            "  op XENMEM_access_op 21 continues start_iter published 4.5",
            "  op XENMEM_access_op 21 continues start_iter published 4.5\n  op XENMEM_set_pod_target 16 draft");
    Run run = diffNamed("a.manifest", BASE, "b.manifest", now, "MARKDOWN");
    assertEquals(0, run.exit(), run::toString);
    assertEquals(
        """
        **abilock: no breaking changes** (1 compatible, 0 draft-only) in `a.manifest` -> `b.manifest`

        ### Compatible (1)

        | change | continuable | what | old -> new |
        |---|---|---|---|
        | `line-added` | `memory_op` | new line 'op XENMEM_set_pod_target 16' (draft) | nothing -> L28 `op XENMEM_set_pod_target 16 draft` |
        """,
        run.out());
  }

  @Test
  void markdownOfIdenticalFiles() throws Exception {
    Run run = diffNamed("a.manifest", BASE, "b.manifest", BASE, "markdown");
    assertEquals(0, run.exit());
    assertEquals(
        "**abilock: no changes** (0 compatible, 0 draft-only) in `a.manifest` -> `b.manifest`\n",
        run.out());
  }

  @Test
  void jsonListsEveryChangeWithRuleLinesAndWitness() throws Exception {
    Run run =
        diffNamed(
            "a.manifest",
            BASE,
            "b.manifest",
            edit(
                BASE,
                "  op XENMEM_maximum_ram_page 2 published 3.4",
                "  op XENMEM_maximum_ram_page 2 published 4.0"),
            "json");
    assertEquals(1, run.exit(), run::toString);
    JsonObject root = JsonParser.parseString(run.out()).getAsJsonObject();
    assertEquals(
        List.of("old", "new", "breaking", "summary", "notes", "changes"),
        List.copyOf(root.keySet()));
    assertEquals("a.manifest", root.get("old").getAsString());
    assertEquals("b.manifest", root.get("new").getAsString());
    assertTrue(root.get("breaking").getAsBoolean());
    assertEquals(
        JsonParser.parseString(
            "{\"breaking\": 1, \"retired\": 0, \"compatible\": 0, \"draft-only\": 0}"),
        root.get("summary"));
    assertEquals(0, root.getAsJsonArray("notes").size());
    assertEquals(
        JsonParser.parseString(
            """
        [{"category": "breaking", "rule": "published-line-republished", "continuable": "memory_op",
          "headline": "[published-line-republished] memory_op: published line 'op XENMEM_maximum_ram_page 2' was \
        re-published: published 3.4 -> published 4.0",
          "old": "op XENMEM_maximum_ram_page 2 published 3.4", "new": "op XENMEM_maximum_ram_page 2 published 4.0",
          "oldLine": 25, "newLine": 25, "witness": null,
          "consequence": "the compiler trusts published lines as the frozen ABI and cannot see this edit; restore \
        the old line"}]"""),
        root.get("changes"));
  }

  @Test
  void jsonOfTheXen34BreakCarriesTheWitness() throws Exception {
    Run run = diffNamed("memory_op-3.3.manifest", XEN_33, "memory_op-3.4.manifest", XEN_34, "json");
    assertEquals(1, run.exit(), run::toString);
    JsonObject root = JsonParser.parseString(run.out()).getAsJsonObject();
    assertEquals(
        JsonParser.parseString(
            "{\"breaking\": 8, \"retired\": 0, \"compatible\": 1, \"draft-only\": 0}"),
        root.get("summary"));
    JsonObject widened = root.getAsJsonArray("changes").get(0).getAsJsonObject();
    assertEquals("field-widened", widened.get("rule").getAsString());
    assertEquals(
        "[field-widened] memory_op: published opcode cmd widened: bits 0..3 -> 0..5",
        widened.get("headline").getAsString());
    JsonObject witness = widened.getAsJsonObject("witness");
    assertEquals("0x0000000000000010", witness.get("word").getAsString());
    assertFalse(witness.get("compat").getAsBoolean());
    assertEquals(
        "op XENMEM_increase_reservation, start_extent = 1", witness.get("published").getAsString());
    assertEquals("op XENMEM_set_pod_target", witness.get("now").getAsString());
    JsonObject last = root.getAsJsonArray("changes").get(8).getAsJsonObject();
    assertEquals("compatible", last.get("category").getAsString());
    assertEquals("line-added", last.get("rule").getAsString());
  }

  @Test
  void jsonOfNoChangesHasAnEmptyList() throws Exception {
    Run run = diffNamed("a.manifest", BASE, "b.manifest", BASE, "json");
    assertEquals(0, run.exit());
    JsonObject root = JsonParser.parseString(run.out()).getAsJsonObject();
    assertFalse(root.get("breaking").getAsBoolean());
    assertEquals(0, root.getAsJsonArray("changes").size());
    assertTrue(run.out().endsWith("}\n"), run.out());
  }

  @Test
  void jsonStringsKeepControlCharactersAndQuotes() throws Exception {
    // A class name cannot hold them, but a note or a label (a file name) can.
    String odd = "we\"ird\\ na\tme";
    Path old = CliHarness.write(dir.resolve(odd + ".old"), BASE);
    Run run = CliHarness.run("diff", "--format", "json", old.toString(), old.toString());
    assertEquals(0, run.exit(), run::toString);
    assertEquals(
        old.toString(),
        JsonParser.parseString(run.out()).getAsJsonObject().get("old").getAsString());
  }

  /**
   * SARIF 2.1.0 of the Xen 3.3 -> 3.4 diff as GitHub code scanning reads it: version and schema,
   * the rules used (each once, by id), one result per change with rule id, level, message and the
   * manifest line; a Gate B break has no line of its own and points at its continuable's line.
   */
  @Test
  void sarifOfTheXen34BreakHasRulesResultsAndManifestLines() throws Exception {
    Run run =
        diffNamed("memory_op-3.3.manifest", XEN_33, "memory_op-3.4.manifest", XEN_34, "sarif");
    assertEquals(1, run.exit(), run::toString);
    JsonObject root = JsonParser.parseString(run.out()).getAsJsonObject();
    assertEquals("2.1.0", root.get("version").getAsString());
    assertEquals(
        "https://json.schemastore.org/sarif-2.1.0.json", root.get("$schema").getAsString());
    JsonArray runs = root.getAsJsonArray("runs");
    assertEquals(1, runs.size());
    JsonObject driver =
        runs.get(0).getAsJsonObject().getAsJsonObject("tool").getAsJsonObject("driver");
    assertEquals("abilock", driver.get("name").getAsString());
    List<String> ruleIds = new ArrayList<>();
    driver
        .getAsJsonArray("rules")
        .forEach(r -> ruleIds.add(r.getAsJsonObject().get("id").getAsString()));
    assertEquals(
        List.of(
            "field-widened",
            "field-shifted",
            "published-line-edited",
            "published-line-unpublished",
            "line-added"),
        ruleIds);
    JsonObject widenedRule = driver.getAsJsonArray("rules").get(0).getAsJsonObject();
    assertEquals(
        "published … widened: bits … -> …",
        widenedRule.getAsJsonObject("shortDescription").get("text").getAsString());
    assertEquals(
        "error", widenedRule.getAsJsonObject("defaultConfiguration").get("level").getAsString());

    JsonArray results = runs.get(0).getAsJsonObject().getAsJsonArray("results");
    assertEquals(9, results.size());
    List<String> summary = new ArrayList<>();
    for (JsonElement e : results) {
      JsonObject r = e.getAsJsonObject();
      String ruleId = r.get("ruleId").getAsString();
      assertEquals(ruleId, ruleIds.get(r.get("ruleIndex").getAsInt()));
      JsonObject physical =
          r.getAsJsonArray("locations")
              .get(0)
              .getAsJsonObject()
              .getAsJsonObject("physicalLocation");
      assertEquals(
          "memory_op-3.4.manifest",
          physical.getAsJsonObject("artifactLocation").get("uri").getAsString());
      assertTrue(
          r.getAsJsonObject("message")
              .get("text")
              .getAsString()
              .startsWith("[" + ruleId + "] memory_op: "));
      summary.add(
          ruleId
              + " "
              + r.get("level").getAsString()
              + " L"
              + physical.getAsJsonObject("region").get("startLine").getAsInt());
    }
    assertEquals(
        List.of(
            "field-widened error L5",
            "field-shifted error L5",
            "published-line-edited error L8",
            "published-line-edited error L9",
            "published-line-edited error L10",
            "published-line-edited error L11",
            "published-line-unpublished error L13",
            "published-line-unpublished error L15",
            "line-added note L17"),
        summary);
    assertTrue(
        results
            .get(0)
            .getAsJsonObject()
            .getAsJsonObject("message")
            .get("text")
            .getAsString()
            .contains(
                "witness: word 0x0000000000000010 is op XENMEM_increase_reservation, start_extent = 1 under the"
                    + " published layout, but the sources now read it as op XENMEM_set_pod_target"));
  }

  /**
   * The same diff as workflow commands: an error per break, a notice per other change, on its
   * manifest line.
   */
  @Test
  void githubAnnotationsOfTheXen34BreakSitOnTheManifestLines() throws Exception {
    Run run =
        diffNamed("memory_op-3.3.manifest", XEN_33, "memory_op-3.4.manifest", XEN_34, "github");
    assertEquals(1, run.exit(), run::toString);
    List<String> lines = run.out().lines().toList();
    assertEquals(10, lines.size(), run.out());
    assertEquals(
        "::error file=memory_op-3.4.manifest,line=5,title=abilock field-widened::[field-widened] memory_op:"
            + " published opcode cmd widened: bits 0..3 -> 0..5%0Aold: opcode cmd bits 0..3 mask 0x000000000000000f, compat"
            + " bits 0..3 mask 0x0000000f%0Anew: opcode cmd bits 0..5 mask 0x000000000000003f, compat bits 0..5 mask"
            + " 0x0000003f%0Awitness: word 0x0000000000000010 is op XENMEM_increase_reservation, start_extent = 1 under"
            + " the published layout, but the sources now read it as op XENMEM_set_pod_target",
        lines.get(0));
    assertTrue(
        lines
            .get(2)
            .startsWith(
                "::error file=memory_op-3.4.manifest,line=8,title=abilock published-line-edited::"
                    + "[published-line-edited] memory_op: published line 'opcode cmd' was edited%0Aold: line 8: "),
        lines.get(2));
    assertEquals(
        "::notice file=memory_op-3.4.manifest,line=17,title=abilock line-added::[line-added] memory_op: new"
            + " line 'op XENMEM_set_pod_target 16' (draft)%0Aold: nothing%0Anew: line 17: op XENMEM_set_pod_target 16 draft",
        lines.get(8));
    assertEquals(
        "abilock diff memory_op-3.3.manifest -> memory_op-3.4.manifest: 8 breaking, 1 compatible, 0 draft-only",
        lines.get(9));
  }

  @Test
  void diffOfTheHarnessFilesUsesTheirPathsAsLabels() throws Exception {
    Run run = diff(dir, BASE, BASE, "--format=json");
    assertEquals(
        dir.resolve("old.manifest").toString(),
        JsonParser.parseString(run.out()).getAsJsonObject().get("old").getAsString());
  }
}
