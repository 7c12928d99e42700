package dev.abilock.processor;

import dev.abilock.Encoding;
import dev.abilock.core.model.Bits;
import dev.abilock.core.model.Retirement;
import dev.abilock.processor.model.FieldType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Random edits of a layout's source, as a developer makes them between releases: widen, narrow,
 * move or re-encode a field (fields with implicit shifts move along, as in Xen 3.4), add or remove
 * fields, ops and continues, change codes, widths and the compat word, add or drop the opcode,
 * reorder declarations. Compatible edits (new ops, new fields in zero bits, new continues, Java
 * types) are weighted up so that about half the evolutions pass Gate B.
 */
final class Evolve {
  private Evolve() {}

  enum Kind {
    WIDEN, NARROW, SHIFT, RE_ENCODE, ADD_FIELD, INSERT_FIELD, REMOVE_FIELD, ADD_OP, REMOVE_OP, CONTINUES_ADD,
    CONTINUES_DROP, CHANGE_CODE, SWAP_CODES, WIDTH, COMPAT, COMPAT_BITS, RENAME_FIELD, RENAME_OP, ADD_OPCODE,
    REMOVE_OPCODE, REORDER, JAVA_TYPE, ROLE,
    // The life of a published ABI: renames that keep the old name, retirements, and the mistakes
    // around them (dropping an alias, un-retiring, reusing a retired code or name).
    RENAME_OP_KEEPING_ALIAS, DROP_ALIAS, RETIRE_OP, RETIRE_FIELD, RETIRE_CONTINUABLE, UNRETIRE, RE_RETIRE,
    REUSE_RETIRED_CODE,
    REUSE_RETIRED_NAME
  }

  /** Weights: compatible edits are drawn more often. */
  private static final Kind[] DRAW = {
      Kind.WIDEN, Kind.NARROW, Kind.SHIFT, Kind.RE_ENCODE, Kind.ADD_FIELD, Kind.ADD_FIELD, Kind.ADD_FIELD,
      Kind.INSERT_FIELD, Kind.REMOVE_FIELD, Kind.ADD_OP, Kind.ADD_OP, Kind.ADD_OP, Kind.ADD_OP, Kind.REMOVE_OP,
      Kind.CONTINUES_ADD, Kind.CONTINUES_ADD, Kind.CONTINUES_ADD, Kind.CONTINUES_DROP, Kind.CHANGE_CODE,
      Kind.SWAP_CODES, Kind.WIDTH, Kind.COMPAT, Kind.COMPAT_BITS, Kind.RENAME_FIELD, Kind.RENAME_OP, Kind.ADD_OPCODE,
      Kind.ADD_OPCODE, Kind.REMOVE_OPCODE, Kind.REORDER, Kind.JAVA_TYPE, Kind.JAVA_TYPE, Kind.ROLE,
      Kind.RENAME_OP_KEEPING_ALIAS, Kind.RENAME_OP_KEEPING_ALIAS, Kind.DROP_ALIAS, Kind.RETIRE_OP, Kind.RETIRE_OP,
      Kind.RETIRE_FIELD, Kind.RETIRE_CONTINUABLE, Kind.UNRETIRE, Kind.RE_RETIRE, Kind.REUSE_RETIRED_CODE,
      Kind.REUSE_RETIRED_CODE,
      Kind.REUSE_RETIRED_NAME};

  /** One to three random edits of {@code base} that leave a valid declaration; {@code log} gets their names. */
  static Spec evolve(SplittableRandom r, Spec base, List<String> log) {
    for (int attempt = 0; attempt < 200; attempt++) {
      Spec s = base.copy();
      List<String> done = new ArrayList<>();
      int edits = 1 + (r.nextInt(3) == 0 ? r.nextInt(3) : 0);
      for (int i = 0; i < edits; i++) {
        Kind k = Spec.pick(r, DRAW);
        if (apply(r, s, k)) {
          done.add(k.name());
        }
      }
      if (!done.isEmpty() && s.problems().isEmpty()) {
        log.addAll(done);
        return s;
      }
    }
    log.add("NONE");
    return base.copy();
  }

