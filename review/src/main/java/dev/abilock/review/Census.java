package dev.abilock.review;

import dev.abilock.core.manifest.Line;
import dev.abilock.core.manifest.Manifest;

/**
 * What a valid manifest holds, as {@code abilock check} and the plugin's {@code check} and {@code
 * update} report it.
 */
public record Census(int continuables, int lines, long published, long drafts) {
  public static Census of(Manifest manifest) {
    long published =
        manifest.lines().stream().map(Line::status).filter(s -> s.isPublished()).count();
    return new Census(
        manifest.continuables().size(),
        manifest.lines().size(),
        published,
        manifest.lines().size() - published);
  }
}
