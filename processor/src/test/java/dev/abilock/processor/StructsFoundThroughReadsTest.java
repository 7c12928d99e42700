package dev.abilock.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.abilock.core.DeclarationMessage;
import dev.abilock.core.manifest.ManifestParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A struct that is not among the compile's sources but is read by an op ({@code @Op(reads)}), as
 * when the Maven plugin hands javac only the files that declare and javac finds the struct on the
 * source path: its lines still reach the manifest (which must never name a struct it does not
 * record), its rules still hold, and its own outputs are left to the compile of its source.
 */
class StructsFoundThroughReadsTest {
  @TempDir Path dir;

  private static final String STRUCT =
      """
      package test;
      import dev.abilock.*;
      @AbiStruct(name = "xen_hvm_modified_memory", compat = Compat.SAME)
      public final class HvmModifiedMemory {
        @Member(type = CType.U16) short domid;
        @Pad short pad0;
        @Member(type = CType.U32) int nr;
        @Member(type = CType.U64, align = 8) long firstPfn;
      }
      """;

  private static final JavaFileObject HVM_OP =
      Sources.source(
          "HvmOp",
          "@Continuable(name = \"hvm_op\", width = 64, headerPrefix = \"HVMOP\")",
          "public final class HvmOp {",
          "  @Op(continues = \"startIter\", reads = HvmModifiedMemory.class)",
          "  public static final int HVMOP_modified_memory = 7;",
          "  @Opcode(bits = 8) int op;",
          "  @ContinuationField(shift = 8, bits = 56, encoding = Encoding.IN_PLACE) long startIter;",
          "}");

  private Compilation compileHandlerAlone(String mode, String struct) throws Exception {
    Path sources = dir.resolve("src");
    Files.createDirectories(sources.resolve("test"));
    Files.writeString(sources.resolve("test/HvmModifiedMemory.java"), struct);
    return Sources.compileWithJavacOptions(
        List.of("-sourcepath", sources.toString()), dir.resolve("abilock.manifest"), mode, HVM_OP);
  }

  @Test
  void updateRecordsAStructFoundOnlyThroughReads() throws Exception {
    Path manifest = dir.resolve("abilock.manifest");
    Compilation c = compileHandlerAlone("update", STRUCT);
    assertThat(c).succeeded();
    String text = Files.readString(manifest);
    assertTrue(text.contains("struct xen_hvm_modified_memory class test.HvmModifiedMemory"), text);
    assertTrue(text.contains("  member nr u32 x86_64 4..7 x86_32 4..7 draft\n"), text);
    assertEquals(text, ManifestParser.parse(text).render(), "the manifest written reads back");
    assertFalse(
        c.generatedFile(StandardLocation.SOURCE_OUTPUT, "test", "HvmModifiedMemoryCodec.java")
            .isPresent(),
        "the codec is written where the struct's own source compiles");
    assertTrue(
        c.generatedFile(StandardLocation.SOURCE_OUTPUT, "test", "HvmOpCodec.java").isPresent());
    assertThat(compileHandlerAlone("check", STRUCT)).succeeded();
  }

  @Test
  void aStructFoundThroughReadsKeepsItsRules() throws Exception {
    Compilation c =
        compileHandlerAlone("update", STRUCT.replace("  @Pad short pad0;\n", "")); // a hole at 2..3
    assertThat(c).failed();
    assertThat(c).hadErrorContaining("[" + DeclarationMessage.STRUCT_HOLE.id() + "]");
    assertFalse(Files.exists(dir.resolve("abilock.manifest")), "nothing is written");
  }
}
