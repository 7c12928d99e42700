package dev.abilock.core.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writing the manifest (and checked-in headers and docs): a reader sees the old file or the new, a
 * file that already holds the text keeps its timestamp, and a failed write leaves the old file and
 * nothing beside it.
 */
class AtomicFileTest {
  private static final String OLD =
      "# abilock manifest 1\ncontinuable ring class test.Ring published 1.0\n# end\n";
  private static final String NEW =
      "# abilock manifest 1\ncontinuable ring class test.Ring published 1.0\n"
          + "  op RING_drain 5 draft \u00e9\n# end\n";

  @TempDir Path dir;

  @Test
  void writeCreatesTheDirectoryAndWritesUtf8() throws IOException {
    Path file = dir.resolve("sub/dir/abilock.manifest");
    AtomicFile.write(file, NEW);
    assertEquals(NEW, new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
    assertEquals(List.of(file), list(file.getParent()));
  }

  @Test
  void writeReplacesTheOldFileWithNothingLeftBeside() throws IOException {
    Path file = dir.resolve("abilock.manifest");
    Files.writeString(file, OLD);
    AtomicFile.write(file, NEW);
    assertEquals(NEW, Files.readString(file));
    assertEquals(List.of(file), list(dir));
  }

  @Test
  void theFinishedTextIsMovedFromAHiddenTempFileInTheSameDirectory() throws IOException {
    // A rename is atomic only within one file system: the temp file must sit beside the target.
    Path file = dir.resolve("abilock.manifest");
    Files.writeString(file, OLD);
    List<String> seen = new ArrayList<>();
    AtomicFile.write(
        file,
        NEW,
        (temp, target) -> {
          assertEquals(dir.toAbsolutePath(), temp.getParent());
          assertTrue(
              temp.getFileName().toString().startsWith(".abilock.manifest."), temp.toString());
          assertEquals(file, target);
          seen.add(Files.readString(temp));
          seen.add(Files.readString(target));
          AtomicFile.RENAME.move(temp, target);
        });
    assertEquals(List.of(NEW, OLD), seen);
    assertEquals(NEW, Files.readString(file));
  }

  @Test
  void aMoveThatFailsLeavesTheOldFileAndNoTempFile() throws IOException {
    Path file = dir.resolve("abilock.manifest");
    Files.writeString(file, OLD);
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                AtomicFile.write(
                    file,
                    NEW,
                    (temp, target) -> {
                      throw new IOException("disk full");
                    }));
    assertEquals("disk full", e.getMessage());
    assertEquals(OLD, Files.readString(file));
    assertEquals(List.of(file), list(dir));
  }

  @Test
  void aWriteThatFailsBeforeTheMoveLeavesTheOldFileAndNoTempFile() throws IOException {
    Path file = dir.resolve("abilock.manifest");
    Files.writeString(file, OLD);
    // A lone surrogate cannot be encoded as UTF-8: the write fails before anything is moved.
    List<Path> moved = new ArrayList<>();
    assertThrows(
        IOException.class,
        () -> AtomicFile.write(file, "\ud800", (temp, target) -> moved.add(temp)));
    assertEquals(List.of(), moved);
    assertEquals(OLD, Files.readString(file));
    assertEquals(List.of(file), list(dir));
  }

  @Test
  void writeIfChangedLeavesAFileWithTheSameTextUntouched() throws IOException {
    Path file = dir.resolve("abilock.manifest");
    Files.writeString(file, NEW);
    FileTime past = FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() - 3_600_000);
    Files.setLastModifiedTime(file, past);
    AtomicFile.writeIfChanged(file, NEW);
    assertEquals(past, Files.getLastModifiedTime(file));
    assertEquals(NEW, Files.readString(file));
  }

  @Test
  void writeIfChangedWritesADifferentOrMissingFile() throws IOException {
    Path file = dir.resolve("abilock.manifest");
    AtomicFile.writeIfChanged(file, OLD);
    assertEquals(OLD, Files.readString(file));
    FileTime past = FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() - 3_600_000);
    Files.setLastModifiedTime(file, past);
    AtomicFile.writeIfChanged(file, NEW);
    assertEquals(NEW, Files.readString(file));
    assertTrue(Files.getLastModifiedTime(file).compareTo(past) > 0);
    assertEquals(List.of(file), list(dir));
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList();
    }
  }
}
