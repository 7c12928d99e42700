package dev.abilock.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/reference.md documents every rule id users can meet, so it cannot fall behind the catalogue:
 * an id without a heading or a table row of its own there fails this test.
 */
class ReferenceDocTest {
  private static final Path REFERENCE = ReferenceDoc.PATH;
  private static final Pattern ROW = ReferenceDoc.ROW;

  /**
   * The ids of every catalogue users see, text fragments ({@link Severity#TEXT}) aside: they are
   * parts of other messages, printed without an id. A catalogue of another stage joins with one
   * more stream here.
   */
  private static List<String> ruleIds() {
    return CoreCatalogue.entries()
        .filter(m -> m.severity() != Severity.TEXT)
        .map(CatalogueEntry::id)
        .toList();
  }

  @Test
  void everyRuleIdHasAnEntry() throws IOException {
    List<String> undocumented = ReferenceDoc.undocumented(CoreCatalogue.entries());
    assertEquals(
        List.of(),
        undocumented,
        "rule ids without an entry (a heading or a table row) in " + REFERENCE);
  }

  @Test
  void everyEntryShowsItsIdInAnExampleMessage() throws IOException {
    String reference = ReferenceDoc.text();
    Matcher row = ROW.matcher(reference);
    int rows = 0;
    while (row.find()) {
      String line = reference.substring(row.start(), reference.indexOf('\n', row.start()));
      if (ruleIds().contains(row.group(1))) {
        rows++;
        assertTrue(
            line.contains("`[" + row.group(1) + "] "),
            "the entry of " + row.group(1) + " has no example: " + line);
      }
    }
    assertTrue(rows > 0, "no rule table found in " + REFERENCE);
  }

  @Test
  void textFragmentsAreNotListedAsRules() throws IOException {
    Set<String> documented = ReferenceDoc.documentedIds();
    List<String> fragments =
        CoreCatalogue.entries()
            .filter(m -> m.severity() == Severity.TEXT && documented.contains(m.id()))
            .map(CatalogueEntry::id)
            .toList();
    assertEquals(List.of(), fragments, "text fragments listed as rule ids in " + REFERENCE);
  }
}
