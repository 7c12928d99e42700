package dev.abilock.review;

import dev.abilock.core.manifest.Manifest;
import dev.abilock.core.review.ManifestDiff;
import dev.abilock.review.Inputs.Committed;
import dev.abilock.review.Inputs.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The review flow both front ends run ({@code abilock diff} and the Maven plugin's {@code diff}
 * goal): read the two manifests, classify the changes with {@link ManifestDiff}, and hand back a
 * {@link Report} that renders them and gives the verdict.
 */
public final class Review {
  /** How a review ends, and the exit code that says so. */
  public enum Verdict {
    /** Nothing breaks, or the manifest is valid. */
    PASS(0),
    /** At least one breaking change. */
    BREAKING(1),
    /** A usage error, or an input that cannot be read or is malformed. */
    INPUT_ERROR(2);

    private final int exitCode;

    Verdict(int exitCode) {
      this.exitCode = exitCode;
    }

    public int exitCode() {
      return exitCode;
    }
  }

  private Review() {}

  /**
   * The changes from the manifest file {@code old} to the manifest file {@code now}, each named as
   * given.
   */
  public static Report files(Path old, Path now) throws InputException {
    Manifest before = Inputs.file(old);
    Manifest after = Inputs.file(now);
    return report(
        old.toString(), before, now.toString(), after, Inputs.repositoryPath(now), List.of());
  }

  /**
   * The changes from {@code manifest} as committed at {@code revision} to the working-tree file.
   * Both sides are named by the path from the repository root, so that a report reads the same
   * wherever it was run from. A file new since the revision is all additions; one deleted since,
   * all deletions. Empty when neither the revision nor the working tree holds the file.
   */
  public static Optional<Report> sinceRevision(String revision, Path manifest)
      throws InputException {
    Committed base = Inputs.gitRevision(revision, manifest);
    boolean inWorkingTree = Files.exists(manifest);
    if (!inWorkingTree && base.manifest().isEmpty()) {
      return Optional.empty();
    }
    Manifest after = inWorkingTree ? Inputs.file(manifest) : Manifest.empty();
    List<String> notes =
        base.manifest().isPresent()
            ? List.of()
            : List.of(ReviewMessage.CLI_NOT_AT_REVISION.text(base.repositoryPath(), revision));
    return Optional.of(
        report(
            base.label(),
            base.manifest().orElse(Manifest.empty()),
            base.repositoryPath(),
            after,
            base.repositoryPath(),
            notes));
  }

  private static Report report(
      String oldLabel,
      Manifest before,
      String newLabel,
      Manifest after,
      String uri,
      List<String> notes) {
    return new Report(
        oldLabel,
        newLabel,
        ManifestDiff.diff(before, after),
        notes,
        Report.Artifact.of(uri, after));
  }
}
