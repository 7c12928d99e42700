package dev.abilock.maven;

import static dev.abilock.maven.MavenProjects.mvn;
import static dev.abilock.maven.MavenProjects.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A new user's steps that once got dangerous advice, in a project of their own from the README's
 * pom: a {@code sched_op} with a compat word and a retired op, whose manifest is deleted, then
 * moved with only the compiler's {@code -Aabilock.manifest} updated; and release labels given out
 * of order or empty. Each step is one real {@code mvn} run.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NewcomerIT {
  private static Path project;
  private static Path manifest;
  private static Path source;

  private static final String SCHED_OP =
      """
      package org.example.sched;

      import dev.abilock.Continuable;
      import dev.abilock.ContinuationField;
      import dev.abilock.Op;
      import dev.abilock.Opcode;
      import dev.abilock.Retired;

      @Continuable(name = "sched_op", width = 64, compatWidth = 32, headerPrefix = "SCHEDOP")
      public final class SchedOp {
        @Op public static final int SCHEDOP_yield = 0;
        @Op(continues = "count") public static final int SCHEDOP_block = 1;
        @Op(continues = "count") public static final int SCHEDOP_poll = 3;

        @Opcode(bits = 4) int cmd;
        @ContinuationField(bits = 40, compatBits = 28) long count;
      }
      """;

  private static final String SCHED_OP_RETIRED =
      SCHED_OP.replace(
          "  @Op(continues = \"count\") public static final int SCHEDOP_block = 1;\n",
          "  @Retired(release = \"1.2\", reason = \"use SCHEDOP_poll\")\n"
              + "  @Op(continues = \"count\") public static final int SCHEDOP_block = 1;\n");

  @BeforeAll
  static void newProject() throws Exception {
    project = MavenProjects.freshProject("newcomer");
    write(project.resolve("pom.xml"), MavenProjects.readmePom());
    source = write(project.resolve("src/main/java/org/example/sched/SchedOp.java"), SCHED_OP);
    manifest = project.resolve("abilock.manifest");
  }

  @Test
  @Order(1)
  void publishAt11ThenRetireAt12() throws Exception {
    mvn(project, "abilock:update", "-Dabilock.release=1.1").succeeded().logs("[manifest-created]");
    Files.writeString(source, SCHED_OP_RETIRED);
    mvn(project, "abilock:update")
        .succeeded()
        .logs("[retired-note] sched_op: op SCHEDOP_block retired in 1.2");
    assertTrue(
        Files.readString(manifest)
            .contains("  op SCHEDOP_block 1 published 1.1 retired 1.2 \"use SCHEDOP_poll\"\n"));
  }

  @Test
  @Order(2)
  void aReleaseBeforeOnePublishedOrAnEmptyOneIsRefused() throws Exception {
    byte[] recorded = Files.readAllBytes(manifest);
    Files.writeString(
        source,
        SCHED_OP_RETIRED.replace(
            "  @Opcode", "  @Op public static final int SCHEDOP_wake = 4;\n\n" + "  @Opcode"));
    mvn(project, "abilock:update", "-Dabilock.release=1.0")
        .failed()
        .logs(
            "[release-before-published] abilock.release = 1.0 comes before 1.1, which the manifest already publishes at");
    mvn(project, "abilock:update", "-Dabilock.release=")
        .failed()
        .logs("[empty-release] abilock.release is empty");
    assertArrayEquals(recorded, Files.readAllBytes(manifest));
    Files.writeString(source, SCHED_OP_RETIRED);
  }

  /**
   * The compile and both goals: manifest-missing with the path and who set it, never "delete the
   * declaration".
   */
  @Test
  @Order(3)
  void aDeletedManifestIsMissingNotARetiredDraft() throws Exception {
    byte[] recorded = Files.readAllBytes(manifest);
    Files.delete(manifest);
    String missing =
        "[manifest-missing] manifest " + manifest + " does not exist (the path is set by ";
    String record = "yet the sources hold @Retired on op SCHEDOP_block in sched_op";
    MavenProjects.Build compile =
        mvn(project, "compile").failed().logs(missing + "-Aabilock.manifest); " + record);
    assertFalse(compile.log().contains("retired-draft"), compile::toString);
    for (String goal : new String[] {"abilock:check", "abilock:update"}) {
      MavenProjects.Build b =
          mvn(project, goal)
              .failed()
              .logs(
                  missing
                      + "abilock-maven-plugin's manifest parameter,"
                      + " default ${project.basedir}/abilock.manifest); "
                      + record);
      assertFalse(b.log().contains("retired-draft"), b::toString);
      assertFalse(Files.exists(manifest), goal + " wrote a manifest");
    }
    Files.write(manifest, recorded);
  }

  /**
   * Moved, with only -Aabilock.manifest updated: the plugin names both paths; told the new one, it
   * agrees.
   */
  @Test
  @Order(4)
  void aManifestMovedForTheCompilerOnlyIsAMismatchNamingBoth() throws Exception {
    Path moved = project.resolve("abi/abilock.manifest");
    Files.createDirectories(moved.getParent());
    Files.move(manifest, moved);
    String pom = Files.readString(project.resolve("pom.xml"));
    Files.writeString(
        project.resolve("pom.xml"),
        pom.replace(
            "-Aabilock.manifest=${project.basedir}/abilock.manifest",
            "-Aabilock.manifest=${project.basedir}/abi/abilock.manifest"));
    mvn(project, "abilock:check")
        .failed()
        .logs(
            "[plugin-manifest-mismatch] abilock-maven-plugin reads the manifest "
                + manifest
                + " (set by abilock-maven-plugin's manifest parameter, default ${project.basedir}/abilock.manifest),"
                + " but maven-compiler-plugin compiles with -Aabilock.manifest="
                + moved
                + " (its <compilerArgs>): the compile"
                + " and abilock:check would check two different files");
    mvn(project, "abilock:check", "-Dabilock.manifest=abi/abilock.manifest")
        .succeeded()
        .logs("[plugin-in-sync] manifest " + moved);
  }
}
