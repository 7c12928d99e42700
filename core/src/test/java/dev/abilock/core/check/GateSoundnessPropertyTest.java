package dev.abilock.core.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.abilock.core.generate.Budget;
import dev.abilock.core.generate.Evolution;
import dev.abilock.core.generate.LayoutSpec;
import dev.abilock.core.manifest.Manifest;
import dev.abilock.core.model.Field;
import dev.abilock.core.model.Layout;
import dev.abilock.core.model.Op;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Gate B's soundness on the model, without a compiler: a random published layout evolves over a few
 * releases by random edits ({@link Evolution}: renames kept as aliases, retirements and their
 * mistakes included), and at each step, against the manifest as gate B reads it,
 *
 * <ul>
 *   <li>no break: every sampled word a guest may hold under any earlier release (a word in flight
 *       of an op that continues) reads the same now, or is refused as retired, which is the decided
 *       reading of a retired op's, field's or continuable's word; and the updated manifest keeps
 *       every published line, its release and its retirement;
 *   <li>every witness is valid under the published layout (before its retirements, for a reused
 *       retired code) and read now as the witness says, which differs, or is another op under the
 *       retired code;
 *   <li>a break without a witness changes what it names;
 *   <li>a misread saved word (a reused retired code included) is always shown by some witness;
 *   <li>and gate B breaks exactly when a published constant, name or retirement changes, or a draft
 *       is retired, which is the design's list of breaking changes stated independently ({@link
 *       GateOracle#publishedChanges}).
 * </ul>
 *
 * The oracle ({@link GateOracle}) is shared with the processor's {@code GateSoundnessTest}, which
 * runs the same evolutions through compiled sources, so both hold gate B to the same rules. {@code
 * -Dabilock.soak=true} runs a hundred times more chains; {@code -Dabilock.seed=<n>} replays.
 */
class GateSoundnessPropertyTest {
  private static final String NAME = "gen";
  private static final String PKG = "org.example";

  /** What the run saw, to show that the properties were not vacuous. */
  private static final class Stats {
    long steps;
    long passed;
    long broke;
    long misreads;
    long witnesses;
    long words;
    final Map<String, Long> rules = new TreeMap<>();
    final Map<String, Long> edits = new TreeMap<>();
  }

  /**
   * Rules of retirements and renames that the default run must see fire, so the new edits are not
   * vacuous.
   */
  private static final List<String> LIFE_RULES =
      List.of(
          "op-renamed",
          "op-alias-removed",
          "unretired",
          "retirement-changed",
          "retired-removed",
          "retired-code-reused",
          "retired-name-reused",
          "retired-draft",
          "continues-retired-field");

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
    String seen =
        stats.steps
            + " evolutions, "
            + stats.passed
            + " passed, "
            + stats.broke
            + " broke ("
            + stats.misreads
            + " with a misread saved word, "
            + stats.witnesses
            + " witnesses), "
            + stats.words
            + " saved words read; rules: "
            + stats.rules
            + "; edits kept: "
            + stats.edits;
    System.out.println("[abilock-cases] core gate B model: " + seen);
    // Not vacuous: both outcomes are common, misreadings are caught, and most rules fire, those of
    // retirements and renames among them.
    assertTrue(stats.passed > stats.steps / 5, seen);
    assertTrue(stats.broke > stats.steps / 5, seen);
    assertTrue(stats.misreads > stats.steps / 10, seen);
    assertTrue(stats.rules.size() >= 20, seen);
    assertTrue(stats.rules.keySet().containsAll(LIFE_RULES), seen);
    Budget.report("GateSoundnessPropertyTest (evolution steps)", stats.steps, start);
  }

  /**
   * One random layout through a few releases; a step that breaks is undone, as a failing build
   * would be.
   */
  private static void chain(long caseSeed, Stats stats) {
    SplittableRandom r = new SplittableRandom(caseSeed);
    LayoutSpec current = LayoutSpec.random(r, NAME, "Gen", LayoutSpec.MODEL_ONLY);
    Manifest manifest =
        GateOracle.reparse(Manifest.of(List.of(current.layout(PKG)), Manifest.empty(), "r0"));
    List<Layout> releases = new ArrayList<>(List.of(manifest.publishedLayout(NAME).orElseThrow()));
    List<String> history = new ArrayList<>(List.of("r0: " + current.layout(PKG)));
    for (int step = 1, steps = 1 + r.nextInt(4); step <= steps; step++) {
      List<String> edits = new ArrayList<>();
      Layout now = null;
      try {
        LayoutSpec next = Evolution.evolve(r, current, edits, LayoutSpec.MODEL_ONLY);
        now = next.layout(PKG);
        Layout published = manifest.publishedLayout(NAME).orElseThrow();
        List<Break> breaks = Compatibility.check(manifest, Map.of(NAME, now));
        stats.steps++;
        breaks.forEach(b -> stats.rules.merge(b.rule().id(), 1L, Long::sum));
        stats.witnesses += GateOracle.checkBreaks(breaks, published, now);

        GateOracle.Misread misread =
            GateOracle.findMisread(
                releases,
                published,
                now,
                (layout, compat) -> savedWords(r, layout, compat),
                n -> stats.words += n);
        if (misread != null) {
          stats.misreads++;
          assertTrue(
              breaks.stream().anyMatch(b -> b.witness().isPresent()),
              "a saved word is misread ("
                  + misread
                  + "), yet no break shows a witness:\n"
                  + GateAssertions.render(breaks));
        }
        List<String> changes = GateOracle.publishedChanges(published, now);
        assertEquals(
            changes.isEmpty(),
            breaks.isEmpty(),
            "published changes "
                + changes
                + ", but gate B says:\n"
                + GateAssertions.render(breaks));
        if (!breaks.isEmpty()) {
          stats.broke++;
          continue;
        }
        stats.passed++;
        edits.forEach(e -> stats.edits.merge(e, 1L, Long::sum));
        String release = r.nextBoolean() ? "r" + step : null;
        Manifest updated = GateOracle.reparse(Manifest.of(List.of(now), manifest, release));
        GateOracle.assertPublishedLinesKept(manifest, updated);
        manifest = updated;
        current = next;
        if (release != null) {
          releases.add(manifest.publishedLayout(NAME).orElseThrow());
        }
        history.add((release == null ? "draft" : release) + " " + edits + ": " + now);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(
            e.getMessage()
                + "\ncase seed "
                + caseSeed
                + " ("
                + Budget.replay()
                + "), step "
                + step
                + ", edits "
                + edits
                + "\n--- history:\n"
                + String.join("\n", history)
                + "\n--- published manifest:\n"
                + manifest.render()
                + "--- now: "
                + now,
            e);
      }
    }
  }

  /**
   * Words a guest may have saved under {@code layout}: for every op that continues (an op that
   * never continues is never preempted), its bare code, each field it carries at its lowest bit,
   * highest bit and all ones, and random values in all of its fields; without an opcode, the same
   * for the one word.
   */
  static List<Long> savedWords(SplittableRandom r, Layout layout, boolean compat) {
    List<Long> words = new ArrayList<>();
    List<Op> ops = layout.opcode().isPresent() ? layout.ops() : Collections.singletonList(null);
    for (Op op : ops) {
      if (op != null && op.continues().isEmpty()) {
        continue;
      }
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
          word |=
              r.nextLong()
                  & mask
                  & (r.nextBoolean() ? -1L : 0xffffL << Long.numberOfTrailingZeros(mask));
        }
        words.add(word);
      }
    }
    return words;
  }
}
