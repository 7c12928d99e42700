package dev.abilock.review;

import dev.abilock.core.manifest.Manifest;
import dev.abilock.core.manifest.ManifestException;
import dev.abilock.core.manifest.ManifestParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Reads manifests from files and from git revisions; every failure is an {@link InputException}.
 */
public final class Inputs {
  private Inputs() {}

  /** A manifest that cannot be had; the message says why, with line numbers for a malformed one. */
  public static final class InputException extends Exception {
    private static final long serialVersionUID = 1L;

    InputException(String message) {
      super(message);
    }
  }

  /** The manifest file at {@code path}. */
  public static Manifest file(Path path) throws InputException {
    return parse(path.toString(), read(path));
  }

  static byte[] read(Path path) throws InputException {
    try {
      if (Files.isDirectory(path)) {
        throw new InputException(
            ReviewMessage.CLI_CANNOT_READ.format(path, ReviewMessage.CLI_REASON_DIRECTORY.text()));
      }
      return Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new InputException(
          ReviewMessage.CLI_CANNOT_READ.format(path, ReviewMessage.CLI_REASON_NO_SUCH_FILE.text()));
    } catch (AccessDeniedException e) {
      throw new InputException(
          ReviewMessage.CLI_CANNOT_READ.format(path, ReviewMessage.CLI_REASON_PERMISSION.text()));
    } catch (IOException | UncheckedIOException | SecurityException e) {
      throw new InputException(
          ReviewMessage.CLI_CANNOT_READ.format(
              path, e.getMessage() == null ? e.toString() : e.getMessage()));
    }
  }

  static Manifest parse(String label, byte[] bytes) throws InputException {
    try {
      return ManifestParser.parse(bytes);
    } catch (ManifestException e) {
      throw new InputException(
          ReviewMessage.CLI_MALFORMED.format(label, "  " + String.join("\n  ", e.rendered())));
    }
  }

  /**
   * The manifest as committed at a revision.
   *
   * @param label what to call it in reports: {@code <revision>:<path from the repository root>}
   * @param repositoryPath its path from the repository root, with {@code /} separators
   * @param manifest the manifest, empty when the revision does not hold the file (the change adds
   *     it)
   */
  public record Committed(String label, String repositoryPath, Optional<Manifest> manifest) {}

  /**
   * The manifest {@code path} as committed at {@code revision}: {@code git show <rev>:<path from
   * the repository root>}, run in the manifest's directory.
   */
  public static Committed gitRevision(String revision, Path path) throws InputException {
    if (revision.isBlank() || revision.startsWith("-")) {
      throw new InputException(
          ReviewMessage.CLI_BAD_REVISION.format(
              revision, "a revision is a commit, branch or tag name and cannot start with '-'"));
    }
    Path absolute = path.toAbsolutePath().normalize();
    Path dir = absolute.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new InputException(
          ReviewMessage.CLI_CANNOT_READ.format(path, ReviewMessage.CLI_REASON_NO_DIRECTORY.text()));
    }
    String repositoryPath =
        git(dir, "rev-parse", "--show-prefix").text().strip() + absolute.getFileName();
    Result commit =
        git(dir, List.of("rev-parse", "--verify", "--quiet", revision + "^{commit}"), true);
    if (commit.exit() != 0) {
      throw new InputException(
          ReviewMessage.CLI_BAD_REVISION.format(
              revision, "no such commit in the repository at " + dir));
    }
    String spec = revision + ":" + repositoryPath;
    if (git(dir, List.of("cat-file", "-e", spec), true).exit() != 0) {
      return new Committed(spec, repositoryPath, Optional.empty());
    }
    return new Committed(
        spec, repositoryPath, Optional.of(parse(spec, git(dir, "show", spec).out())));
  }

  /**
   * The commit where the branch checked out in {@code dir} left its upstream: {@code git merge-base
   * HEAD @{upstream}}, abbreviated as git abbreviates it. Empty when the branch has no upstream (or
   * {@code dir} is in no repository).
   */
  public static Optional<String> mergeBaseWithUpstream(Path dir) throws InputException {
    if (git(dir, List.of("rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{upstream}"), true)
            .exit()
        != 0) {
      return Optional.empty();
    }
    String base = git(dir, "merge-base", "HEAD", "@{upstream}").text().strip();
    return Optional.of(git(dir, "rev-parse", "--short", base).text().strip());
  }

  /**
   * {@code path} relative to the root of the git repository that holds it, with {@code /}
   * separators, as code scanning and workflow annotations name files; {@code path} as given when it
   * is in no repository or git cannot be run.
   */
  public static String repositoryPath(Path path) {
    String given = path.toString().replace('\\', '/');
    Path absolute = path.toAbsolutePath().normalize();
    Path dir = absolute.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      return given;
    }
    try {
      Result prefix = git(dir, List.of("rev-parse", "--show-prefix"), true);
      return prefix.exit() == 0 ? prefix.text().strip() + absolute.getFileName() : given;
    } catch (InputException e) {
      return given;
    }
  }

  private record Result(int exit, byte[] out, String err) {
    String text() {
      return new String(out, StandardCharsets.UTF_8);
    }
  }

  private static Result git(Path dir, String... args) throws InputException {
    return git(dir, List.of(args), false);
  }

  /** Runs git in {@code dir}; a non-zero exit is an error unless {@code mayFail}. */
  private static Result git(Path dir, List<String> args, boolean mayFail) throws InputException {
    List<String> command = new ArrayList<>();
    command.add("git");
    command.addAll(args);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectInput(ProcessBuilder.Redirect.PIPE);
    builder.environment().put("GIT_PAGER", "cat");
    builder.environment().put("LC_ALL", "C");
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new InputException(ReviewMessage.CLI_GIT_UNAVAILABLE.format(dir, e.getMessage()));
    }
    try {
      process.getOutputStream().close();
      CompletableFuture<byte[]> err =
          CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
      byte[] out = readAll(process.getInputStream());
      int exit = process.waitFor();
      String errText = new String(err.join(), StandardCharsets.UTF_8).strip();
      if (exit != 0 && !mayFail) {
        throw new InputException(
            ReviewMessage.CLI_GIT_FAILED.format(
                String.join(" ", args),
                dir,
                exit,
                errText.isEmpty() ? ReviewMessage.CLI_REASON_GIT_SILENT.text() : errText));
      }
      return new Result(exit, out, errText);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroy();
      throw new InputException(
          ReviewMessage.CLI_GIT_FAILED.format(
              String.join(" ", args), dir, -1, ReviewMessage.CLI_REASON_INTERRUPTED.text()));
    } catch (IOException | UncheckedIOException e) {
      process.destroy();
      throw new InputException(
          ReviewMessage.CLI_GIT_FAILED.format(String.join(" ", args), dir, -1, e.getMessage()));
    }
  }

  private static byte[] readAll(InputStream in) {
    try (in) {
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      in.transferTo(buffer);
      return buffer.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
