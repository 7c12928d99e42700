package dev.abilock.core.check;

import dev.abilock.core.Message;
import dev.abilock.core.model.Bits;
import dev.abilock.core.model.Reading;

/**
 * A concrete word that a guest may hold, valid under the published layout, that the new layout
 * reads differently or refuses.
 */
public record Witness(long word, boolean compat, int width, Reading published, Reading now) {
  /** How bad the misreading is: a silent wrong op beats a silent wrong value beats a refusal. */
  int severity() {
    if (now instanceof Reading.Accepted a && published instanceof Reading.Accepted p) {
      return java.util.Objects.equals(a.op(), p.op()) ? 2 : 3;
    }
    return 1;
  }

  public String describe() {
    return Message.WITNESS.text(compat ? "compat word " : "word ", Bits.hex(word, width), published.describe(),
        now.describe());
  }
}
