package dev.abilock.maven;

import static dev.abilock.maven.MavenProjects.git;
import static dev.abilock.maven.MavenProjects.mvn;
import static dev.abilock.maven.MavenProjects.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Argument structs through the plugin with no configuration beyond the README's pom: {@code
 * abilock:update} records Xen 4.4's {@code xen_hvm_modified_memory} and the op that re-reads it,
 * {@code verify} checks them, 4.5's rearranged layout fails {@code verify} and {@code update} with
 * a witness image and leaves the manifest as it was, and the way out (old struct retired, new
 * layout under a new name) passes and is classified by {@code abilock:diff}.
 */
class StructsIT {
  private static final String HVM_OP =
      """
      package org.example.xen;

      import dev.abilock.Continuable;
      import dev.abilock.ContinuationField;
      import dev.abilock.Encoding;
      import dev.abilock.Op;
      import dev.abilock.Opcode;

      @Continuable(name = "hvm_op", width = 64, headerPrefix = "HVMOP")
      public final class HvmOp {
        @Op public static final int HVMOP_get_param = 1;
        @Op(continues = "startIter", reads = HvmModifiedMemory.class)
        public static final int HVMOP_modified_memory = 7;

        @Opcode(bits = 8) int op;
        @ContinuationField(shift = 8, bits = 56, encoding = Encoding.IN_PLACE) long startIter;
      }
      """;

  private static final String IMPORTS =
      """
      package org.example.xen;

      import dev.abilock.AbiStruct;
      import dev.abilock.CType;
      import dev.abilock.Compat;
      import dev.abilock.Member;
      import dev.abilock.Pad;
      import dev.abilock.Retired;

      """;

  private static final String STRUCT_44 =
      IMPORTS
          + """
          @AbiStruct(name = "xen_hvm_modified_memory", compat = Compat.SAME)
          public final class HvmModifiedMemory {
            @Member(type = CType.U16) short domid;
            @Pad(size = 6) byte[] pad0;
            @Member(type = CType.U64, align = 8) long firstPfn;
            @Member(type = CType.U64, align = 8) long nr;
          }
          """;

  private static final String STRUCT_45 =
      IMPORTS
          + """
          @AbiStruct(name = "xen_hvm_modified_memory", compat = Compat.SAME)
          public final class HvmModifiedMemory {
            @Member(type = CType.U16) short domid;
            @Pad short pad0;
            @Member(type = CType.U32) int nr;
            @Member(type = CType.U64, align = 8) long firstPfn;
          }
          """;

  private static final String STRUCT_V2 =
      IMPORTS
          + """
          @AbiStruct(name = "xen_hvm_modified_memory_v2", compat = Compat.SAME)
          public final class HvmModifiedMemoryV2 {
            @Member(type = CType.U16) short domid;
            @Pad short pad0;
            @Member(type = CType.U32) int nr;
            @Member(type = CType.U64, align = 8) long firstPfn;
          }
          """;

  @Test
  void structsAreRecordedCheckedAndReviewedWithNoNewConfiguration() throws Exception {
    Path project = MavenProjects.freshProject("structs");
    write(project.resolve("pom.xml"), MavenProjects.readmePom());
    Path dir = project.resolve("src/main/java/org/example/xen");
    write(dir.resolve("HvmOp.java"), HVM_OP);
    Path struct = write(dir.resolve("HvmModifiedMemory.java"), STRUCT_44);
    Path manifest = project.resolve("abilock.manifest");
    git(project, "init", "-q");

    mvn(project, "abilock:update", "-Dabilock.release=4.4").succeeded();
    String text = Files.readString(manifest);
    assertTrue(text.startsWith("# abilock manifest 2\n"), text);
    assertTrue(
        text.contains(
            "struct xen_hvm_modified_memory class org.example.xen.HvmModifiedMemory compat same"
                + " published 4.4\n"),
        text);
    assertTrue(text.contains("reads xen_hvm_modified_memory published 4.4\n"), text);
    mvn(project, "verify").succeeded().logs("[plugin-in-sync]");
    assertTrue(
        Files.exists(project.resolve("target/classes/abilock/xen_hvm_modified_memory.h")),
        "the struct's C header ships in the jar");
    git(project, "add", "-A");
    git(project, "commit", "-q", "-m", "4.4");

    byte[] released = Files.readAllBytes(manifest);
    Files.writeString(struct, STRUCT_45);
    String witness =
        "witness image on x86_64 and x86_32 (24 bytes): 01 00 00 00 00 00 00 00 03 00 00 00 00 00"
            + " 00 00 05 00 00 00 00 00 00 00";
    mvn(project, "verify")
        .failed()
        .logs("[struct-member-moved] xen_hvm_modified_memory: published member nr moved", witness);
    mvn(project, "abilock:update", "-Dabilock.release=4.5")
        .failed()
        .logs("[struct-member-moved]", "misread:   nr 5 at 16..23 -> nr 0 at 4..7");
    assertArrayEquals(released, Files.readAllBytes(manifest), "a break writes nothing");

    Files.writeString(
        struct,
        STRUCT_44.replace(
            "@AbiStruct(",
            "@Retired(release = \"4.5\", reason = \"layout changed: xen_hvm_modified_memory_v2\")\n"
                + "@AbiStruct("));
    write(dir.resolve("HvmModifiedMemoryV2.java"), STRUCT_V2);
    mvn(project, "abilock:update").succeeded();
    mvn(project, "verify").succeeded().logs("[plugin-in-sync]");
    mvn(project, "abilock:diff", "-Dabilock.base=HEAD")
        .succeeded()
        .logs("xen_hvm_modified_memory_v2", "xen_hvm_modified_memory");
  }
}
