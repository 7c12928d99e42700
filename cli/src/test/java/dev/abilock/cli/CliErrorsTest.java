package dev.abilock.cli;

import static dev.abilock.cli.CliHarness.BASE;
import static dev.abilock.cli.CliHarness.diff;
import static dev.abilock.cli.CliHarness.edit;
import static dev.abilock.cli.CliHarness.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.abilock.cli.CliHarness.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exit code 2: inputs that cannot be read or parsed, and bad command lines. Nothing goes to stdout.
 */
class CliErrorsTest {
  @TempDir Path dir;

  private static void assertInputError(Run run, String err) {
    assertEquals(2, run.exit(), run::toString);
    assertEquals("", run.out(), run::toString);
    assertEquals(err, run.err(), run::toString);
  }

  /**
   * A malformed manifest: exit 2, nothing on stdout, and on stderr the file named once, then one
   * problem per line as {@code line N: [id] ...}; {@code problems} are {@code "N id"}.
   */
  static void assertMalformed(Run run, Path file, String... problems) {
    assertEquals(2, run.exit(), run::toString);
    assertEquals("", run.out(), run::toString);
    assertTrue(
        run.err().startsWith("[cli-malformed] " + file + " is not a valid abilock manifest:\n"),
        run::toString);
    assertEquals(java.util.List.of(problems), CliHarness.problems(run.err()), run::toString);
  }

  private static void assertUsageError(Run run, String message) {
    assertEquals(2, run.exit(), run::toString);
    assertEquals("", run.out(), run::toString);
    assertTrue(run.err().startsWith(message + "\n"), run::toString);
    assertTrue(run.err().contains("Usage: abilock"), run::toString);
  }

  @Test
  void missingFile() throws Exception {
    Path old = CliHarness.write(dir.resolve("old.manifest"), BASE);
    Path missing = dir.resolve("nope.manifest");
    assertInputError(
        run("diff", old.toString(), missing.toString()),
        "[cli-cannot-read] cannot read " + missing + ": no such file\n");
  }

  @Test
  void directoryInsteadOfAFile() throws Exception {
    Path old = CliHarness.write(dir.resolve("old.manifest"), BASE);
    assertInputError(
        run("diff", dir.toString(), old.toString()),
        "[cli-cannot-read] cannot read " + dir + ": it is a directory\n");
  }

  @Test
  void mergeConflictIsMalformedWithItsLineNumber() throws Exception {
    String conflicted =
        edit(
            BASE,
            "  op XENMEM_maximum_ram_page 2 published 3.4",
            "<<<<<<< HEAD\n  op XENMEM_maximum_ram_page 2 published 3.4\n=======\n  op XENMEM_maximum_ram_page 3 draft\n"
                + ">>>>>>> topic");
    Run run = diff(dir, BASE, conflicted);
    assertMalformed(
        run,
        dir.resolve("new.manifest"),
        "25 manifest-conflict-marker",
        "27 manifest-conflict-marker",
        "28 manifest-duplicate-entry",
        "29 manifest-conflict-marker");
  }

  @Test
  void maskThatDisagreesWithItsBitsNamesTheLine() throws Exception {
    Run run =
        diff(
            dir,
            edit(
                BASE,
                "  field count shifted bits 0..15 mask 0x0000ffff published 1.0",
                "  field count shifted bits 0..15 mask 0x0000fff0 published 1.0"),
            BASE);
    assertMalformed(run, dir.resolve("old.manifest"), "5 manifest-mask-mismatch");
  }

  @Test
  void truncatedManifestInFullWording() throws Exception {
    Run run = diff(dir, BASE, BASE.substring(0, BASE.indexOf("# end")));
    assertInputError(
        run,
        "[cli-malformed] "
            + dir.resolve("new.manifest")
            + " is not a valid abilock manifest:\n"
            + "  line 27: [manifest-truncated] the manifest is truncated: it must end with the line '# end'\n");
  }

