package dev.abilock.core.check;

import dev.abilock.core.GateMessage;
import java.util.Optional;

/**
 * A change to a published entry, or another finding of gate B that fails the build.
 *
 * @param rule the catalogue entry, whose id is the stable rule id
 * @param target what it is about, for the front end to place it on the sources
 * @param headline the rule's message with its facts
 * @param published the entry as published
 * @param now the entry as the sources declare it now
 * @param witness a saved word that is misread, when there is one
 * @param consequence what the change does: the witness, or why a change without one still breaks
 * @param advice the routes a maintainer has, for this rule (restore; retire; keep an alias; ...)
 */
public record Break(
    GateMessage rule,
    Target target,
    String headline,
    String published,
    String now,
    Optional<Witness> witness,
    String consequence,
    String advice) {

  /** The full text: headline, old -> new, what it does, and the way out. */
  public String render() {
    return render(null);
  }

  /**
   * The full text with a {@code note} (what the sources show about the cause) before the advice.
   */
  public String render(String note) {
    return headline
        + "\n  published: "
        + published
        + "\n  now:       "
        + now
        + "\n  "
        + consequence
        + (note == null ? "" : "\n  " + note)
        + "\n  "
        + advice;
  }
}
