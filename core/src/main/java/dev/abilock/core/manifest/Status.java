package dev.abilock.core.manifest;

import java.util.regex.Pattern;

/**
 * Whether a manifest line is frozen at a release ({@code published 4.5}) or still free to change
 * ({@code draft}).
 *
 * @param release the release label, or {@code null} for a draft
 */
public record Status(String release) {
  public static final Status DRAFT = new Status(null);
  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9._+-]+");

  public static Status published(String release) {
    return new Status(release);
  }

  public static boolean isValidLabel(String label) {
    return LABEL.matcher(label).matches();
  }

  public boolean isPublished() {
    return release != null;
  }

  @Override
  public String toString() {
    return release == null ? "draft" : "published " + release;
  }
}
