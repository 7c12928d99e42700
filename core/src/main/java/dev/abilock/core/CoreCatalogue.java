package dev.abilock.core;

import java.util.stream.Stream;

/**
 * Every entry of core's catalogues, one per stage that speaks: declarations, the manifest, gate B
 * and the review's diff. The review and the Maven plugin keep their own lines in catalogues of
 * their own.
 */
public final class CoreCatalogue {
  private CoreCatalogue() {}

  /** The entries of every core catalogue, stage by stage, each in declaration order. */
  public static Stream<CatalogueEntry> entries() {
    return Stream.of(
            DeclarationMessage.values(),
            ManifestMessage.values(),
            GateMessage.values(),
            DiffMessage.values())
        .flatMap(Stream::of);
  }
}
