package dev.abilock.core.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.abilock.core.check.RandomLayouts.Spec;
import dev.abilock.core.manifest.Fact;
import dev.abilock.core.manifest.FactKey;
import dev.abilock.core.manifest.Line;
import dev.abilock.core.manifest.Manifest;
import dev.abilock.core.manifest.ManifestException;
import dev.abilock.core.manifest.ManifestParser;
import dev.abilock.core.model.Bits;
import dev.abilock.core.model.Field;
import dev.abilock.core.model.Layout;
import dev.abilock.core.model.Op;
import dev.abilock.core.model.Reading;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Gate B's soundness on the model, without a compiler: a random published layout evolves over a
 * few releases by random edits ({@link RandomLayouts}), and at each step, against the published
 * layout as the manifest gives it to gate B,
 * <ul>
 *   <li>no break: every sampled word valid under the published layout reads the same now, and the
 *       updated manifest keeps every published line;
 *   <li>every witness is valid under the published layout and read now as the witness says, which
 *       differs;
 *   <li>a break without a witness changes a published line;
 *   <li>a misread saved word is always shown by some witness;
 *   <li>and gate B breaks exactly when a published line changes or an opcode is added to a word that
 *       had none, which is the design's list of breaking changes stated on manifest lines.
 * </ul>
 * {@code -Dabilock.soak=true} runs a hundred times more chains; {@code -Dabilock.seed=<n>} replays.
 */
class GateSoundnessPropertyTest {

  /** What the run saw, to show that the properties were not vacuous. */
  private static final class Stats {
    long steps;
    long passed;
    long broke;
    long misreads;
    long witnesses;
    long words;
    final Map<String, Long> rules = new TreeMap<>();
  }

  @Test
  void aLayoutPassingGateBNeverMisreadsASavedWordAndEveryBreakIsReal() {
    long seed = Budget.seed("core-gate-b-model");
    int chains = Budget.cases(300, 30_000);
    SplittableRandom seeds = new SplittableRandom(seed);
    Stats stats = new Stats();
    long start = System.nanoTime();
    for (int i = 0; i < chains; i++) {
      chain(seeds.nextLong(), stats);
    }
    String seen = stats.steps + " evolutions, " + stats.passed + " passed, " + stats.broke + " broke ("
        + stats.misreads + " with a misread saved word, " + stats.witnesses + " witnesses), " + stats.words
        + " saved words read; rules: " + stats.rules;
    System.out.println("[abilock-cases] core gate B model: " + seen);
    // Not vacuous: both outcomes are common, misreadings are caught, and most rules fire.
    assertTrue(stats.passed > stats.steps / 5, seen);
    assertTrue(stats.broke > stats.steps / 5, seen);
    assertTrue(stats.misreads > stats.steps / 10, seen);
    assertTrue(stats.rules.size() >= 14, seen);
    Budget.report("GateSoundnessPropertyTest (evolution steps)", stats.steps, start);
  }

  /** One random layout through a few releases; a step that breaks is undone, as a failing build would be. */
  private static void chain(long caseSeed, Stats stats) {
    SplittableRandom r = new SplittableRandom(caseSeed);
    Spec current = RandomLayouts.random(r);
    Manifest manifest = reparse(Manifest.of(List.of(current.layout()), Manifest.empty(), "r0"));
    List<String> history = new ArrayList<>(List.of("r0: " + current.layout()));
    for (int step = 1, steps = 1 + r.nextInt(4); step <= steps; step++) {
      List<String> edits = new ArrayList<>();
      Layout now = null;
      try {
        Spec next = RandomLayouts.evolve(r, current, edits);
        now = next.layout();
        Layout published = manifest.publishedLayout(RandomLayouts.NAME).orElseThrow();
        List<Break> breaks = Compatibility.check(published, now);
        stats.steps++;
        breaks.forEach(b -> stats.rules.merge(b.rule().id(), 1L, Long::sum));
        checkBreaks(breaks, published, now, stats);

        Reading[] misread = findMisread(r, published, now, stats);
        if (misread != null) {
          stats.misreads++;
          assertTrue(breaks.stream().anyMatch(b -> b.witness().isPresent()),
              "a saved word is misread (" + misread[0].describe() + " -> " + misread[1].describe()
                  + "), yet no break shows a witness:\n" + GateAssertions.render(breaks));
        }
        List<String> changes = publishedChanges(published, now);
        assertEquals(changes.isEmpty(), breaks.isEmpty(),
            "published changes " + changes + ", but gate B says:\n" + GateAssertions.render(breaks));
        if (!breaks.isEmpty()) {
          stats.broke++;
          continue;
        }
        stats.passed++;
        String release = r.nextBoolean() ? "r" + step : null;
        Manifest updated = reparse(Manifest.of(List.of(now), manifest, release));
        assertPublishedLinesKept(manifest, updated);
        manifest = updated;
        current = next;
        history.add((release == null ? "draft" : release) + " " + edits + ": " + now);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(e.getMessage() + "\ncase seed " + caseSeed + " (" + Budget.replay() + "), step "
            + step + ", edits " + edits + "\n--- history:\n" + String.join("\n", history)
            + "\n--- published manifest:\n" + manifest.render() + "--- now: " + now, e);
      }
    }
  }

