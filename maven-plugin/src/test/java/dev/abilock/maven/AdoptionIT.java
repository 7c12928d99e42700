package dev.abilock.maven;

import static dev.abilock.maven.MavenProjects.MEMORY_OP_33;
import static dev.abilock.maven.MavenProjects.MEMORY_OP_33_EXCHANGE;
import static dev.abilock.maven.MavenProjects.MEMORY_OP_34;
import static dev.abilock.maven.MavenProjects.git;
import static dev.abilock.maven.MavenProjects.mvn;
import static dev.abilock.maven.MavenProjects.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A new user's project, built from the README's pom, through the whole workflow: update, check,
 * release, a hand edit of only the manifest, the Xen 3.4 break, and a review diff against git. Each
 * step is one real {@code mvn} run and builds on the one before.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdoptionIT {
  private static Path project;
  private static Path manifest;
  private static Path source;

  @BeforeAll
  static void newProject() throws Exception {
    project = MavenProjects.freshProject("adoption");
    write(project.resolve("pom.xml"), MavenProjects.readmePom());
    source = write(project.resolve("src/main/java/org/example/xen/MemoryOp.java"), MEMORY_OP_33);
    manifest = project.resolve("abilock.manifest");
    write(project.resolve(".gitignore"), "target/\n");
    git(project, "init", "-q");
  }

  @Test
  @Order(1)
  void updateCreatesTheManifestWithoutACompile() throws Exception {
    mvn(project, "abilock:update").succeeded().logs("[manifest-created] manifest " + manifest);
    String text = Files.readString(manifest);
    assertTrue(text.contains("continuable memory_op class org.example.xen.MemoryOp draft\n"), text);
    assertTrue(text.contains("  opcode cmd bits 0..3 mask 0x000000000000000f draft\n"), text);
    assertFalse(Files.exists(project.resolve("target/classes")), "update compiles nothing");
  }

  @Test
  @Order(2)
  void verifyRunsTheCheck() throws Exception {
    mvn(project, "verify")
        .succeeded()
        .logs(
            "abilock-maven-plugin:" + MavenProjects.version() + ":check (default) @ xen-handlers",
            "[plugin-in-sync] manifest "
                + manifest
                + " is in sync with the sources: 1 continuable(s), 0 published line(s),"
                + " 12 draft");
    assertTrue(
        Files.exists(project.resolve("target/classes/org/example/xen/MemoryOpCodec.class")),
        "the compile generated the codec");
  }

  @Test
  @Order(3)
  void releasePublishesEveryDraft() throws Exception {
    mvn(project, "abilock:update", "-Dabilock.release=1.0").succeeded().logs("[manifest-updated]");
    String text = Files.readString(manifest);
    assertFalse(text.contains(" draft\n"), text);
    assertTrue(
        text.contains(
            "  field start_extent shifted bits 4..63 mask 0xfffffffffffffff0 published 1.0\n"),
        text);
    git(project, "add", "-A");
    git(project, "commit", "-q", "-m", "memory_op published at 1.0");
  }

  /** Classes up to date, so javac does not run: the plugin catches the edit all the same. */
  @Test
  @Order(4)
  void aHandEditOfOnlyTheManifestFailsVerify() throws Exception {
    byte[] released = Files.readAllBytes(manifest);
    Files.writeString(
        manifest,
        new String(released, StandardCharsets.UTF_8)
            .replace("  op XENMEM_maximum_ram_page 2 published 1.0\n", ""));
    mvn(project, "verify")
        .failed()
        .logs(
            "Nothing to compile - all classes are up to date",
            "[manifest-stale] manifest "
                + manifest
                + " is out of date with the sources (1 line(s) differ):",
            "+   op XENMEM_maximum_ram_page 2 draft",
            "[plugin-errors] abilock:check found 1 error(s) in org.example:xen-handlers:jar:1.0-SNAPSHOT");
    Files.write(manifest, released);
  }

  /**
   * The compiled class is still in target/classes, the source is gone: a removal, not a partial
   * build.
   */
  @Test
  @Order(5)
  void aDeletedHandlerIsARemovalWhateverTargetHolds() throws Exception {
    Path aside = project.resolve("MemoryOp.java.aside");
    Files.move(source, aside);
    try {
      mvn(project, "abilock:check")
          .failed()
          .logs(
              "[continuable-removed] memory_op: published continuable memory_op (class org.example.xen.MemoryOp)"
                  + " is gone from the sources");
      assertTrue(Files.exists(project.resolve("target/classes/org/example/xen/MemoryOp.class")));
    } finally {
      Files.move(aside, source);
    }
  }

  /**
   * Xen 3.4's change: the compile and abilock:check fail with the witness; update leaves the
   * manifest as it was.
   */
  @Test
  @Order(6)
  void theXen34BreakFailsWithTheWitnessAndLeavesTheManifest() throws Exception {
    byte[] released = Files.readAllBytes(manifest);
    Files.writeString(source, MEMORY_OP_34);
    String witness =
        "witness: word 0x0000000000000010 is op XENMEM_increase_reservation, start_extent = 1 under the"
            + " published layout, but the sources now read it as op XENMEM_set_pod_target";
    mvn(project, "verify")
        .failed()
        .logs(
            "[field-widened] memory_op: published opcode cmd widened: bits 0..3 -> 0..5", witness);
    mvn(project, "abilock:check")
        .failed()
        .logs(
            source
                + ":[15,18] [field-widened] memory_op: published opcode cmd widened: bits 0..3 -> 0..5",
            "  @Opcode(bits = 6) int cmd;\n                 ^",
            "[field-shifted] memory_op: published field start_extent moved: bits 4..63 -> 6..63",
            witness);
    mvn(project, "abilock:update").failed().logs("[field-widened]", witness);
    assertArrayEquals(released, Files.readAllBytes(manifest));
    Files.writeString(source, MEMORY_OP_33);
  }

  /**
   * A compatible change recorded, then a hand edit of a published line: abilock:diff against the
   * released commit (given, then as the merge base with the upstream branch) passes, then fails,
   * and writes SARIF and GitHub annotations for the pull request.
   */
  @Test
  @Order(7)
  void diffAgainstTheReleaseClassifiesAndFailsOnABreak() throws Exception {
    String released = git(project, "rev-parse", "HEAD");
    Files.writeString(source, MEMORY_OP_33_EXCHANGE);
    mvn(project, "abilock:update").succeeded();
    // Named as abilock diff --git names them: the path from the repository root, the revision as
    // given.
    mvn(project, "abilock:diff", "-Dabilock.base=" + released)
        .succeeded()
        .logs(
            "abilock diff "
                + released
                + ":abilock.manifest -> abilock.manifest: 0 breaking, 1 compatible, 0 draft-only",
            "[line-added] memory_op: new line 'op XENMEM_exchange 11' (draft)");

    git(project, "checkout", "-q", "-b", "feature", "--track", "main");
    String text = Files.readString(manifest);
    Files.writeString(
        manifest,
        text.replace(
            "  op XENMEM_maximum_ram_page 2 published 1.0\n",
            "  op XENMEM_maximum_ram_page 2 published 1.1\n"));
    Path sarif = project.resolve("target/abilock.sarif");
    // The merge base with the upstream, abbreviated as git abbreviates it.
    String base = git(project, "rev-parse", "--short", released);
    mvn(project, "abilock:diff", "-Dabilock.format=sarif", "-Dabilock.output=" + sarif)
        .failed()
        .logs(
            "[plugin-report-written] abilock:diff report (sarif) written to " + sarif,
            "[plugin-diff-breaks] abilock:diff found 1 breaking change(s) in abilock.manifest since "
                + base);
    String report = Files.readString(sarif);
    assertTrue(report.contains("\"ruleId\": \"published-line-republished\""), report);
    assertTrue(report.contains("\"uri\": \"abilock.manifest\""), report);

    mvn(project, "abilock:diff", "-Dabilock.format=github")
        .failed()
        .logs(
            "::error file=abilock.manifest,line=",
            ",title=abilock published-line-republished::"
                + "[published-line-republished] memory_op: published line 'op XENMEM_maximum_ram_page 2' was re-published:"
                + " published 1.0 -> published 1.1",
            "abilock diff "
                + base
                + ":abilock.manifest -> abilock.manifest: 1 breaking, 1 compatible, 0 draft-only");
    git(project, "checkout", "-q", "main");
    git(project, "checkout", "-q", "--", ".");
  }

  @Test
  @Order(8)
  void diffWithoutABaseOrUpstreamSaysWhatToPass() throws Exception {
    mvn(project, "abilock:diff")
        .failed()
        .logs(
            "[plugin-no-base] no base revision to diff against",
            "-Dabilock.base=<commit, branch or tag>");
    assertEquals("main", git(project, "rev-parse", "--abbrev-ref", "HEAD"));
  }

  @Test
  @Order(9)
  void helpListsTheGoals() throws Exception {
    mvn(project, "abilock:help")
        .succeeded()
        .logs("abilock:check", "abilock:diff", "abilock:help", "abilock:update");
    mvn(project, "abilock:help", "-Ddetail", "-Dgoal=update")
        .succeeded()
        .logs("abilock.release", "Publishes every draft entry at this release label");
  }
}
