package dev.abilock.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * docs/reference.md as the catalogues' tests read it: an id is documented by a table row or a
 * heading of its own. Every module with a catalogue checks its ids against it, so the reference
 * cannot fall behind whichever front end an entry lives in.
 */
public final class ReferenceDoc {
  public static final Path PATH = Path.of("..", "docs", "reference.md");
  static final Pattern ROW = Pattern.compile("^\\| `([a-z0-9-]+)` \\|", Pattern.MULTILINE);
  private static final Pattern HEADING = Pattern.compile("^#+ .*`([a-z0-9-]+)`", Pattern.MULTILINE);

  private ReferenceDoc() {}

  public static String text() throws IOException {
    return Files.readString(PATH, StandardCharsets.UTF_8);
  }

  /** The ids that have a row or a heading. */
  public static Set<String> documentedIds() throws IOException {
    String reference = text();
    return Stream.of(ROW, HEADING)
        .flatMap(p -> p.matcher(reference).results().map(r -> r.group(1)))
        .collect(Collectors.toSet());
  }

  /** The ids of {@code entries}, text fragments aside, that have no entry in the reference. */
  public static List<String> undocumented(Stream<? extends CatalogueEntry> entries)
      throws IOException {
    Set<String> documented = documentedIds();
    return entries
        .filter(m -> m.severity() != Severity.TEXT)
        .map(CatalogueEntry::id)
        .filter(id -> !documented.contains(id))
        .toList();
  }
}
