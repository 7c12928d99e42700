package dev.abilock.cli;

import static dev.abilock.cli.CliHarness.BASE;
import static dev.abilock.cli.CliHarness.edit;
import static dev.abilock.cli.CliHarness.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.abilock.cli.CliHarness.Run;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code abilock check}: one manifest alone, as a pre-commit hook runs it. */
class CliCheckTest {
  @TempDir Path dir;

  @Test
  void validManifestIsOk() throws Exception {
    Path m =
        CliHarness.write(
            dir.resolve("abilock.manifest"),
            edit(
                BASE,
                "  op XENMEM_maximum_ram_page 2 published 3.4",
                "  op XENMEM_maximum_ram_page 2 draft"));
    Run run = run("check", "--manifest", m.toString());
    assertEquals(0, run.exit(), run::toString);
    assertEquals(m + ": OK, 3 continuable(s), 25 line(s): 24 published, 1 draft\n", run.out());
    assertEquals("", run.err());
  }

  @Test
  void theExamplesManifestIsOk() {
    Path examples = Path.of("..", "examples", "abilock.manifest");
    Run run = run("check", "--manifest", examples.toString());
    assertEquals(0, run.exit(), run::toString);
    assertTrue(run.out().startsWith(examples + ": OK, 4 continuable(s), "), run::toString);
  }

  @Test
  void fieldsOneOpUsesMustNotOverlap() throws Exception {
    Path m =
        CliHarness.write(
            dir.resolve("abilock.manifest"),
            edit(
                BASE,
                "  op XENMEM_access_op 21 continues start_iter published 4.5",
                "  op XENMEM_access_op 21 continues start_iter published 4.5\n"
                    + "  op XENMEM_access_op 21 continues start_extent draft"));
    Run run = run("check", "--manifest", m.toString());
    CliErrorsTest.assertMalformed(run, m, "27 overlap");
  }

  @Test
  void duplicateLine() throws Exception {
    Path m =
        CliHarness.write(
            dir.resolve("abilock.manifest"),
            edit(
                BASE,
                "  op LEGACY_copy 5 published 2.0",
                "  op LEGACY_copy 5 published 2.0\n  op LEGACY_copy 5 draft"));
    Run run = run("check", "--manifest", m.toString());
    CliErrorsTest.assertMalformed(run, m, "12 manifest-duplicate-entry");
  }

  @Test
  void missingManifest() {
    Path m = dir.resolve("abilock.manifest");
    Run run = run("check", "--manifest", m.toString());
    assertEquals(2, run.exit(), run::toString);
    assertEquals("[cli-cannot-read] cannot read " + m + ": no such file\n", run.err());
  }

  @Test
  void defaultsToAbilockManifestInTheWorkingDirectory() {
    // The tests run in the cli module, which has no manifest of its own.
    Run run = run("check");
    assertEquals(2, run.exit(), run::toString);
    assertEquals("[cli-cannot-read] cannot read abilock.manifest: no such file\n", run.err());
  }

  @Test
  void positionalArgumentsAreAUsageError() {
    Run run = run("check", "a.manifest");
    assertEquals(2, run.exit(), run::toString);
    assertTrue(run.err().startsWith("Unmatched argument at index 1: 'a.manifest'"), run::toString);
  }
}
