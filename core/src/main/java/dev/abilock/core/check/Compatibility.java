package dev.abilock.core.check;

import static dev.abilock.core.GateMessage.*;

import dev.abilock.core.GateMessage;
import dev.abilock.core.manifest.FactKey;
import dev.abilock.core.manifest.Manifest;
import dev.abilock.core.model.Bits;
import dev.abilock.core.model.Field;
import dev.abilock.core.model.Layout;
import dev.abilock.core.model.Op;
import dev.abilock.core.model.Reading;
import dev.abilock.core.model.Retirement;
import dev.abilock.core.model.struct.StructDecl;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Gate B: compares the published layout of a continuable with what the sources declare now, and
 * names every change that a saved word could be misread through, with a witness word where one
 * exists, or that rewrites a published constant or name. Compatible changes (new ops, new fields in
 * bits that had to be zero, an op continuing with more fields, a rename that keeps the old name as
 * an alias, a deliberate retirement) produce nothing here.
 *
 * <p>Ops are matched by code, as a saved word is read: a rename is not a misread.
 */
public final class Compatibility {
  private final Layout published;
  private final Layout now;
  private final List<Break> breaks = new ArrayList<>();

  private Compatibility(Layout published, Layout now) {
    this.published = published;
    this.now = now;
  }

  /**
   * Gate B, the one entry point every front end uses: for each continuable that {@code old}
   * publishes, its published layout against the layout declared {@code now} under its name, or
   * {@link #removed} when there is none; and every retirement the sources declare of something
   * {@code old} never published. Breaks come out by continuable name, in rule order.
   *
   * @param now the layouts declared now, by continuable name
   */
  public static List<Break> check(Manifest old, Map<String, Layout> now) {
    List<Break> breaks = new ArrayList<>();
    for (String name : new java.util.TreeSet<>(concat(old.continuables(), now.keySet()))) {
      Optional<Layout> published = old.publishedLayout(name);
      if (published.isPresent()) {
        breaks.addAll(
            now.containsKey(name)
                ? check(published.get(), now.get(name))
                : List.of(removed(published.get())));
      }
      if (now.containsKey(name)) {
        breaks.addAll(retiredDrafts(old, now.get(name)));
      }
    }
    return List.copyOf(breaks);
  }

  /**
   * Gate B's breaks over continuables and argument structs.
   *
   * @param words the breaks of the continuables, as {@link #check(Manifest, Map)} gives them
   * @param structs the breaks of the structs, as {@link StructCompatibility#check(Manifest,
   *     java.util.Collection)} gives them
   */
  public record Breaks(List<Break> words, List<StructBreak> structs) {
    public Breaks {
      words = List.copyOf(words);
      structs = List.copyOf(structs);
    }

    public boolean isEmpty() {
      return words.isEmpty() && structs.isEmpty();
    }
  }

  /**
   * Gate B over the whole manifest: {@link #check(Manifest, Map)} for the continuables (an op's
   * {@code reads} links included), and {@link StructCompatibility#check(Manifest,
   * java.util.Collection)} for the argument structs declared now.
   *
   * @param now the layouts declared now, by continuable name, their ops' {@link Op#reads} filled
   * @param structs the structs declared now
   */
  public static Breaks check(
      Manifest old, Map<String, Layout> now, java.util.Collection<StructDecl> structs) {
    return new Breaks(check(old, now), StructCompatibility.check(old, structs));
  }

