package dev.abilock.processor;

import dev.abilock.core.Message;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import com.google.testing.compile.Compilation;
import dev.abilock.core.check.Break;
import dev.abilock.core.check.Compatibility;
import dev.abilock.core.check.Witness;
import dev.abilock.core.manifest.Line;
import dev.abilock.core.manifest.Manifest;
import dev.abilock.core.manifest.ManifestException;
import dev.abilock.core.manifest.ManifestParser;
import dev.abilock.core.model.Bits;
import dev.abilock.core.model.Field;
import dev.abilock.core.model.Layout;
import dev.abilock.core.model.Op;
import dev.abilock.core.model.Reading;
import dev.abilock.runtime.AbiViolationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gate B's soundness, by properties rather than examples: a build that passes it never lets an
 * in-flight continuation be misread, and each break it reports is real.
 *
 * <p>Model level (fast, many cases): a random published layout evolves over several releases by
 * random source edits ({@link Evolve}); at each step, with the manifest's published layout as
 * Gate B sees it,
 * <ul>
 *   <li>no break: every sampled word valid under <em>any</em> earlier release reads the same now,
 *       and update mode keeps every published manifest line;
 *   <li>a break with a witness: the witness is valid under the published layout and read
 *       differently (or refused) now, as the witness says;
 *   <li>a break without a witness: a published constant really changed;
 *   <li>a misread word exists: some break carries a witness;
 *   <li>and Gate B breaks exactly when a published constant changes, by an independent statement
 *       of the rules ({@link #publishedChanges}).
 * </ul>
 * Codec level (compiled, fewer cases): old and evolved sources compiled with the processor; the
 * build passes exactly when the model says so, a failing build reports the model's rule ids on
 * each continuable and leaves the manifest byte for byte, and for a passing build every word saved
 * by the old codec decodes the same with the new one.
 */
class GateSoundnessTest {
  private static final String PKG = "gen";

  @TempDir Path dir;

  /** What the model-level runs saw, to show the properties were not vacuous. */
  static final class Stats {
    long steps;
    long passed;
    long broke;
    long misreadCaught;
    long words;
    final Map<String, Long> rules = new TreeMap<>();
  }

  @Test
  void aBuildPassingGateBNeverMisreadsASavedWordAndEveryBreakIsReal() {
    long seed = Budget.seed("gate-b-model");
    int chains = Budget.cases(500, 50_000);
    Stats stats = new Stats();
    long start = System.nanoTime();
    qt().withExamples(chains).withFixedSeed(seed).withShrinkCycles(0)
        .forAll(longs().all())
        .checkAssert(caseSeed -> chain(caseSeed, stats));
    // Not vacuous: both outcomes are common, and misreadings were caught.
    assertTrue(stats.passed > stats.steps / 5, "too few evolutions pass Gate B: " + stats.passed + "/" + stats.steps);
    assertTrue(stats.broke > stats.steps / 5, "too few evolutions break: " + stats.broke + "/" + stats.steps);
    assertTrue(stats.misreadCaught > stats.steps / 20, "too few misreadings: " + stats.misreadCaught);
    System.out.println("[abilock-cases] Gate B model: " + stats.steps + " evolutions, " + stats.passed + " passed, "
        + stats.broke + " broke (" + stats.misreadCaught + " with a misread saved word), " + stats.words
        + " saved words checked; rules seen: " + stats.rules);
    Budget.report("GateSoundnessTest model level (evolution steps)", stats.steps, start);
  }

  /** One random layout through several releases. */
  static void chain(long caseSeed, Stats stats) {
    SplittableRandom r = new SplittableRandom(caseSeed);
    Spec current = Spec.random(r, "c", "C");
    Manifest manifest = reparse(Manifest.of(List.of(current.layout(PKG)), Manifest.empty(), "r0"));
    List<Layout> releases = new ArrayList<>(List.of(manifest.publishedLayout("c").orElseThrow()));
    List<String> history = new ArrayList<>(List.of("r0:\n" + current.source(PKG)));
    int steps = 1 + r.nextInt(4);
    for (int step = 1; step <= steps; step++) {
      List<String> edits = new ArrayList<>();
      Spec next = Evolve.evolve(r, current, edits);
      Layout now = next.layout(PKG);
      Layout published = manifest.publishedLayout("c").orElseThrow();
      String context = "case seed " + caseSeed + " (" + Budget.replay() + "), step " + step + ", edits " + edits
          + "\n--- history:\n" + String.join("\n", history) + "\n--- published manifest:\n" + manifest.render()
          + "--- now:\n" + next.source(PKG);
      try {
        List<Break> breaks = Compatibility.check(manifest, Map.of("c", now));
        stats.steps++;
        breaks.forEach(b -> stats.rules.merge(b.rule().id(), 1L, Long::sum));
        checkBreaks(breaks, published, now);
        Misread misread = findMisread(r, releases, published, now, stats);
        List<String> changes = publishedChanges(published, now);
        if (misread != null) {
          stats.misreadCaught++;
          assertTrue(!breaks.isEmpty(), "Gate B passed, but a saved word is misread: " + misread);
          assertTrue(breaks.stream().anyMatch(b -> b.witness().isPresent()),
              "a saved word is misread (" + misread + "), yet no break shows a witness:\n" + render(breaks));
        }
        assertEquals(changes.isEmpty(), breaks.isEmpty(), "published constants changed: " + changes
            + "; Gate B says:\n" + render(breaks));
        if (!breaks.isEmpty()) {
          stats.broke++;
          continue; // the build fails; the sources go back to what was released
        }
        stats.passed++;
        String release = r.nextBoolean() ? "r" + step : null;
        Manifest updated = reparse(Manifest.of(List.of(now), manifest, release));
        assertPublishedLinesKept(manifest, updated);
        manifest = updated;
        current = next;
        history.add((release == null ? "draft" : release) + " (" + edits + "):\n" + next.source(PKG));
        if (release != null) {
          releases.add(manifest.publishedLayout("c").orElseThrow());
        }
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(e.getMessage() + "\n" + context, e);
      }
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

  /** Samples words valid under each release (ops with random field values, plus filtered noise). */
  static Misread findMisread(SplittableRandom r, List<Layout> releases, Layout published, Layout now, Stats stats) {
    for (Layout release : releases) {
      for (boolean compat : release.hasCompat() ? new boolean[] {false, true} : new boolean[] {false}) {
        for (long word : savedWords(r, release, compat, 48)) {
          stats.words++;
          Reading then = release.read(word, compat);
          Reading read = now.read(word, compat);
          if (!(then instanceof Reading.Accepted)) {
            continue; // refused when it would have been saved (a retired op's word): no guest holds it
          }
          // Refused as retired is the decided reading of a retired op's, field's or continuable's
          // word; any other change (above all: read as another op) is a misreading. A code is the
          // op's identity (a rename misreads nothing), unless the op was retired and its code given
          // to another: then the old word is read as the new op.
          boolean reused = then instanceof Reading.Accepted t && read instanceof Reading.Accepted n
              && t.sameOp(n) && !t.sharesName(n) && wasRetired(releases, published, t.code());
          if (!then.agreesWith(read) && !(read instanceof Reading.Retired) || reused
              || movedOnto(then, read, published)) {
            return new Misread(release, word, compat, then, read);
          }
        }
      }
    }
    return null;
  }

  /** Whether the op with {@code code} was retired in a release or in the published manifest. */
  static boolean wasRetired(List<Layout> releases, Layout published, Long code) {
    return java.util.stream.Stream.concat(releases.stream(), java.util.stream.Stream.of(published))
        .anyMatch(l -> l.opWithCode(code).map(Op::isRetired).orElse(false));
  }

  /**
   * Words a guest may hold under {@code layout}: every op that continues with small, extreme and
   * random values, and valid noise. An op that never continues is never preempted, so no guest
   * holds a saved word of it.
   */
  static List<Long> savedWords(SplittableRandom r, Layout layout, boolean compat, int random) {
    List<Long> words = new ArrayList<>();
    List<Op> ops = layout.opcode().isPresent() ? layout.ops() : java.util.Collections.singletonList(null);
    for (Op op : ops) {
      if (op != null && op.continues().isEmpty()) {
        continue;
      }
      long base = op == null ? 0 : layout.opcode().get().place(op.code());
      words.add(base);
      for (Field f : layout.fieldsUsedBy(op)) {
        if (f.opcode()) {
          continue;
        }
        long max = compat ? f.compatMax() : f.max();
        for (long v : new long[] {Long.lowestOneBit(max), Long.highestOneBit(max), max}) {
          words.add(base | f.place(v));
        }
      }
    }
    for (int i = 0; i < random; i++) {
      long w = i % 3 == 2 ? CodecPropertiesTest.randomWord(r, layout, compat)
          : CodecPropertiesTest.validWord(r, layout, compat);
      if (layout.read(w, compat) instanceof Reading.Accepted a
          && (a.op() == null || !layout.op(a.op()).orElseThrow().continues().isEmpty())) {
        words.add(w);
      }
    }
    return words;
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

  /** Each witness is what it claims; each break without one changes a published constant. */
  static void checkBreaks(List<Break> breaks, Layout published, Layout now) {
    for (Break b : breaks) {
      Optional<Witness> w = b.witness();
      if (w.isPresent()) {
        Witness x = w.get();
        // A reused code's witness is a word saved before the op's retirement.
        Layout saved = x.retiredIn() == null ? published : published.withoutRetirements();
        Reading then = saved.read(x.word(), x.compat());
        Reading read = now.read(x.word(), x.compat());
        assertTrue(then instanceof Reading.Accepted, "witness " + Bits.hex(x.word()) + " of " + b.headline()
            + " is not valid under the published layout: " + then.describe());
        assertEquals(then.describe(), x.published().describe(), "witness of " + b.headline());
        assertEquals(read.describe(), x.now().describe(), "witness of " + b.headline());
        boolean reused = x.retiredIn() != null && then instanceof Reading.Accepted t && read instanceof Reading.Accepted n
            && !t.sharesName(n);
        assertTrue(!then.agreesWith(read) || reused || movedOnto(then, read, published),
            "witness of " + b.headline() + " reads the same now: "
            + read.describe());
        assertEquals(x.compat() ? published.compatWidth() : published.width(), x.width());
      } else {
        assertTrue(changesAConstant(b, published, now), "break without witness changes no published constant: "
            + b.render());
      }
    }
  }

  /** The published retirement of what {@code t} names now: an op is matched by its code, as words are. */
  static dev.abilock.core.model.Retirement retirementBefore(Layout published, Layout now,
      dev.abilock.core.check.Target t) {
    if (t.kind() == dev.abilock.core.check.Target.Kind.OP) {
      return now.op(t.name()).flatMap(o -> published.opWithCode(o.code())).map(Op::retired).orElse(null);
    }
    return retirementOf(published, t);
  }

  /** The retirement of what {@code t} names in {@code layout}, or null. */
  static dev.abilock.core.model.Retirement retirementOf(Layout layout, dev.abilock.core.check.Target t) {
    return switch (t.kind()) {
      case CONTINUABLE -> layout.retired();
      case FIELD -> layout.field(t.name()).map(Field::retired).orElse(null);
      case OP -> layout.opNamed(t.name()).map(Op::retired).orElse(null);
    };
  }

  /** Whether the break's subject really differs between the published layout and now. */
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
      case OP_CODE_CHANGED -> published.op(name).map(Op::code).equals(now.op(name).map(Op::code)) == false;
      case OP_RENAMED -> now.op(name).flatMap(o -> published.opWithCode(o.code()))
          .map(p -> !now.op(name).get().isNamed(p.name())).orElse(false);
      case OP_ALIAS_REMOVED -> now.op(name).flatMap(o -> published.opWithCode(o.code()))
          .map(p -> !now.op(name).get().aliases().containsAll(p.aliases())).orElse(false);
      case UNRETIRED -> retirementBefore(published, now, b.target()) != null && retirementOf(now, b.target()) == null;
      case RETIREMENT_CHANGED -> retirementBefore(published, now, b.target()) != null
          && !retirementBefore(published, now, b.target()).equals(retirementOf(now, b.target()));
      case RETIRED_REMOVED, RETIRED_NAME_REUSED, RETIRED_CODE_REUSED -> published.isRetired()
          || published.fields().stream().anyMatch(f -> f.isRetired() && !now.field(f.name()).map(x -> x.isRetired())
              .orElse(false))
          || published.retiredOps().stream().anyMatch(o -> now.opWithCode(o.code()).map(x -> !x.isRetired()
              || !x.isNamed(o.name())).orElse(true));
      case RETIRED_DRAFT -> true; // the model's layouts hold no drafts: checked by publishedChanges
      case CONTINUES_RETIRED_FIELD -> now.op(name).map(o -> o.continues().stream().anyMatch(f -> now.field(f)
          .map(x -> x.isRetired()).orElse(false) && !published.opWithCode(o.code()).map(p -> p.continues().contains(f))
          .orElse(false))).orElse(false);
      case OP_CONTINUATION_DROPPED -> now.op(name).flatMap(o -> published.opWithCode(o.code())
          .map(p -> !o.continues().containsAll(p.continues()))).orElse(false);
      // Without a witness only as the echo of another change: the published field it overlaps moved
      // or shrank (reported on its own), so the overlap is with bits the op no longer uses that way.
      // Or the op at that code is another op now (its code was given away): the rename or recode is
      // the break, the overlap its echo; or no word is left to misread (the continuable is retired).
      case FIELD_OVERLAPS_PUBLISHED -> {
        Field used = published.field(b.published().split(" ")[1]).orElseThrow();
        Optional<Field> usedNow = now.field(used.name());
        String opName = b.headline().substring(b.headline().lastIndexOf(' ') + 1);
        boolean recoded = published.op(opName).map(p -> now.opWithCode(p.code()).map(n -> !n.isNamed(p.name()))
            .orElse(true)).orElse(false);
        yield usedNow.isEmpty() || usedNow.get().mask() != used.mask() || usedNow.get().opcode() != used.opcode()
            || recoded || now.isRetired();
      }
      default -> false;
    };
  }

  /**
   * The published constants {@code now} changes, stated independently of {@link Compatibility}:
   * empty exactly when the change is one the design calls compatible (new ops, new fields in bits
   * the ops using them kept zero, an op continuing with such a field, a new compat word).
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
    }
    if (published.isRetired() && !java.util.Objects.equals(published.retired(), now.retired())) {
      changes.add("the continuable's retirement changed or was undone");
    }
    for (Field f : published.fields()) {
      Optional<Field> n = now.field(f.name());
      if (f.isRetired() && n.isPresent() && !f.retired().equals(n.get().retired())) {
        changes.add(f.name() + "'s retirement changed or was undone");
      } else if (f.isRetired() && n.isEmpty()) {
        changes.add("retired " + f.name() + " deleted");
      }
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
   * Update mode never drops or unpublishes a published line when Gate B passes: each is still there
   * (under its key, or, for an op renamed with its old name kept, under the new name), stating all it
   * did, published at the same release, and retired at most where it was not before.
   */
  static void assertPublishedLinesKept(Manifest before, Manifest after) {
    for (Line line : before.lines()) {
      if (!line.status().isPublished()) {
        continue;
      }
      Line kept = after.line(line.fact().key()).orElseGet(() -> after.linesOf(line.fact().continuable()).stream()
          .filter(l -> l.fact().getClass() == line.fact().getClass() && l.fact().keepsStatusOf(line.fact()))
          .findFirst().orElse(null));
      assertTrue(kept != null, "update dropped the published line: " + line.render());
      assertTrue(kept.fact().keepsStatusOf(line.fact()), "update changed a published line: " + line.render()
          + " -> " + kept.render());
      assertEquals(line.status().release(), kept.status().release(), "update changed the status of: " + line.render());
      if (line.status().isRetired()) {
        assertEquals(line.status().retired(), kept.status().retired(), "update changed a retirement: " + line.render());
      }
    }
  }

  /** Through text, as the processor reads it: the manifest the next build would see. */
  static Manifest reparse(Manifest m) {
    try {
      Manifest back = ManifestParser.parse(m.render().getBytes(StandardCharsets.UTF_8));
      assertEquals(m.render(), back.render());
      return back;
    } catch (ManifestException e) {
      throw new AssertionError("a computed manifest does not parse: " + e.getMessage() + "\n" + m.render(), e);
    }
  }

  static String render(List<Break> breaks) {
    return breaks.isEmpty() ? "  (no break)" : breaks.stream().map(Break::render).collect(Collectors.joining("\n"));
  }

  // ---------------------------------------------------------------- counterexamples found, now regressions

  /**
   * Found by the model-level property: Gate B compared fields and ops but not whether an opcode
   * exists, so adding one to a published layout without one passed, and every saved word (all
   * fields, no op) was then read as some op, or refused.
   */
  @Test
  void addingAnOpcodeToAPublishedLayoutWithoutOneIsOpcodeAddedWithAWitness() throws IOException {
    Path manifest = dir.resolve("abilock.manifest");
    JavaFileObject v1 = Sources.source("Batch",
        "@Continuable(name = \"batch\")",
        "public class Batch {",
        "  @ContinuationField(shift = 0, bits = 32) long done;",
        "}");
    assertThat(Sources.compile(List.of("abilock.manifest=" + manifest, "abilock.mode=update",
        "abilock.release=1.0"), v1)).succeeded();
    byte[] published = Files.readAllBytes(manifest);
    JavaFileObject v2 = Sources.source("Batch",
        "@Continuable(name = \"batch\")",
        "public class Batch {",
        "  @Op(continues = \"done\") public static final int BATCH_run = 0;",
        "  @Opcode(bits = 4, shift = 32) int cmd;",
        "  @ContinuationField(shift = 0, bits = 32) long done;",
        "}");
    for (String mode : List.of("check", "update")) {
      Compilation c = Sources.compile(manifest, mode, v2);
      assertThat(c).failed();
      assertThat(c).hadErrorCount(1);
      assertThat(c).hadErrorContaining("[opcode-added] batch: published word of batch had no opcode; opcode cmd"
          + " (bits 32..35) now makes every saved word select an op").inFile(v2).onLineContaining("@Opcode");
      assertThat(c).hadErrorContaining("witness: word 0x0000000000000001 is accepted, done = 1 under the published"
          + " layout, but the sources now read it as op BATCH_run, done = 1");
      assertArrayEquals(published, Files.readAllBytes(manifest), mode);
    }
  }

  /**
   * Found by the model-level property: a published field widened in the native word and narrowed
   * in the compat word was reported as widened only, with witnesses searched among native words:
   * none, so the message said no saved word is misread, while saved compat words were refused.
   */
  @Test
  void aFieldWidenedNativelyAndNarrowedInTheCompatWordShowsACompatWitness() throws IOException {
    Path manifest = dir.resolve("abilock.manifest");
    JavaFileObject v1 = Sources.source("Grant",
        "@Continuable(name = \"grant\", compatWidth = 32)",
        "public class Grant {",
        "  @ContinuationField(shift = 23, bits = 38, compatBits = 9) long offset;",
        "}");
    assertThat(Sources.compile(List.of("abilock.manifest=" + manifest, "abilock.mode=update",
        "abilock.release=1.0"), v1)).succeeded();
    JavaFileObject v2 = Sources.source("Grant",
        "@Continuable(name = \"grant\", compatWidth = 32)",
        "public class Grant {",
        "  @ContinuationField(shift = 23, bits = 41, compatBits = 3) long offset;",
        "}");
    Compilation c = Sources.compile(manifest, "update", v2);
    assertThat(c).hadErrorCount(1);
    assertThat(c).hadErrorContaining("[field-widened] grant: published field offset widened: bits 23..60 -> 23..63");
    assertThat(c).hadErrorContaining("witness: compat word 0x04000000 is accepted, offset = 8 under the published"
        + " layout, but the sources now read it as refused");
    String error = c.errors().get(0).getMessage(Locale.ROOT);
    assertTrue(!error.contains(Message.NO_WITNESS.text()), error);

    // The same with a re-encoding that reads native words alike (shift 0) but narrows the compat word.
    Path other = dir.resolve("other.manifest");
    JavaFileObject page1 = Sources.source("Page",
        "@Continuable(name = \"page\", width = 32, compatWidth = 32)",
        "public class Page {",
        "  @ContinuationField(bits = 32) int page;",
        "}");
    assertThat(Sources.compile(List.of("abilock.manifest=" + other, "abilock.mode=update",
        "abilock.release=1.0"), page1)).succeeded();
    JavaFileObject page2 = Sources.source("Page",
        "@Continuable(name = \"page\", width = 32, compatWidth = 32)",
        "public class Page {",
        "  @ContinuationField(shift = 0, bits = 32, compatBits = 20, encoding = Encoding.IN_PLACE) int page;",
        "}");
    Compilation d = Sources.compile(other, "update", page2);
    assertThat(d).hadErrorCount(1);
    assertThat(d).hadErrorContaining("[field-encoding-changed] page: published field page changed encoding");
    assertThat(d).hadErrorContaining("witness: compat word 0x00100000 is accepted, page = 1048576 under the published"
        + " layout, but the sources now read it as refused");
  }

  // ---------------------------------------------------------------- through the compiler

  @Test
  void compiledEvolutionsBreakExactlyWhenTheModelSaysAndCompatibleOnesDecodeSavedWordsTheSame() throws Exception {
    long seed = Budget.seed("gate-b-codec");
    int batches = Budget.cases(2, 30);
    int perBatch = Budget.cases(12, 24);
    int words = Budget.cases(150, 600);
    long start = System.nanoTime();
    long cases = 0;
    for (int b = 0; b < batches; b++) {
      long batchSeed = seed + 0x9E3779B97F4A7C15L * b;
      try {
        cases += evolveBatch(new SplittableRandom(batchSeed), b, perBatch, words);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError("batch seed " + batchSeed + " (" + Budget.replay() + "): " + e.getMessage(), e);
      }
    }
    Budget.report("GateSoundnessTest codec level (saved words and compiled evolutions)", cases, start);
  }

  private long evolveBatch(SplittableRandom r, int b, int count, int words) throws Exception {
    List<Spec> old = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      old.add(Spec.random(r, "e" + b + "_" + i, "E" + b + "x" + i));
    }
    Path manifest = dir.resolve("evolve" + b + ".manifest");
    Compilation first = Sources.compile(List.of("abilock.manifest=" + manifest, "abilock.mode=update",
        "abilock.release=1.0"), files(old));
    assertEquals(Compilation.Status.SUCCESS, first.status(), first.errors().toString());
    byte[] published = Files.readAllBytes(manifest);
    Manifest m = ManifestParser.parse(published);

    List<Spec> evolved = new ArrayList<>();
    List<List<Break>> predicted = new ArrayList<>();
    for (Spec s : old) {
      Spec e = Evolve.evolve(r, s, new ArrayList<>());
      evolved.add(e);
      predicted.add(Compatibility.check(m.publishedLayout(s.name).orElseThrow(), e.layout(PKG)));
    }
    long cases = 0;

    // The breaking evolutions, next to the unchanged rest: the build fails with the model's rules, nothing written.
    List<Spec> breaking = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      breaking.add(predicted.get(i).isEmpty() ? old.get(i) : evolved.get(i));
    }
    if (predicted.stream().anyMatch(p -> !p.isEmpty())) {
      Compilation c = Sources.compile(manifest, "update", files(breaking));
      assertEquals(Compilation.Status.FAILURE, c.status());
      assertArrayEquals(published, Files.readAllBytes(manifest), "a failing update changed the manifest");
      try (Stream<Path> files = Files.list(dir)) {
        assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "a temp file was left");
      }
      for (int i = 0; i < count; i++) {
        if (predicted.get(i).isEmpty()) {
          continue;
        }
        String name = old.get(i).name;
        List<String> expected = predicted.get(i).stream().map(x -> x.rule().id()).sorted().toList();
        List<String> reported = c.errors().stream()
            .map(d -> d.getMessage(Locale.ROOT))
            .filter(msg -> msg.contains("] " + name + ": "))
            .map(msg -> msg.substring(1, msg.indexOf(']')))
            .sorted().toList();
        assertEquals(expected, reported, "rules reported for " + name + "\n" + evolved.get(i).source(PKG));
        cases++;
      }
      for (Diagnostic<?> d : c.errors()) {
        String msg = d.getMessage(Locale.ROOT);
        assertTrue(!msg.contains("[internal-error]") && msg.startsWith("["), msg);
      }
    }

    // The compatible evolutions: the build passes, keeps every published line, and reads saved words the same.
    List<Spec> compatible = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      compatible.add(predicted.get(i).isEmpty() ? evolved.get(i) : old.get(i));
    }
    Compilation c = Sources.compile(manifest, "update", files(compatible));
    assertEquals(Compilation.Status.SUCCESS, c.status(), c.errors().toString());
    Manifest after = ManifestParser.parse(Files.readAllBytes(manifest));
    assertPublishedLinesKept(m, after);
    LoadedCodec.MemoryLoader oldLoader = new LoadedCodec.MemoryLoader(first);
    LoadedCodec.MemoryLoader newLoader = new LoadedCodec.MemoryLoader(c);
    for (int i = 0; i < count; i++) {
      if (!predicted.get(i).isEmpty()) {
        continue;
      }
      LoadedCodec before = new LoadedCodec(oldLoader, PKG, old.get(i));
      LoadedCodec now = new LoadedCodec(newLoader, PKG, evolved.get(i));
      try {
        cases += sameReadings(r, before, now, words);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(e.getMessage() + "\n--- published:\n" + old.get(i).source(PKG) + "--- now:\n"
            + evolved.get(i).source(PKG), e);
      }
    }
    return cases;
  }

  /** Words the old codec encodes decode to the same op and values with the new codec. */
  private static long sameReadings(SplittableRandom r, LoadedCodec before, LoadedCodec now, int words) {
    long cases = 0;
    Layout m = before.model.layout();
    for (int i = 0; i < words; i++) {
      for (boolean compat : m.hasCompat() ? new boolean[] {false, true} : new boolean[] {false}) {
        long word = CodecPropertiesTest.validWord(r, m, compat);
        long[] was;
        try {
          was = compat ? before.decodeCompat((int) word) : before.decode(word);
        } catch (AbiViolationException e) {
          continue; // an opcode without ops: nothing to save
        }
        long[] is;
        try {
          is = compat ? now.decodeCompat((int) word) : now.decode(word);
        } catch (AbiViolationException e) {
          if (e.kind() == AbiViolationException.Kind.RETIRED
              && now.model.layout().read(word, compat) instanceof Reading.Retired) {
            cases++;
            continue; // retired on purpose: refused saying so, never read as something else
          }
          throw new AssertionError("saved " + (compat ? "compat " : "") + "word " + Bits.hex(word)
              + " is refused by the new codec: " + e.getMessage());
        }
        Map<String, Long> old = values(before, was);
        Map<String, Long> cur = values(now, is);
        for (Map.Entry<String, Long> e : cur.entrySet()) {
          assertEquals(old.getOrDefault(e.getKey(), 0L), e.getValue(),
              "saved word " + Bits.hex(word) + " field " + e.getKey() + ": was " + old + ", now " + cur);
        }
        for (Map.Entry<String, Long> e : old.entrySet()) {
          assertEquals(e.getValue(), cur.getOrDefault(e.getKey(), 0L),
              "saved word " + Bits.hex(word) + " field " + e.getKey() + ": was " + old + ", now " + cur);
        }
        cases++;
      }
    }
    return cases;
  }

  private static Map<String, Long> values(LoadedCodec codec, long[] state) {
    Map<String, Long> out = new TreeMap<>();
    for (int i = 0; i < state.length; i++) {
      out.put(codec.params.get(i).abiName, state[i]);
    }
    return out;
  }

  private static JavaFileObject[] files(List<Spec> specs) {
    return specs.stream().map(s -> s.file(PKG)).toArray(JavaFileObject[]::new);
  }
}
