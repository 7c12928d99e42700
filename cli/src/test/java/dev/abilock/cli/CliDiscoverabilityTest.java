package dev.abilock.cli;

import static dev.abilock.cli.CliHarness.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.abilock.cli.CliHarness.Run;
import org.junit.jupiter.api.Test;

/** What a newcomer types first: the version, and help on the tool and on each command. */
class CliDiscoverabilityTest {
  /** The version the build's pom gives, as Maven passed it to the tests. */
  private static final String VERSION = System.getProperty("abilock.version");

  @Test
  void versionIsTheProjectVersion() {
    for (String option : new String[] {"--version", "-V"}) {
      Run run = run(option);
      assertEquals(0, run.exit(), run::toString);
      assertEquals("abilock " + VERSION + "\n", run.out(), run::toString);
      assertEquals("", run.err());
    }
  }

  @Test
  void helpListsTheCommands() {
    Run run = run("help");
    assertEquals(0, run.exit(), run::toString);
    assertTrue(run.out().startsWith("Usage: abilock "), run::toString);
    for (String command : new String[] {"diff", "check", "help"}) {
      assertTrue(run.out().contains("\n  " + command + " "), () -> command + " missing:\n" + run);
    }
    assertEquals(run.out(), run("--help").out());
  }

  @Test
  void helpOnACommandIsThatCommandsUsage() {
    for (String command : new String[] {"diff", "check"}) {
      Run run = run("help", command);
      assertEquals(0, run.exit(), run::toString);
      assertTrue(run.out().startsWith("Usage: abilock " + command), run::toString);
      assertEquals(run.out(), run(command, "--help").out());
    }
  }

  @Test
  void helpOnAnUnknownCommandIsAUsageError() {
    Run run = run("help", "merge");
    assertEquals(2, run.exit(), run::toString);
    assertTrue(run.err().contains("Unknown subcommand 'merge'"), run::toString);
  }
}