  /** Each witness is what it claims; each break without one changes a published line. */
  private static void checkBreaks(List<Break> breaks, Layout published, Layout now, Stats stats) {
    for (Break b : breaks) {
      if (b.witness().isEmpty()) {
        assertTrue(!publishedChanges(published, now).isEmpty(),
            "a break without witness, and no published line changes: " + b.render());
        continue;
      }
      stats.witnesses++;
      Witness w = b.witness().get();
      Reading then = published.read(w.word(), w.compat());
      Reading read = now.read(w.word(), w.compat());
      assertTrue(then instanceof Reading.Accepted, "the witness of " + b.headline()
          + " is no word the published layout accepts: " + then.describe());
      assertEquals(then, w.published(), "witness of " + b.headline());
      assertEquals(read, w.now(), "witness of " + b.headline());
      assertTrue(!then.agreesWith(read), "the witness of " + b.headline() + " reads the same now");
      assertEquals(published.width(w.compat()), w.width(), "witness of " + b.headline());
    }
  }

  /** A word valid under {@code published} that {@code now} reads differently: {then, now}, or null. */
  private static Reading[] findMisread(SplittableRandom r, Layout published, Layout now, Stats stats) {
    for (boolean compat : published.hasCompat() ? new boolean[] {false, true} : new boolean[] {false}) {
      for (long word : savedWords(r, published, compat)) {
        stats.words++;
        Reading then = published.read(word, compat);
        assertTrue(then instanceof Reading.Accepted, "sampled a word the published layout refuses: " + Bits.hex(word));
        Reading read = now.read(word, compat);
        if (!then.agreesWith(read)) {
          return new Reading[] {then, read};
        }
      }
    }
    return null;
  }

  /**
   * Words a guest may have saved under {@code layout}: for every op, its bare code, each field it
   * carries at its lowest bit, highest bit and all ones, and random values in all of its fields.
   */
  static List<Long> savedWords(SplittableRandom r, Layout layout, boolean compat) {
    List<Long> words = new ArrayList<>();
    List<Op> ops = layout.opcode().isPresent() ? layout.ops() : Collections.singletonList(null);
    for (Op op : ops) {
      long base = op == null ? 0 : layout.opcode().get().place(op.code());
      words.add(base);
      List<Long> masks = new ArrayList<>();
      for (Field f : layout.fieldsUsedBy(op)) {
        long mask = compat ? f.compatMask() : f.mask();
        if (f.opcode() || mask == 0) {
          continue;
        }
        masks.add(mask);
        words.add(base | Long.lowestOneBit(mask));
        words.add(base | Long.highestOneBit(mask));
        words.add(base | mask);
      }
      for (int i = 0; i < 8 && !masks.isEmpty(); i++) {
        long word = base;
        for (long mask : masks) {
          word |= r.nextLong() & mask & (r.nextBoolean() ? -1L : 0xffffL << Long.numberOfTrailingZeros(mask));
        }
        words.add(word);
      }
    }
    return words;
  }

  /**
   * What {@code now} changes of the published layout, on manifest lines: every published line
   * (but the continuable's class, which is only where to find it) that is gone or reads otherwise,
   * and an opcode where saved words had none. Empty exactly for the changes the design calls
   * compatible: new ops, fields, continues and compat words, and moves.
   */
  static List<String> publishedChanges(Layout published, Layout now) {
    Map<FactKey, String> lines = new HashMap<>();
    for (Fact f : Manifest.facts(now)) {
      lines.put(f.key(), f.text());
    }
    List<String> changes = new ArrayList<>();
    for (Fact f : Manifest.facts(published)) {
      String text = lines.get(f.key());
      if (!(f instanceof Fact.ContinuableFact) && !f.text().equals(text)) {
        changes.add("'" + f.text() + "' -> " + (text == null ? "gone" : "'" + text + "'"));
      }
    }
    if (published.opcode().isEmpty() && now.opcode().isPresent()) {
      changes.add("an opcode in a word that had none");
    }
    return changes;
  }

  /** Update mode after a passing gate B keeps every published line, status and text. */
  private static void assertPublishedLinesKept(Manifest before, Manifest after) {
    for (Line line : before.lines()) {
      if (!line.status().isPublished()) {
        continue;
      }
      Line kept = after.line(line.fact().key()).orElse(null);
      assertTrue(kept != null, "update dropped the published line " + line.render());
      assertEquals(line.status(), kept.status(), "update changed the status of " + line.render());
      if (!(line.fact() instanceof Fact.ContinuableFact)) {
        assertEquals(line.render(), kept.render(), "update changed a published line");
      }
    }
  }

  /** Through text, as the next build reads it. */
  private static Manifest reparse(Manifest m) {
    try {
      Manifest back = ManifestParser.parse(m.render());
      assertEquals(m.render(), back.render());
      return back;
    } catch (ManifestException e) {
      throw new AssertionError("a computed manifest does not parse: " + e.getMessage() + "\n" + m.render(), e);
    }
  }
}
