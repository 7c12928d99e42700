package dev.abilock.core.review;

import dev.abilock.core.CatalogueEntry;
import dev.abilock.core.check.Witness;
import java.util.Optional;

/**
 * One classified change between two manifests.
 *
 * @param category breaking, retired, compatible or draft-only
 * @param rule the catalogue entry; its id is the stable rule id ({@code field-shifted})
 * @param continuable the continuable it is about
 * @param headline {@code [rule] continuable: text}, worded as the compiler words it
 * @param before the entry in the old manifest, or {@code null} when it is new
 * @param after the entry in the new manifest, or {@code null} when it is gone
 * @param oldLine line number in the old manifest, 0 when the change is not one line
 * @param newLine line number in the new manifest, 0 when the change is not one line
 * @param witness a saved word the change misreads, when there is one
 * @param consequence why a breaking change breaks: the witness, or why a change without one still
 *     breaks; {@code null} for changes that break nothing
 */
public record Change(
    Category category,
    CatalogueEntry rule,
    String continuable,
    String headline,
    String before,
    String after,
    int oldLine,
    int newLine,
    Optional<Witness> witness,
    String consequence) {

  /** How a change affects saved words and the frozen record. */
  public enum Category {
    /**
     * Changes a published entry: a saved word may be misread, or the frozen record was rewritten.
     */
    BREAKING("breaking", "Breaking"),
    /**
     * Retires a published op, field or continuable on purpose, with its reason: its code and names
     * stay reserved and a saved word of it is refused saying so. Compatible by decision, listed
     * apart so that a reviewer sees each retirement and why.
     */
    RETIRED("retired", "Retired"),
    /** Adds to the record, or publishes a draft; nothing published changes. */
    COMPATIBLE("compatible", "Compatible"),
    /** Edits or removes draft lines only: nothing a released hypervisor wrote can hold them. */
    DRAFT_ONLY("draft-only", "Draft-only");

    private final String id;
    private final String title;

    Category(String id, String title) {
      this.id = id;
      this.title = title;
    }

    /**
     * Stable name for tools: {@code breaking}, {@code retired}, {@code compatible}, {@code
     * draft-only}.
     */
    public String id() {
      return id;
    }

    /** Heading for reports. */
    public String title() {
      return title;
    }
  }

  /** The headline without its {@code [rule] continuable: } prefix. */
  public String text() {
    String prefix = "[" + rule.id() + "] " + continuable + ": ";
    return headline.startsWith(prefix) ? headline.substring(prefix.length()) : headline;
  }
}
