package dev.abilock.core.manifest;

import dev.abilock.core.model.Retirement;
import dev.abilock.core.model.rules.LayoutRules;

/**
 * Whether a manifest line is frozen at a release ({@code published 4.5}) or still free to change
 * ({@code draft}), and, for a published op, field or continuable line, whether it was retired on
 * purpose since ({@code published 4.5 retired 4.9 "moved to dm_op"}).
 *
 * @param release the release label, or {@code null} for a draft
 * @param retired the retirement, or {@code null}; only a published line carries one
 */
public record Status(String release, Retirement retired) {
  public static final Status DRAFT = new Status(null, null);

  public Status {
    if (retired != null && release == null) {
      throw new IllegalArgumentException("only a published line can be retired");
    }
  }

  public static Status published(String release) {
    return new Status(release, null);
  }

  /** Whether {@code label} can name the release a line is published at. */
  public static boolean isValidLabel(String label) {
    return LayoutRules.isReleaseLabel(label);
  }

  public boolean isPublished() {
    return release != null;
  }

  public boolean isRetired() {
    return retired != null;
  }

  /** This status with {@code retirement} ({@code null}: none); a draft stays a draft. */
  public Status retiredAs(Retirement retirement) {
    return release == null ? this : new Status(release, retirement);
  }

  @Override
  public String toString() {
    if (release == null) {
      return "draft";
    }
    return "published "
        + release
        + (retired == null ? "" : " retired " + retired.release() + " " + quote(retired.reason()));
  }

  /**
   * The reason as the manifest writes it: in double quotes, with {@code "} and {@code \} escaped.
   */
  static String quote(String reason) {
    return '"' + reason.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
