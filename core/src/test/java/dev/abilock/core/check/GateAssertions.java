package dev.abilock.core.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.abilock.core.CatalogueEntry;
import dev.abilock.core.GateMessage;
import dev.abilock.core.model.Reading;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What gate B's tests assert about a break: rule, target, old -> new, and the witness or its
 * absence.
 */
final class GateAssertions {
  private GateAssertions() {}

  /** The one break of {@code breaks}. */
  static Break only(List<Break> breaks) {
    if (breaks.size() != 1) {
      fail("expected exactly one break, got " + breaks.size() + ":\n" + render(breaks));
    }
    return breaks.get(0);
  }

  /** The rule ids of {@code breaks}, in the order gate B reports them. */
  static List<String> ids(List<Break> breaks) {
    return breaks.stream().map(b -> b.rule().id()).toList();
  }

  static void assertBreak(
      Break b, CatalogueEntry rule, Target target, String headline, String published, String now) {
    assertEquals(rule, b.rule(), b.render());
    assertNotNull(b.target(), "a break must point at a source element: " + b.render());
    assertEquals(target, b.target(), b.render());
    assertEquals(headline, b.headline());
    assertEquals(published, b.published());
    assertEquals(now, b.now());
  }

  /**
   * The break shows {@code word} (native or compat) read as {@code published} then and {@code now}
   * now.
   */
  static void assertWitness(Break b, long word, boolean compat, Reading published, Reading now) {
    assertTrue(b.witness().isPresent(), "no witness: " + b.render());
    Witness w = b.witness().get();
    assertEquals(Long.toHexString(word), Long.toHexString(w.word()), b.render());
    assertEquals(compat, w.compat(), b.render());
    // Compared as printed: an op and its values (the op's code is the word's, asserted above).
    assertEquals(published.describe(), w.published().describe(), b.render());
    assertEquals(now.describe(), w.now().describe(), b.render());
  }

  /** A break that misreads no saved word, and says why it still breaks. */
  static void assertNoWitness(Break b) {
    assertTrue(b.witness().isEmpty(), "unexpected witness: " + b.render());
    assertTrue(b.render().contains(GateMessage.NO_WITNESS.text()), b.render());
  }

  /** A recoded op that never continues: no witness, and its callers' fate instead. */
  static void assertRecodedWithoutSavedWords(Break b, String op, long oldCode, String callersGet) {
    assertTrue(b.witness().isEmpty(), "unexpected witness: " + b.render());
    assertEquals(
        GateMessage.NEVER_CONTINUED_RENUMBERED.text(op, oldCode, callersGet),
        b.consequence(),
        b.render());
  }

  /** An accepted reading: the op (null without an opcode), then field name and value pairs. */
  static Reading accepted(String op, Object... nameValues) {
    Map<String, Long> values = new LinkedHashMap<>();
    for (int i = 0; i < nameValues.length; i += 2) {
      values.put((String) nameValues[i], ((Number) nameValues[i + 1]).longValue());
    }
    return new Reading.Accepted(op, null, op == null ? List.of() : List.of(op), values);
  }

  static Reading refused(String reason) {
    return new Reading.Refused(reason);
  }

  static String render(List<Break> breaks) {
    return breaks.isEmpty()
        ? "(no break)"
        : breaks.stream().map(Break::render).collect(Collectors.joining("\n---\n"));
  }
}
