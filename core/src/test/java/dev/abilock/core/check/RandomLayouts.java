package dev.abilock.core.check;

import dev.abilock.Encoding;
import dev.abilock.core.model.Bits;
import dev.abilock.core.model.Field;
import dev.abilock.core.model.Layout;
import dev.abilock.core.model.Op;
import dev.abilock.core.model.Retirement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Random layouts as a manifest records them, and random edits between releases, for gate B's
 * soundness property. The edits are the ones a developer makes in a handler class (widen, narrow,
 * move or re-encode a field, Xen 3.4's widened opcode pushing the next field up, add or remove
 * fields, ops, continues, the opcode or the compat word, renumber, rename, reorder, move the class),
 * and the life of a published ABI: a rename that keeps the old name as an alias (Xen 4.4's
 * add_to_physmap_batch), dropping an alias, retiring an op, a field or the continuable (Xen 4.9's
 * hvm_op), and the mistakes around retirements (un-retiring, moving a retirement, deleting a retired
 * declaration, giving a retired code or name to something new). Compatible edits are drawn more
 * often so that about half the evolutions pass. Only layouts the processor would accept are
 * produced ({@link #problems}).
 */
final class RandomLayouts {
  private RandomLayouts() {}

  static final String NAME = "gen";

  /** A layout under edit. */
  static final class Spec {
    String className = "org.example.Gen";
    int width;
    int compat;
    List<F> fields = new ArrayList<>();
    List<O> ops = new ArrayList<>();
    /** The continuable's {@code @Retired}, or null. */
    Retirement retired;

    Spec copy() {
      Spec s = new Spec();
      s.className = className;
      s.retired = retired;
      s.width = width;
      s.compat = compat;
      fields.forEach(f -> s.fields.add(f.copy()));
      ops.forEach(o -> s.ops.add(o.copy()));
      return s;
    }

    F opcode() {
      return fields.stream().filter(f -> f.opcode).findFirst().orElse(null);
    }

    List<F> continuationFields() {
      return fields.stream().filter(f -> !f.opcode).toList();
    }

    Layout layout() {
      List<Field> fs = fields.stream()
          .map(f -> new Field(f.name, f.opcode, f.encoding, f.shift, f.bits, compat == 0 ? 0 : f.compatBits, f.retired))
          .toList();
      List<Op> os = ops.stream()
          .map(o -> new Op(o.name, o.code, fields.stream().map(f -> f.name).filter(o.continues::contains).toList(),
              o.aliases, o.retired))
          .toList();
      return new Layout(NAME, className, width, compat, fs, os, retired);
    }

    /** Compat bits that fit the compat word: all of a field's bits below bit 32. */
    void fitCompat(F f) {
      f.compatBits = f.opcode ? f.bits : Math.max(0, Math.min(f.compatBits, Math.min(f.bits, 32 - f.shift)));
    }
  }

  static final class F {
    String name;
    boolean opcode;
    Encoding encoding = Encoding.SHIFTED;
    int shift;
    int bits;
    int compatBits;
    /** Its {@code @Retired}, or null. */
    Retirement retired;

    F copy() {
      F f = new F();
      f.retired = retired;
      f.name = name;
      f.opcode = opcode;
      f.encoding = encoding;
      f.shift = shift;
      f.bits = bits;
      f.compatBits = compatBits;
      return f;
    }

    long mask() {
      return Bits.mask(shift, bits);
    }

    boolean overlaps(F other) {
      return (mask() & other.mask()) != 0;
    }
  }

  static final class O {
    String name;
    long code;
    Set<String> continues = new LinkedHashSet<>();
    /** Its former names ({@code @Op(aliases = ...)}). */
    List<String> aliases = new ArrayList<>();
    /** Its {@code @Retired}, or null. */
    Retirement retired;

    O copy() {
      O o = new O();
      o.aliases = new ArrayList<>(aliases);
      o.retired = retired;
      o.name = name;
      o.code = code;
      o.continues.addAll(continues);
      return o;
    }
  }

  // ------------------------------------------------------------------ generation

  /** A random layout the processor accepts. */
  static Spec random(SplittableRandom r) {
    while (true) {
      Spec s = new Spec();
      s.width = r.nextBoolean() ? 64 : 32;
      s.compat = r.nextBoolean() ? 32 : 0;
      int next = 0;
      if (r.nextInt(4) != 0) {
        F oc = new F();
        oc.name = "cmd";
        oc.opcode = true;
        oc.bits = 1 + r.nextInt(6);
        oc.shift = r.nextInt(4) == 0 ? r.nextInt(8) : 0;
        oc.compatBits = oc.bits;
        s.fields.add(oc);
        next = oc.shift + oc.bits;
      }
      for (int i = r.nextInt(4); i > 0; i--) {
        F f = randomField(r, s, next);
        if (f != null) {
          s.fields.add(f);
          next = f.shift + f.bits;
        }
      }
      if (s.opcode() != null) {
        for (int i = r.nextInt(5); i >= 0; i--) {
          addOp(r, s);
        }
        // Some ops were renamed before the first release, keeping their old names.
        for (O o : s.ops) {
          if (r.nextInt(4) == 0) {
            o.aliases.add(freshOpName(r, s));
          }
        }
      }
      if (problems(s.layout()).isEmpty()) {
        return s;
      }
    }
  }

  /** A new continuation field, right after bit {@code next} or anywhere; null if it does not fit. */
  static F randomField(SplittableRandom r, Spec s, int next) {
    F f = new F();
    f.name = freshFieldName(r, s);
    f.shift = r.nextInt(3) != 0 ? next : r.nextInt(s.width);
    if (f.shift >= s.width) {
      return null;
    }
    int room = s.width - f.shift;
    f.bits = 1 + r.nextInt(Math.min(room, r.nextBoolean() ? 8 : 64));
    f.encoding = r.nextBoolean() ? Encoding.SHIFTED : Encoding.IN_PLACE;
    f.compatBits = r.nextInt(3) == 0 ? r.nextInt(f.bits + 1) : f.bits;
    s.fitCompat(f);
    return f;
  }

  private static void addOp(SplittableRandom r, Spec s) {
    F oc = s.opcode();
    O o = new O();
    o.name = freshOpName(r, s);
    o.code = randomCode(r, oc);
    chooseContinues(r, s, o);
    s.ops.add(o);
  }

  /** Small codes first (they collide, and collisions are what break), else anything that fits. */
  private static long randomCode(SplittableRandom r, F opcode) {
    // Edits may have left the opcode too narrow or too wide to be valid; any code will do then.
    long max = Bits.mask(0, Math.max(0, Math.min(opcode.bits, 62)));
    return r.nextBoolean() ? r.nextLong(Math.min(max, 7) + 1) : r.nextLong(max + 1);
  }

  /** Continues with fields that avoid the opcode and each other. */
  private static void chooseContinues(SplittableRandom r, Spec s, O o) {
    List<F> used = new ArrayList<>();
    if (s.opcode() != null) {
      used.add(s.opcode());
    }
    // A new op never continues with a retired field (continues-retired-field); the edits make that mistake on purpose.
    List<F> candidates = new ArrayList<>(s.continuationFields().stream().filter(f -> f.retired == null).toList());
    Collections.shuffle(candidates, new java.util.Random(r.nextLong()));
    for (F f : candidates) {
      if (r.nextBoolean() && used.stream().noneMatch(f::overlaps)) {
        o.continues.add(f.name);
        used.add(f);
      }
    }
  }

  private static String freshFieldName(SplittableRandom r, Spec s) {
    while (true) {
      String name = "f" + r.nextInt(1000);
      if (s.fields.stream().noneMatch(f -> f.name.equals(name))) {
        return name;
      }
    }
  }

  private static String freshOpName(SplittableRandom r, Spec s) {
    while (true) {
      String name = "OP_" + r.nextInt(1000);
      if (s.ops.stream().noneMatch(o -> o.name.equals(name) || o.aliases.contains(name))) {
        return name;
      }
    }
  }

  // ------------------------------------------------------------------ evolution

  enum Edit {
    WIDEN, NARROW, SHIFT, XEN_34, RE_ENCODE, ADD_FIELD, REMOVE_FIELD, ADD_OP, REMOVE_OP, CONTINUES_ADD,
    CONTINUES_DROP, CHANGE_CODE, SWAP_CODES, WIDTH, COMPAT, COMPAT_BITS, RENAME_FIELD, RENAME_OP, ADD_OPCODE,
    REMOVE_OPCODE, ROLE, REORDER, MOVE_CLASS,
    // The life of a published ABI, and the mistakes around it.
    RENAME_OP_KEEPING_ALIAS, DROP_ALIAS, RETIRE_OP, RETIRE_FIELD, RETIRE_CONTINUABLE, UNRETIRE, RE_RETIRE,
    DELETE_RETIRED, REUSE_RETIRED_CODE, REUSE_RETIRED_OP_NAME, REUSE_RETIRED_FIELD_NAME, CONTINUES_RETIRED
  }

  /** Compatible edits (new ops, fields, continues; order; the class) are drawn more often. */
  private static final Edit[] DRAW = {
      Edit.WIDEN, Edit.NARROW, Edit.SHIFT, Edit.XEN_34, Edit.RE_ENCODE, Edit.ADD_FIELD, Edit.ADD_FIELD,
      Edit.ADD_FIELD, Edit.REMOVE_FIELD, Edit.ADD_OP, Edit.ADD_OP, Edit.ADD_OP, Edit.ADD_OP, Edit.REMOVE_OP,
      Edit.CONTINUES_ADD, Edit.CONTINUES_ADD, Edit.CONTINUES_ADD, Edit.CONTINUES_DROP, Edit.CHANGE_CODE,
      Edit.SWAP_CODES, Edit.WIDTH, Edit.COMPAT, Edit.COMPAT, Edit.COMPAT_BITS, Edit.RENAME_FIELD, Edit.RENAME_OP,
      Edit.ADD_OPCODE, Edit.ADD_OPCODE, Edit.REMOVE_OPCODE, Edit.ROLE, Edit.REORDER, Edit.REORDER, Edit.MOVE_CLASS,
      Edit.RENAME_OP_KEEPING_ALIAS, Edit.RENAME_OP_KEEPING_ALIAS, Edit.DROP_ALIAS, Edit.RETIRE_OP, Edit.RETIRE_OP,
      Edit.RETIRE_OP, Edit.RETIRE_FIELD, Edit.RETIRE_FIELD, Edit.RETIRE_CONTINUABLE, Edit.UNRETIRE, Edit.RE_RETIRE,
      Edit.DELETE_RETIRED, Edit.REUSE_RETIRED_CODE, Edit.REUSE_RETIRED_CODE, Edit.REUSE_RETIRED_OP_NAME,
      Edit.REUSE_RETIRED_FIELD_NAME, Edit.CONTINUES_RETIRED};

  /** One to three random edits of {@code base} that leave a layout the processor accepts; {@code log} gets their names. */
  static Spec evolve(SplittableRandom r, Spec base, List<String> log) {
    for (int attempt = 0; attempt < 200; attempt++) {
      Spec s = base.copy();
      List<String> done = new ArrayList<>();
      int edits = 1 + (r.nextInt(3) == 0 ? r.nextInt(3) : 0);
      for (int i = 0; i < edits; i++) {
        Edit e = DRAW[r.nextInt(DRAW.length)];
        if (apply(r, s, e)) {
          done.add(e.name());
        }
      }
      if (!done.isEmpty() && problems(s.layout()).isEmpty()) {
        log.addAll(done);
        return s;
      }
    }
    log.add("NONE");
    return base.copy();
  }

  /** Applies one edit; false when it does not apply. The result may be a layout the processor refuses. */
  private static boolean apply(SplittableRandom r, Spec s, Edit e) {
    List<F> fields = s.fields;
    List<F> cont = s.continuationFields();
    F oc = s.opcode();
    switch (e) {
      case WIDEN, NARROW -> {
        if (fields.isEmpty()) {
          return false;
        }
        F f = pick(r, fields);
        int by = 1 + r.nextInt(r.nextBoolean() ? 2 : 8);
        f.bits += e == Edit.WIDEN ? by : -by;
        f.compatBits += e == Edit.WIDEN ? by : -by;
        s.fitCompat(f);
      }
      case SHIFT -> {
        if (fields.isEmpty()) {
          return false;
        }
        F f = pick(r, fields);
        f.shift += (r.nextBoolean() ? 1 : -1) * (1 + r.nextInt(r.nextBoolean() ? 2 : 12));
        s.fitCompat(f);
      }
      case XEN_34 -> {
        // The opcode widens, and the fields declared after it with implicit shifts move up with it,
        // losing their top bits: MEMOP_EXTENT_SHIFT 4 -> 6.
        if (oc == null) {
          return false;
        }
        int end = oc.shift + oc.bits;
        int by = 1 + r.nextInt(3);
        oc.bits += by;
        s.fitCompat(oc);
        for (F f : cont) {
          if (f.shift == end) {
            f.shift += by;
            f.bits = Math.min(f.bits, s.width - f.shift);
            s.fitCompat(f);
          }
        }
      }
      case RE_ENCODE -> {
        if (cont.isEmpty()) {
          return false;
        }
        F f = pick(r, cont);
        f.encoding = f.encoding == Encoding.SHIFTED ? Encoding.IN_PLACE : Encoding.SHIFTED;
      }
      case ADD_FIELD -> {
        F last = fields.isEmpty() ? null : fields.get(fields.size() - 1);
        F f = randomField(r, s, last == null ? 0 : last.shift + last.bits);
        if (f == null) {
          return false;
        }
        fields.add(f);
        for (O o : s.ops) {
          if (r.nextInt(3) == 0) {
            o.continues.add(f.name);
          }
        }
      }
      case REMOVE_FIELD -> {
        if (cont.isEmpty()) {
          return false;
        }
        F f = pick(r, cont);
        fields.remove(f);
        s.ops.forEach(o -> o.continues.remove(f.name));
      }
      case ADD_OP -> {
        if (oc == null) {
          return false;
        }
        addOp(r, s);
      }
      case REMOVE_OP -> {
        if (s.ops.isEmpty()) {
          return false;
        }
        s.ops.remove(r.nextInt(s.ops.size()));
      }
      case CONTINUES_ADD, CONTINUES_DROP -> {
        if (s.ops.isEmpty() || cont.isEmpty()) {
          return false;
        }
        O o = pick(r, s.ops);
        String f = pick(r, cont).name;
        return e == Edit.CONTINUES_ADD ? o.continues.add(f) : o.continues.remove(f);
      }
      case CHANGE_CODE -> {
        if (s.ops.isEmpty()) {
          return false;
        }
        pick(r, s.ops).code = randomCode(r, oc);
      }
      case SWAP_CODES -> {
        if (s.ops.size() < 2) {
          return false;
        }
        O a = s.ops.get(0);
        O b = s.ops.get(1 + r.nextInt(s.ops.size() - 1));
        long t = a.code;
        a.code = b.code;
        b.code = t;
      }
      case WIDTH -> s.width = s.width == 64 ? 32 : 64;
      case COMPAT -> {
        if (s.compat != 0) {
          s.compat = 0;
        } else {
          s.compat = 32;
          for (F f : fields) {
            f.compatBits = f.bits;
            s.fitCompat(f);
          }
        }
      }
      case COMPAT_BITS -> {
        if (s.compat == 0 || cont.isEmpty()) {
          return false;
        }
        F f = pick(r, cont);
        f.compatBits = r.nextInt(Math.max(1, f.bits + 1));
        s.fitCompat(f);
      }
      case RENAME_FIELD -> {
        if (cont.isEmpty()) {
          return false;
        }
        F f = pick(r, cont);
        String old = f.name;
        f.name = freshFieldName(r, s);
        for (O o : s.ops) {
          if (o.continues.remove(old)) {
            o.continues.add(f.name);
          }
        }
      }
      case RENAME_OP -> {
        if (s.ops.isEmpty()) {
          return false;
        }
        pick(r, s.ops).name = freshOpName(r, s);
      }
      case ADD_OPCODE -> {
        if (oc != null) {
          return false;
        }
        F added = new F();
        added.name = "op" + r.nextInt(100);
        added.opcode = true;
        added.bits = 1 + r.nextInt(4);
        added.shift = r.nextBoolean() ? 0 : r.nextInt(s.width);
        added.compatBits = added.bits;
        if (fields.stream().anyMatch(f -> f.name.equals(added.name))) {
          return false;
        }
        fields.add(r.nextInt(fields.size() + 1), added);
        for (int i = r.nextInt(3); i > 0; i--) {
          addOp(r, s);
        }
      }
      case REMOVE_OPCODE -> {
        if (oc == null) {
          return false;
        }
        fields.remove(oc);
        s.ops.clear();
      }
      case ROLE -> {
        if (oc != null) {
          // The opcode turns into a plain field: its ops go with it.
          oc.opcode = false;
          s.ops.clear();
        } else {
          if (cont.isEmpty()) {
            return false;
          }
          F f = pick(r, cont);
          f.opcode = true;
          f.encoding = Encoding.SHIFTED;
          s.fitCompat(f);
          for (int i = r.nextInt(3); i >= 0; i--) {
            addOp(r, s);
          }
        }
      }
      case REORDER -> {
        Collections.shuffle(fields, new java.util.Random(r.nextLong()));
        Collections.shuffle(s.ops, new java.util.Random(r.nextLong()));
      }
      case MOVE_CLASS -> s.className = "org.example.moved" + r.nextInt(100) + ".Gen";
      case RENAME_OP_KEEPING_ALIAS -> {
        // Xen 4.4: XENMEM_add_to_physmap_range became _batch, and the old name stayed.
        List<O> live = s.ops.stream().filter(o -> o.retired == null).toList();
        if (live.isEmpty()) {
          return false;
        }
        O o = pick(r, live);
        String renamed = freshOpName(r, s);
        o.aliases.add(o.name);
        o.name = renamed;
      }
      case DROP_ALIAS -> {
        List<O> named = s.ops.stream().filter(o -> !o.aliases.isEmpty()).toList();
        if (named.isEmpty()) {
          return false;
        }
        O o = pick(r, named);
        o.aliases.remove(r.nextInt(o.aliases.size()));
      }
      case RETIRE_OP -> {
        List<O> live = s.ops.stream().filter(o -> o.retired == null).toList();
        if (live.isEmpty()) {
          return false;
        }
        pick(r, live).retired = retirement(r);
      }
      case RETIRE_FIELD -> {
        List<F> live = cont.stream().filter(f -> f.retired == null).toList();
        if (live.isEmpty()) {
          return false;
        }
        pick(r, live).retired = retirement(r);
      }
      case RETIRE_CONTINUABLE -> {
        if (s.retired != null) {
          return false;
        }
        s.retired = retirement(r);
      }
      case UNRETIRE, RE_RETIRE -> {
        // Undo a retirement, or move it to another release: both rewrite a frozen record.
        Retirement to = e == Edit.UNRETIRE ? null : new Retirement("10." + r.nextInt(10), "retired again");
        List<Runnable> undo = new ArrayList<>();
        s.ops.stream().filter(o -> o.retired != null).forEach(o -> undo.add(() -> o.retired = to));
        fields.stream().filter(f -> f.retired != null).forEach(f -> undo.add(() -> f.retired = to));
        if (s.retired != null) {
          undo.add(() -> s.retired = to);
        }
        if (undo.isEmpty()) {
          return false;
        }
        pick(r, undo).run();
      }
      case DELETE_RETIRED -> {
        // The tempting clean-up: the retired declaration looks dead.
        List<Runnable> delete = new ArrayList<>();
        s.ops.stream().filter(o -> o.retired != null).forEach(o -> delete.add(() -> s.ops.remove(o)));
        cont.stream().filter(f -> f.retired != null).forEach(f -> delete.add(() -> {
          fields.remove(f);
          s.ops.forEach(o -> o.continues.remove(f.name));
        }));
        if (delete.isEmpty()) {
          return false;
        }
        pick(r, delete).run();
      }
      case REUSE_RETIRED_CODE, REUSE_RETIRED_OP_NAME -> {
        // The retired constant deleted, and its code (or its name) handed to a new op.
        List<O> retired = s.ops.stream().filter(o -> o.retired != null).toList();
        if (retired.isEmpty() || oc == null) {
          return false;
        }
        O old = pick(r, retired);
        s.ops.remove(old);
        O o = new O();
        o.name = e == Edit.REUSE_RETIRED_OP_NAME ? old.name : freshOpName(r, s);
        o.code = e == Edit.REUSE_RETIRED_CODE ? old.code : randomCode(r, oc);
        chooseContinues(r, s, o);
        s.ops.add(o);
      }
      case CONTINUES_RETIRED -> {
        // New progress kept in a retired field's bits, by its old name.
        List<F> retired = cont.stream().filter(f -> f.retired != null).toList();
        if (retired.isEmpty() || s.ops.isEmpty()) {
          return false;
        }
        return pick(r, s.ops).continues.add(pick(r, retired).name);
      }
      case REUSE_RETIRED_FIELD_NAME -> {
        // The retired field deleted, and a new field (for new ops or old) takes its name.
        List<F> retired = cont.stream().filter(f -> f.retired != null).toList();
        if (retired.isEmpty()) {
          return false;
        }
        F old = pick(r, retired);
        fields.remove(old);
        s.ops.forEach(o -> o.continues.remove(old.name));
        F last = fields.isEmpty() ? null : fields.get(fields.size() - 1);
        F f = randomField(r, s, last == null ? 0 : last.shift + last.bits);
        if (f == null) {
          return false;
        }
        f.name = old.name;
        fields.add(f);
        for (O o : s.ops) {
          if (r.nextInt(3) == 0) {
            o.continues.add(f.name);
          }
        }
      }
    }
    return true;
  }

  private static Retirement retirement(SplittableRandom r) {
    return new Retirement("9." + r.nextInt(10), "retired by the evolution");
  }

  private static <T> T pick(SplittableRandom r, List<T> list) {
    return list.get(r.nextInt(list.size()));
  }

  // ------------------------------------------------------------------ what the processor accepts

  /**
   * Why the processor (or the manifest reader) would refuse {@code l}; empty when it is a layout a
   * manifest can hold. The same rules as the declaration checks, restated on the model.
   */
  static List<String> problems(Layout l) {
    List<String> problems = new ArrayList<>();
    if (l.width() != 32 && l.width() != 64) {
      problems.add("width " + l.width());
    }
    if (l.compatWidth() != 0 && l.compatWidth() != 32) {
      problems.add("compat width " + l.compatWidth());
    }
    Set<String> names = new HashSet<>();
    int opcodes = 0;
    for (Field f : l.fields()) {
      if (!names.add(f.name())) {
        problems.add("two fields " + f.name());
      }
      if (f.bits() < 1 || f.shift() < 0 || f.shift() + f.bits() > l.width()) {
        problems.add(f.name() + " outside the word");
      }
      if (f.opcode()) {
        opcodes++;
        if (f.isRetired()) {
          problems.add("retired opcode");
        }
        if (f.encoding() != Encoding.SHIFTED) {
          problems.add("opcode in place");
        }
        if (l.hasCompat() && (f.compatBits() != f.bits() || f.shift() + f.bits() > l.compatWidth())) {
          problems.add("opcode beyond the compat word");
        }
      }
      if (!l.hasCompat() && f.compatBits() != 0) {
        problems.add(f.name() + " has compat bits without a compat word");
      }
      if (l.hasCompat() && (f.compatBits() < 0 || f.compatBits() > f.bits()
          || (f.compatBits() > 0 && f.shift() + f.compatBits() > l.compatWidth()))) {
        problems.add(f.name() + " compat bits " + f.compatBits());
      }
    }
    if (opcodes > 1) {
      problems.add("two opcodes");
    }
    if (l.opcode().isEmpty() && !l.ops().isEmpty()) {
      problems.add("ops without an opcode");
    }
    Set<String> opNames = new HashSet<>();
    Set<Long> codes = new HashSet<>();
    for (Op o : l.ops()) {
      if (!opNames.add(o.name())) {
        problems.add("two ops " + o.name());
      }
      for (String a : o.aliases()) {
        if (!opNames.add(a)) {
          problems.add("op name or alias " + a + " twice");
        }
      }
      if (!codes.add(o.code())) {
        problems.add("two ops with code " + o.code());
      }
      l.opcode().filter(oc -> o.code() < 0 || o.code() > oc.max()).ifPresent(oc -> problems.add(o.name() + " code"));
      for (String c : o.continues()) {
        if (l.field(c).filter(f -> !f.opcode()).isEmpty()) {
          problems.add(o.name() + " continues " + c);
        }
      }
    }
    if (problems.isEmpty()) {
      List<Op> users = l.opcode().isEmpty() ? Collections.singletonList(null) : l.ops();
      for (Op o : users) {
        // Retired fields count: the reader refuses an op that continues with two overlapping fields,
        // retired or not (without an opcode, any two overlapping fields).
        List<Field> used = new ArrayList<>(l.fieldsUsedBy(o));
        used.addAll(l.retiredFieldsUsedBy(o));
        for (int a = 0; a < used.size(); a++) {
          for (int b = a + 1; b < used.size(); b++) {
            if (used.get(a).overlaps(used.get(b))) {
              problems.add(used.get(a).name() + " overlaps " + used.get(b).name() + " for " + o);
            }
          }
        }
      }
    }
    return problems;
  }
}
