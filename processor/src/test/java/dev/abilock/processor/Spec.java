package dev.abilock.processor;

import dev.abilock.Encoding;
import dev.abilock.core.model.Bits;
import dev.abilock.core.model.Field;
import dev.abilock.processor.model.Binding;
import dev.abilock.processor.model.Declared;
import dev.abilock.processor.model.FieldType;
import dev.abilock.core.model.Layout;
import dev.abilock.core.model.Op;
import dev.abilock.core.model.Retirement;
import dev.abilock.processor.names.CodecNames;
import dev.abilock.processor.read.LayoutReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * A random {@code @Continuable} declaration for property tests: what the source says (and how it
 * says it: implicit or written shifts, Java or ABI names in {@code continues}, constant types),
 * rendered as Java source, and the {@link Layout} the processor must read from it.
 *
 * <p>{@link #problems()} mirrors the reader's rules at the model level; every layout the generator
 * returns has none, and the codec tests compile each one, so a divergence between these rules and
 * {@code LayoutReader} shows up as a failed compile of a layout said to be valid.
 */
final class Spec {
  /** Java field names the generated codec already uses, or a record component may not have: the writer's own lists. */
  static final Set<String> RESERVED_JAVA_NAMES = reservedJavaNames();

  private static Set<String> reservedJavaNames() {
    Set<String> names = new HashSet<>(CodecNames.METHODS);
    names.addAll(CodecNames.RECORD_FORBIDDEN);
    return Set.copyOf(names);
  }

  /** A field or the opcode. */
  static final class F {
    String javaName;
    String abiName;
    boolean writeName;
    FieldType type;
    boolean opcode;
    Encoding encoding = Encoding.SHIFTED;
    int shift;
    int bits;
    /** Bits in the compat word; only meaningful when the layout has one (the opcode's always equals bits). */
    int compatBits;
    /** Whether the source writes {@code shift}; when false it is derived from the previous field. */
    boolean explicitShift;
    /** Whether the source writes {@code compatBits} even when it equals {@code bits}. */
    boolean writeCompatBits;
    /** Its {@code @Retired}, or null. */
    Retirement retired;

    F copy() {
      F f = new F();
      f.retired = retired;
      f.javaName = javaName;
      f.abiName = abiName;
      f.writeName = writeName;
      f.type = type;
      f.opcode = opcode;
      f.encoding = encoding;
      f.shift = shift;
      f.bits = bits;
      f.compatBits = compatBits;
      f.explicitShift = explicitShift;
      f.writeCompatBits = writeCompatBits;
      return f;
    }

    long mask() {
      return Bits.mask(shift, bits);
    }

    boolean overlaps(F other) {
      return (mask() & other.mask()) != 0;
    }

    @Override
    public String toString() {
      return (opcode ? "opcode " : "field ") + abiName + " " + type.keyword() + " " + encoding + " bits "
          + Bits.range(shift, bits) + " compat " + compatBits;
    }
  }

  /** An op constant. */
  static final class O {
    String name;
    long code;
    /** ABI names of the fields it continues with. */
    Set<String> continues = new LinkedHashSet<>();
    FieldType constType = FieldType.INT;
    /** Whether {@code continues} names the Java fields rather than their ABI names. */
    boolean byJavaName;
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
      o.continues = new LinkedHashSet<>(continues);
      o.constType = constType;
      o.byJavaName = byJavaName;
      return o;
    }
  }

  String name;
  String simpleName;
  int width = 64;
  int compat;
  List<F> fields = new ArrayList<>();
  List<O> ops = new ArrayList<>();
  /** The continuable's {@code @Retired}, or null. */
  Retirement retired;

  Spec copy() {
    Spec s = new Spec();
    s.retired = retired;
    s.name = name;
    s.simpleName = simpleName;
    s.width = width;
    s.compat = compat;
    fields.forEach(f -> s.fields.add(f.copy()));
    ops.forEach(o -> s.ops.add(o.copy()));
    return s;
  }

  Optional<F> opcode() {
    return fields.stream().filter(f -> f.opcode).findFirst();
  }

  Optional<F> field(String abiName) {
    return fields.stream().filter(f -> f.abiName.equals(abiName)).findFirst();
  }

  List<F> continuationFields() {
    return fields.stream().filter(f -> !f.opcode).toList();
  }

  /** The bit after the previous field, for each field: where an implicit shift puts it. */
  int[] implicitShifts() {
    int[] next = new int[fields.size()];
    int at = 0;
    for (int i = 0; i < fields.size(); i++) {
      next[i] = at;
      at = fields.get(i).shift + fields.get(i).bits;
    }
    return next;
  }

  /** Re-derives every implicit shift, as a recompile of the source would after a field before it changed. */
  void reflow() {
    int at = 0;
    for (F f : fields) {
      if (!f.explicitShift) {
        f.shift = at;
      }
      at = f.shift + f.bits;
    }
  }

  // ---------------------------------------------------------------- model

  /** The layout, with its Java and C names, that the processor must read from {@link #source(String)}. */
  Declared model(String pkg) {
    String prefix = name.toUpperCase(Locale.ROOT);
    List<Binding> bindings = new ArrayList<>();
    for (F f : fields) {
      int cb = compat == 0 ? 0 : f.opcode ? f.bits : f.compatBits;
      bindings.add(new Binding(new Field(f.abiName, f.opcode, f.opcode ? Encoding.SHIFTED : f.encoding, f.shift, f.bits,
          cb, f.retired), f.javaName, f.type, prefix + "_" + f.abiName.toUpperCase(Locale.ROOT)));
    }
    List<Op> modelOps = ops.stream()
        .map(o -> new Op(o.name, o.code, fields.stream().map(f -> f.abiName).filter(o.continues::contains).toList(),
            o.aliases, o.retired))
        .sorted(Comparator.comparingLong(Op::code))
        .toList();
    Layout layout = new Layout(name, pkg + "." + simpleName, width, compat, bindings.stream().map(Binding::field).toList(),
        modelOps, retired);
    return new Declared(layout, prefix, bindings);
  }

  /** The ABI facts alone: what the manifest records and gate B compares. */
  Layout layout(String pkg) {
    return model(pkg).layout();
  }

  // ---------------------------------------------------------------- source

  /** The source as a file for the compiler. */
  javax.tools.JavaFileObject file(String pkg) {
    return com.google.testing.compile.JavaFileObjects.forSourceString(pkg + "." + simpleName, source(pkg));
  }

  String source(String pkg) {
    StringBuilder b = new StringBuilder();
    b.append("package ").append(pkg).append(";\n\nimport dev.abilock.*;\n\n");
    b.append(retiredAnnotation(retired, ""));
    b.append("@Continuable(name = \"").append(name).append('"');
    if (width != 64) {
      b.append(", width = ").append(width);
    }
    if (compat != 0) {
      b.append(", compatWidth = ").append(compat);
    }
    b.append(")\npublic class ").append(simpleName).append(" {\n");
    for (O o : ops) {
      String refs = fields.stream().filter(f -> o.continues.contains(f.abiName))
          .map(f -> '"' + (o.byJavaName ? f.javaName : f.abiName) + '"')
          .collect(Collectors.joining(", "));
      List<String> opAttrs = new ArrayList<>();
      if (!o.continues.isEmpty()) {
        opAttrs.add("continues = {" + refs + "}");
      }
      if (!o.aliases.isEmpty()) {
        opAttrs.add("aliases = {" + o.aliases.stream().map(a -> '"' + a + '"').collect(Collectors.joining(", ")) + "}");
      }
      b.append(retiredAnnotation(o.retired, "  "));
      b.append("  @Op").append(opAttrs.isEmpty() ? "" : "(" + String.join(", ", opAttrs) + ")")
          .append(" public static final ").append(o.constType.keyword()).append(' ').append(o.name).append(" = ")
          .append(o.code).append(o.constType == FieldType.LONG ? "L" : "").append(";\n");
    }
    int[] next = implicitShifts();
    for (int i = 0; i < fields.size(); i++) {
      F f = fields.get(i);
      List<String> attrs = new ArrayList<>();
      attrs.add("bits = " + f.bits);
      if (shiftWritten(f, next[i])) {
        attrs.add("shift = " + f.shift);
      }
      if (!f.opcode && compat != 0 && (f.writeCompatBits || f.compatBits != f.bits || f.shift + f.bits > compat)) {
        attrs.add("compatBits = " + f.compatBits);
      }
      if (!f.opcode && f.encoding == Encoding.IN_PLACE) {
        attrs.add("encoding = Encoding.IN_PLACE");
      }
      if (f.writeName) {
        attrs.add("name = \"" + f.abiName + "\"");
      }
      b.append(retiredAnnotation(f.retired, "  "));
      b.append("  @").append(f.opcode ? "Opcode" : "ContinuationField").append('(').append(String.join(", ", attrs))
          .append(") ").append(f.type.keyword()).append(' ').append(f.javaName).append(";\n");
    }
    return b.append("}\n").toString();
  }

  private static String retiredAnnotation(Retirement r, String indent) {
    return r == null ? "" : indent + "@Retired(release = \"" + r.release() + "\", reason = \"" + r.reason() + "\")\n";
  }

  private static boolean shiftWritten(F f, int next) {
    return f.explicitShift || f.shift != next || f.encoding == Encoding.IN_PLACE;
  }

  // ---------------------------------------------------------------- rules

  /** What the reader would refuse in this declaration; empty when it is valid. */
  List<String> problems() {
    List<String> p = new ArrayList<>();
    if (width != 32 && width != 64) {
      p.add("width " + width);
    }
    if (compat != 0 && compat != 32) {
      p.add("compat width " + compat);
    }
    Set<String> abiNames = new HashSet<>();
    Set<String> javaNames = new HashSet<>();
    int[] next = implicitShifts();
    int opcodes = 0;
    for (int i = 0; i < fields.size(); i++) {
      F f = fields.get(i);
      if (!abiNames.add(f.abiName) || !javaNames.add(f.javaName)) {
        p.add("duplicate name " + f.abiName);
      }
      if (RESERVED_JAVA_NAMES.contains(f.javaName) || CodecNames.shadowedByParameters(
          fields.stream().map(x -> x.abiName).toList(), compat != 0).contains(f.javaName)) {
        p.add("reserved Java name " + f.javaName);
      }
      if (f.opcode) {
        opcodes++;
        if (f.type == FieldType.BOOLEAN) {
          p.add("boolean opcode");
        }
        if (f.retired != null) {
          p.add("retired opcode");
        }
      }
      int maxBits = f.opcode ? Math.min(31, width) : width;
      if (f.bits < 1 || f.bits > maxBits) {
        p.add(f.abiName + " bits " + f.bits);
        continue;
      }
      if (f.type == FieldType.BOOLEAN ? f.bits != 1 : f.bits > f.type.bits()) {
        p.add(f.abiName + " type " + f.type + " for bits " + f.bits);
      }
      if (f.shift < 0 || f.shift >= width || f.shift + f.bits > width) {
        p.add(f.abiName + " outside the word: " + f.shift + "+" + f.bits);
        continue;
      }
      if (!f.opcode && f.encoding == Encoding.IN_PLACE
          && (f.type == FieldType.BOOLEAN || !shiftWritten(f, next[i]) || f.shift + f.bits > f.type.bits())) {
        p.add(f.abiName + " in place cannot keep its alignment");
      }
      if (compat != 0) {
        if (f.opcode && f.shift + f.bits > compat) {
          p.add("opcode beyond the compat word");
        }
        if (!f.opcode && (f.compatBits < 0 || f.compatBits > f.bits
            || (f.compatBits > 0 && f.shift + f.compatBits > compat))) {
          p.add(f.abiName + " compat bits " + f.compatBits);
        }
      }
    }
    if (opcodes > 1) {
      p.add("two opcodes");
    }
    if (compat != 0) {
      for (F f : fields) {
        if (abiNames.contains(f.abiName + "_compat")) {
          p.add("constants of " + f.abiName + "_compat clash with the compat constants of " + f.abiName);
        }
      }
    }
    Optional<F> opcode = opcode();
    Set<Long> codes = new HashSet<>();
    Set<String> opNames = new HashSet<>();
    for (O o : ops) {
      if (!opNames.add(o.name) || javaNames.contains(o.name)) {
        p.add("duplicate op name " + o.name);
      }
      for (String a : o.aliases) {
        if (!opNames.add(a) || javaNames.contains(a) || abiNames.contains(a)) {
          p.add("duplicate op name or alias " + a);
        }
      }
      if (opcode.isEmpty()) {
        p.add("op without opcode");
        continue;
      }
      if (o.code < 0 || o.code > Bits.mask(0, opcode.get().bits)) {
        p.add("op code " + o.code + " does not fit");
      } else if (!codes.add(o.code)) {
        p.add("duplicate op code " + o.code);
      }
      if (!fitsConstant(o.code, o.constType)) {
        p.add("constant type " + o.constType + " for " + o.code);
      }
      for (String c : o.continues) {
        if (field(c).map(f -> f.opcode).orElse(true)) {
          p.add("op " + o.name + " continues unknown " + c);
        }
      }
    }
    for (int i = 0; i < fields.size(); i++) {
      for (int j = 0; j < i; j++) {
        F a = fields.get(j);
        F b = fields.get(i);
        if (a.overlaps(b) && (opcode.isEmpty() || ops.stream().anyMatch(o -> uses(o, a) && uses(o, b)))) {
          p.add(a.abiName + " overlaps " + b.abiName);
        }
      }
    }
    return p;
  }

  static boolean uses(O o, F f) {
    return f.opcode || o.continues.contains(f.abiName);
  }

  static boolean fitsConstant(long code, FieldType type) {
    return switch (type) {
      case BYTE -> code <= Byte.MAX_VALUE;
      case SHORT -> code <= Short.MAX_VALUE;
      case INT -> code <= Integer.MAX_VALUE;
      case LONG -> true;
      case BOOLEAN -> false;
    };
  }

  // ---------------------------------------------------------------- generation

  private static final String[] WORDS = {"start", "extent", "iter", "count", "progress", "index", "ref", "done",
      "left", "page", "flag", "mfn", "gpfn", "nr", "pos", "offset", "batch", "frame", "entry", "grant"};

  /**
   * A random valid layout: width 32 or 64, an optional compat word and opcode, 1 to 4 fields of
   * random types, shifted or in place, placed right after the previous field or at a written shift,
   * overlapping only where no op uses both.
   */
  static Spec random(SplittableRandom r, String name, String simpleName) {
    for (int attempt = 0; ; attempt++) {
      Spec s = attempt(r, name, simpleName);
      List<String> problems = s.problems();
      if (problems.isEmpty()) {
        return s;
      }
      if (attempt > 1000) {
        throw new IllegalStateException("generator keeps producing invalid layouts: " + problems + "\n" + s.source("p"));
      }
    }
  }

  private static Spec attempt(SplittableRandom r, String name, String simpleName) {
    Spec s = new Spec();
    s.name = name;
    s.simpleName = simpleName;
    s.width = r.nextInt(5) < 3 ? 64 : 32;
    s.compat = r.nextInt(3) == 0 ? 32 : 0;
    Set<String> used = new HashSet<>();
    int next = 0;
    if (r.nextInt(10) < 7) {
      F oc = new F();
      oc.opcode = true;
      oc.javaName = pick(r, new String[] {"cmd", "op", "opcode", "sub"});
      used.add(oc.javaName);
      oc.abiName = LayoutReader.snake(oc.javaName);
      int limit = Math.min(31, s.compat != 0 ? 32 : s.width);
      oc.bits = r.nextInt(4) == 0 ? 1 + r.nextInt(limit) : 1 + r.nextInt(8);
      oc.type = typeFor(r, oc.bits, false);
      oc.shift = r.nextInt(10) < 7 ? 0 : r.nextInt(Math.max(1, (s.compat != 0 ? 32 : s.width) - oc.bits + 1));
      oc.explicitShift = oc.shift != 0 || r.nextInt(4) == 0;
      maybeRename(r, oc);
      s.fields.add(oc);
      next = oc.shift + oc.bits;
    }
    int count = 1 + r.nextInt(4);
    for (int i = 0; i < count; i++) {
      F f = randomField(r, s, next, used);
      if (f == null) {
        continue;
      }
      s.fields.add(f);
      next = f.shift + f.bits;
    }
    s.opcode().ifPresent(oc -> randomOps(r, s, oc));
    return s;
  }

  /** A new continuation field that fits {@code s}, or null when none was placed. */
  static F randomField(SplittableRandom r, Spec s, int next, Set<String> usedNames) {
    F f = new F();
    f.javaName = freshJavaName(r, usedNames);
    f.abiName = LayoutReader.snake(f.javaName);
    maybeRename(r, f);
    int t = r.nextInt(10);
    f.type = t < 3 ? FieldType.LONG : t < 6 ? FieldType.INT : t < 7 ? FieldType.SHORT : t < 8 ? FieldType.BYTE
        : FieldType.BOOLEAN;
    int maxBits = f.type == FieldType.BOOLEAN ? 1 : Math.min(f.type.bits(), s.width);
    int b = r.nextInt(4);
    f.bits = b == 0 ? maxBits : b == 1 ? 1 + r.nextInt(Math.min(8, maxBits)) : 1 + r.nextInt(maxBits);
    f.encoding = f.type != FieldType.BOOLEAN && r.nextInt(4) == 0 ? Encoding.IN_PLACE : Encoding.SHIFTED;
    boolean overlapAllowed = s.opcode().isPresent() && r.nextInt(3) == 0;
    for (int tries = 0; tries < 30; tries++) {
      int top = f.encoding == Encoding.IN_PLACE ? Math.min(s.width, f.type.bits()) : s.width;
      if (f.bits > top) {
        f.bits = 1 + r.nextInt(top);
      }
      boolean implicit = f.encoding == Encoding.SHIFTED && tries == 0 && r.nextInt(3) != 0;
      f.shift = implicit ? next : r.nextInt(top - f.bits + 1);
      if (f.shift + f.bits > top) {
        continue;
      }
      if (!overlapAllowed && s.fields.stream().anyMatch(f::overlaps)) {
        continue;
      }
      f.explicitShift = f.encoding == Encoding.IN_PLACE || f.shift != next || r.nextInt(3) == 0;
      if (s.compat != 0) {
        int room = Math.max(0, s.compat - f.shift);
        int fit = Math.min(f.bits, room);
        int c = r.nextInt(5);
        f.compatBits = room == 0 || c == 0 ? 0 : c < 3 ? fit : 1 + r.nextInt(fit);
        f.writeCompatBits = r.nextInt(4) == 0;
      }
      return f;
    }
    usedNames.remove(f.javaName);
    return null;
  }

  /** Ops with distinct codes, each continuing with a random set of fields that never overlap each other or the opcode. */
  static void randomOps(SplittableRandom r, Spec s, F opcode) {
    long max = Bits.mask(0, opcode.bits);
    int count = (int) Math.min(max + 1, 1 + r.nextInt(6));
    Set<Long> codes = new LinkedHashSet<>();
    while (codes.size() < count) {
      codes.add(randomCode(r, max));
    }
    int i = 0;
    for (long code : codes) {
      O o = new O();
      o.name = "OP_" + pick(r, WORDS).toUpperCase(Locale.ROOT) + "_" + i++;
      o.code = code;
      chooseContinues(r, s, o);
      s.ops.add(o);
    }
  }

  static long randomCode(SplittableRandom r, long max) {
    int k = r.nextInt(6);
    long code = k == 0 ? 0 : k == 1 ? max : k == 2 ? Math.min(max, 1 + r.nextInt(4)) : r.nextLong(max + 1);
    return code;
  }

  static void chooseContinues(SplittableRandom r, Spec s, O o) {
    F opcode = s.opcode().orElseThrow();
    o.continues.clear();
    List<F> candidates = new ArrayList<>(s.continuationFields().stream().filter(f -> f.retired == null).toList());
    shuffle(r, candidates);
    List<F> chosen = new ArrayList<>();
    for (F f : candidates) {
      if (r.nextInt(5) < 3 && !f.overlaps(opcode) && chosen.stream().noneMatch(f::overlaps)) {
        chosen.add(f);
        o.continues.add(f.abiName);
      }
    }
    o.byJavaName = r.nextBoolean();
    FieldType[] types = {FieldType.BYTE, FieldType.SHORT, FieldType.INT, FieldType.INT, FieldType.INT, FieldType.LONG};
    do {
      o.constType = pick(r, types);
    } while (!fitsConstant(o.code, o.constType));
  }

  static FieldType typeFor(SplittableRandom r, int bits, boolean allowBoolean) {
    List<FieldType> fit = new ArrayList<>();
    for (FieldType t : FieldType.values()) {
      if (t != FieldType.BOOLEAN ? bits <= t.bits() : allowBoolean && bits == 1) {
        fit.add(t);
      }
    }
    return fit.isEmpty() ? FieldType.LONG : fit.get(r.nextInt(fit.size()));
  }

  static String freshJavaName(SplittableRandom r, Set<String> used) {
    while (true) {
      String a = pick(r, WORDS);
      String b = pick(r, WORDS);
      String name = a + Character.toUpperCase(b.charAt(0)) + b.substring(1) + (r.nextInt(3) == 0 ? r.nextInt(10) : "");
      if (used.add(name)) {
        return name;
      }
    }
  }

  private static void maybeRename(SplittableRandom r, F f) {
    if (r.nextInt(6) == 0) {
      f.writeName = true;
      f.abiName = f.abiName + "_x";
    }
  }

  static <T> T pick(SplittableRandom r, T[] items) {
    return items[r.nextInt(items.length)];
  }

  static <T> void shuffle(SplittableRandom r, List<T> items) {
    for (int i = items.size() - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      T t = items.get(i);
      items.set(i, items.get(j));
      items.set(j, t);
    }
  }
}