  @Test
  void notAManifest() throws Exception {
    Run run = diff(dir, "hello\n", BASE);
    assertMalformed(run, dir.resolve("old.manifest"), "1 manifest-no-header");
  }

  @Test
  void notUtf8() throws Exception {
    Path bad = dir.resolve("bad.manifest");
    Files.write(bad, new byte[] {'#', ' ', 'a', '\n', (byte) 0xff, '\n'});
    Path good = CliHarness.write(dir.resolve("good.manifest"), BASE);
    Run run = run("diff", good.toString(), bad.toString());
    assertMalformed(run, bad, "2 manifest-not-utf8");
  }

  @Test
  void noCommand() {
    assertUsageError(
        run(),
        "[cli-missing-command] missing command: abilock diff OLD NEW, abilock diff --git REV"
            + " [--manifest PATH], or abilock check [--manifest PATH]");
  }

  @Test
  void unknownCommand() {
    Run run = run("frobnicate");
    assertEquals(2, run.exit(), run::toString);
    assertTrue(run.err().startsWith("Unmatched argument at index 0: 'frobnicate'"), run::toString);
  }

  @Test
  void diffWithOneFile() {
    assertUsageError(
        run("diff", "only.manifest"),
        "[cli-diff-arguments] diff takes two manifest files (abilock diff"
            + " OLD NEW) or a git revision (abilock diff --git REV [--manifest PATH]), not both; got 1 file(s)");
  }

  @Test
  void diffWithThreeFiles() {
    assertUsageError(
        run("diff", "a", "b", "c"),
        "[cli-diff-arguments] diff takes two manifest files (abilock diff"
            + " OLD NEW) or a git revision (abilock diff --git REV [--manifest PATH]), not both; got 3 file(s)");
  }

  @Test
  void diffWithGitAndFiles() {
    assertUsageError(
        run("diff", "--git", "HEAD", "a", "b"),
        "[cli-diff-arguments] diff takes two manifest files"
            + " (abilock diff OLD NEW) or a git revision (abilock diff --git REV [--manifest PATH]), not both; got --git"
            + " HEAD and 2 file(s)");
  }

  @Test
  void manifestOptionWithoutGit() {
    assertUsageError(
        run("diff", "--manifest", "m", "a", "b"),
        "[cli-manifest-without-git] --manifest m only applies"
            + " with --git REV; to compare two files use: abilock diff OLD NEW");
  }

  @Test
  void unknownFormat() {
    Run run = run("diff", "--format", "yaml", "a", "b");
    assertEquals(2, run.exit(), run::toString);
    assertTrue(
        run.err()
            .startsWith(
                "Invalid value for option '--format': expected one of [TEXT, MARKDOWN, JSON, SARIF, GITHUB]"
                    + " (case-insensitive) but was 'yaml'"),
        run::toString);
  }

  @Test
  void unknownOption() {
    Run run = run("diff", "--frobnicate", "a", "b");
    assertEquals(2, run.exit(), run::toString);
    assertTrue(run.err().startsWith("Unknown option: '--frobnicate'"), run::toString);
  }

  @Test
  void revisionThatLooksLikeAnOptionIsRefusedBeforeGitRuns() throws Exception {
    Path manifest = CliHarness.write(dir.resolve("abilock.manifest"), BASE);
    Run run = run("diff", "--git=--output=/tmp/x", "--manifest", manifest.toString());
    assertInputError(
        run,
        "[cli-bad-revision] --git --output=/tmp/x: a revision is a commit, branch or tag name and"
            + " cannot start with '-'\n");
  }

  @Test
  void helpExitsZero() {
    Run run = run("diff", "--help");
    assertEquals(0, run.exit(), run::toString);
    assertTrue(
        run.out()
            .startsWith(
                "Usage: abilock diff [--format=FORMAT] OLD NEW\n"
                    + "       abilock diff [--format=FORMAT] --git=REV [--manifest=PATH]\n"),
        run::toString);
    assertTrue(run.out().contains("  1   breaking changes"), run::toString);
  }
}
