package dev.abilock.core.manifest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file so that a reader sees the old content or the new, never half: a temp file in the
 * same directory, then a rename. Used for the manifest, and for the headers and docs that a project
 * checks in.
 */
public final class AtomicFile {
  private AtomicFile() {}

  /** The last step of a write: puts the finished temp file in place of the target. */
  @FunctionalInterface
  public interface Mover {
    void move(Path temp, Path target) throws IOException;
  }

  /** A rename, atomic where the file system can, else a plain replace. */
  public static final Mover RENAME =
      (temp, target) -> {
        try {
          Files.move(
              temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
      };

  /** Writes {@code text} as UTF-8 to {@code path}, creating its directory if needed. */
  public static void write(Path path, String text) throws IOException {
    write(path, text, RENAME);
  }

  /**
   * Writes {@code text} unless {@code path} holds it already: a checked-in file keeps its
   * timestamp.
   */
  public static void writeIfChanged(Path path, String text) throws IOException {
    if (!Files.exists(path) || !Files.readString(path, StandardCharsets.UTF_8).equals(text)) {
      write(path, text);
    }
  }

  /**
   * {@link #write(Path, String)} with the final step given: whatever fails, before or during the
   * move, the old file is untouched and the temp file is gone.
   */
  public static void write(Path path, String text, Mover mover) throws IOException {
    Path dir = path.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, "." + path.getFileName() + ".", ".tmp");
    try {
      Files.writeString(temp, text, StandardCharsets.UTF_8);
      mover.move(temp, path);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
