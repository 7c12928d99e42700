package dev.abilock.core.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/**
 * The oracle of gate B's soundness properties, stated without {@link Compatibility}'s code: what a
 * misread saved word is, what a witness must show, which changes the design calls breaking, and
 * what update mode must keep. Shared by core's {@code GateSoundnessPropertyTest} (layouts evolved
 * on the model) and the processor's {@code GateSoundnessTest} (the same through compiled sources),
 * so that both hold gate B to one set of rules.
 */
public final class GateOracle {
  private GateOracle() {}

  /** Words a guest may have saved under a layout: each property draws them its own way. */
  @FunctionalInterface
  public interface Sampler {
    List<Long> savedWords(Layout layout, boolean compat);
  }

  /**
   * Each witness is what it claims: a word valid under the published layout (a reused code's:
   * before the retirement it names), read now as it says, which differs or is another op under that
   * code. Each break without one changes what it names.
   */
  public static int checkBreaks(List<Break> breaks, Layout published, Layout now) {
    int witnesses = 0;
    for (Break b : breaks) {
      if (b.witness().isEmpty()) {
        assertTrue(
            changesAConstant(b, published, now),
            "a break without witness, and what it names did not change: " + b.render());
        continue;
      }
      witnesses++;
      Witness w = b.witness().get();
      Layout saved = w.retiredIn() == null ? published : published.withoutRetirements();
      Reading then = saved.read(w.word(), w.compat());
      Reading read = now.read(w.word(), w.compat());
      assertTrue(
          then instanceof Reading.Accepted,
          "the witness of "
              + b.headline()
              + " is no word the published layout accepts: "
              + then.describe());
      assertEquals(then, w.published(), "witness of " + b.headline());
      assertEquals(read, w.now(), "witness of " + b.headline());
      boolean reused =
          w.retiredIn() != null
              && then instanceof Reading.Accepted t
              && read instanceof Reading.Accepted n
              && !t.sharesName(n);
      assertTrue(
          !then.agreesWith(read) || reused || movedOnto(then, read, published),
          "the witness of " + b.headline() + " reads the same now");
      assertTrue(
          !(read instanceof Reading.Retired),
          "the witness of "
              + b.headline()
              + " is refused as retired now,"
              + " which is the decided reading");
      assertEquals(published.width(w.compat()), w.width(), "witness of " + b.headline());
    }
    return witnesses;
  }

  /** A word valid under a released layout that {@code now} reads differently. */
  public record Misread(Layout release, long word, boolean compat, Reading then, Reading now) {
    @Override
    public String toString() {
      return (compat ? "compat word " : "word ")
          + Bits.hex(word)
          + " was "
          + then.describe()
          + ", now "
          + now.describe();
    }
  }

