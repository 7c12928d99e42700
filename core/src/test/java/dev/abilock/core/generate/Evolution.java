package dev.abilock.core.generate;

import static dev.abilock.core.generate.LayoutSpec.pick;

import dev.abilock.Encoding;
import dev.abilock.core.generate.LayoutSpec.F;
import dev.abilock.core.generate.LayoutSpec.O;
import dev.abilock.core.model.Bits;
import dev.abilock.core.model.Retirement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Random edits of a declaration between releases, as a developer makes them in a handler class:
 * widen, narrow, move or re-encode a field (fields with implicit shifts move along, as Xen 3.4's
 * widened opcode pushed MEMOP_EXTENT_SHIFT from 4 to 6), add, insert or remove fields, ops and
 * continues, change codes, widths and the compat word, add or drop the opcode, reorder, retype,
 * move the class; and the life of a published ABI: a rename that keeps the old name as an alias
 * (Xen 4.4's add_to_physmap_batch), dropping an alias, retiring an op, a field or the continuable
 * (Xen 4.9's hvm_op), and the mistakes around retirements (un-retiring, moving a retirement,
 * deleting a retired declaration, giving a retired code or name to something new, carrying a
 * retired field again). Compatible edits are drawn more often so that about half the evolutions
 * pass gate B.
 */
public final class Evolution {
  private Evolution() {}

  public enum Kind {
    WIDEN,
    NARROW,
    SHIFT,
    XEN_34,
    RE_ENCODE,
    ADD_FIELD,
    INSERT_FIELD,
    REMOVE_FIELD,
    ADD_OP,
    REMOVE_OP,
    CONTINUES_ADD,
    CONTINUES_DROP,
    CHANGE_CODE,
    SWAP_CODES,
    WIDTH,
    COMPAT,
    COMPAT_BITS,
    RENAME_FIELD,
    RENAME_OP,
    ADD_OPCODE,
    REMOVE_OPCODE,
    REORDER,
    JAVA_TYPE,
    ROLE,
    MOVE_CLASS,
    // The life of a published ABI, and the mistakes around it.
    RENAME_OP_KEEPING_ALIAS,
    DROP_ALIAS,
    RETIRE_OP,
    RETIRE_FIELD,
    RETIRE_CONTINUABLE,
    UNRETIRE,
    RE_RETIRE,
    DELETE_RETIRED,
    REUSE_RETIRED_CODE,
    REUSE_RETIRED_OP_NAME,
    REUSE_RETIRED_FIELD_NAME,
    CONTINUES_RETIRED
  }

  /**
   * Weights: compatible edits (new ops, fields, continues; order, types, the class) are drawn more
   * often.
   */
  private static final Kind[] DRAW = {
    Kind.WIDEN,
    Kind.NARROW,
    Kind.SHIFT,
    Kind.XEN_34,
    Kind.RE_ENCODE,
    Kind.ADD_FIELD,
    Kind.ADD_FIELD,
    Kind.ADD_FIELD,
    Kind.INSERT_FIELD,
    Kind.REMOVE_FIELD,
    Kind.ADD_OP,
    Kind.ADD_OP,
    Kind.ADD_OP,
    Kind.ADD_OP,
    Kind.REMOVE_OP,
    Kind.CONTINUES_ADD,
    Kind.CONTINUES_ADD,
    Kind.CONTINUES_ADD,
    Kind.CONTINUES_DROP,
    Kind.CHANGE_CODE,
    Kind.SWAP_CODES,
    Kind.WIDTH,
    Kind.COMPAT,
    Kind.COMPAT,
    Kind.COMPAT_BITS,
    Kind.RENAME_FIELD,
    Kind.RENAME_OP,
    Kind.ADD_OPCODE,
    Kind.ADD_OPCODE,
    Kind.REMOVE_OPCODE,
    Kind.REORDER,
    Kind.REORDER,
    Kind.JAVA_TYPE,
    Kind.JAVA_TYPE,
    Kind.ROLE,
    Kind.MOVE_CLASS,
    Kind.RENAME_OP_KEEPING_ALIAS,
    Kind.RENAME_OP_KEEPING_ALIAS,
    Kind.DROP_ALIAS,
    Kind.RETIRE_OP,
    Kind.RETIRE_OP,
    Kind.RETIRE_OP,
    Kind.RETIRE_FIELD,
    Kind.RETIRE_FIELD,
    Kind.RETIRE_CONTINUABLE,
    Kind.UNRETIRE,
    Kind.RE_RETIRE,
    Kind.DELETE_RETIRED,
    Kind.REUSE_RETIRED_CODE,
    Kind.REUSE_RETIRED_CODE,
    Kind.REUSE_RETIRED_OP_NAME,
    Kind.REUSE_RETIRED_FIELD_NAME,
    Kind.CONTINUES_RETIRED
  };

  /**
   * One to three random edits of {@code base} that leave a valid declaration ({@code sourceRules}
   * adds what only a source can break); {@code log} gets their names.
   */
  public static LayoutSpec evolve(
      SplittableRandom r,
      LayoutSpec base,
      List<String> log,
      Function<LayoutSpec, List<String>> sourceRules) {
    for (int attempt = 0; attempt < 200; attempt++) {
      LayoutSpec s = base.copy();
      List<String> done = new ArrayList<>();
      int edits = 1 + (r.nextInt(3) == 0 ? r.nextInt(3) : 0);
      for (int i = 0; i < edits; i++) {
        Kind k = pick(r, DRAW);
        if (apply(r, s, k)) {
          done.add(k.name());
        }
      }
      if (!done.isEmpty() && s.problems(sourceRules).isEmpty()) {
        log.addAll(done);
        return s;
      }
    }
    log.add("NONE");
    return base.copy();
  }

  /**
   * Applies one edit; false when it does not apply to this declaration. The result may be invalid.
   */
  public static boolean apply(SplittableRandom r, LayoutSpec s, Kind k) {
    List<F> fields = s.fields;
    List<F> cont = s.continuationFields();
    F oc = s.opcode().orElse(null);
    switch (k) {
      case WIDEN, NARROW -> {
        if (fields.isEmpty()) {
          return false;
        }
        F f = pick(r, fields);
        if (f.type == JavaType.BOOLEAN) {
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
        if (f.bits > f.type.bits() && f.type != JavaType.LONG) {
          f.type = LayoutSpec.typeFor(r, Math.min(f.bits, 64), false);
        }
        s.reflow(); // fields after it with implicit shifts move
      }
      case SHIFT -> {
        if (fields.isEmpty()) {
          return false;
        }
        F f = pick(r, fields);
        f.shift += (r.nextBoolean() ? 1 : -1) * (1 + r.nextInt(r.nextBoolean() ? 2 : 12));
        f.explicitShift = true;
        s.reflow();
      }
      case XEN_34 -> {
        // The opcode widens, and the fields declared after it with implicit shifts move up with it,
        // losing their top bits: MEMOP_EXTENT_SHIFT 4 -> 6.
        if (oc == null || oc.bits >= 31) {
          return false;
        }
        oc.bits += 1 + r.nextInt(Math.min(3, 31 - oc.bits));
        if (oc.type.bits() < oc.bits) {
          oc.type = JavaType.INT;
        }
        s.reflow();
        for (F f : cont) {
          f.bits = Math.max(1, Math.min(f.bits, s.width - f.shift));
          if (s.compat != 0) {
            f.compatBits =
                Math.max(0, Math.min(f.compatBits, Math.min(f.bits, s.compat - f.shift)));
          }
        }
      }
      case RE_ENCODE -> {
        if (cont.isEmpty()) {
          return false;
        }
        F f = pick(r, cont);
        if (f.type == JavaType.BOOLEAN) {
          return false;
        }
        f.encoding = f.encoding == Encoding.SHIFTED ? Encoding.IN_PLACE : Encoding.SHIFTED;
        f.explicitShift = true;
      }
      case ADD_FIELD, INSERT_FIELD -> {
        F last = fields.isEmpty() ? null : fields.get(fields.size() - 1);
        F f = LayoutSpec.randomField(r, s, last == null ? 0 : last.shift + last.bits, javaNames(s));
        if (f == null) {
          return false;
        }
        if (k == Kind.INSERT_FIELD && !fields.isEmpty()) {
          fields.add(r.nextInt(fields.size()), f);
          s.reflow();
        } else {
          fields.add(f);
        }
        for (O o : s.ops) {
          if (r.nextInt(3) == 0
              && fields.stream().filter(x -> LayoutSpec.uses(o, x)).noneMatch(f::overlaps)) {
            o.continues.add(f.abiName);
          }
        }
      }
      case REMOVE_FIELD -> {
        if (cont.isEmpty()) {
          return false;
        }
        F f = pick(r, cont);
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
        s.ops.add(
            newOp(
                r,
                s,
                LayoutSpec.freshOpName(r, s),
                LayoutSpec.randomCode(r, Bits.mask(0, oc.bits))));
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
        F f = pick(r, cont);
        return k == Kind.CONTINUES_ADD ? o.continues.add(f.abiName) : o.continues.remove(f.abiName);
      }
      case CHANGE_CODE -> {
        if (s.ops.isEmpty()) {
          return false;
        }
        O o = pick(r, s.ops);
        o.code = LayoutSpec.randomCode(r, Bits.mask(0, oc.bits));
        o.constType = JavaType.LONG;
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
        a.constType = JavaType.LONG;
        b.constType = JavaType.LONG;
      }
      case WIDTH -> s.width = s.width == 64 ? 32 : 64;
      case COMPAT -> {
        if (s.compat != 0) {
          s.compat = 0;
        } else {
          s.compat = 32;
          for (F f : fields) {
            f.compatBits = Math.min(f.bits, Math.max(0, 32 - f.shift));
          }
        }
      }
      case COMPAT_BITS -> {
        if (s.compat == 0 || cont.isEmpty()) {
          return false;
        }
        F f = pick(r, cont);
        f.compatBits = r.nextInt(Math.max(1, Math.min(f.bits, 32 - Math.min(32, f.shift)) + 1));
        f.writeCompatBits = true;
      }
      case RENAME_FIELD -> {
        if (cont.isEmpty()) {
          return false;
        }
        F f = pick(r, cont);
        String renamed = f.abiName + "_v" + r.nextInt(10);
        s.ops.forEach(
            o -> {
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
        pick(r, s.ops).name = LayoutSpec.freshOpName(r, s);
      }
      case ADD_OPCODE -> {
        if (oc != null) {
          return false;
        }
        F opcode = new F();
        opcode.opcode = true;
        opcode.javaName = "cmd";
        opcode.abiName = "cmd";
        opcode.bits = 1 + r.nextInt(6);
        opcode.type = JavaType.INT;
        // In bits every saved word had zero, where one can be found.
        long usedBits = fields.stream().mapToLong(F::mask).reduce(0, (a, b) -> a | b);
        int limit = s.compat != 0 ? 32 : s.width;
        List<Integer> free = new ArrayList<>();
        for (int at = 0; at + opcode.bits <= limit; at++) {
          if ((Bits.mask(at, opcode.bits) & usedBits) == 0) {
            free.add(at);
          }
        }
        opcode.shift = free.isEmpty() ? r.nextInt(limit - opcode.bits + 1) : pick(r, free);
        opcode.explicitShift = true;
        fields.add(0, opcode);
        int ops = 1 + r.nextInt(3);
        for (int i = 0; i < ops; i++) {
          O o =
              newOp(
                  r,
                  s,
                  "OP_ADDED_" + i,
                  i == 0 && r.nextBoolean()
                      ? 0
                      : LayoutSpec.randomCode(r, Bits.mask(0, opcode.bits)));
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
        if (fields.size() < 2 && s.ops.size() < 2) {
          return false;
        }
        if (fields.size() >= 2) {
          F f = fields.remove(r.nextInt(fields.size()));
          fields.add(r.nextInt(fields.size() + 1), f);
          s.reflow();
        }
        LayoutSpec.shuffle(r, s.ops);
      }
      case JAVA_TYPE -> {
        if (fields.isEmpty()) {
          return false;
        }
        F f = pick(r, fields);
        int need = f.encoding == Encoding.IN_PLACE ? f.shift + f.bits : f.bits;
        f.type = LayoutSpec.typeFor(r, need, !f.opcode && f.encoding == Encoding.SHIFTED);
      }
      case ROLE -> {
        // A continuation field becomes the opcode (the old opcode, if any, goes).
        List<F> candidates =
            cont.stream().filter(f -> f.type != JavaType.BOOLEAN && f.bits <= 31).toList();
        if (candidates.isEmpty()) {
          return false;
        }
        F f = pick(r, candidates);
        if (oc != null) {
          fields.remove(oc);
        }
        f.opcode = true;
        f.encoding = Encoding.SHIFTED;
        s.ops.forEach(o -> o.continues.remove(f.abiName));
        if (s.ops.isEmpty()) {
          s.ops.add(newOp(r, s, "OP_ROLE", 0));
        }
      }
      case MOVE_CLASS ->
          s.simpleName = s.simpleName.replaceFirst("M\\d+$", "") + "M" + r.nextInt(100);
      case RENAME_OP_KEEPING_ALIAS -> {
        // Xen 4.4: XENMEM_add_to_physmap_range became _batch, and the old name stayed.
        List<O> live = s.ops.stream().filter(o -> o.retired == null).toList();
        if (live.isEmpty()) {
          return false;
        }
        O o = pick(r, live);
        String renamed = LayoutSpec.freshOpName(r, s);
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
        Retirement to =
            k == Kind.UNRETIRE ? null : new Retirement("10." + r.nextInt(10), "retired again");
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
        s.ops.stream()
            .filter(o -> o.retired != null)
            .forEach(o -> delete.add(() -> s.ops.remove(o)));
        cont.stream()
            .filter(f -> f.retired != null)
            .forEach(
                f ->
                    delete.add(
                        () -> {
                          fields.remove(f);
                          s.ops.forEach(o -> o.continues.remove(f.abiName));
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
        O o =
            newOp(
                r,
                s,
                k == Kind.REUSE_RETIRED_OP_NAME ? old.name : LayoutSpec.freshOpName(r, s),
                k == Kind.REUSE_RETIRED_CODE
                    ? old.code
                    : LayoutSpec.randomCode(r, Bits.mask(0, oc.bits)));
        s.ops.add(o);
      }
      case REUSE_RETIRED_FIELD_NAME -> {
        // The retired field deleted, and a new field (for new ops or old) takes its name.
        List<F> retired = cont.stream().filter(f -> f.retired != null).toList();
        if (retired.isEmpty()) {
          return false;
        }
        F old = pick(r, retired);
        fields.remove(old);
        s.ops.forEach(o -> o.continues.remove(old.abiName));
        F last = fields.isEmpty() ? null : fields.get(fields.size() - 1);
        F f = LayoutSpec.randomField(r, s, last == null ? 0 : last.shift + last.bits, javaNames(s));
        if (f == null) {
          return false;
        }
        f.abiName = old.abiName;
        f.writeName = true;
        fields.add(f);
        for (O o : s.ops) {
          if (r.nextInt(3) == 0) {
            o.continues.add(f.abiName);
          }
        }
      }
      case CONTINUES_RETIRED -> {
        // New progress kept in a retired field's bits, by its old name.
        List<F> retired = cont.stream().filter(f -> f.retired != null).toList();
        if (retired.isEmpty() || s.ops.isEmpty()) {
          return false;
        }
        return pick(r, s.ops).continues.add(pick(r, retired).abiName);
      }
    }
    return true;
  }

  private static O newOp(SplittableRandom r, LayoutSpec s, String name, long code) {
    O o = new O();
    o.name = name;
    o.code = code;
    LayoutSpec.chooseContinues(r, s, o);
    return o;
  }

  private static Retirement retirement(SplittableRandom r) {
    return new Retirement("9." + r.nextInt(10), "retired by the evolution");
  }

  private static Set<String> javaNames(LayoutSpec s) {
    Set<String> names = new HashSet<>();
    s.fields.forEach(f -> names.add(f.javaName));
    return names;
  }
}
