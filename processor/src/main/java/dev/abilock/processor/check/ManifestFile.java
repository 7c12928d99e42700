package dev.abilock.processor.check;

import static dev.abilock.core.ManifestMessage.MANIFEST_MALFORMED;
import static dev.abilock.core.ManifestMessage.MANIFEST_UNREADABLE;
import static dev.abilock.core.ManifestMessage.MANIFEST_WRITE_FAILED;

import dev.abilock.core.manifest.AtomicFile;
import dev.abilock.core.manifest.Manifest;
import dev.abilock.core.manifest.ManifestException;
import dev.abilock.core.manifest.ManifestParser;
import dev.abilock.processor.Reporter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The manifest on disk, read once per compile. Only an update-mode compile writes it, atomically (a
 * reader never sees half a file), and the gates write only after reading it whole: a file that does
 * not parse is never overwritten.
 */
final class ManifestFile {
  /**
   * What the file holds.
   *
   * @param text the file's text with CRLF and a BOM normalized away, {@code null} when there is no
   *     file
   */
  record Contents(Manifest manifest, String text) {}

  private final Path path;
  private final boolean writable;

  private ManifestFile(Path path, boolean writable) {
    this.path = path;
    this.writable = writable;
  }

  /**
   * The file {@code options} name, writable in update mode; empty (after reporting it) when the
   * path is invalid.
   */
  static Optional<ManifestFile> of(Options options, Reporter reporter) {
    try {
      return Optional.of(new ManifestFile(Path.of(options.manifest()), options.update()));
    } catch (InvalidPathException e) {
      reporter.report(MANIFEST_UNREADABLE, options.manifest(), e.getMessage());
      return Optional.empty();
    }
  }

  Path path() {
    return path;
  }

  boolean exists() {
    return Files.exists(path);
  }

  /**
   * The manifest, empty with no text when there is no file; empty (after reporting it) when
   * unreadable or malformed.
   */
  Optional<Contents> read(Reporter reporter) {
    if (!exists()) {
      return Optional.of(new Contents(Manifest.empty(), null));
    }
    try {
      byte[] bytes = Files.readAllBytes(path);
      return Optional.of(
          new Contents(
              ManifestParser.parse(bytes),
              ManifestParser.normalize(new String(bytes, StandardCharsets.UTF_8))));
    } catch (ManifestException e) {
      reporter.report(MANIFEST_MALFORMED, path, "  " + String.join("\n  ", e.rendered()));
    } catch (IOException e) {
      reporter.report(MANIFEST_UNREADABLE, path, e);
    }
    return Optional.empty();
  }

  /**
   * Replaces the file with {@code text}; whether it did (a failure is reported). Update mode only.
   */
  boolean write(String text, Reporter reporter) {
    if (!writable) {
      throw new IllegalStateException("a check-mode compile never writes the manifest");
    }
    try {
      AtomicFile.write(path, text);
      return true;
    } catch (IOException | RuntimeException e) {
      reporter.report(MANIFEST_WRITE_FAILED, path, e);
      return false;
    }
  }
}