  /**
   * What the sources retire now that {@code old} records as published but not yet retired: for
   * update mode's note, which names what was retired and why.
   */
  public static List<Note> newRetirements(Manifest old, Map<String, Layout> now) {
    List<Note> notes = new ArrayList<>();
    for (Layout layout : now.values()) {
      String c = layout.name();
      if (layout.isRetired() && !retiredIn(old, FactKey.continuable(c))) {
        notes.add(
            new Note(
                RETIRED_NOTE,
                List.of(
                    c,
                    "continuable " + c,
                    layout.retired().release(),
                    layout.retired().reason(),
                    "name",
                    RETIRED_WORD_REFUSED.text())));
      }
      for (Field f : layout.fields()) {
        if (f.isRetired() && !retiredIn(old, FactKey.of(c, f, false))) {
          notes.add(
              new Note(
                  RETIRED_NOTE,
                  List.of(
                      c,
                      "field " + f.name(),
                      f.retired().release(),
                      f.retired().reason(),
                      "bits " + Bits.range(f.shift(), f.bits()),
                      RETIRED_WORD_REFUSED.text())));
        }
      }
      for (Op op : layout.ops()) {
        // A renamed op keeps its record under a former name, which it keeps as an alias.
        if (op.isRetired()
            && !retiredIn(old, FactKey.op(c, op.name()))
            && op.aliases().stream().noneMatch(a -> retiredIn(old, FactKey.op(c, a)))) {
          notes.add(
              new Note(
                  RETIRED_NOTE,
                  List.of(
                      c,
                      "op " + op.name(),
                      op.retired().release(),
                      op.retired().reason(),
                      "code " + op.code(),
                      RETIRED_WORD_REFUSED.text())));
        }
      }
    }
    return notes;
  }

  private static boolean retiredIn(Manifest old, FactKey key) {
    return old.line(key).map(l -> l.status().isRetired()).orElse(false);
  }

