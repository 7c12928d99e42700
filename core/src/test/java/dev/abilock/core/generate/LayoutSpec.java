package dev.abilock.core.generate;

import dev.abilock.Encoding;
import dev.abilock.core.model.Bits;
import dev.abilock.core.model.Field;
import dev.abilock.core.model.Layout;
import dev.abilock.core.model.Op;
import dev.abilock.core.model.Retirement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * A random {@code @Continuable} declaration under edit, for the property tests of every module: the
 * ABI facts (what a manifest records and gate B compares, {@link #layout}) and how a source states
 * them (Java names and types, implicit or written shifts, Java or ABI names in {@code continues}),
 * which the processor's tests render as Java source. {@link Evolution} edits it between releases.
 *
 * <p>{@link #problems()} restates the declaration rules on this model; every spec the generators
 * return has none. The processor's codec tests compile each one, so a divergence between these
 * rules and the processor's shows up as a failed compile of a layout said to be valid. Rules only a
 * source can break (Java names the generated codec reserves) come in from the caller.
 */
public final class LayoutSpec {
  /** A field or the opcode. */
  public static final class F {
    public String javaName;
    public String abiName;

    /** Whether the source writes {@code name}, the ABI name not derived from the Java name. */
    public boolean writeName;

    public JavaType type;
    public boolean opcode;
    public Encoding encoding = Encoding.SHIFTED;
    public int shift;
    public int bits;

    /**
     * Bits in the compat word; only meaningful when the layout has one (the opcode's always equals
     * bits).
     */
    public int compatBits;

    /**
     * Whether the source writes {@code shift}; when false it is derived from the previous field.
     */
    public boolean explicitShift;

    /** Whether the source writes {@code compatBits} even when it equals {@code bits}. */
    public boolean writeCompatBits;

    /** Its {@code @Retired}, or null. */
    public Retirement retired;

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

    public long mask() {
      return Bits.mask(shift, bits);
    }

    public boolean overlaps(F other) {
      return (mask() & other.mask()) != 0;
    }

    @Override
    public String toString() {
      return (opcode ? "opcode " : "field ")
          + abiName
          + " "
          + type.keyword()
          + " "
          + encoding
          + " bits "
          + Bits.range(shift, bits)
          + " compat "
          + compatBits;
    }
  }

  /** An op constant. */
  public static final class O {
    public String name;
    public long code;

    /** ABI names of the fields it continues with. */
    public Set<String> continues = new LinkedHashSet<>();

    public JavaType constType = JavaType.INT;

    /** Whether {@code continues} names the Java fields rather than their ABI names. */
    public boolean byJavaName;

    /** Its former names ({@code @Op(aliases = ...)}). */
    public List<String> aliases = new ArrayList<>();

    /** Its {@code @Retired}, or null. */
    public Retirement retired;

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

  /** The continuable's ABI name. */
  public String name;

  public String simpleName;
  public int width = 64;
  public int compat;
  public List<F> fields = new ArrayList<>();
  public List<O> ops = new ArrayList<>();

  /** The continuable's {@code @Retired}, or null. */
  public Retirement retired;

  public LayoutSpec copy() {
    LayoutSpec s = new LayoutSpec();
    s.retired = retired;
    s.name = name;
    s.simpleName = simpleName;
    s.width = width;
    s.compat = compat;
    fields.forEach(f -> s.fields.add(f.copy()));
    ops.forEach(o -> s.ops.add(o.copy()));
    return s;
  }

  public Optional<F> opcode() {
    return fields.stream().filter(f -> f.opcode).findFirst();
  }

  public Optional<F> field(String abiName) {
    return fields.stream().filter(f -> f.abiName.equals(abiName)).findFirst();
  }

  public List<F> continuationFields() {
    return fields.stream().filter(f -> !f.opcode).toList();
  }

  /** The bit after the previous field, for each field: where an implicit shift puts it. */
  public int[] implicitShifts() {
    int[] next = new int[fields.size()];
    int at = 0;
    for (int i = 0; i < fields.size(); i++) {
      next[i] = at;
      at = fields.get(i).shift + fields.get(i).bits;
    }
    return next;
  }

  /**
   * Re-derives every implicit shift, as a recompile of the source would after a field before it
   * changed.
   */
  void reflow() {
    int at = 0;
    for (F f : fields) {
      if (!f.explicitShift) {
        f.shift = at;
      }
      at = f.shift + f.bits;
    }
  }

  /**
   * Whether the source writes {@code f}'s shift: the reader derives the others from the field
   * before.
   */
  public static boolean shiftWritten(F f, int next) {
    return f.explicitShift || f.shift != next || f.encoding == Encoding.IN_PLACE;
  }

  /**
   * The ABI facts alone, for a class in {@code pkg}: what the manifest records and gate B compares.
   */
  public Layout layout(String pkg) {
    List<Field> modelFields =
        fields.stream()
            .map(
                f ->
                    new Field(
                        f.abiName,
                        f.opcode,
                        f.opcode ? Encoding.SHIFTED : f.encoding,
                        f.shift,
                        f.bits,
                        compat == 0 ? 0 : f.opcode ? f.bits : f.compatBits,
                        f.retired))
            .toList();
    List<Op> modelOps =
        ops.stream()
            .map(
                o ->
                    new Op(
                        o.name,
                        o.code,
                        fields.stream().map(f -> f.abiName).filter(o.continues::contains).toList(),
                        o.aliases,
                        o.retired))
            .sorted(Comparator.comparingLong(Op::code))
            .toList();
    return new Layout(name, pkg + "." + simpleName, width, compat, modelFields, modelOps, retired);
  }

  // ---------------------------------------------------------------- rules

  /** What the reader would refuse in this declaration; empty when it is valid. */
  public List<String> problems() {
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
      if (f.opcode) {
        opcodes++;
        if (f.type == JavaType.BOOLEAN) {
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
      if (f.type == JavaType.BOOLEAN ? f.bits != 1 : f.bits > f.type.bits()) {
        p.add(f.abiName + " type " + f.type + " for bits " + f.bits);
      }
      if (f.shift < 0 || f.shift >= width || f.shift + f.bits > width) {
        p.add(f.abiName + " outside the word: " + f.shift + "+" + f.bits);
        continue;
      }
      if (!f.opcode
          && f.encoding == Encoding.IN_PLACE
          && (f.type == JavaType.BOOLEAN
              || !shiftWritten(f, next[i])
              || f.shift + f.bits > f.type.bits())) {
        p.add(f.abiName + " in place cannot keep its alignment");
      }
      if (compat != 0) {
        if (f.opcode && f.shift + f.bits > compat) {
          p.add("opcode beyond the compat word");
        }
        if (!f.opcode
            && (f.compatBits < 0
                || f.compatBits > f.bits
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
          p.add(
              "constants of "
                  + f.abiName
                  + "_compat clash with the compat constants of "
                  + f.abiName);
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
      if (!o.constType.holds(o.code)) {
        p.add("constant type " + o.constType + " for " + o.code);
      }
      for (String c : o.continues) {
        if (field(c).map(f -> f.opcode).orElse(true)) {
          p.add("op " + o.name + " continues unknown " + c);
        }
      }
    }
    // Retired fields count: the reader refuses an op that continues with two overlapping fields,
    // retired or not (without an opcode, any two overlapping fields).
    for (int i = 0; i < fields.size(); i++) {
      for (int j = 0; j < i; j++) {
        F a = fields.get(j);
        F b = fields.get(i);
        if (a.overlaps(b)
            && (opcode.isEmpty() || ops.stream().anyMatch(o -> uses(o, a) && uses(o, b)))) {
          p.add(a.abiName + " overlaps " + b.abiName);
        }
      }
    }
    return p;
  }

  public static boolean uses(O o, F f) {
    return f.opcode || o.continues.contains(f.abiName);
  }

  // ---------------------------------------------------------------- generation

  private static final String[] WORDS = {
    "start",
    "extent",
    "iter",
    "count",
    "progress",
    "index",
    "ref",
    "done",
    "left",
    "page",
    "flag",
    "mfn",
    "gpfn",
    "nr",
    "pos",
    "offset",
    "batch",
    "frame",
    "entry",
    "grant"
  };

  /** Rules a source adds to {@link #problems()}: none, for tests of the model alone. */
  public static final Function<LayoutSpec, List<String>> MODEL_ONLY = s -> List.of();

  /**
   * A random valid declaration: width 32 or 64, an optional compat word and opcode, 1 to 4 fields
   * of random types, shifted or in place, placed right after the previous field or at a written
   * shift, overlapping only where no op uses both; ops with distinct codes, some renamed before the
   * first release with their old names kept. {@code sourceRules} adds what only a source can break.
   */
  public static LayoutSpec random(
      SplittableRandom r,
      String name,
      String simpleName,
      Function<LayoutSpec, List<String>> sourceRules) {
    for (int attempt = 0; ; attempt++) {
      LayoutSpec s = attempt(r, name, simpleName);
      List<String> problems = s.problems(sourceRules);
      if (problems.isEmpty()) {
        return s;
      }
      if (attempt > 1000) {
        throw new IllegalStateException(
            "generator keeps producing invalid layouts: " + problems + "\n" + s.layout("p"));
      }
    }
  }

  /** {@link #problems()} and what {@code sourceRules} adds. */
  public List<String> problems(Function<LayoutSpec, List<String>> sourceRules) {
    List<String> p = new ArrayList<>(problems());
    p.addAll(sourceRules.apply(this));
    return p;
  }

  private static LayoutSpec attempt(SplittableRandom r, String name, String simpleName) {
    LayoutSpec s = new LayoutSpec();
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
      oc.abiName = snake(oc.javaName);
      int limit = Math.min(31, s.compat != 0 ? 32 : s.width);
      oc.bits = r.nextInt(4) == 0 ? 1 + r.nextInt(limit) : 1 + r.nextInt(8);
      oc.type = typeFor(r, oc.bits, false);
      oc.shift =
          r.nextInt(10) < 7
              ? 0
              : r.nextInt(Math.max(1, (s.compat != 0 ? 32 : s.width) - oc.bits + 1));
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
    for (O o : s.ops) {
      if (r.nextInt(4) == 0) {
        o.aliases.add(freshOpName(r, s));
      }
    }
    return s;
  }

  /** A new continuation field that fits {@code s}, or null when none was placed. */
  static F randomField(SplittableRandom r, LayoutSpec s, int next, Set<String> usedNames) {
    F f = new F();
    f.javaName = freshJavaName(r, usedNames);
    f.abiName = snake(f.javaName);
    maybeRename(r, f);
    int t = r.nextInt(10);
    f.type =
        t < 3
            ? JavaType.LONG
            : t < 6
                ? JavaType.INT
                : t < 7 ? JavaType.SHORT : t < 8 ? JavaType.BYTE : JavaType.BOOLEAN;
    int maxBits = f.type == JavaType.BOOLEAN ? 1 : Math.min(f.type.bits(), s.width);
    int b = r.nextInt(4);
    f.bits =
        b == 0 ? maxBits : b == 1 ? 1 + r.nextInt(Math.min(8, maxBits)) : 1 + r.nextInt(maxBits);
    f.encoding =
        f.type != JavaType.BOOLEAN && r.nextInt(4) == 0 ? Encoding.IN_PLACE : Encoding.SHIFTED;
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

  /**
   * Ops with distinct codes, each continuing with a random set of fields that never overlap each
   * other or the opcode.
   */
  static void randomOps(SplittableRandom r, LayoutSpec s, F opcode) {
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

  /**
   * Small codes and the extremes first (they collide, and collisions are what break), else anything
   * that fits.
   */
  static long randomCode(SplittableRandom r, long max) {
    int k = r.nextInt(6);
    return k == 0
        ? 0
        : k == 1 ? max : k == 2 ? Math.min(max, 1 + r.nextInt(4)) : r.nextLong(max + 1);
  }

  /**
   * Continues with live fields that avoid the opcode and each other, and a constant type that holds
   * the code.
   */
  static void chooseContinues(SplittableRandom r, LayoutSpec s, O o) {
    F opcode = s.opcode().orElseThrow();
    o.continues.clear();
    // A new op never continues with a retired field (continues-retired-field); the edits make that
    // mistake on purpose.
    List<F> candidates =
        new ArrayList<>(s.continuationFields().stream().filter(f -> f.retired == null).toList());
    shuffle(r, candidates);
    List<F> chosen = new ArrayList<>();
    for (F f : candidates) {
      if (r.nextInt(5) < 3 && !f.overlaps(opcode) && chosen.stream().noneMatch(f::overlaps)) {
        chosen.add(f);
        o.continues.add(f.abiName);
      }
    }
    o.byJavaName = r.nextBoolean();
    JavaType[] types = {
      JavaType.BYTE, JavaType.SHORT, JavaType.INT, JavaType.INT, JavaType.INT, JavaType.LONG
    };
    do {
      o.constType = pick(r, types);
    } while (!o.constType.holds(o.code));
  }

  static JavaType typeFor(SplittableRandom r, int bits, boolean allowBoolean) {
    List<JavaType> fit = new ArrayList<>();
    for (JavaType t : JavaType.values()) {
      if (t != JavaType.BOOLEAN ? bits <= t.bits() : allowBoolean && bits == 1) {
        fit.add(t);
      }
    }
    return fit.isEmpty() ? JavaType.LONG : fit.get(r.nextInt(fit.size()));
  }

  static String freshJavaName(SplittableRandom r, Set<String> used) {
    while (true) {
      String a = pick(r, WORDS);
      String b = pick(r, WORDS);
      String name =
          a
              + Character.toUpperCase(b.charAt(0))
              + b.substring(1)
              + (r.nextInt(3) == 0 ? r.nextInt(10) : "");
      if (used.add(name)) {
        return name;
      }
    }
  }

  /** An op name that no op has, as its name or a former one. */
  static String freshOpName(SplittableRandom r, LayoutSpec s) {
    while (true) {
      String name = "OP_" + r.nextInt(1000);
      if (s.ops.stream().noneMatch(o -> o.name.equals(name) || o.aliases.contains(name))) {
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

  /**
   * The ABI name the reader derives from a Java name: {@code startExtent} is {@code start_extent}.
   */
  static String snake(String javaName) {
    StringBuilder out = new StringBuilder();
    for (char c : javaName.toCharArray()) {
      if (Character.isUpperCase(c) && out.length() > 0) {
        out.append('_');
      }
      out.append(Character.toLowerCase(c));
    }
    return out.toString();
  }

  static <T> T pick(SplittableRandom r, T[] items) {
    return items[r.nextInt(items.length)];
  }

  static <T> T pick(SplittableRandom r, List<T> items) {
    return items.get(r.nextInt(items.size()));
  }

  static <T> void shuffle(SplittableRandom r, List<T> items) {
    for (int i = items.size() - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      T t = items.get(i);
      items.set(i, items.get(j));
      items.set(j, t);
    }
  }

  @Override
  public String toString() {
    return layout("p").toString();
  }
}
