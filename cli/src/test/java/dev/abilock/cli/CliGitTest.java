package dev.abilock.cli;

import static dev.abilock.cli.CliHarness.BASE;
import static dev.abilock.cli.CliHarness.edit;
import static dev.abilock.cli.CliHarness.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.abilock.cli.CliHarness.Run;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code abilock diff --git REV}: the manifest as committed, in a throw-away repository. */
class CliGitTest {
  @TempDir Path repo;
  private Path manifest;

  @BeforeEach
  void repository() throws Exception {
    Assumptions.assumeTrue(
        gitAvailable(), "git is not on the PATH: skipping the abilock diff --git tests");
    git("init", "-q");
    manifest = CliHarness.write(repo.resolve("examples").resolve("abilock.manifest"), BASE);
    git("add", "examples/abilock.manifest");
    git("commit", "-q", "-m", "manifest at 4.5");
  }

  private static boolean gitAvailable() {
    try {
      Process p = new ProcessBuilder("git", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Runs git in the repository with a fixed identity and no signing, whatever the user's config
   * says.
   */
  private void git(String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                "git",
                "-c",
                "user.name=abilock test",
                "-c",
                "user.email=test@abilock.invalid",
                "-c",
                "commit.gpgsign=false",
                "-c",
                "init.defaultBranch=main"));
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "git " + String.join(" ", args) + " timed out");
    assertEquals(0, p.exitValue(), "git " + String.join(" ", args) + ": " + output);
  }

  @Test
  void unchangedWorkingTree() {
    Run run = run("diff", "--git", "HEAD", "--manifest", manifest.toString());
    assertEquals(0, run.exit(), run::toString);
    assertEquals(
        "abilock diff HEAD:examples/abilock.manifest -> examples/abilock.manifest: no changes\n",
        run.out());
  }

  @Test
  void breakInTheWorkingTreeAgainstHead() throws Exception {
    Files.writeString(
        manifest,
        edit(
            BASE,
            "  op XENMEM_maximum_ram_page 2 published 3.4",
            "  op XENMEM_maximum_ram_page 3 published 3.4"));
    Run run = run("diff", "--git", "HEAD", "--manifest", manifest.toString());
    assertEquals(1, run.exit(), run::toString);
    assertEquals("", run.err());
    assertTrue(
        run.out()
            .startsWith(
                "abilock diff HEAD:examples/abilock.manifest -> examples/abilock.manifest"
                    + ": 2 breaking, 0 compatible, 0 draft-only\n"),
        run::toString);
    assertEquals(
        List.of(
            "[op-code-changed] memory_op: published op XENMEM_maximum_ram_page changed code: 2 -> 3",
            "[published-line-edited] memory_op: published line 'op XENMEM_maximum_ram_page 2' was edited"),
        CliDiffRulesTest.headlines(run));
  }

  @Test
  void olderRevisionAndBranchName() throws Exception {
    String withDraft =
        edit(
            BASE,
            "  op LEGACY_copy 5 published 2.0",
            "  op LEGACY_copy 5 published 2.0\n" + "  op LEGACY_move 6 draft");
    Files.writeString(manifest, withDraft);
    git("commit", "-q", "-am", "draft op");
    git("branch", "base", "HEAD~1");
    Run run =
        run("diff", "--git", "base", "--manifest", manifest.toString(), "--format", "markdown");
    assertEquals(0, run.exit(), run::toString);
    assertTrue(
        run.out()
            .startsWith(
                "**abilock: no breaking changes** (1 compatible, 0 draft-only) in"
                    + " `base:examples/abilock.manifest` -> `examples/abilock.manifest`\n"),
        run::toString);
    assertTrue(
        run.out()
            .contains(
                "| `line-added` | `legacy_op` | new line 'op LEGACY_move 6' (draft) | nothing -> L12"
                    + " `op LEGACY_move 6 draft` |\n"),
        run::toString);
  }

  @Test
  void crlfCheckoutIsNoChange() throws Exception {
    Files.writeString(manifest, BASE.replace("\n", "\r\n"));
    Run run = run("diff", "--git", "HEAD", "--manifest", manifest.toString());
    assertEquals(0, run.exit(), run::toString);
    assertTrue(run.out().endsWith(": no changes\n"), run::toString);
  }

