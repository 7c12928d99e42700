package dev.abilock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.abilock.core.manifest.CorruptionCorpus;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import picocli.CommandLine;

/**
 * Coverage-guided fuzzing of the CLI's argument handling, over command lines built from its own
 * words, the files of the corruption corpus and arbitrary strings. Every command line ends with
 * exit 0 or 1 and a report on standard output, or exit 2 and a message on standard error: never an
 * exception escaping a command ({@code [cli-internal-error]}), never both a report and an error.
 *
 * <p>Every build replays the saved inputs; {@code -Pfuzz} fuzzes for {@code -Dabilock.fuzz.seconds}
 * (default 300, the duration below, which also holds when run with {@code JAZZER_FUZZ=1} outside
 * Maven). Jazzer instruments core as well as this package (junit-platform.properties): the parser
 * and gate B guide the fuzzer too.
 */
class CliArgumentsFuzzTest {
  private static final String[] WORDS = {
    "diff",
    "check",
    "--git",
    "--manifest",
    "--format",
    "text",
    "markdown",
    "json",
    "sarif",
    "github",
    "MARKDOWN",
    "-h",
    "--help",
    "--",
    "-",
    "--format=json",
    "--manifest=",
    "HEAD",
    "HEAD~1",
    "--git=HEAD",
    "nope.manifest",
    ".",
    "",
    " ",
    "abilock.manifest"
  };
  private static Path dir;
  private static List<String> files;

  @BeforeAll
  static void writeTheCorpus() throws IOException {
    dir = Files.createTempDirectory("abilock-cli-fuzz");
    files = new ArrayList<>();
    for (CorruptionCorpus.Entry e : CorruptionCorpus.entries()) {
      files.add(Files.write(dir.resolve(e.name() + ".manifest"), e.bytes()).toString());
    }
  }

  @AfterAll
  static void deleteTheCorpus() throws IOException {
    try (var paths = Files.walk(dir)) {
      paths
          .sorted(java.util.Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }

  @FuzzTest(maxDuration = "5m")
  void commandLines(FuzzedDataProvider data) {
    List<String> args = new ArrayList<>();
    int count = data.consumeInt(0, 6);
    for (int i = 0; i < count; i++) {
      args.add(
          switch (data.consumeInt(0, 2)) {
            case 0 -> data.pickValue(WORDS);
            case 1 -> files.get(data.consumeInt(0, files.size() - 1));
            default -> data.consumeString(40);
          });
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    // The CLI's own command line, with its crash handler watched: the text cannot tell a crash,
    // since
    // the CLI echoes what it was given (a first fuzz run fed it "[cli-internal-error]").
    CommandLine cli = AbilockCli.commandLine(new PrintWriter(out), new PrintWriter(err));
    CommandLine.IExecutionExceptionHandler crashHandler = cli.getExecutionExceptionHandler();
    List<Exception> crashes = new ArrayList<>();
    cli.setExecutionExceptionHandler(
        (e, line, parsed) -> {
          crashes.add(e);
          return crashHandler.handleExecutionException(e, line, parsed);
        });
    int exit = cli.execute(args.toArray(String[]::new));
    cli.getOut().flush();
    cli.getErr().flush();
    String what = "abilock " + args + "\n--- out ---\n" + out + "--- err ---\n" + err;
    assertEquals(List.of(), crashes, what);
    assertTrue(exit == 0 || exit == 1 || exit == 2, what);
    if (exit == 2) {
      assertFalse(err.toString().isBlank(), "an error says why: " + what);
      assertEquals("", out.toString(), "no report beside an error: " + what);
    }
  }
}