  private static List<String> concat(List<String> a, Set<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  /** Every break between the {@code published} layout and the layout {@code now} declared. */
  public static List<Break> check(Layout published, Layout now) {
    Compatibility c = new Compatibility(published, now);
    c.checkContinuable();
    c.checkWords();
    c.checkFields();
    c.checkOps();
    c.checkEverySavedWord();
    return List.copyOf(c.breaks);
  }

  /** The break of a published continuable that no source declares any more. */
  public static Break removed(Layout published) {
    Target target = Target.continuable(published.name(), null);
    if (published.isRetired()) {
      return new Compatibility(published, published)
          .retiredRemoved(
              target,
              "continuable " + published.name(),
              published.retired(),
              "name",
              Optional.empty());
    }
    // Nothing reads the word any more: the witness is a word in flight of the first op that
    // continues.
    Compatibility c = new Compatibility(published, published);
    Optional<Witness> witness =
        c.savedWords(false, op -> true, null).stream()
            .map(
                word ->
                    new Witness(
                        word,
                        false,
                        published.width(),
                        published.read(word, false),
                        new Reading.Refused(CONTINUABLE_GONE_READING.text(published.name()))))
            .filter(w -> w.published() instanceof Reading.Accepted)
            .findFirst();
    return new Break(
        CONTINUABLE_REMOVED,
        target,
        CONTINUABLE_REMOVED.formatFor(published.name(), published.name(), published.className()),
        "continuable " + published.name() + " (" + published.width() + "-bit word)",
        "nothing",
        witness,
        consequence(witness),
        ADVICE_CONTINUABLE_REMOVED.text());
  }

  /** Retirements of things {@code old} does not publish: a draft is deleted, not retired. */
  private static List<Break> retiredDrafts(Manifest old, Layout now) {
    String c = now.name();
    List<Break> found = new ArrayList<>();
    if (now.isRetired() && !old.isPublished(c)) {
      found.add(retiredDraft(Target.continuable(c, null), "continuable " + c, now.retired()));
    }
    for (Field f : now.fields()) {
      if (f.isRetired()
          && !old.line(FactKey.of(c, f, false)).map(l -> l.status().isPublished()).orElse(false)) {
        found.add(retiredDraft(Target.field(c, f.name(), null), "field " + f.name(), f.retired()));
      }
    }
    Optional<Layout> publishedLayout = old.publishedLayout(c);
    for (Op op : now.ops()) {
      // Ops are matched by code, as words are: a published op renamed (even to one of its former
      // names, dropping the rest) is still published; the name change is gate B's to judge.
      boolean published =
          publishedLayout.flatMap(p -> p.opWithCode(op.code())).isPresent()
              || old.line(FactKey.op(c, op.name()))
                  .or(
                      () ->
                          op.aliases().stream()
                              .map(a -> old.line(FactKey.op(c, a)))
                              .flatMap(Optional::stream)
                              .findFirst())
                  .map(l -> l.status().isPublished())
                  .orElse(false);
      if (op.isRetired() && !published) {
        found.add(retiredDraft(Target.op(c, op.name(), null), "op " + op.name(), op.retired()));
      }
    }
    return found;
  }

  private static Break retiredDraft(Target target, String what, Retirement r) {
    return new Break(
        RETIRED_DRAFT,
        target.retiredAnnotation(),
        RETIRED_DRAFT.formatFor(target.continuable(), what, r.release()),
        "draft or nothing",
        what + " " + r.describe(),
        Optional.empty(),
        RETIRED_DRAFT_CONSEQUENCE.text(),
        ADVICE_RETIRED_DRAFT.text());
  }

  // ---------------------------------------------------------------- the continuable and its words

  private void checkContinuable() {
    if (published.isRetired()) {
      checkRetirementKept(
          Target.continuable(now.name(), null),
          "continuable " + now.name(),
          published.retired(),
          now.retired());
    }
  }

  private void checkWords() {
    if (now.width() != published.width()) {
      // A widened word still reads every saved word the same, but WIDTH and every mask's padding
      // are published constants.
      add(
          now.width() < published.width() ? WIDTH_NARROWED : WIDTH_WIDENED,
          Target.continuable(now.name(), "width"),
          published.width() + "-bit word",
          now.width() + "-bit word",
          witness(false, op -> true, null),
          ADVICE_LAYOUT.text(),
          now.name(),
          published.width(),
          now.width());
    }
    if (published.opcode().isEmpty()
        && now.opcode().isPresent()
        && published
            .field(now.opcode().get().name())
            .isEmpty()) { // else it is a field's role change
      // Saved words select no op; now their opcode bits do, so each reads as some op or is refused.
      Field opcode = now.opcode().get();
      add(
          OPCODE_ADDED,
          Target.field(now.name(), opcode.name(), null),
          "no opcode (every field in every word)",
          describe(now, opcode),
          witness(false, op -> true, null),
          ADVICE_LAYOUT.text(),
          now.name(),
          opcode.name(),
          Bits.range(opcode.shift(), opcode.bits()));
    }
    if (published.hasCompat() && !now.hasCompat()) {
      add(
          COMPAT_WIDTH_REMOVED,
          Target.continuable(now.name(), "compatWidth"),
          published.compatWidth() + "-bit compat word",
          "no compat word",
          witness(true, op -> true, null),
          ADVICE_LAYOUT.text(),
          now.name(),
          published.compatWidth());
    }
  }

  /**
   * The safety net under the specific rules: when none of them fired, search saved words of every
   * published op once more, native and compat, for one the new layout reads differently.
   */
  private void checkEverySavedWord() {
    // Nothing to search when every published entry is still there as it was: the common case of
    // an in-sync build, where the search would only cost time (about 2 ms a continuable).
    if (!breaks.isEmpty() || publishedEntriesUnchanged()) {
      return;
    }
    for (boolean compat :
        published.hasCompat() ? new boolean[] {false, true} : new boolean[] {false}) {
      Optional<Witness> witness = witness(compat, op -> true, null);
      if (witness.isPresent()) {
        add(
            SAVED_WORD_MISREAD,
            Target.continuable(now.name(), null),
            "published layout of " + published.name(),
            "layout declared now",
            witness,
            ADVICE_LAYOUT.text(),
            compat ? "compat word" : "word");
        return;
      }
    }
  }

  private boolean publishedEntriesUnchanged() {
    if (published.width() != now.width()
        || published.compatWidth() != now.compatWidth()
        || published.opcode().isPresent() != now.opcode().isPresent()) {
      return false;
    }
    for (Field old : published.fields()) {
      Optional<Field> f = now.field(old.name());
      if (f.isEmpty()
          || f.get().opcode() != old.opcode()
          || f.get().encoding() != old.encoding()
          || f.get().shift() != old.shift()
          || f.get().bits() != old.bits()
          || f.get().compatBits() != old.compatBits()) {
        return false;
      }
    }
    return published.ops().stream()
        .allMatch(
            old ->
                now.opWithCode(old.code())
                    .filter(
                        op -> op.isNamed(old.name()) && op.continues().containsAll(old.continues()))
                    .isPresent());
  }

  // ---------------------------------------------------------------- fields

  private void checkFields() {
    for (Field old : published.fields()) {
      Optional<Field> found = now.field(old.name());
      String was = describe(published, old);
      Target at = Target.field(now.name(), old.name(), null);
      if (old.isRetired()) {
        if (found.isEmpty()) {
          breaks.add(
              retiredRemoved(
                  Target.continuable(now.name(), null),
                  "field " + old.name(),
                  old.retired(),
                  "bits " + Bits.range(old.shift(), old.bits()),
                  fieldWitness(old)));
          continue;
        }
        if (!found.get().isRetired() && !sameBits(old, found.get())) {
          Optional<Witness> witness = fieldWitness(old);
          explain(
              RETIRED_NAME_REUSED,
              at,
              was + " " + old.retired().describe(),
              describe(now, found.get()),
              witness,
              witness.map(Witness::describe).orElse(RETIREMENT_RECORDED.text()),
              ADVICE_REUSE.text(
                  "Its name " + old.name(), "field " + old.name(), old.retired().release(), "name"),
              "field " + old.name(),
              "field " + old.name(),
              old.retired().release());
          continue;
        }
        checkRetirementKept(at, "field " + old.name(), old.retired(), found.get().retired());
      }
      if (found.isEmpty()) {
        add(
            FIELD_REMOVED,
            Target.continuable(now.name(), null),
            was,
            "no field " + old.name(),
            fieldWitness(old),
            ADVICE_FIELD_REMOVED.text(),
            what(old),
            Bits.range(old.shift(), old.bits()));
        continue;
      }
      Field f = found.get();
      String is = describe(now, f);
      if (f.opcode() != old.opcode()) {
        add(
            FIELD_ROLE_CHANGED,
            at,
            was,
            is,
            fieldWitness(old),
            ADVICE_LAYOUT.text(),
            what(old),
            old.opcode() ? "opcode" : "continuation field",
            f.opcode() ? "opcode" : "continuation field");
      } else if (f.encoding() != old.encoding()) {
        add(
            FIELD_ENCODING_CHANGED,
            at.at("encoding"),
            was,
            is,
            fieldWitness(old),
            ADVICE_LAYOUT.text(),
            what(old),
            old.encoding(),
            f.encoding());
      } else if (f.shift() != old.shift()) {
        add(
            FIELD_SHIFTED,
            at.at("shift"),
            was,
            is,
            fieldWitness(old),
            ADVICE_LAYOUT.text(),
            what(old),
            Bits.range(old.shift(), old.bits()),
            Bits.range(f.shift(), f.bits()));
      } else if (f.bits() != old.bits()) {
        add(
            f.bits() > old.bits() ? FIELD_WIDENED : FIELD_NARROWED,
            at.at("bits"),
            was,
            is,
            fieldWitness(old),
            ADVICE_LAYOUT.text(),
            what(old),
            Bits.range(old.shift(), old.bits()),
            Bits.range(f.shift(), f.bits()));
      } else if (published.hasCompat() && now.hasCompat() && f.compatBits() != old.compatBits()) {
        add(
            f.compatBits() > old.compatBits() ? COMPAT_FIELD_WIDENED : COMPAT_FIELD_NARROWED,
            at.at(f.opcode() ? "bits" : "compatBits"),
            was,
            is,
            witness(true, usesField(old), old.name()),
            ADVICE_LAYOUT.text(),
            what(old),
            Bits.range(old.shift(), old.compatBits()),
            Bits.range(f.shift(), f.compatBits()));
      }
    }
  }

  private static boolean sameBits(Field a, Field b) {
    return a.opcode() == b.opcode()
        && a.encoding() == b.encoding()
        && a.shift() == b.shift()
        && a.bits() == b.bits()
        && a.compatBits() == b.compatBits();
  }

  /**
   * A saved word misread through a change of the published field {@code old}: see {@link
   * #nativeElseCompatWitness}.
   */
  private Optional<Witness> fieldWitness(Field old) {
    return nativeElseCompatWitness(usesField(old), old.name());
  }

  /**
   * A saved word misread: a native word, else a compat word. A field whose compat bits differ from
   * its native ones (widened natively but narrowed in the compat word, or renamed with narrower
   * compat bits) can misread compat words only.
   */
  private Optional<Witness> nativeElseCompatWitness(Predicate<Op> ops, String field) {
    Optional<Witness> w = witness(false, ops, field);
    if (w.isEmpty() && published.hasCompat() && now.hasCompat()) {
      w = witness(true, ops, field);
    }
    return w;
  }

  // ---------------------------------------------------------------- ops, matched by code

  private void checkOps() {
    for (Op old : published.ops()) {
      Optional<Op> byCode = now.opWithCode(old.code());
      Optional<Op> byName = now.opNamed(old.name()).filter(o -> o.code() != old.code());
      if (old.isRetired()) {
        checkRetiredOp(old, byCode, byName);
      } else if (byCode.isPresent() && byCode.get().isNamed(old.name())) {
        checkSameOp(old, byCode.get());
      } else if (byName.isPresent()) {
        Op op = byName.get();
        Optional<Witness> witness = witness(false, o -> o != null && o.code() == old.code(), null);
        // An op that never continues leaves no saved word, but its callers still use the old code.
        String consequence =
            old.continues().isEmpty()
                ? NEVER_CONTINUED_RENUMBERED.text(
                    old.name(), old.code(), byCode.map(o -> "op " + o.name()).orElse("a refusal"))
                : consequence(witness);
        explain(
            OP_CODE_CHANGED,
            Target.op(now.name(), op.name(), null),
            describe(old),
            describe(op),
            witness,
            consequence,
            ADVICE_OP_CODE_CHANGED.text(old.code()),
            old.name(),
            old.code(),
            op.code());
      } else if (byCode.isPresent() && !isAnotherPublishedOp(byCode.get())) {
        // Still the op of this code, as saved words read it, under a new name: the name is the
        // break.
        renamed(old, byCode.get());
        checkSameOp(old, byCode.get());
      } else {
        Optional<Witness> witness = witness(false, o -> o != null && o.code() == old.code(), null);
        String consequence =
            old.continues().isEmpty() ? NEVER_CONTINUED.text(old.name()) : consequence(witness);
        // Its code may now be another published op's, moved there: that op's words break on their
        // own.
        String gone =
            byCode
                .map(Compatibility::describe)
                .orElse("no op " + old.name() + " and no op with code " + old.code());
        breaks.add(
            new Break(
                OP_REMOVED,
                Target.continuable(now.name(), null),
                OP_REMOVED.formatFor(now.name(), old.name(), old.code()),
                describe(old),
                gone,
                witness,
                consequence,
                ADVICE_OP_REMOVED.text(old.code())));
      }
    }
    for (Op op : now.ops()) {
      if (published.opWithCode(op.code()).isEmpty()) {
        checkNewContinuations(null, op);
      }
    }
  }

  private void renamed(Op old, Op op) {
    explain(
        OP_RENAMED,
        Target.op(now.name(), op.name(), "aliases"),
        describe(old),
        describe(op),
        Optional.empty(),
        NAME_PUBLISHED.text(old.name()),
        ADVICE_OP_RENAMED.text(old.name()),
        old.name(),
        old.code(),
        op.name());
  }

  /** A published op that is still there under its code, perhaps renamed with its old name kept. */
  private void checkSameOp(Op old, Op op) {
    Target at = Target.op(now.name(), op.name(), null);
    for (String alias : old.aliases()) {
      if (!op.isNamed(alias)) {
        explain(
            OP_ALIAS_REMOVED,
            at.at("aliases"),
            describe(old),
            describe(op),
            Optional.empty(),
            NAME_PUBLISHED.text(alias),
            ADVICE_OP_RENAMED.text(alias),
            op.name(),
            op.code(),
            alias);
      }
    }
    for (String field : old.continues()) {
      if (!op.continues().contains(field)) {
        add(
            OP_CONTINUATION_DROPPED,
            at.at("continues"),
            describe(old),
            describe(op),
            nativeElseCompatWitness(o -> o != null && o.code() == old.code(), field),
            ADVICE_CONTINUATION_DROPPED.text(field),
            old.name(),
            field);
      }
    }
    for (String struct : old.reads()) {
      if (!op.reads().contains(struct)) {
        explain(
            OP_STOPPED_READING,
            at.at("reads"),
            describe(old) + " reads " + String.join(", ", old.reads()),
            describe(op) + (op.reads().isEmpty() ? "" : " reads " + String.join(", ", op.reads())),
            Optional.empty(),
            STOPPED_READING_CONSEQUENCE.text(old.name(), struct),
            ADVICE_STOPPED_READING.text(struct),
            old.name(),
            struct);
      }
    }
    checkNewContinuations(old, op);
  }

  /** A published op that was retired: its retirement, its code and its name stay. */
  private void checkRetiredOp(Op old, Optional<Op> byCode, Optional<Op> byName) {
    Retirement r = old.retired();
    // The same op under its code, by any of its names: a retired op renamed back to a former name
    // is
    // no reuse, though the name it dropped is a break of its own.
    if (byCode.isPresent() && sharesName(byCode.get(), old)) {
      if (!byCode.get().isNamed(old.name())) {
        renamed(old, byCode.get());
      }
      checkRetirementKept(
          Target.op(now.name(), byCode.get().name(), null),
          "op " + old.name(),
          r,
          byCode.get().retired());
      checkSameOp(old, byCode.get());
      return;
    }
    if (byCode.isPresent()) {
      Op reuser = byCode.get();
      Optional<Witness> witness = witness(false, o -> o != null && o.code() == old.code(), null);
      add(
          RETIRED_CODE_REUSED,
          Target.op(now.name(), reuser.name(), null),
          describe(old) + " " + r.describe(),
          describe(reuser),
          witness,
          ADVICE_REUSE.text("Code " + old.code(), "op " + old.name(), r.release(), "code"),
          reuser.name(),
          old.code(),
          old.name(),
          r.release());
    } else {
      breaks.add(
          retiredRemoved(
              Target.continuable(now.name(), null),
              "op " + old.name(),
              r,
              "code " + old.code(),
              witness(false, o -> o != null && o.code() == old.code(), null)));
    }
    byName
        .filter(o -> o.code() != old.code())
        .ifPresent(
            o ->
                explain(
                    RETIRED_NAME_REUSED,
                    Target.op(now.name(), o.name(), null),
                    describe(old) + " " + r.describe(),
                    describe(o),
                    Optional.empty(),
                    RETIREMENT_RECORDED.text(),
                    ADVICE_REUSE.text(
                        "Its name " + old.name(), "op " + old.name(), r.release(), "name"),
                    "op " + o.name(),
                    "op " + old.name(),
                    r.release()));
  }

  private static boolean sharesName(Op a, Op b) {
    return a.isNamed(b.name()) || b.isNamed(a.name()) || a.aliases().stream().anyMatch(b::isNamed);
  }

  /**
   * An op that starts to carry a field is compatible only if that field avoids every bit the op
   * already used, and is not retired. The reader already refuses two overlapping fields on one op,
   * so the overlap fires only beside the break that freed those bits (a dropped continuation, a
   * moved field); it names the overlap itself, which is what a reviewer has to undo.
   *
   * @param old the op as published, or {@code null} for an op that is new
   */
  private void checkNewContinuations(Op old, Op op) {
    for (String added : op.continues()) {
      if (old != null && old.continues().contains(added)) {
        continue;
      }
      Field f = now.field(added).orElseThrow();
      if (f.isRetired()) {
        explain(
            CONTINUES_RETIRED_FIELD,
            Target.op(now.name(), op.name(), "continues"),
            old == null ? "no op " + op.name() : describe(old),
            describe(op),
            Optional.empty(),
            RETIREMENT_RECORDED.text(),
            ADVICE_CONTINUES_RETIRED.text(),
            op.name(),
            f.name(),
            f.retired().release());
        continue;
      }
      // Bits of a field the op carried before it was retired count too: words saved before the
      // retirement may set them, and must stay refused rather than be read as the new field.
      List<Field> usedBefore = new ArrayList<>();
      if (old != null) {
        usedBefore.addAll(published.fieldsUsedBy(old));
        usedBefore.addAll(published.retiredFieldsUsedBy(old));
      }
      for (Field used : usedBefore) {
        if (f.overlaps(used)) {
          add(
              FIELD_OVERLAPS_PUBLISHED,
              Target.field(now.name(), f.name(), "shift"),
              describe(published, used),
              describe(now, f),
              witness(false, o -> o != null && o.code() == old.code(), used.name()),
              ADVICE_LAYOUT.text(),
              f.name(),
              Bits.range(f.shift(), f.bits()),
              used.name(),
              Bits.range(used.shift(), used.bits()),
              old.name());
        }
      }
    }
  }

  // ---------------------------------------------------------------- retirements

  /**
   * A published retirement must stay as it was: not undone, not moved to another release or reason.
   */
  private void checkRetirementKept(Target target, String what, Retirement was, Retirement is) {
    if (is == null) {
      explain(
          UNRETIRED,
          target,
          what + " " + was.describe(),
          what + " in use",
          Optional.empty(),
          RETIREMENT_RECORDED.text(),
          ADVICE_RETIREMENT.text(was.release(), was.reason()),
          what,
          was.release());
    } else if (!is.equals(was)) {
      explain(
          RETIREMENT_CHANGED,
          target.retiredAnnotation(),
          what + " " + was.describe(),
          what + " " + is.describe(),
          Optional.empty(),
          RETIREMENT_RECORDED.text(),
          ADVICE_RETIREMENT.text(was.release(), was.reason()),
          what,
          was.release(),
          was.reason(),
          is.release(),
          is.reason());
    }
  }

  /**
   * A retired thing deleted from the sources: its code, bits or name are free again, and a word
   * saved before the retirement is no longer refused saying why ({@code witness}, when one is
   * found).
   */
  private Break retiredRemoved(
      Target target, String what, Retirement r, String reserved, Optional<Witness> witness) {
    return new Break(
        RETIRED_REMOVED,
        target,
        RETIRED_REMOVED.formatFor(published.name(), what, r.release(), reserved),
        what + " " + r.describe(),
        "nothing",
        witness,
        witness.map(Witness::describe).orElse(RETIREMENT_RECORDED.text()),
        ADVICE_RETIREMENT.text(r.release(), r.reason()));
  }

  // ---------------------------------------------------------------- helpers

  /** A break whose consequence is its witness, or {@link GateMessage#NO_WITNESS} without one. */
  private void add(
      GateMessage rule,
      Target target,
      String was,
      String is,
      Optional<Witness> witness,
      String advice,
      Object... args) {
    explain(rule, target, was, is, witness, consequence(witness), advice, args);
  }

  /**
   * A break with a consequence of its own: a changed name or retirement, which misreads no saved
   * word.
   */
  private void explain(
      GateMessage rule,
      Target target,
      String was,
      String is,
      Optional<Witness> witness,
      String consequence,
      String advice,
      Object... args) {
    breaks.add(
        new Break(
            rule, target, rule.formatFor(now.name(), args), was, is, witness, consequence, advice));
  }

  private static String consequence(Optional<Witness> witness) {
    return witness.map(Witness::describe).orElse(NO_WITNESS.text());
  }

  private Predicate<Op> usesField(Field f) {
    return op -> f.opcode() || op == null || op.continues().contains(f.name());
  }

  private static String what(Field f) {
    return (f.opcode() ? "opcode " : "field ") + f.name();
  }

  private static String describe(Layout layout, Field f) {
    String text =
        what(f)
            + (f.opcode() ? "" : " " + f.encoding().name().toLowerCase(java.util.Locale.ROOT))
            + " bits "
            + Bits.range(f.shift(), f.bits())
            + " mask "
            + Bits.hex(f.mask(), layout.width());
    if (layout.hasCompat()) {
      text +=
          ", compat bits "
              + Bits.range(f.shift(), f.compatBits())
              + " mask "
              + Bits.hex(f.compatMask(), layout.compatWidth());
    }
    return text;
  }

  private static String describe(Op op) {
    return "op "
        + op.name()
        + " code "
        + op.code()
        + (op.aliases().isEmpty() ? "" : " (formerly " + String.join(", ", op.aliases()) + ")")
        + (op.continues().isEmpty()
            ? ", continues nothing"
            : ", continues " + String.join(", ", op.continues()));
  }

  // ---------------------------------------------------------------- witnesses

  /**
   * Searches saved words of the published layout, of the ops {@code ops} accepts, varying {@code
   * field} (every field when null or the opcode), for the worst misreading by the new layout. A
   * word that now reads as retired is no misreading: a retirement is compatible by decision.
   */
  Optional<Witness> witness(boolean compat, Predicate<Op> ops, String field) {
    Witness best = null;
    // Words saved at any time, before the published retirements too: such a word is refused as
    // retired now, and must stay refused so (or read as it was) rather than turn into something
    // else.
    Layout saved = published.withoutRetirements();
    for (long word : savedWords(saved, compat, ops, field)) {
      Reading before = published.read(word, compat);
      Reading after = now.read(word, compat);
      Witness w = null;
      if (before instanceof Reading.Accepted
          && !(after instanceof Reading.Retired)
          && !readsAlike(before, after)) {
        w = new Witness(word, compat, published.width(compat), before, after);
      } else if (before instanceof Reading.Retired r && !(after instanceof Reading.Retired)) {
        // Refused as retired until now: read as anything else (above all as another op given the
        // retired code) it is misread; read as the very op again, it is an un-retirement (no
        // misread).
        Reading original = saved.read(word, compat);
        boolean unretired =
            original instanceof Reading.Accepted o
                && after instanceof Reading.Accepted a
                && o.agreesWith(a)
                && o.sharesName(a);
        if (original instanceof Reading.Accepted && !unretired) {
          w =
              new Witness(
                  word, compat, published.width(compat), original, after, r.retirement().release());
        }
      }
      if (w != null && (best == null || w.severity() > best.severity())) {
        best = w;
        if (best.severity() == 3) {
          return Optional.of(best);
        }
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * Whether {@code after} reads a saved word as {@code before} did: the same op and values. The
   * same code is not enough when the op now at that code is another published op moved there (two
   * ops trading codes): a word saved by one would resume as the other.
   */
  private boolean readsAlike(Reading before, Reading after) {
    return before.agreesWith(after)
        && !(after instanceof Reading.Accepted a
            && a.op() != null
            && isAnotherPublishedOp(now.opWithCode(a.code()).orElseThrow()));
  }

  /**
   * Whether {@code op}, declared now, is a published op that had another code: not the op its code
   * had.
   */
  private boolean isAnotherPublishedOp(Op op) {
    return published.ops().stream()
        .anyMatch(
            p ->
                p.code() != op.code()
                    && (p.isNamed(op.name()) || op.aliases().stream().anyMatch(p::isNamed)));
  }

  private List<Long> savedWords(boolean compat, Predicate<Op> ops, String field) {
    return savedWords(published, compat, ops, field);
  }

  /**
   * Words a guest may hold, valid under {@code layout}: words in flight (some progress made) first,
   * then the word of each op with no progress. Only ops that continue leave saved words: a guest
   * never holds one of an op that cannot be preempted. Without an opcode every word is saved.
   */
  private static List<Long> savedWords(
      Layout layout, boolean compat, Predicate<Op> ops, String field) {
    List<Long> words = new ArrayList<>();
    Optional<Field> opcode = layout.opcode();
    List<Op> candidates = opcode.isPresent() ? layout.ops() : Collections.singletonList(null);
    boolean everyField = field == null || opcode.map(o -> o.name().equals(field)).orElse(false);
    for (Op op : candidates) {
      if (!ops.test(op) || op != null && op.continues().isEmpty()) {
        continue;
      }
      long base = op == null ? 0 : opcode.get().place(op.code());
      for (Field f : layout.fieldsUsedBy(op)) {
        if (f.opcode() || !(everyField || f.name().equals(field))) {
          continue;
        }
        int bits = compat ? f.compatBits() : f.bits();
        long mask = compat ? f.compatMask() : f.mask();
        for (long value : sampleValues(bits)) {
          words.add(base | ((value << f.shift()) & mask));
        }
      }
      words.add(base);
    }
    return words;
  }

  /** Small values first (what a guest most likely holds), then every single bit, then all ones. */
  private static Set<Long> sampleValues(int bits) {
    Set<Long> values = new LinkedHashSet<>();
    long max = Bits.mask(0, bits);
    for (long v = 1; v <= 8; v++) {
      if (Long.compareUnsigned(v, max) <= 0) {
        values.add(v);
      }
    }
    for (int k = 0; k < bits; k++) {
      values.add(1L << k);
    }
    if (bits > 0) {
      values.add(max);
    }
    return values;
  }
}