  /**
   * A word a guest may hold, saved under a release or the published layout, that {@code now}
   * misreads: reads otherwise and not as retired, or reads as another op given a retired op's code.
   */
  public static Misread findMisread(
      List<Layout> releases,
      Layout published,
      Layout now,
      Sampler sampler,
      LongConsumer wordsRead) {
    List<Layout> layouts = new ArrayList<>(releases);
    layouts.add(published);
    for (Layout release : layouts) {
      for (boolean compat :
          release.hasCompat() ? new boolean[] {false, true} : new boolean[] {false}) {
        List<Long> words = sampler.savedWords(release, compat);
        wordsRead.accept(words.size());
        for (long word : words) {
          Reading then = release.read(word, compat);
          if (!(then instanceof Reading.Accepted t)) {
            continue; // refused when it would have been saved (a retired op's word): no guest holds
            // it
          }
          Reading read = now.read(word, compat);
          // Reused: another op under a retired code. Not so for the same op under a later name that
          // dropped
          // this one (soak seed 7469663180169): it shares a name with the published op of that
          // code.
          boolean reused =
              read instanceof Reading.Accepted n
                  && t.sameOp(n)
                  && !t.sharesName(n)
                  && !(published.withoutRetirements().read(word, compat)
                          instanceof Reading.Accepted p
                      && p.sharesName(n))
                  && wasRetired(releases, published, t.code());
          if (!then.agreesWith(read) && !(read instanceof Reading.Retired)
              || reused
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
  public static boolean movedOnto(Reading then, Reading read, Layout published) {
    return then instanceof Reading.Accepted t
        && read instanceof Reading.Accepted n
        && n.op() != null
        && t.sameOp(n)
        && !t.sharesName(n)
        && published.ops().stream()
            .anyMatch(p -> p.code() != n.code() && n.names().stream().anyMatch(p::isNamed));
  }

  /** Whether the op with {@code code} was retired in a release or in the published manifest. */
  private static boolean wasRetired(List<Layout> releases, Layout published, Long code) {
    return Stream.concat(releases.stream(), Stream.of(published))
        .anyMatch(l -> l.opWithCode(code).map(Op::isRetired).orElse(false));
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
   * that an op renamed in the same change (its old name kept) is still found (soak seed
   * 7188935014199: un-retired and renamed at once).
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

  /**
   * Whether the subject of a break without a witness really differs between the published layout
   * and now.
   */
  public static boolean changesAConstant(Break b, Layout published, Layout now) {
    String name = b.target().name();
    Optional<Field> old = published.field(name);
    Optional<Field> cur = now.field(name);
    return switch (b.rule()) {
      case WIDTH_NARROWED, WIDTH_WIDENED -> published.width() != now.width();
      case OPCODE_ADDED -> published.opcode().isEmpty() && now.opcode().isPresent();
      case COMPAT_WIDTH_REMOVED -> published.hasCompat() && !now.hasCompat();
      case FIELD_REMOVED ->
          published.fields().stream().anyMatch(f -> now.field(f.name()).isEmpty());
      case FIELD_ROLE_CHANGED,
          FIELD_ENCODING_CHANGED,
          FIELD_SHIFTED,
          FIELD_WIDENED,
          FIELD_NARROWED ->
          old.isPresent()
              && cur.isPresent()
              && (old.get().opcode() != cur.get().opcode()
                  || old.get().encoding() != cur.get().encoding()
                  || old.get().shift() != cur.get().shift()
                  || old.get().bits() != cur.get().bits());
      case COMPAT_FIELD_WIDENED, COMPAT_FIELD_NARROWED ->
          old.isPresent() && cur.isPresent() && old.get().compatBits() != cur.get().compatBits();
      case OP_REMOVED ->
          published.ops().stream()
              .anyMatch(
                  o ->
                      now.opWithCode(o.code())
                          // Gone, or its code now another published op's, moved there.
                          .map(
                              n ->
                                  !n.isNamed(o.name())
                                      && published.ops().stream()
                                          .anyMatch(
                                              p ->
                                                  p.code() != n.code()
                                                      && (p.isNamed(n.name())
                                                          || n.aliases().stream()
                                                              .anyMatch(p::isNamed))))
                          .orElse(true));
      case OP_CODE_CHANGED -> !published.op(name).map(Op::code).equals(now.op(name).map(Op::code));
      case OP_RENAMED ->
          now.op(name)
              .flatMap(o -> published.opWithCode(o.code()))
              .map(p -> !now.op(name).get().isNamed(p.name()))
              .orElse(false);
      case OP_ALIAS_REMOVED ->
          now.op(name)
              .flatMap(o -> published.opWithCode(o.code()))
              .map(p -> !now.op(name).get().aliases().containsAll(p.aliases()))
              .orElse(false);
      case UNRETIRED ->
          publishedRetirementOf(published, now, b.target()) != null
              && retirementOf(now, b.target()) == null;
      case RETIREMENT_CHANGED ->
          publishedRetirementOf(published, now, b.target()) != null
              && !publishedRetirementOf(published, now, b.target())
                  .equals(retirementOf(now, b.target()));
      case RETIRED_REMOVED, RETIRED_NAME_REUSED, RETIRED_CODE_REUSED ->
          published.isRetired()
              || published.fields().stream()
                  .anyMatch(
                      f ->
                          f.isRetired() && !now.field(f.name()).map(Field::isRetired).orElse(false))
              || published.retiredOps().stream()
                  .anyMatch(
                      o ->
                          now.opWithCode(o.code())
                              .map(x -> !x.isRetired() || !x.isNamed(o.name()))
                              .orElse(true));
      case RETIRED_DRAFT ->
          retirementOf(now, b.target()) != null && retirementOf(published, b.target()) == null;
      case CONTINUES_RETIRED_FIELD ->
          now.op(name)
              .map(
                  o ->
                      o.continues().stream()
                          .anyMatch(
                              f ->
                                  now.field(f).map(Field::isRetired).orElse(false)
                                      && !published
                                          .opWithCode(o.code())
                                          .map(p -> p.continues().contains(f))
                                          .orElse(false)))
              .orElse(false);
      case OP_CONTINUATION_DROPPED ->
          now.op(name)
              .flatMap(
                  o ->
                      published
                          .opWithCode(o.code())
                          .map(p -> !o.continues().containsAll(p.continues())))
              .orElse(false);
      // Without a witness only as the echo of another change: the published field it overlaps moved
      // or shrank (reported on its own), the op at that code is another op now, or no word is left
      // to misread (the continuable or the op is retired).
      case FIELD_OVERLAPS_PUBLISHED -> {
        Field used = published.field(b.published().split(" ")[1]).orElseThrow();
        Optional<Field> usedNow = now.field(used.name());
        // "..., which published op <name> already uses" (soak seed 7556881796406: the last word is
        // not the name).
        String opName =
            b.headline()
                .substring(
                    b.headline().lastIndexOf(" published op ") + " published op ".length(),
                    b.headline().lastIndexOf(" already uses"));
        boolean recoded =
            published
                .op(opName)
                .map(p -> now.opWithCode(p.code()).map(n -> !n.isNamed(p.name())).orElse(true))
                .orElse(false);
        // Or the op is retired, so every word of it is refused as retired anyway (soak seed
        // 7556881796406).
        boolean opRetired =
            now.opWithCode(published.op(opName).map(Op::code).orElse(-1L))
                .map(Op::isRetired)
                .orElse(false);
        yield usedNow.isEmpty()
            || usedNow.get().mask() != used.mask()
            || usedNow.get().opcode() != used.opcode()
            || recoded
            || now.isRetired()
            || opRetired;
      }
      default -> false;
    };
  }

  /**
   * What {@code now} changes of the published layout, stated independently of {@link
   * Compatibility}: empty exactly when the change is one the design calls compatible (new ops, new
   * fields in bits the ops using them kept zero, an op continuing with such a field, a new compat
   * word, a class move, a rename keeping the old name, a retirement of something published).
   */
  public static List<String> publishedChanges(Layout published, Layout now) {
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
      } else if (n.get().opcode() != f.opcode()
          || n.get().encoding() != f.encoding()
          || n.get().shift() != f.shift()
          || n.get().bits() != f.bits()) {
        changes.add(f.name() + " changed");
      } else if (published.hasCompat()
          && now.hasCompat()
          && n.get().compatBits() != f.compatBits()) {
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
      if (published.opWithCode(n.code()).isEmpty()
          && n.continues().stream()
              .anyMatch(f -> now.field(f).map(Field::isRetired).orElse(false))) {
        changes.add("new op " + n.name() + " continues a retired field");
      }
    }
    return changes;
  }

  /**
   * Update mode never drops or unpublishes a published line when gate B passes: each is still there
   * (under its key, or, for an op renamed with its old name kept, under the new name), stating all
   * it did, published at the same release, and retired at most where it was not before.
   */
  public static void assertPublishedLinesKept(Manifest before, Manifest after) {
    for (Line line : before.lines()) {
      if (!line.status().isPublished()) {
        continue;
      }
      Line kept =
          after
              .line(line.fact().key())
              .orElseGet(
                  () ->
                      after.linesOf(line.fact().continuable()).stream()
                          .filter(
                              l ->
                                  l.fact().getClass() == line.fact().getClass()
                                      && l.fact().keepsStatusOf(line.fact()))
                          .findFirst()
                          .orElse(null));
      assertTrue(kept != null, "update dropped the published line " + line.render());
      assertTrue(
          kept.fact().keepsStatusOf(line.fact()),
          "update changed a published line: " + line.render() + " -> " + kept.render());
      assertEquals(
          line.status().release(),
          kept.status().release(),
          "update changed the status of " + line.render());
      if (line.status().isRetired()) {
        assertEquals(
            line.status().retired(),
            kept.status().retired(),
            "update changed a retirement: " + line.render());
      }
    }
  }

  /** Through text, as the next build reads it. */
  public static Manifest reparse(Manifest m) {
    try {
      Manifest back = ManifestParser.parse(m.render());
      assertEquals(m.render(), back.render());
      return back;
    } catch (ManifestException e) {
      throw new AssertionError(
          "a computed manifest does not parse: " + e.getMessage() + "\n" + m.render(), e);
    }
  }
}
