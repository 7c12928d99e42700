package dev.abilock.core.check;

import dev.abilock.core.GateMessage;
import dev.abilock.core.model.struct.StructTarget;
import java.util.Optional;

/**
 * A change to a published struct that fails the build: gate B's {@link Break} for argument structs.
 *
 * @param rule the catalogue entry, whose id is the stable rule id
 * @param target what it is about, for the front end to place it on the sources
 * @param headline the rule's message with its facts
 * @param published the entry as published, per ABI
 * @param now the entry as the sources declare it now, per ABI
 * @param witness a saved image that is misread, when there is one
 * @param consequence what the change does: the witness, or why a change without one still breaks
 * @param advice the way out: restore, retire, keep an alias, a new struct name for a new layout
 */
public record StructBreak(
    GateMessage rule,
    StructTarget target,
    String headline,
    String published,
    String now,
    Optional<ImageWitness> witness,
    String consequence,
    String advice) {

  /** The full text: headline, old -> new, what it does, and the way out. */
  public String render() {
    return headline
        + "\n  published: "
        + published
        + "\n  now:       "
        + now
        + "\n  "
        + consequence
        + "\n  "
        + advice;
  }
}
