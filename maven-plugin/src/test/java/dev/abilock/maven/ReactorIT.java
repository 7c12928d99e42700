package dev.abilock.maven;

import static dev.abilock.maven.MavenProjects.MEMORY_OP_33;
import static dev.abilock.maven.MavenProjects.MEMORY_OP_34;
import static dev.abilock.maven.MavenProjects.mvn;
import static dev.abilock.maven.MavenProjects.readmePom;
import static dev.abilock.maven.MavenProjects.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Two modules, two manifests, one reactor (one of them a Java module with a {@code
 * module-info.java}): the goals run per module, from the root, also in parallel ({@code -T 2}); a
 * module without any {@code @Continuable} needs nothing.
 */
class ReactorIT {
  /**
   * The aggregator: the plugin in pluginManagement, so that the abilock: prefix resolves from the
   * root.
   */
  private static final String ROOT =
      """
      <project xmlns="http://maven.apache.org/POM/4.0.0">
        <modelVersion>4.0.0</modelVersion>
        <groupId>org.example</groupId>
        <artifactId>hypervisor</artifactId>
        <version>1.0-SNAPSHOT</version>
        <packaging>pom</packaging>
        <modules>
          <module>memory</module>
          <module>mmu</module>
        </modules>
        <build>
          <pluginManagement>
            <plugins>
              <plugin>
                <groupId>dev.abilock</groupId>
                <artifactId>abilock-maven-plugin</artifactId>
                <version>%s</version>
              </plugin>
            </plugins>
          </pluginManagement>
        </build>
      </project>
      """;

  private static final String MMU_UPDATE =
      """
      package org.example.xen;

      import dev.abilock.Continuable;
      import dev.abilock.ContinuationField;

      @Continuable(name = "mmu_update", width = 32, headerPrefix = "MMU_UPDATE")
      public final class MmuUpdate {
        @ContinuationField(bits = 31) int count;
        @ContinuationField(bits = 1, macro = "MMU_UPDATE_PREEMPTED") boolean preempted;
      }
      """;

  @Test
  void twoModulesTwoManifestsAlsoInParallel() throws Exception {
    Path root = MavenProjects.freshProject("reactor");
    write(root.resolve("pom.xml"), ROOT.formatted(MavenProjects.version()));
    write(root.resolve("memory/pom.xml"), readmePom("memory"));
    Path memorySource =
        write(root.resolve("memory/src/main/java/org/example/xen/MemoryOp.java"), MEMORY_OP_33);
    write(root.resolve("mmu/pom.xml"), readmePom("mmu"));
    write(root.resolve("mmu/src/main/java/org/example/xen/MmuUpdate.java"), MMU_UPDATE);
    // One module is a Java module: its dependencies go on the module path.
    write(
        root.resolve("mmu/src/main/java/module-info.java"),
        "module org.example.mmu {\n  requires abilock.annotations;\n  requires abilock.runtime;\n}\n");

    mvn(root, "-T", "2", "abilock:update", "-Dabilock.release=1.0").succeeded();
    String memory = Files.readString(root.resolve("memory/abilock.manifest"));
    String mmu = Files.readString(root.resolve("mmu/abilock.manifest"));
    assertTrue(
        memory.contains("continuable memory_op class org.example.xen.MemoryOp published 1.0\n"),
        memory);
    assertFalse(memory.contains("mmu_update"), memory);
    assertTrue(
        mmu.contains("continuable mmu_update class org.example.xen.MmuUpdate published 1.0\n"),
        mmu);
    assertFalse(mmu.contains("memory_op"), mmu);

    mvn(root, "verify")
        .succeeded()
        .logs(
            "abilock-maven-plugin:" + MavenProjects.version() + ":check (default) @ memory",
            "abilock-maven-plugin:" + MavenProjects.version() + ":check (default) @ mmu");
    mvn(root, "-T", "2", "verify").succeeded();

    // A break in one module: its check fails, the other module and both manifests are untouched.
    byte[] mmuBefore = Files.readAllBytes(root.resolve("mmu/abilock.manifest"));
    byte[] memoryBefore = Files.readAllBytes(root.resolve("memory/abilock.manifest"));
    Files.writeString(memorySource, MEMORY_OP_34);
    mvn(root, "-T", "2", "abilock:update")
        .failed()
        .logs(
            memorySource + ":[",
            "[field-widened] memory_op: published opcode cmd widened: bits 0..3 -> 0..5");
    assertArrayEquals(memoryBefore, Files.readAllBytes(root.resolve("memory/abilock.manifest")));
    assertArrayEquals(mmuBefore, Files.readAllBytes(root.resolve("mmu/abilock.manifest")));
  }

  @Test
  void aProjectWithoutAnyContinuableNeedsNothing() throws Exception {
    Path project = MavenProjects.freshProject("nothing-declared");
    write(project.resolve("pom.xml"), readmePom());
    write(
        project.resolve("src/main/java/org/example/Plain.java"),
        "package org.example;\n\npublic final class Plain {\n  int count;\n}\n");
    mvn(project, "verify")
        .succeeded()
        .logs(
            "[plugin-nothing-declared] no @Continuable or @AbiStruct in the sources and no manifest at "
                + project.resolve("abilock.manifest")
                + ": nothing to check");
    assertFalse(Files.exists(project.resolve("abilock.manifest")));
  }
}
