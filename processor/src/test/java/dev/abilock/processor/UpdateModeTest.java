package dev.abilock.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpdateModeTest {
  @TempDir Path dir;

  @Test
  void writesCodecAndManifestInUpdateMode() throws Exception {
    JavaFileObject src =
        Sources.source(
            "Mmu",
            "@Continuable(name = \"mmu\", width = 32)",
            "public class Mmu {",
            "  @ContinuationField(bits = 31) int count;",
            "  @ContinuationField(bits = 1) boolean preempted;",
            "}");
    Path manifest = dir.resolve("abilock.manifest");
    Compilation c = Sources.compile(manifest, "update", src);
    assertThat(c).succeeded();
    assertThat(c).generatedSourceFile("test.MmuCodec");
    org.junit.jupiter.api.Assertions.assertTrue(
        Files.readString(manifest)
            .contains("field preempted shifted bits 31..31 mask 0x80000000 draft"));
    assertThat(c)
        .hadNoteContaining("[manifest-created] manifest " + manifest + " created with 4 line(s)");
  }

  @Test
  void updateNoteListsTheChangedFactsOnly() {
    Path manifest = dir.resolve("abilock.manifest");
    JavaFileObject before =
        Sources.source(
            "Mmu",
            "@Continuable(name = \"mmu\", width = 32)",
            "public class Mmu {",
            "  @ContinuationField(bits = 31) int count;",
            "}");
    assertThat(Sources.compile(manifest, "update", before)).succeeded();
    JavaFileObject after =
        Sources.source(
            "Mmu",
            "@Continuable(name = \"mmu\", width = 32)",
            "public class Mmu {",
            "  @ContinuationField(bits = 31) int count;",
            "  @ContinuationField(bits = 1) boolean preempted;",
            "}");
    Compilation c = Sources.compile(manifest, "update", after);
    assertThat(c)
        .hadNoteContaining(
            "[manifest-updated] manifest "
                + manifest
                + " updated: 1 line(s) changed:\n"
                + "    +   field preempted shifted bits 31..31 mask 0x80000000 draft");
  }
}
