package dev.abilock.core.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.abilock.core.check.RandomLayouts.Spec;
import dev.abilock.core.manifest.Line;
import dev.abilock.core.manifest.Manifest;
import dev.abilock.core.manifest.ManifestException;
import dev.abilock.core.manifest.ManifestParser;
import dev.abilock.core.model.Bits;
import dev.abilock.core.model.Field;
import dev.abilock.core.model.Layout;
import dev.abilock.core.model.Op;
import dev.abilock.core.model.Reading;
import dev.abilock.core.model.Retirement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Gate B's soundness on the model, without a compiler: a random published layout evolves over a
 * few releases by random edits ({@link RandomLayouts}: renames kept as aliases, retirements and
 * their mistakes included), and at each step, against the manifest as gate B reads it,
 * <ul>
 *   <li>no break: every sampled word a guest may hold under any earlier release (a word in flight of
 *       an op that continues) reads the same now, or is refused as retired, which is the decided
 *       reading of a retired op's, field's or continuable's word; and the updated manifest keeps
 *       every published line, its release and its retirement;
 *   <li>every witness is valid under the published layout (before its retirements, for a reused
 *       retired code) and read now as the witness says, which differs, or is another op under the
 *       retired code;
 *   <li>a break without a witness changes what it names;
 *   <li>a misread saved word (a reused retired code included) is always shown by some witness;
 *   <li>and gate B breaks exactly when a published constant, name or retirement changes, or a draft
 *       is retired, which is the design's list of breaking changes stated independently
 *       ({@link #publishedChanges}).
 * </ul>
 * The oracle is the processor's ({@code GateSoundnessTest}), so both modules hold gate B to the
 * same rules. {@code -Dabilock.soak=true} runs a hundred times more chains; {@code -Dabilock.seed=<n>}
 * replays.
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
    final Map<String, Long> edits = new TreeMap<>();
  }

  /** Rules of retirements and renames that the default run must see fire, so the new edits are not vacuous. */
  private static final List<String> LIFE_RULES = List.of("op-renamed", "op-alias-removed", "unretired",
      "retirement-changed", "retired-removed", "retired-code-reused", "retired-name-reused", "retired-draft",
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
    String seen = stats.steps + " evolutions, " + stats.passed + " passed, " + stats.broke + " broke ("
        + stats.misreads + " with a misread saved word, " + stats.witnesses + " witnesses), " + stats.words
        + " saved words read; rules: " + stats.rules + "; edits kept: " + stats.edits;
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

  /** One random layout through a few releases; a step that breaks is undone, as a failing build would be. */
  private static void chain(long caseSeed, Stats stats) {
    SplittableRandom r = new SplittableRandom(caseSeed);
    Spec current = RandomLayouts.random(r);
    Manifest manifest = reparse(Manifest.of(List.of(current.layout()), Manifest.empty(), "r0"));
    List<Layout> releases = new ArrayList<>(List.of(manifest.publishedLayout(RandomLayouts.NAME).orElseThrow()));
    List<String> history = new ArrayList<>(List.of("r0: " + current.layout()));
    for (int step = 1, steps = 1 + r.nextInt(4); step <= steps; step++) {
      List<String> edits = new ArrayList<>();
      Layout now = null;
      try {
        Spec next = RandomLayouts.evolve(r, current, edits);
        now = next.layout();
        Layout published = manifest.publishedLayout(RandomLayouts.NAME).orElseThrow();
        List<Break> breaks = Compatibility.check(manifest, Map.of(RandomLayouts.NAME, now));
        stats.steps++;
        breaks.forEach(b -> stats.rules.merge(b.rule().id(), 1L, Long::sum));
        checkBreaks(breaks, published, now, stats);

        Misread misread = findMisread(r, releases, published, now, stats);
        if (misread != null) {
          stats.misreads++;
          assertTrue(breaks.stream().anyMatch(b -> b.witness().isPresent()),
              "a saved word is misread (" + misread + "), yet no break shows a witness:\n"
                  + GateAssertions.render(breaks));
        }
        List<String> changes = publishedChanges(published, now);
        assertEquals(changes.isEmpty(), breaks.isEmpty(),
            "published changes " + changes + ", but gate B says:\n" + GateAssertions.render(breaks));
        if (!breaks.isEmpty()) {
          stats.broke++;
          continue;
        }
        stats.passed++;
        edits.forEach(e -> stats.edits.merge(e, 1L, Long::sum));
        String release = r.nextBoolean() ? "r" + step : null;
        Manifest updated = reparse(Manifest.of(List.of(now), manifest, release));
        assertPublishedLinesKept(manifest, updated);
        manifest = updated;
        current = next;
        if (release != null) {
          releases.add(manifest.publishedLayout(RandomLayouts.NAME).orElseThrow());
        }
        history.add((release == null ? "draft" : release) + " " + edits + ": " + now);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(e.getMessage() + "\ncase seed " + caseSeed + " (" + Budget.replay() + "), step "
            + step + ", edits " + edits + "\n--- history:\n" + String.join("\n", history)
            + "\n--- published manifest:\n" + manifest.render() + "--- now: " + now, e);
      }
    }
  }

  /**
   * Each witness is what it claims: a word valid under the published layout (a reused code's: before
   * the retirement it names), read now as it says, which differs or is another op under that code.
   * Each break without one changes what it names.
   */
  private static void checkBreaks(List<Break> breaks, Layout published, Layout now, Stats stats) {
    for (Break b : breaks) {
      if (b.witness().isEmpty()) {
        assertTrue(changesAConstant(b, published, now),
            "a break without witness, and what it names did not change: " + b.render());
        continue;
      }
      stats.witnesses++;
      Witness w = b.witness().get();
      Layout saved = w.retiredIn() == null ? published : published.withoutRetirements();
      Reading then = saved.read(w.word(), w.compat());
      Reading read = now.read(w.word(), w.compat());
      assertTrue(then instanceof Reading.Accepted, "the witness of " + b.headline()
          + " is no word the published layout accepts: " + then.describe());
      assertEquals(then, w.published(), "witness of " + b.headline());
      assertEquals(read, w.now(), "witness of " + b.headline());
      boolean reused = w.retiredIn() != null && then instanceof Reading.Accepted t && read instanceof Reading.Accepted n
          && !t.sharesName(n);
      assertTrue(!then.agreesWith(read) || reused || movedOnto(then, read, published),
          "the witness of " + b.headline() + " reads the same now");
      assertTrue(!(read instanceof Reading.Retired), "the witness of " + b.headline() + " is refused as retired now,"
          + " which is the decided reading");
      assertEquals(published.width(w.compat()), w.width(), "witness of " + b.headline());
    }
  }

  /** A word valid under a released layout that {@code now} reads differently. */
  record Misread(Layout release, long word, boolean compat, Reading then, Reading now) {
    @Override
    public String toString() {
      return (compat ? "compat word " : "word ") + Bits.hex(word) + " was " + then.describe() + ", now "
          + now.describe();
    }
  }

  /**
   * A word a guest may hold, saved under a release or the published layout, that {@code now} misreads:
   * reads otherwise and not as retired, or reads as another op given a retired op's code.
   */
  private static Misread findMisread(SplittableRandom r, List<Layout> releases, Layout published, Layout now,
      Stats stats) {
    List<Layout> layouts = new ArrayList<>(releases);
    layouts.add(published);
    for (Layout release : layouts) {
      for (boolean compat : release.hasCompat() ? new boolean[] {false, true} : new boolean[] {false}) {
        for (long word : savedWords(r, release, compat)) {
          stats.words++;
          Reading then = release.read(word, compat);
          if (!(then instanceof Reading.Accepted t)) {
            continue; // refused when it would have been saved (a retired op's word): no guest holds it
          }
          Reading read = now.read(word, compat);
          // Reused: another op under a retired code. Not so for the same op under a later name that dropped
          // this one (soak seed 7469663180169): it shares a name with the published op of that code.
          boolean reused = read instanceof Reading.Accepted n && t.sameOp(n) && !t.sharesName(n)
              && !(published.withoutRetirements().read(word, compat) instanceof Reading.Accepted p && p.sharesName(n))
              && wasRetired(releases, published, t.code());
          if (!then.agreesWith(read) && !(read instanceof Reading.Retired) || reused
              || movedOnto(then, read, published)) {
            return new Misread(release, word, compat, then, read);
          }
        }
      }
    }
    return null;
  }

  /**
   * Whether {@code read} is another published op moved onto the code {@code then}'s op had (two ops
   * trading codes): the same code, but the op that resumes is not the one that saved the word.
   */
  static boolean movedOnto(Reading then, Reading read, Layout published) {
    return then instanceof Reading.Accepted t && read instanceof Reading.Accepted n && n.op() != null && t.sameOp(n)
        && !t.sharesName(n) && published.ops().stream()
            .anyMatch(p -> p.code() != n.code() && n.names().stream().anyMatch(p::isNamed));
  }

  /** Whether the op with {@code code} was retired in a release or in the published manifest. */
  private static boolean wasRetired(List<Layout> releases, Layout published, Long code) {
    return Stream.concat(releases.stream(), Stream.of(published))
        .anyMatch(l -> l.opWithCode(code).map(Op::isRetired).orElse(false));
  }

  /**
   * Words a guest may have saved under {@code layout}: for every op that continues (an op that never
   * continues is never preempted), its bare code, each field it carries at its lowest bit, highest
   * bit and all ones, and random values in all of its fields; without an opcode, the same for the
   * one word.
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
          word |= r.nextLong() & mask & (r.nextBoolean() ? -1L : 0xffffL << Long.numberOfTrailingZeros(mask));
        }
        words.add(word);
      }
    }
    return words;
  }

  /** The retirement of what {@code t} names in {@code layout}, or null. */
  private static Retirement retirementOf(Layout layout, Target t) {
    return switch (t.kind()) {
      case CONTINUABLE -> layout.retired();
      case FIELD -> layout.field(t.name()).map(Field::retired).orElse(null);
      case OP -> layout.opNamed(t.name()).map(Op::retired).orElse(null);
    };
  }

  /**
   * The published retirement of what {@code t} names now: an op is the published op of its code, so
   * that an op renamed in the same change (its old name kept) is still found (soak seed 7188935014199:
   * un-retired and renamed at once).
   */
  private static Retirement publishedRetirementOf(Layout published, Layout now, Target t) {
    if (t.kind() == Target.Kind.OP) {
      Optional<Op> byCode = now.opNamed(t.name()).flatMap(n -> published.opWithCode(n.code()));
      if (byCode.isPresent()) {
        return byCode.get().retired();
      }
    }
    return retirementOf(published, t);
  }

  /** Whether the subject of a break without a witness really differs between the published layout and now. */
  static boolean changesAConstant(Break b, Layout published, Layout now) {
    String name = b.target().name();
    Optional<Field> old = published.field(name);
    Optional<Field> cur = now.field(name);
    return switch (b.rule()) {
      case WIDTH_NARROWED, WIDTH_WIDENED -> published.width() != now.width();
      case OPCODE_ADDED -> published.opcode().isEmpty() && now.opcode().isPresent();
      case COMPAT_WIDTH_REMOVED -> published.hasCompat() && !now.hasCompat();
      case FIELD_REMOVED -> published.fields().stream().anyMatch(f -> now.field(f.name()).isEmpty());
      case FIELD_ROLE_CHANGED, FIELD_ENCODING_CHANGED, FIELD_SHIFTED, FIELD_WIDENED, FIELD_NARROWED ->
          old.isPresent() && cur.isPresent() && (old.get().opcode() != cur.get().opcode()
              || old.get().encoding() != cur.get().encoding() || old.get().shift() != cur.get().shift()
              || old.get().bits() != cur.get().bits());
      case COMPAT_FIELD_WIDENED, COMPAT_FIELD_NARROWED ->
          old.isPresent() && cur.isPresent() && old.get().compatBits() != cur.get().compatBits();
      case OP_REMOVED -> published.ops().stream().anyMatch(o -> now.opWithCode(o.code())
          // Gone, or its code now another published op's, moved there.
          .map(n -> !n.isNamed(o.name()) && published.ops().stream().anyMatch(p -> p.code() != n.code()
              && (p.isNamed(n.name()) || n.aliases().stream().anyMatch(p::isNamed))))
          .orElse(true));
      case OP_CODE_CHANGED -> !published.op(name).map(Op::code).equals(now.op(name).map(Op::code));
      case OP_RENAMED -> now.op(name).flatMap(o -> published.opWithCode(o.code()))
          .map(p -> !now.op(name).get().isNamed(p.name())).orElse(false);
      case OP_ALIAS_REMOVED -> now.op(name).flatMap(o -> published.opWithCode(o.code()))
          .map(p -> !now.op(name).get().aliases().containsAll(p.aliases())).orElse(false);
      case UNRETIRED -> publishedRetirementOf(published, now, b.target()) != null
          && retirementOf(now, b.target()) == null;
      case RETIREMENT_CHANGED -> publishedRetirementOf(published, now, b.target()) != null
          && !publishedRetirementOf(published, now, b.target()).equals(retirementOf(now, b.target()));
      case RETIRED_REMOVED, RETIRED_NAME_REUSED, RETIRED_CODE_REUSED -> published.isRetired()
          || published.fields().stream().anyMatch(f -> f.isRetired() && !now.field(f.name()).map(Field::isRetired)
              .orElse(false))
          || published.retiredOps().stream().anyMatch(o -> now.opWithCode(o.code()).map(x -> !x.isRetired()
              || !x.isNamed(o.name())).orElse(true));
      case RETIRED_DRAFT -> retirementOf(now, b.target()) != null && retirementOf(published, b.target()) == null;
      case CONTINUES_RETIRED_FIELD -> now.op(name).map(o -> o.continues().stream().anyMatch(f -> now.field(f)
          .map(Field::isRetired).orElse(false) && !published.opWithCode(o.code()).map(p -> p.continues().contains(f))
          .orElse(false))).orElse(false);
      case OP_CONTINUATION_DROPPED -> now.op(name).flatMap(o -> published.opWithCode(o.code())
          .map(p -> !o.continues().containsAll(p.continues()))).orElse(false);
      // Without a witness only as the echo of another change: the published field it overlaps moved
      // or shrank (reported on its own), the op at that code is another op now, or no word is left
      // to misread (the continuable or the op is retired).
      case FIELD_OVERLAPS_PUBLISHED -> {
        Field used = published.field(b.published().split(" ")[1]).orElseThrow();
        Optional<Field> usedNow = now.field(used.name());
        // "..., which published op <name> already uses" (soak seed 7556881796406: the last word is not the name).
        String opName = b.headline().substring(b.headline().lastIndexOf(" published op ") + " published op ".length(),
            b.headline().lastIndexOf(" already uses"));
        boolean recoded = published.op(opName).map(p -> now.opWithCode(p.code()).map(n -> !n.isNamed(p.name()))
            .orElse(true)).orElse(false);
        // Or the op is retired, so every word of it is refused as retired anyway (soak seed 7556881796406).
        boolean opRetired = now.opWithCode(published.op(opName).map(Op::code).orElse(-1L)).map(Op::isRetired)
            .orElse(false);
        yield usedNow.isEmpty() || usedNow.get().mask() != used.mask() || usedNow.get().opcode() != used.opcode()
            || recoded || now.isRetired() || opRetired;
      }
      default -> false;
    };
  }

  /**
   * What {@code now} changes of the published layout, stated independently of {@link Compatibility}:
   * empty exactly when the change is one the design calls compatible (new ops, new fields in bits
   * the ops using them kept zero, an op continuing with such a field, a new compat word, a class
   * move, a rename keeping the old name, a retirement of something published).
   */
  static List<String> publishedChanges(Layout published, Layout now) {
    List<String> changes = new ArrayList<>();
    if (published.width() != now.width()) {
      changes.add("width " + published.width() + " -> " + now.width());
    }
    if (published.hasCompat() && !now.hasCompat()) {
      changes.add("compat word removed");
    }
    if (published.opcode().isEmpty() && now.opcode().isPresent()) {
      changes.add("opcode added: saved words had none, now their bits select an op");
    }
    for (Field f : published.fields()) {
      Optional<Field> n = now.field(f.name());
      if (n.isEmpty()) {
        changes.add(f.name() + " removed");
      } else if (n.get().opcode() != f.opcode() || n.get().encoding() != f.encoding()
          || n.get().shift() != f.shift() || n.get().bits() != f.bits()) {
        changes.add(f.name() + " changed");
      } else if (published.hasCompat() && now.hasCompat() && n.get().compatBits() != f.compatBits()) {
        changes.add(f.name() + " compat bits changed");
      }
      if (f.isRetired() && n.isPresent() && !f.retired().equals(n.get().retired())) {
        changes.add(f.name() + "'s retirement changed or was undone");
      }
    }
    if (published.isRetired() && !Objects.equals(published.retired(), now.retired())) {
      changes.add("the continuable's retirement changed or was undone");
    }
    // Ops are matched by code, as a saved word is read.
    for (Op o : published.ops()) {
      Optional<Op> n = now.opWithCode(o.code());
      if (n.isEmpty() || !n.get().isNamed(o.name())) {
        changes.add("op " + o.name() + " (code " + o.code() + ") removed, renamed or recoded");
        continue;
      }
      if (!n.get().aliases().containsAll(o.aliases())) {
        changes.add("op " + o.name() + " dropped a former name");
      }
      if (o.isRetired() && !o.retired().equals(n.get().retired())) {
        changes.add("op " + o.name() + "'s retirement changed or was undone");
      }
      if (!n.get().continues().containsAll(o.continues())) {
        changes.add("op " + o.name() + " dropped a continuation");
      }
      for (String added : n.get().continues()) {
        if (o.continues().contains(added)) {
          continue;
        }
        Field f = now.field(added).orElseThrow();
        if (f.isRetired()) {
          changes.add("op " + o.name() + " now continues retired " + added);
        }
        List<Field> usedBefore = new ArrayList<>(published.fieldsUsedBy(o));
        usedBefore.addAll(published.retiredFieldsUsedBy(o));
        for (Field used : usedBefore) {
          if (f.overlaps(used)) {
            changes.add("op " + o.name() + " now continues " + added + " over " + used.name());
          }
        }
      }
    }
    // Retiring what was never published: a draft is deleted, not retired.
    for (Op n : now.retiredOps()) {
      if (published.opWithCode(n.code()).filter(p -> n.isNamed(p.name())).isEmpty()) {
        changes.add("retired op " + n.name() + ", which was never published");
      }
    }
    for (Field f : now.fields()) {
      if (f.isRetired() && published.field(f.name()).isEmpty()) {
        changes.add("retired field " + f.name() + ", which was never published");
      }
    }
    for (Op n : now.ops()) {
      if (published.opWithCode(n.code()).isEmpty() && n.continues().stream()
          .anyMatch(f -> now.field(f).map(Field::isRetired).orElse(false))) {
        changes.add("new op " + n.name() + " continues a retired field");
      }
    }
    return changes;
  }

  /**
   * Update mode never drops or unpublishes a published line when gate B passes: each is still there
   * (under its key, or, for an op renamed with its old name kept, under the new name), stating all it
   * did, published at the same release, and retired at most where it was not before.
   */
  private static void assertPublishedLinesKept(Manifest before, Manifest after) {
    for (Line line : before.lines()) {
      if (!line.status().isPublished()) {
        continue;
      }
      Line kept = after.line(line.fact().key()).orElseGet(() -> after.linesOf(line.fact().continuable()).stream()
          .filter(l -> l.fact().getClass() == line.fact().getClass() && l.fact().keepsStatusOf(line.fact()))
          .findFirst().orElse(null));
      assertTrue(kept != null, "update dropped the published line " + line.render());
      assertTrue(kept.fact().keepsStatusOf(line.fact()), "update changed a published line: " + line.render()
          + " -> " + kept.render());
      assertEquals(line.status().release(), kept.status().release(), "update changed the status of " + line.render());
      if (line.status().isRetired()) {
        assertEquals(line.status().retired(), kept.status().retired(), "update changed a retirement: " + line.render());
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
