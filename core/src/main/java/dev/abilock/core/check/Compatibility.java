package dev.abilock.core.check;

import static dev.abilock.core.Message.*;

import dev.abilock.core.Message;
import dev.abilock.core.manifest.Manifest;
import dev.abilock.core.model.Bits;
import dev.abilock.core.model.Field;
import dev.abilock.core.model.Layout;
import dev.abilock.core.model.Op;
import dev.abilock.core.model.Reading;
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
 * exists. Compatible changes (new ops, new fields in bits that had to be zero, an op continuing
 * with more fields) produce nothing here.
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
   * {@link #removed} when there is none. Breaks come out by continuable name, in rule order.
   *
   * @param now the layouts declared now, by continuable name
   */
  public static List<Break> check(Manifest old, Map<String, Layout> now) {
    List<Break> breaks = new ArrayList<>();
    for (String name : old.continuables()) {
      old.publishedLayout(name).ifPresent(published -> breaks.addAll(now.containsKey(name)
          ? check(published, now.get(name))
          : List.of(removed(published))));
    }
    return List.copyOf(breaks);
  }

  /** Every break between the {@code published} layout and the layout {@code now} declared. */
  public static List<Break> check(Layout published, Layout now) {
    Compatibility c = new Compatibility(published, now);
    c.checkWords();
    c.checkFields();
    c.checkOps();
    c.checkEverySavedWord();
    return List.copyOf(c.breaks);
  }

  /** The break of a published continuable that no source declares any more. */
  public static Break removed(Layout published) {
    // Nothing reads the word any more: the witness is the simplest saved word (the first op, no progress).
    long word = published.opcode()
        .flatMap(opcode -> published.ops().stream().findFirst().map(op -> opcode.place(op.code())))
        .orElse(0L);
    Reading before = published.read(word, false);
    Optional<Witness> witness = before instanceof Reading.Accepted
        ? Optional.of(new Witness(word, false, published.width(), before,
            new Reading.Refused(CONTINUABLE_GONE_READING.text(published.name()))))
        : Optional.empty();
    return new Break(CONTINUABLE_REMOVED, Target.continuable(published.name(), null),
        CONTINUABLE_REMOVED.formatFor(published.name(), published.name(), published.className()),
        "continuable " + published.name() + " (" + published.width() + "-bit word)", "nothing", witness);
  }

  private void checkWords() {
    if (now.width() < published.width()) {
      add(WIDTH_NARROWED, Target.continuable(now.name(), "width"), published.width() + "-bit word",
          now.width() + "-bit word", witness(false, op -> true, null), now.name(), published.width(), now.width());
    }
    if (now.width() > published.width()) {
      // Every saved word still reads the same, but WIDTH and every mask's padding are published constants.
      add(WIDTH_WIDENED, Target.continuable(now.name(), "width"), published.width() + "-bit word",
          now.width() + "-bit word", witness(false, op -> true, null), now.name(), published.width(), now.width());
    }
    if (published.opcode().isEmpty() && now.opcode().isPresent()
        && published.field(now.opcode().get().name()).isEmpty()) { // else it is a field's role change
      // Saved words select no op; now their opcode bits do, so each reads as some op or is refused.
      Field opcode = now.opcode().get();
      add(OPCODE_ADDED, Target.field(now.name(), opcode.name(), null), "no opcode (every field in every word)",
          describe(now, opcode), witness(false, op -> true, null), now.name(), opcode.name(),
          Bits.range(opcode.shift(), opcode.bits()));
    }
    if (published.hasCompat() && !now.hasCompat()) {
      add(COMPAT_WIDTH_REMOVED, Target.continuable(now.name(), "compatWidth"),
          published.compatWidth() + "-bit compat word", "no compat word", witness(true, op -> true, null),
          now.name(), published.compatWidth());
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
    for (boolean compat : published.hasCompat() ? new boolean[] {false, true} : new boolean[] {false}) {
      Optional<Witness> witness = witness(compat, op -> true, null);
      if (witness.isPresent()) {
        add(SAVED_WORD_MISREAD, Target.continuable(now.name(), null), "published layout of " + published.name(),
            "layout declared now", witness, compat ? "compat word" : "word");
        return;
      }
    }
  }

  private boolean publishedEntriesUnchanged() {
    if (published.width() != now.width() || published.compatWidth() != now.compatWidth()
        || published.opcode().isPresent() != now.opcode().isPresent()) {
      return false;
    }
    for (Field old : published.fields()) {
      Optional<Field> f = now.field(old.name());
      if (f.isEmpty() || f.get().opcode() != old.opcode() || f.get().encoding() != old.encoding()
          || f.get().shift() != old.shift() || f.get().bits() != old.bits() || f.get().compatBits() != old.compatBits()) {
        return false;
      }
    }
    return published.ops().stream().allMatch(old -> now.op(old.name())
        .filter(op -> op.code() == old.code() && op.continues().containsAll(old.continues())).isPresent());
  }

  private void checkFields() {
    for (Field old : published.fields()) {
      Optional<Field> found = now.field(old.name());
      String was = describe(published, old);
      if (found.isEmpty()) {
        add(FIELD_REMOVED, Target.continuable(now.name(), null), was, "no field " + old.name(),
            fieldWitness(old), what(old), Bits.range(old.shift(), old.bits()));
        continue;
      }
      Field f = found.get();
      Target at = Target.field(now.name(), f.name(), null);
      String is = describe(now, f);
      if (f.opcode() != old.opcode()) {
        add(FIELD_ROLE_CHANGED, at, was, is, fieldWitness(old), what(old),
            old.opcode() ? "opcode" : "continuation field", f.opcode() ? "opcode" : "continuation field");
      } else if (f.encoding() != old.encoding()) {
        add(FIELD_ENCODING_CHANGED, withAttribute(at, "encoding"), was, is, fieldWitness(old),
            what(old), old.encoding(), f.encoding());
      } else if (f.shift() != old.shift()) {
        add(FIELD_SHIFTED, withAttribute(at, "shift"), was, is, fieldWitness(old), what(old),
            Bits.range(old.shift(), old.bits()), Bits.range(f.shift(), f.bits()));
      } else if (f.bits() != old.bits()) {
        add(f.bits() > old.bits() ? FIELD_WIDENED : FIELD_NARROWED, withAttribute(at, "bits"), was, is,
            fieldWitness(old), what(old), Bits.range(old.shift(), old.bits()),
            Bits.range(f.shift(), f.bits()));
      } else if (published.hasCompat() && now.hasCompat() && f.compatBits() != old.compatBits()) {
        add(f.compatBits() > old.compatBits() ? COMPAT_FIELD_WIDENED : COMPAT_FIELD_NARROWED,
            withAttribute(at, f.opcode() ? "bits" : "compatBits"), was, is, witness(true, usesField(old), old.name()),
            what(old), Bits.range(old.shift(), old.compatBits()), Bits.range(f.shift(), f.compatBits()));
      }
    }
  }

  /**
   * A saved word misread through a change of the published field {@code old}: a native word, else a
   * compat word (a field widened natively but narrowed in the compat word misreads only compat words).
   */
  private Optional<Witness> fieldWitness(Field old) {
    Optional<Witness> w = witness(false, usesField(old), old.name());
    if (w.isEmpty() && published.hasCompat() && now.hasCompat()) {
      w = witness(true, usesField(old), old.name());
    }
    return w;
  }

  private void checkOps() {
    for (Op old : published.ops()) {
      Optional<Op> found = now.op(old.name());
      String was = describe(old);
      if (found.isEmpty()) {
        add(OP_REMOVED, Target.continuable(now.name(), null), was, "no op " + old.name(),
            witness(false, op -> op == old, null), old.name(), old.code());
        continue;
      }
      Op op = found.get();
      if (op.code() != old.code()) {
        add(OP_CODE_CHANGED, Target.op(now.name(), op.name(), null), was, describe(op),
            witness(false, o -> o == old, null), old.name(), old.code(), op.code());
      }
      for (String field : old.continues()) {
        if (!op.continues().contains(field)) {
          add(OP_CONTINUATION_DROPPED, Target.op(now.name(), op.name(), "continues"), was, describe(op),
              witness(false, o -> o == old, field), old.name(), field);
        }
      }
      checkNewContinuations(old, op);
    }
  }

  /**
   * An op that starts to carry a field is compatible only if that field avoids every bit the op
   * already used. The reader already refuses two overlapping fields on one op, so this fires only
   * beside the break that freed those bits (a dropped continuation, a moved field); it names the
   * overlap itself, which is what a reviewer has to undo.
   */
  private void checkNewContinuations(Op old, Op op) {
    for (String added : op.continues()) {
      if (old.continues().contains(added)) {
        continue;
      }
      Field f = now.field(added).orElseThrow();
      for (Field used : published.fieldsUsedBy(old)) {
        if (f.overlaps(used)) {
          add(FIELD_OVERLAPS_PUBLISHED, Target.field(now.name(), f.name(), "shift"), describe(published, used),
              describe(now, f), witness(false, o -> o == old, used.name()), f.name(), Bits.range(f.shift(), f.bits()),
              used.name(), Bits.range(used.shift(), used.bits()), old.name());
        }
      }
    }
  }

  private void add(Message rule, Target target, String was, String is, Optional<Witness> witness, Object... args) {
    breaks.add(new Break(rule, target, rule.formatFor(now.name(), args), was, is, witness));
  }

  private static Target withAttribute(Target t, String attribute) {
    return new Target(t.continuable(), t.kind(), t.name(), attribute);
  }

  private Predicate<Op> usesField(Field f) {
    return op -> f.opcode() || op == null || op.continues().contains(f.name());
  }

  private static String what(Field f) {
    return (f.opcode() ? "opcode " : "field ") + f.name();
  }

  private static String describe(Layout layout, Field f) {
    String text = what(f) + (f.opcode() ? "" : " " + f.encoding().name().toLowerCase(java.util.Locale.ROOT))
        + " bits " + Bits.range(f.shift(), f.bits()) + " mask " + Bits.hex(f.mask(), layout.width());
    if (layout.hasCompat()) {
      text += ", compat bits " + Bits.range(f.shift(), f.compatBits()) + " mask "
          + Bits.hex(f.compatMask(), layout.compatWidth());
    }
    return text;
  }

  private static String describe(Op op) {
    return "op " + op.name() + " code " + op.code()
        + (op.continues().isEmpty() ? ", continues nothing" : ", continues " + String.join(", ", op.continues()));
  }

  // ---------------------------------------------------------------- witnesses

  /**
   * Searches words valid under the published layout, for the ops {@code ops} accepts, varying
   * {@code field} (every field when null or the opcode), for the worst misreading by the new layout.
   */
  Optional<Witness> witness(boolean compat, Predicate<Op> ops, String field) {
    Witness best = null;
    List<Op> candidates = published.opcode().isPresent() ? published.ops() : Collections.singletonList(null);
    Optional<Field> opcode = published.opcode();
    boolean everyField = field == null || opcode.map(o -> o.name().equals(field)).orElse(false);
    for (Op op : candidates) {
      if (!ops.test(op)) {
        continue;
      }
      long base = op == null ? 0 : opcode.get().place(op.code());
      List<Long> words = new ArrayList<>();
      words.add(base);
      for (Field f : published.fieldsUsedBy(op)) {
        if (f.opcode() || !(everyField || f.name().equals(field))) {
          continue;
        }
        int bits = compat ? f.compatBits() : f.bits();
        long mask = compat ? f.compatMask() : f.mask();
        for (long value : sampleValues(bits)) {
          words.add(base | ((value << f.shift()) & mask));
        }
      }
      for (long word : words) {
        Reading before = published.read(word, compat);
        Reading after = now.read(word, compat);
        if (before instanceof Reading.Accepted && !before.agreesWith(after)) {
          Witness w = new Witness(word, compat, published.width(compat), before, after);
          if (best == null || w.severity() > best.severity()) {
            best = w;
          }
          if (best.severity() == 3) {
            return Optional.of(best);
          }
        }
      }
    }
    return Optional.ofNullable(best);
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
