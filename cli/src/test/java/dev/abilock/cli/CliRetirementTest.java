package dev.abilock.cli;

import static dev.abilock.cli.CliDiffRulesTest.block;
import static dev.abilock.cli.CliDiffRulesTest.headlines;
import static dev.abilock.cli.CliHarness.BASE;
import static dev.abilock.cli.CliHarness.diff;
import static dev.abilock.cli.CliHarness.edit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.abilock.cli.CliHarness.Run;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retirements and renames in review: a retirement is a class of its own (exit 0, listed with its
 * reason), a rename that keeps the old name is compatible, and un-retiring or reusing a retired
 * code breaks, as the compiler says.
 */
class CliRetirementTest {
  @TempDir Path dir;

  private static final String OP_2 = "  op XENMEM_maximum_ram_page 2 published 3.4";
  private static final String OP_2_RETIRED =
      "  op XENMEM_maximum_ram_page 2 published 3.4 retired 4.9 \"gone to dm_op\"";

  @Test
  void aRetirementIsListedApartWithItsReasonAndBreaksNothing() throws Exception {
    Run run = diff(dir, BASE, edit(BASE, OP_2, OP_2_RETIRED));
    assertEquals(0, run.exit(), run::toString);
    assertTrue(run.out().contains("\nretired (1):\n"), run::toString);
    assertEquals(
        List.of(
            "[line-retired] memory_op: 'op XENMEM_maximum_ram_page 2' retired in 4.9: gone to dm_op"),
        headlines(run));
    assertTrue(
        run.out()
            .startsWith(
                "abilock diff "
                    + dir.resolve("old.manifest")
                    + " -> "
                    + dir.resolve("new.manifest")
                    + ": 0 breaking, 1 retired, 0 compatible, 0 draft-only\n"),
        run::toString);

    Run markdown = diff(dir, BASE, edit(BASE, OP_2, OP_2_RETIRED), "--format", "markdown");
    assertTrue(markdown.out().contains("### Retired (1)"), markdown::toString);
    Run json = diff(dir, BASE, edit(BASE, OP_2, OP_2_RETIRED), "--format", "json");
    JsonObject change =
        JsonParser.parseString(json.out())
            .getAsJsonObject()
            .getAsJsonArray("changes")
            .get(0)
            .getAsJsonObject();
    assertEquals("retired", change.get("category").getAsString(), json::toString);
    assertEquals("line-retired", change.get("rule").getAsString(), json::toString);
    // In code scanning a retirement is a note on its line, not an alert.
    Run sarif = diff(dir, BASE, edit(BASE, OP_2, OP_2_RETIRED), "--format", "sarif");
    JsonObject result =
        JsonParser.parseString(sarif.out())
            .getAsJsonObject()
            .getAsJsonArray("runs")
            .get(0)
            .getAsJsonObject()
            .getAsJsonArray("results")
            .get(0)
            .getAsJsonObject();
    assertEquals("line-retired", result.get("ruleId").getAsString(), sarif::toString);
    assertEquals("note", result.get("level").getAsString(), sarif::toString);
  }

  @Test
  void unRetiringBreaksAsTheCompilerSaysAndAsAHandEdit() throws Exception {
    Run run = diff(dir, edit(BASE, OP_2, OP_2_RETIRED), BASE);
    assertEquals(1, run.exit(), run::toString);
    assertEquals(
        List.of(
            "[unretired] memory_op: op XENMEM_maximum_ram_page was retired in 4.9, and the sources use it again",
            "[published-line-unretired] memory_op: published line 'op XENMEM_maximum_ram_page 2' lost its retirement"
                + " (it was retired in 4.9: gone to dm_op)"),
        headlines(run));
  }

  @Test
  void reusingARetiredCodeBreaksWithTheOldWordAsWitness() throws Exception {
    String retired =
        edit(
            BASE,
            "  op XENMEM_increase_reservation 0 published 3.4",
            "  op XENMEM_increase_reservation 0 published 3.4 retired 4.9 \"replaced\"");
    String reused =
        edit(
            edit(
                BASE,
                "  op XENMEM_increase_reservation 0 published 3.4",
                "  op XENMEM_populate 0 draft"),
            "  op XENMEM_increase_reservation 0 continues start_extent published 3.4",
            "  op XENMEM_populate 0 continues start_extent draft");
    Run run = diff(dir, retired, reused);
    assertEquals(1, run.exit(), run::toString);
    String headline =
        "[retired-code-reused] memory_op: op XENMEM_populate takes code 0 of op"
            + " XENMEM_increase_reservation, retired in 4.9";
    assertTrue(headlines(run).contains(headline), run::toString);
    assertTrue(
        block(run, headline)
            .contains(
                "witness: word 0x0000000000000040 was op XENMEM_increase_reservation,"
                    + " start_extent = 1 before its retirement in 4.9, but the sources now read it as op XENMEM_populate,"
                    + " start_extent = 1"),
        run::toString);
  }

  @Test
  void aRenameThatKeepsTheOldNameIsCompatible() throws Exception {
    Run run =
        diff(
            dir,
            BASE,
            edit(
                BASE,
                OP_2,
                "  op XENMEM_maximum_ram_page_v2 2 aliases XENMEM_maximum_ram_page published 3.4"));
    assertEquals(0, run.exit(), run::toString);
    assertEquals(
        List.of(
            "[op-renamed-with-alias] memory_op: op XENMEM_maximum_ram_page (code 2) is now named"
                + " XENMEM_maximum_ram_page_v2 and keeps its old name as an alias"),
        headlines(run));
  }

  @Test
  void aRenameThatDropsTheOldNameBreaksWithoutAWitness() throws Exception {
    Run run = diff(dir, BASE, edit(BASE, OP_2, "  op XENMEM_maximum_ram_page_v2 2 draft"));
    assertEquals(1, run.exit(), run::toString);
    String headline =
        "[op-renamed] memory_op: published op XENMEM_maximum_ram_page (code 2) is now named"
            + " XENMEM_maximum_ram_page_v2, and its old name is gone";
    assertTrue(headlines(run).contains(headline), run::toString);
    assertTrue(!block(run, headline).contains("witness"), run::toString);
  }
}
