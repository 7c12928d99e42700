package dev.abilock.core.check;

import dev.abilock.core.GateMessage;
import dev.abilock.core.model.Bits;
import dev.abilock.core.model.Reading;

/**
 * A concrete word that a guest may hold, valid under the published layout, that the new layout
 * reads differently or refuses.
 *
 * @param retiredIn when the word is a retired op's, saved before its retirement at this release
 *     (the witness of a reused code); {@code null} otherwise
 */
public record Witness(
    long word, boolean compat, int width, Reading published, Reading now, String retiredIn) {
  public Witness(long word, boolean compat, int width, Reading published, Reading now) {
    this(word, compat, width, published, now, null);
  }

  /** How bad the misreading is: a silent wrong op beats a silent wrong value beats a refusal. */
  int severity() {
    if (now instanceof Reading.Accepted a && published instanceof Reading.Accepted p) {
      return a.sameOp(p) && a.sharesName(p) ? 2 : 3;
    }
    return 1;
  }

  public String describe() {
    String word = (compat ? "compat word " : "word ") + Bits.hex(this.word, width);
    return retiredIn == null
        ? GateMessage.WITNESS.text(word, published.describe(), now.describe())
        : GateMessage.WITNESS_REUSED.text(word, published.describe(), retiredIn, now.describe());
  }
}
