package dev.abilock.core.check;

import dev.abilock.core.Message;
import java.util.Optional;

/**
 * A change to a published entry.
 *
 * @param rule the catalogue entry, whose id is the stable rule id
 * @param headline the rule's message with its facts
 * @param published the entry as published
 * @param now the entry as the sources declare it now
 * @param witness a saved word that is misread, when there is one
 */
public record Break(Message rule, Target target, String headline, String published, String now,
    Optional<Witness> witness) {

  /** The full text: headline, old -> new, and the witness or why a change without one still breaks. */
  public String render() {
    return render(null);
  }

  /** The full text with a {@code note} (what the sources show about the cause) before the advice. */
  public String render(String note) {
    String consequence = witness.map(Witness::describe).orElse(Message.NO_WITNESS.text());
    return headline + "\n  published: " + published + "\n  now:       " + now + "\n  " + consequence
        + (note == null ? "" : "\n  " + note) + "\n  " + Message.FROZEN_ADVICE.text();
  }
}