  /** Applies one edit; false when it does not apply to this layout. The result may be invalid. */
  static boolean apply(SplittableRandom r, Spec s, Kind k) {
    List<Spec.F> fields = s.fields;
    List<Spec.F> cont = s.continuationFields();
    Spec.F oc = s.opcode().orElse(null);
    switch (k) {
      case WIDEN, NARROW -> {
        if (fields.isEmpty()) {
          return false;
        }
        Spec.F f = fields.get(r.nextInt(fields.size()));
        if (f.type == FieldType.BOOLEAN) {
          return false;
        }
        int by = 1 + r.nextInt(r.nextBoolean() ? 2 : 8);
        f.bits += k == Kind.WIDEN ? by : -by;
        if (s.compat != 0 && !f.opcode) {
          f.compatBits = Math.max(0, Math.min(f.compatBits + (k == Kind.WIDEN ? by : -by), f.bits));
          if (f.compatBits > 0 && f.shift + f.compatBits > s.compat) {
            f.compatBits = Math.max(0, s.compat - f.shift);
          }
        }
        if (f.bits > f.type.bits() && f.type != FieldType.LONG) {
          f.type = Spec.typeFor(r, Math.min(f.bits, 64), false);
        }
        s.reflow(); // fields after it with implicit shifts move: Xen 3.4's MEMOP_EXTENT_SHIFT 4 -> 6
      }
      case SHIFT -> {
        if (fields.isEmpty()) {
          return false;
        }
        Spec.F f = fields.get(r.nextInt(fields.size()));
        f.shift += (r.nextBoolean() ? 1 : -1) * (1 + r.nextInt(r.nextBoolean() ? 2 : 12));
        f.explicitShift = true;
        s.reflow();
      }
      case RE_ENCODE -> {
        if (cont.isEmpty()) {
          return false;
        }
        Spec.F f = cont.get(r.nextInt(cont.size()));
        if (f.type == FieldType.BOOLEAN) {
          return false;
        }
        f.encoding = f.encoding == Encoding.SHIFTED ? Encoding.IN_PLACE : Encoding.SHIFTED;
        f.explicitShift = true;
      }
      case ADD_FIELD, INSERT_FIELD -> {
        Set<String> names = javaNames(s);
        Spec.F last = fields.isEmpty() ? null : fields.get(fields.size() - 1);
        Spec.F f = Spec.randomField(r, s, last == null ? 0 : last.shift + last.bits, names);
        if (f == null) {
          return false;
        }
        if (k == Kind.INSERT_FIELD && !fields.isEmpty()) {
          fields.add(r.nextInt(fields.size()), f);
          s.reflow();
        } else {
          fields.add(f);
        }
        for (Spec.O o : s.ops) {
          if (r.nextInt(3) == 0 && fields.stream().filter(x -> Spec.uses(o, x)).noneMatch(f::overlaps)) {
            o.continues.add(f.abiName);
          }
        }
      }
      case REMOVE_FIELD -> {
        if (cont.isEmpty()) {
          return false;
        }
        Spec.F f = cont.get(r.nextInt(cont.size()));
        fields.remove(f);
        s.ops.forEach(o -> o.continues.remove(f.abiName));
        if (r.nextBoolean()) {
          s.reflow();
        }
      }
      case ADD_OP -> {
        if (oc == null) {
          return false;
        }
        Spec.O o = new Spec.O();
        o.name = "OP_NEW_" + r.nextInt(1_000_000);
        o.code = Spec.randomCode(r, Bits.mask(0, oc.bits));
        Spec.chooseContinues(r, s, o);
        s.ops.add(o);
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
        Spec.O o = s.ops.get(r.nextInt(s.ops.size()));
        Spec.F f = cont.get(r.nextInt(cont.size()));
        if (k == Kind.CONTINUES_ADD ? !o.continues.add(f.abiName) : !o.continues.remove(f.abiName)) {
          return false;
        }
      }
      case CHANGE_CODE -> {
        if (s.ops.isEmpty()) {
          return false;
        }
        Spec.O o = s.ops.get(r.nextInt(s.ops.size()));
        o.code = Spec.randomCode(r, Bits.mask(0, oc.bits));
        o.constType = FieldType.LONG;
      }
      case SWAP_CODES -> {
        if (s.ops.size() < 2) {
          return false;
        }
        Spec.O a = s.ops.get(0);
        Spec.O b = s.ops.get(1 + r.nextInt(s.ops.size() - 1));
        long t = a.code;
        a.code = b.code;
        b.code = t;
        a.constType = FieldType.LONG;
        b.constType = FieldType.LONG;
      }
      case WIDTH -> s.width = s.width == 64 ? 32 : 64;
      case COMPAT -> {
        if (s.compat != 0) {
          s.compat = 0;
        } else {
          s.compat = 32;
          for (Spec.F f : fields) {
            f.compatBits = Math.min(f.bits, Math.max(0, 32 - f.shift));
          }
        }
      }
      case COMPAT_BITS -> {
        if (s.compat == 0 || cont.isEmpty()) {
          return false;
        }
        Spec.F f = cont.get(r.nextInt(cont.size()));
        f.compatBits = r.nextInt(Math.max(1, Math.min(f.bits, 32 - Math.min(32, f.shift)) + 1));
        f.writeCompatBits = true;
      }
      case RENAME_FIELD -> {
        if (cont.isEmpty()) {
          return false;
        }
        Spec.F f = cont.get(r.nextInt(cont.size()));
        String renamed = f.abiName + "_v" + r.nextInt(10);
        s.ops.forEach(o -> {
          if (o.continues.remove(f.abiName)) {
            o.continues.add(renamed);
          }
        });
        f.abiName = renamed;
        f.writeName = true;
      }
      case RENAME_OP -> {
        if (s.ops.isEmpty()) {
          return false;
        }
        s.ops.get(r.nextInt(s.ops.size())).name += "_V" + r.nextInt(10);
      }
      case ADD_OPCODE -> {
        if (oc != null) {
          return false;
        }
        Spec.F opcode = new Spec.F();
        opcode.opcode = true;
        opcode.javaName = "cmd";
        opcode.abiName = "cmd";
        opcode.bits = 1 + r.nextInt(6);
        opcode.type = FieldType.INT;
        // In bits every saved word had zero, where one can be found.
        long usedBits = fields.stream().mapToLong(Spec.F::mask).reduce(0, (a, b) -> a | b);
        int limit = s.compat != 0 ? 32 : s.width;
        List<Integer> free = new ArrayList<>();
        for (int at = 0; at + opcode.bits <= limit; at++) {
          if ((Bits.mask(at, opcode.bits) & usedBits) == 0) {
            free.add(at);
          }
        }
        opcode.shift = free.isEmpty() ? r.nextInt(limit - opcode.bits + 1) : free.get(r.nextInt(free.size()));
        opcode.explicitShift = true;
        fields.add(0, opcode);
        int ops = 1 + r.nextInt(3);
        for (int i = 0; i < ops; i++) {
          Spec.O o = new Spec.O();
          o.name = "OP_ADDED_" + i;
          o.code = i == 0 && r.nextBoolean() ? 0 : Spec.randomCode(r, Bits.mask(0, opcode.bits));
          Spec.chooseContinues(r, s, o);
          if (i == 0 && r.nextBoolean()) {
            // The op a saved word would read as: code 0, every old field (the "obvious" migration).
            o.code = 0;
            o.continues.clear();
            cont.stream().filter(f -> !f.overlaps(opcode)).forEach(f -> o.continues.add(f.abiName));
          }
          s.ops.add(o);
        }
      }
      case REMOVE_OPCODE -> {
        if (oc == null) {
          return false;
        }
        fields.remove(oc);
        s.ops.clear();
        s.reflow();
      }
      case REORDER -> {
        if (fields.size() < 2) {
          return false;
        }
        Spec.F f = fields.remove(r.nextInt(fields.size()));
        fields.add(r.nextInt(fields.size() + 1), f);
        s.reflow();
      }
      case ROLE -> {
        // A continuation field becomes the opcode (the old opcode, if any, goes).
        List<Spec.F> candidates = cont.stream().filter(f -> f.type != FieldType.BOOLEAN && f.bits <= 31).toList();
        if (candidates.isEmpty()) {
          return false;
        }
        Spec.F f = candidates.get(r.nextInt(candidates.size()));
        if (oc != null) {
          fields.remove(oc);
        }
        f.opcode = true;
        f.encoding = Encoding.SHIFTED;
        s.ops.forEach(o -> o.continues.remove(f.abiName));
        if (s.ops.isEmpty()) {
          Spec.O o = new Spec.O();
          o.name = "OP_ROLE";
          o.code = 0;
          Spec.chooseContinues(r, s, o);
          s.ops.add(o);
        }
      }
      case JAVA_TYPE -> {
        if (fields.isEmpty()) {
          return false;
        }
        Spec.F f = fields.get(r.nextInt(fields.size()));
        int need = f.encoding == Encoding.IN_PLACE ? f.shift + f.bits : f.bits;
        f.type = Spec.typeFor(r, need, !f.opcode && f.encoding == Encoding.SHIFTED);
      }
      case RENAME_OP_KEEPING_ALIAS -> {
        List<Spec.O> live = s.ops.stream().filter(o -> o.retired == null).toList();
        if (live.isEmpty()) {
          return false;
        }
        Spec.O o = live.get(r.nextInt(live.size()));
        o.aliases.add(o.name); // Xen 4.4: XENMEM_add_to_physmap_range became _batch, the old name kept
        o.name += "_R" + r.nextInt(10);
      }
      case DROP_ALIAS -> {
        List<Spec.O> named = s.ops.stream().filter(o -> !o.aliases.isEmpty()).toList();
        if (named.isEmpty()) {
          return false;
        }
        Spec.O o = named.get(r.nextInt(named.size()));
        o.aliases.remove(r.nextInt(o.aliases.size()));
      }
      case RETIRE_OP -> {
        List<Spec.O> live = s.ops.stream().filter(o -> o.retired == null).toList();
        if (live.isEmpty()) {
          return false;
        }
        live.get(r.nextInt(live.size())).retired = retirement(r);
      }
      case RETIRE_FIELD -> {
        List<Spec.F> live = cont.stream().filter(f -> f.retired == null).toList();
        if (live.isEmpty()) {
          return false;
        }
        live.get(r.nextInt(live.size())).retired = retirement(r);
      }
      case RETIRE_CONTINUABLE -> {
        if (s.retired != null) {
          return false;
        }
        s.retired = retirement(r);
      }
      case UNRETIRE, RE_RETIRE -> {
        // Undo a retirement, or move it to another release: both rewrite a frozen record.
        Retirement to = k == Kind.UNRETIRE ? null : new Retirement("10." + r.nextInt(10), "retired again");
        List<Runnable> undo = new ArrayList<>();
        s.ops.stream().filter(o -> o.retired != null).forEach(o -> undo.add(() -> o.retired = to));
        fields.stream().filter(f -> f.retired != null).forEach(f -> undo.add(() -> f.retired = to));
        if (s.retired != null) {
          undo.add(() -> s.retired = to);
        }
        if (undo.isEmpty()) {
          return false;
        }
        undo.get(r.nextInt(undo.size())).run();
      }
      case REUSE_RETIRED_CODE, REUSE_RETIRED_NAME -> {
        // The tempting clean-up: delete the retired constant, and hand its code (or name) to a new op.
        List<Spec.O> retired = s.ops.stream().filter(o -> o.retired != null).toList();
        if (retired.isEmpty()) {
          return false;
        }
        Spec.O old = retired.get(r.nextInt(retired.size()));
        s.ops.remove(old);
        Spec.O o = new Spec.O();
        o.name = k == Kind.REUSE_RETIRED_NAME ? old.name : "OP_REUSE_" + r.nextInt(1_000_000);
        o.code = k == Kind.REUSE_RETIRED_CODE ? old.code : Spec.randomCode(r, Bits.mask(0, oc.bits));
        o.constType = FieldType.LONG;
        Spec.chooseContinues(r, s, o);
        o.continues.removeIf(c -> s.field(c).map(f -> f.retired != null).orElse(false));
        s.ops.add(o);
      }
    }
    return true;
  }

  private static Retirement retirement(SplittableRandom r) {
    return new Retirement("9." + r.nextInt(10), "retired by the evolution");
  }

  static Set<String> javaNames(Spec s) {
    Set<String> names = new HashSet<>();
    s.fields.forEach(f -> names.add(f.javaName));
    return names;
  }
}