  @Test
  void manifestNotYetCommittedIsAllNew() throws Exception {
    Path added =
        CliHarness.write(
            repo.resolve("other").resolve("abilock.manifest"),
            CliHarness.manifest(CliHarness.BATCH_OP));
    Run run = run("diff", "--git", "HEAD", "--manifest", added.toString());
    assertEquals(0, run.exit(), run::toString);
    assertTrue(
        run.out()
            .startsWith(
                "note: other/abilock.manifest does not exist at HEAD; every line counts as new\n"
                    + "abilock diff HEAD:other/abilock.manifest -> other/abilock.manifest: 0 breaking, 4 compatible, 0 draft-only\n"),
        run::toString);
  }

  /**
   * A manifest new since the base holds lines that were published and retired before it was
   * committed (moved from another repository, or first committed late): every line is an addition,
   * a retired one in the retired class, and nothing is a retired draft.
   */
  @Test
  void manifestNewSinceTheBaseWithRetiredLinesIsAllAdditions() throws Exception {
    Path added =
        CliHarness.write(
            repo.resolve("other").resolve("abilock.manifest"),
            edit(
                BASE,
                "  op XENMEM_maximum_ram_page 2 published 3.4",
                "  op XENMEM_maximum_ram_page 2 published 3.4 retired 4.9 \"gone to dm_op\""));
    Run run = run("diff", "--git", "HEAD", "--manifest", added.toString());
    assertEquals(0, run.exit(), run::toString);
    assertFalse(run.out().contains("retired-draft"), run::toString);
    assertTrue(
        run.out()
            .contains(
                "abilock diff HEAD:other/abilock.manifest -> other/abilock.manifest: 0 breaking,"
                    + " 1 retired, 24 compatible, 0 draft-only\n"),
        run::toString);
    assertTrue(
        run.out()
            .contains(
                "\nretired (1):\n  [line-added] memory_op: new line 'op XENMEM_maximum_ram_page 2'"
                    + " (published 3.4 retired 4.9 \"gone to dm_op\")\n"),
        run::toString);
    assertTrue(
        CliDiffRulesTest.headlines(run).stream().allMatch(h -> h.startsWith("[line-added] ")),
        run::toString);
  }

  @Test
  void unknownRevision() {
    Run run = run("diff", "--git", "no-such-branch", "--manifest", manifest.toString());
    assertEquals(2, run.exit(), run::toString);
    assertEquals("", run.out());
    assertEquals(
        "[cli-bad-revision] --git no-such-branch: no such commit in the repository at "
            + manifest.toAbsolutePath().getParent()
            + "\n",
        run.err());
  }

  @Test
  void malformedAtTheRevisionNamesTheRevisionAndLine() throws Exception {
    Files.writeString(
        manifest, BASE.replace("  width 32 published 1.0", "  width 33 published 1.0"));
    git("commit", "-q", "-am", "broken");
    Files.writeString(manifest, BASE);
    Run run = run("diff", "--git", "HEAD", "--manifest", manifest.toString());
    CliErrorsTest.assertMalformed(
        run,
        Path.of("HEAD:examples/abilock.manifest"),
        "4 manifest-syntax",
        "5 manifest-width-after-field",
        "6 manifest-width-after-field");
  }

  @Test
  void workingTreeFileMissing() {
    Path missing = repo.resolve("examples").resolve("gone.manifest");
    Run run = run("diff", "--git", "HEAD", "--manifest", missing.toString());
    assertEquals(2, run.exit(), run::toString);
    assertEquals("[cli-cannot-read] cannot read " + missing + ": no such file\n", run.err());
  }

  @Test
  void outsideAnyRepository(@TempDir Path elsewhere) throws Exception {
    Path m = CliHarness.write(elsewhere.resolve("abilock.manifest"), BASE);
    Assumptions.assumeFalse(
        insideARepository(elsewhere), "the temp directory is inside a git repository");
    Run run = run("diff", "--git", "HEAD", "--manifest", m.toString());
    assertEquals(2, run.exit(), run::toString);
    assertTrue(
        run.err()
            .startsWith(
                "[cli-git-failed] git rev-parse --show-prefix failed in "
                    + m.toAbsolutePath().getParent()
                    + " (exit 128): fatal: not a git repository"),
        run::toString);
  }

  private static boolean insideARepository(Path dir) throws Exception {
    Process p =
        new ProcessBuilder("git", "rev-parse", "--git-dir")
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    p.getInputStream().readAllBytes();
    return p.waitFor() == 0;
  }
}
