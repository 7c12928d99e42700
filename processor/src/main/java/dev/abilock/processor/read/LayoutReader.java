package dev.abilock.processor.read;

import static dev.abilock.core.Message.*;

import dev.abilock.Encoding;
import dev.abilock.core.model.Bits;
import dev.abilock.core.model.Field;
import dev.abilock.processor.model.Binding;
import dev.abilock.processor.model.Declared;
import dev.abilock.processor.model.FieldType;
import dev.abilock.processor.names.HeaderNames;
import dev.abilock.core.model.Layout;
import dev.abilock.core.manifest.Status;
import dev.abilock.core.model.Op;
import dev.abilock.core.model.Retirement;
import dev.abilock.core.model.rules.Finding;
import dev.abilock.core.model.rules.LayoutRules;
import dev.abilock.core.model.rules.Part;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.ElementFilter;

/**
 * Reads one {@code @Continuable} class into a {@link Layout}, collecting every declaration error
 * of the class before giving up, each pointed at the attribute it is about.
 */
public final class LayoutReader {
  public static final String CONTINUABLE = "dev.abilock.Continuable";
  static final String OPCODE = "dev.abilock.Opcode";
  static final String FIELD = "dev.abilock.ContinuationField";
  static final String OP = "dev.abilock.Op";
  static final String RETIRED = "dev.abilock.Retired";

  private static final Pattern C_IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final int MAX_OPCODE_BITS = 31;

  /** The outcome: a layout when the class is well-formed, else the problems. */
  public record Result(Optional<Declared> declared, SourceMap sources, List<Problem> problems) {}

  private final TypeElement type;
  private final List<Problem> problems = new ArrayList<>();
  /** Every {@code @Retired} read, by {@link SourceMap#retiredKey}. */
  private final Map<String, Site> retiredSites = new LinkedHashMap<>();

  private LayoutReader(TypeElement type) {
    this.type = type;
  }

  /** Reads {@code type}, which carries {@code @Continuable}. */
  public static Result read(TypeElement type) {
    LayoutReader reader = new LayoutReader(type);
    try {
      return reader.read();
    } catch (Site.Unreadable e) {
      // javac has reported the attribute already; fail the class with one pointer to it.
      Site s = e.site();
      reader.problems.add(Problem.at(s, e.written() ? e.attribute() : null, UNREADABLE_ATTRIBUTE, s.annotation().getAnnotationType().asElement().getSimpleName(), s.element().getSimpleName(), e.attribute(),
          e.written() ? REASON_UNREADABLE_WRITTEN.text() : REASON_UNREADABLE_MISSING.text()));
      Site cls = site(type, CONTINUABLE).orElseThrow();
      return new Result(Optional.empty(), new SourceMap(cls, Map.of(), Map.of()), reader.problems);
    }
  }

  /** Finds the abilock annotation {@code name} on {@code element}, if any. */
  public static Optional<Site> site(Element element, String annotation) {
    for (AnnotationMirror m : element.getAnnotationMirrors()) {
      if (((TypeElement) m.getAnnotationType().asElement()).getQualifiedName().contentEquals(annotation)) {
        return Optional.of(new Site(element, m));
      }
    }
    return Optional.empty();
  }

  /**
   * A declared field before placement checks: its site, raw attributes, and computed shift.
   *
   * @param bitsOk whether {@code bits} is valid (else the field holds a 1-bit stand-in)
   * @param placed whether its bits are real: valid {@code bits} and {@code shift}. Only placed fields
   *     are judged by the layout rules, so that one mistake is not reported again as a collision
   *     with a stand-in position.
   */
  private record Declaration(VariableElement element, Site site, boolean opcode, Binding field, boolean explicitShift,
      boolean bitsOk, boolean placed) {

    /** This field retired as {@code retirement} says ({@code null}: in use). */
    Declaration retired(Retirement retirement) {
      Binding b = new Binding(field.field().withRetirement(retirement), field.javaName(), field.type(), field.macro());
      return new Declaration(element, site, opcode, b, explicitShift, bitsOk, placed);
    }
  }

  private Result read() {
    Site cls = site(type, CONTINUABLE).orElseThrow();
    Map<String, Site> fieldSites = new LinkedHashMap<>();
    Map<String, Site> opSites = new LinkedHashMap<>();
    SourceMap empty = new SourceMap(cls, fieldSites, opSites, retiredSites);
    if (type.getKind() != ElementKind.CLASS) {
      problems.add(Problem.at(cls, null, NOT_A_CLASS, type.getSimpleName(), kindName(type.getKind())));
      return new Result(Optional.empty(), empty, problems);
    }

    String name = cls.stringValue("name");
    if (!LayoutRules.isAbiName(name)) {
      problems.add(Problem.at(cls, "name", BAD_NAME, "name", name));
    }
    int width = cls.intValue("width");
    if (width != 32 && width != 64) {
      problems.add(Problem.at(cls, "width", BAD_WIDTH, width));
      width = 64;
    }
    int compatWidth = cls.intValue("compatWidth");
    if (compatWidth != 0 && compatWidth != 32) {
      problems.add(Problem.at(cls, "compatWidth", BAD_COMPAT_WIDTH, compatWidth));
      compatWidth = 32;
    }
    String prefix = cls.stringValue("headerPrefix");
    if (prefix.isEmpty()) {
      prefix = HeaderNames.defaultPrefix(name);
    } else if (!C_IDENTIFIER.matcher(prefix).matches()) {
      problems.add(Problem.at(cls, "headerPrefix", BAD_C_IDENTIFIER, "headerPrefix", prefix));
    }

    List<Declaration> declared = readFields(width, compatWidth, prefix);
    for (Declaration d : declared) {
      Site previous = fieldSites.putIfAbsent(d.field().name(), d.site());
      if (previous != null) {
        problems.add(Problem.at(d.site(), "name",
            DUPLICATE_FIELD_NAME, d.element().getSimpleName(), d.field().name(), previous.element().getSimpleName()));
      }
    }
    List<Binding> fields = declared.stream().map(Declaration::field).toList();
    Optional<Declaration> firstOpcode = declared.stream().filter(Declaration::opcode).findFirst();
    Optional<Binding> opcode = firstOpcode.map(Declaration::field);
    Map<String, List<AnnotationValue>> aliasEntries = new LinkedHashMap<>();
    List<Op> ops = readOps(fields, opSites, aliasEntries);
    Set<Part.Alias> badAliases = judge(new Layout(name, type.getQualifiedName().toString(), width, compatWidth,
        declared.stream().filter(Declaration::placed).map(d -> d.field().field()).toList(),
        firstOpcode.map(Declaration::placed).orElse(true) ? ops : List.of()),
        declared, cls, opSites, aliasEntries);
    // Names the codec and header would define: each field once (a duplicate ABI name is reported above).
    List<GeneratedNames.Named> named = declared.stream()
        .filter(d -> fieldSites.get(d.field().name()) == d.site())
        .map(d -> new GeneratedNames.Named(d.site(), d.field()))
        .toList();
    // An alias already refused would only be reported again as a clash.
    List<Op> soundOps = ops.stream().map(o -> new Op(o.name(), o.code(), o.continues(),
        o.aliases().stream().filter(a -> badAliases.stream().noneMatch(b -> b.op().equals(o.name()) && b.name().equals(a)))
            .toList(), o.retired())).toList();
    problems.addAll(GeneratedNames.check(named, soundOps, opSites, name, prefix, compatWidth != 0));

    // The contract orders encode's parameters and State's components opcode first, then the
    // fields in declaration order; placement above has already used the declaration order.
    List<Binding> ordered = new ArrayList<>();
    opcode.ifPresent(ordered::add);
    fields.stream().filter(f -> !f.opcode()).forEach(ordered::add);
    Layout layout = new Layout(name, type.getQualifiedName().toString(), width, compatWidth,
        ordered.stream().map(Binding::field).toList(), ops.stream().sorted(Comparator.comparingLong(Op::code)).toList(),
        readRetirement(type, "continuable", name));
    SourceMap sources = new SourceMap(cls, fieldSites, opSites, retiredSites);
    return new Result(problems.isEmpty() ? Optional.of(new Declared(layout, prefix, ordered)) : Optional.empty(), sources,
        problems);
  }

  private List<Declaration> readFields(int width, int compatWidth, String prefix) {
    List<Declaration> declared = new ArrayList<>();
    int next = 0;
    for (VariableElement v : ElementFilter.fieldsIn(type.getEnclosedElements())) {
      Optional<Site> opcodeSite = site(v, OPCODE);
      Optional<Site> fieldSite = site(v, FIELD);
      Optional<Site> opSite = site(v, OP);
      if (!conflictFree(v, opcodeSite, fieldSite, opSite)) {
        continue;
      }
      Optional<Site> s = opcodeSite.or(() -> fieldSite);
      if (s.isEmpty()) {
        if (opSite.isEmpty()) {
          site(v, RETIRED).ifPresent(r -> problems.add(Problem.at(r, null, RETIRED_NOT_ABI, v.getSimpleName())));
        }
        continue;
      }
      boolean isOpcode = opcodeSite.isPresent();
      Declaration d = readField(v, s.get(), isOpcode, next, width, compatWidth, prefix);
      if (isOpcode) {
        site(v, RETIRED).ifPresent(r -> problems.add(Problem.at(r, null, RETIRED_OPCODE, v.getSimpleName(),
            type.getSimpleName())));
      } else {
        d = d.retired(readRetirement(v, "field", d.field().name()));
      }
      declared.add(d);
      next = d.field().shift() + Math.max(d.field().bits(), 0);
    }
    return declared;
  }

  private boolean conflictFree(VariableElement v, Optional<Site> opcode, Optional<Site> field, Optional<Site> op) {
    List<String> kinds = new ArrayList<>();
    opcode.ifPresent(x -> kinds.add("Opcode"));
    field.ifPresent(x -> kinds.add("ContinuationField"));
    op.ifPresent(x -> kinds.add("Op"));
    if (kinds.size() < 2) {
      return true;
    }
    Site second = field.isPresent() && opcode.isPresent() ? field.get() : op.get();
    problems.add(Problem.at(second, null, CONFLICTING_ANNOTATIONS, v.getSimpleName(), kinds.get(0), kinds.get(1)));
    return false;
  }

  private Declaration readField(VariableElement v, Site s, boolean isOpcode, int next, int width, int compatWidth,
      String prefix) {
    String kind = isOpcode ? "Opcode" : "ContinuationField";
    String javaName = v.getSimpleName().toString();
    if (v.getModifiers().contains(Modifier.STATIC) || v.getModifiers().contains(Modifier.FINAL)) {
      String what = v.getModifiers().contains(Modifier.STATIC)
          ? (v.getModifiers().contains(Modifier.FINAL) ? "static final" : "static")
          : "final";
      problems.add(Problem.at(s, null, FIELD_STATIC_OR_FINAL, kind, javaName, what));
    }
    FieldType fieldType = fieldType(v);
    String allowed = isOpcode ? "long, int, short or byte" : "long, int, short, byte or boolean";
    if (fieldType == null || (isOpcode && fieldType == FieldType.BOOLEAN)) {
      problems.add(Problem.at(s, null, UNSUPPORTED_TYPE, kind, javaName, v.asType(), allowed));
      fieldType = FieldType.LONG;
    }

    String name = s.stringValue("name");
    if (name.isEmpty()) {
      name = snake(javaName);
      // The manifest and the header need lower_snake_case; a Java name like _x, a__b or ü does not give it.
      if (!LayoutRules.isAbiName(name)) {
        problems.add(Problem.at(s, null, BAD_NAME, REASON_DERIVED_NAME.text(javaName), name));
      }
    } else if (!LayoutRules.isAbiName(name)) {
      problems.add(Problem.at(s, "name", BAD_NAME, "name", name));
    }
    String macro = s.stringValue("macro");
    if (macro.isEmpty()) {
      macro = HeaderNames.defaultMacro(prefix, name);
    } else if (!C_IDENTIFIER.matcher(macro).matches()) {
      problems.add(Problem.at(s, "macro", BAD_C_IDENTIFIER, "macro", macro));
    }

    int bits = s.intValue("bits");
    int maxBits = isOpcode ? Math.min(MAX_OPCODE_BITS, width) : width;
    boolean bitsOk = bits >= 1 && bits <= maxBits;
    if (!bitsOk) {
      problems.add(Problem.at(s, "bits", BITS_OUT_OF_RANGE, bits, isOpcode ? "opcode" : "field", javaName, maxBits));
    } else if (fieldType == FieldType.BOOLEAN && bits != 1) {
      problems.add(Problem.at(s, "bits", BOOLEAN_BITS, javaName, bits));
    } else if (fieldType != FieldType.BOOLEAN && bits > fieldType.bits()) {
      problems.add(Problem.at(s, "bits", TYPE_TOO_NARROW, bits, javaName, fieldType.keyword(), fieldType.bits(),
          widerType(bits)));
    }

    int declaredShift = s.intValue("shift");
    boolean explicitShift = declaredShift != -1;
    int shift = explicitShift ? declaredShift : next;
    boolean shiftOk = declaredShift >= -1 && declaredShift < width;
    if (!shiftOk) {
      problems.add(Problem.at(s, "shift", BAD_SHIFT, declaredShift, width - 1));
      shift = Math.max(0, Math.min(declaredShift, width - 1));
    } else if (bitsOk && shift + bits > width) {
      String why = explicitShift ? "" : REASON_IMPLICIT_SHIFT.text(shift);
      problems.add(Problem.at(s, explicitShift ? "shift" : "bits", FIELD_OUTSIDE_WORD, isOpcode ? "opcode" : "field", javaName, Bits.range(shift, bits), width, width - 1, why));
    }

    Encoding encoding = isOpcode ? Encoding.SHIFTED : Encoding.valueOf(s.enumValue("encoding"));
    if (encoding == Encoding.IN_PLACE) {
      checkInPlace(s, javaName, fieldType, shift, bits, explicitShift, bitsOk && shiftOk);
    }
    int compatBits = compatWidth == 0 ? 0 : bits;
    if (isOpcode) {
      if (compatWidth != 0 && bitsOk && shiftOk && shift + bits > compatWidth) {
        problems.add(Problem.at(s, "bits", OPCODE_BEYOND_COMPAT, javaName, Bits.range(shift, bits)));
      }
    } else {
      compatBits = readCompatBits(s, javaName, shift, bits, bitsOk, bitsOk && shiftOk, compatWidth);
    }
    Binding field = new Binding(new Field(name, isOpcode, encoding, shift, bitsOk ? bits : 1, compatBits), javaName,
        fieldType, macro);
    return new Declaration(v, s, isOpcode, field, explicitShift, bitsOk, bitsOk && shiftOk);
  }

  /** {@code placed}: bits and shift are valid, so the field's extent can be judged. */
  private void checkInPlace(Site s, String javaName, FieldType fieldType, int shift, int bits, boolean explicitShift,
      boolean placed) {
    if (fieldType == FieldType.BOOLEAN) {
      problems.add(Problem.at(s, "encoding", IN_PLACE_ALIGNMENT, javaName,
          REASON_IN_PLACE_BOOLEAN.text(shift)));
    } else if (!explicitShift) {
      problems.add(Problem.at(s, "encoding", IN_PLACE_ALIGNMENT, javaName,
          REASON_IN_PLACE_IMPLICIT.text(shift)));
    } else if (placed && shift + bits > fieldType.bits()) {
      problems.add(Problem.at(s, "encoding", IN_PLACE_ALIGNMENT, javaName,
          REASON_IN_PLACE_TYPE.text(shift + bits - 1, fieldType.keyword(), fieldType.bits(), widerType(shift + bits))));
    }
  }

  /**
   * {@code bitsOk}: bits is valid, so compatBits can be compared with it; {@code placed}: shift is
   * valid too, so the field's extent in the compat word can be judged.
   */
  private int readCompatBits(Site s, String javaName, int shift, int bits, boolean bitsOk, boolean placed,
      int compatWidth) {
    int declared = s.intValue("compatBits");
    if (compatWidth == 0) {
      if (declared != -1) {
        problems.add(Problem.at(s, "compatBits", COMPAT_BITS_WITHOUT_COMPAT, declared, type.getSimpleName()));
      }
      return 0;
    }
    int room = Math.max(0, compatWidth - shift);
    if (declared == -1) {
      if (placed && shift + bits > compatWidth) {
        problems.add(Problem.at(s, "bits", COMPAT_BITS_REQUIRED, javaName, Bits.range(shift, bits), room));
        return 0;
      }
      return bits;
    }
    if (declared < -1) {
      problems.add(Problem.at(s, "compatBits", BAD_COMPAT_BITS, declared));
      return 0;
    }
    if (bitsOk && declared > bits) {
      problems.add(Problem.at(s, "compatBits", COMPAT_BITS_TOO_LARGE, declared, bits));
      return 0;
    }
    if (placed && declared > 0 && shift + declared > compatWidth) {
      problems.add(Problem.at(s, "compatBits", COMPAT_BITS_OUTSIDE, declared, javaName,
          Bits.range(shift, declared), room));
      return 0;
    }
    return declared;
  }

  /**
   * The ops, in source order; {@code aliasEntries} gets each op's aliases as written, for findings
   * about one of them.
   */
  private List<Op> readOps(List<Binding> fields, Map<String, Site> opSites,
      Map<String, List<AnnotationValue>> aliasEntries) {
    List<Op> ops = new ArrayList<>();
    for (VariableElement v : ElementFilter.fieldsIn(type.getEnclosedElements())) {
      Optional<Site> found = site(v, OP);
      if (found.isEmpty() || site(v, OPCODE).isPresent() || site(v, FIELD).isPresent()) {
        continue;
      }
      Site s = found.get();
      String opName = v.getSimpleName().toString();
      opSites.put(opName, s);
      Long code = constantCode(v);
      if (code == null) {
        problems.add(Problem.at(s, null, OP_NOT_CONSTANT, opName, describeMember(v)));
        continue;
      }
      List<AnnotationValue> aliases = s.arrayValue("aliases");
      aliasEntries.put(opName, aliases);
      ops.add(new Op(opName, code, readContinues(s, opName, fields),
          aliases.stream().map(a -> (String) a.getValue()).toList(), readRetirement(v, "op", opName)));
    }
    return ops;
  }

  /**
   * Reports what the layout rules find in the placed part of the layout, each finding on the
   * attribute it is about, with fields called by their Java names. Returns the aliases refused.
   */
  private Set<Part.Alias> judge(Layout layout, List<Declaration> declared, Site cls, Map<String, Site> opSites,
      Map<String, List<AnnotationValue>> aliasEntries) {
    Map<String, Declaration> byName = new LinkedHashMap<>();
    declared.forEach(d -> byName.putIfAbsent(d.field().name(), d));
    Function<Part, String> names = part -> part instanceof Part.Field f ? byName.get(f.name()).field().javaName()
        : part instanceof Part.Continuable ? type.getSimpleName().toString() : part.name();
    Set<Part.Alias> refused = new HashSet<>();
    for (Finding finding : LayoutRules.check(layout)) {
      Object[] args = finding.args(names);
      Part part = finding.part();
      if (part instanceof Part.Alias a) {
        refused.add(a);
        problems.add(Problem.on(opSites.get(a.op()), "aliases", aliasEntries.get(a.op()).get(a.index()), finding.rule(),
            args));
      } else if (part instanceof Part.Op o) {
        problems.add(Problem.at(opSites.get(o.name()), null, finding.rule(), args));
      } else if (part instanceof Part.Field || part instanceof Part.Continues) {
        // An overlap is fixed by moving the field: point at what placed it.
        Declaration d = byName.get(part.name());
        String attribute = finding.rule() != OVERLAP ? null : d.explicitShift() ? "shift" : "bits";
        problems.add(Problem.at(d.site(), attribute, finding.rule(), args));
      } else {
        problems.add(Problem.at(cls, null, finding.rule(), args));
      }
    }
    return refused;
  }

  /**
   * The {@code @Retired} on {@code element}, if any: both attributes non-blank, a release label and a
   * one-line reason. Recorded in the source map so that gate findings about it land on it.
   */
  private Retirement readRetirement(Element element, String kind, String name) {
    Optional<Site> found = site(element, RETIRED);
    if (found.isEmpty()) {
      return null;
    }
    Site r = found.get();
    retiredSites.put(SourceMap.retiredKey(kind, name), r);
    String release = r.stringValue("release").trim();
    String reason = r.stringValue("reason").trim();
    boolean ok = true;
    if (release.isEmpty() || reason.isEmpty()) {
      problems.add(Problem.at(r, release.isEmpty() ? "release" : "reason", RETIRED_BLANK, element.getSimpleName(),
          release.isEmpty() ? "release" : "reason"));
      ok = false;
    } else if (!Status.isValidLabel(release)) {
      problems.add(Problem.at(r, "release", RETIRED_BAD_RELEASE, release));
      ok = false;
    } else if (!Status.isValidReason(reason)) {
      problems.add(Problem.at(r, "reason", RETIRED_BAD_REASON, reason));
      ok = false;
    }
    return ok ? new Retirement(release, reason) : null;
  }

  private List<String> readContinues(Site s, String opName, List<Binding> fields) {
    List<String> names = new ArrayList<>();
    for (AnnotationValue entry : s.arrayValue("continues")) {
      String ref = (String) entry.getValue();
      Optional<Binding> target = fields.stream()
          .filter(f -> f.name().equals(ref) || f.javaName().equals(ref))
          .findFirst();
      if (target.isEmpty()) {
        String known = fields.stream().filter(f -> !f.opcode()).map(Binding::javaName).toList().toString();
        problems.add(Problem.on(s, "continues", entry, CONTINUES_UNKNOWN, opName, ref, type.getSimpleName(), known));
      } else if (target.get().opcode()) {
        problems.add(Problem.on(s, "continues", entry, CONTINUES_OPCODE, opName, ref));
      } else if (names.contains(target.get().name())) {
        problems.add(Problem.on(s, "continues", entry, CONTINUES_TWICE, opName, ref));
      } else {
        names.add(target.get().name());
      }
    }
    // Binding order, so that equal sets compare equal whatever order the source lists them in.
    return fields.stream().map(Binding::name).filter(names::contains).toList();
  }

  private static FieldType fieldType(VariableElement v) {
    return switch (v.asType().getKind()) {
      case LONG -> FieldType.LONG;
      case INT -> FieldType.INT;
      case SHORT -> FieldType.SHORT;
      case BYTE -> FieldType.BYTE;
      case BOOLEAN -> FieldType.BOOLEAN;
      default -> null;
    };
  }

  private static Long constantCode(VariableElement v) {
    if (!v.getModifiers().contains(Modifier.STATIC) || !v.getModifiers().contains(Modifier.FINAL)) {
      return null;
    }
    Object value = v.getConstantValue();
    if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    return null;
  }

  private static String describeMember(VariableElement v) {
    List<String> facts = new ArrayList<>();
    if (!v.getModifiers().contains(Modifier.STATIC)) {
      facts.add(REASON_NOT_STATIC.text());
    }
    if (!v.getModifiers().contains(Modifier.FINAL)) {
      facts.add(REASON_NOT_FINAL.text());
    }
    switch (v.asType().getKind()) {
      case LONG, INT, SHORT, BYTE -> {
        if (facts.isEmpty()) {
          facts.add(REASON_NOT_CONSTANT.text());
        }
      }
      default -> facts.add(REASON_OF_TYPE.text(v.asType()));
    }
    return String.join(", ", facts);
  }

  private static String kindName(ElementKind kind) {
    return switch (kind) {
      case INTERFACE -> "an interface";
      case ENUM -> "an enum";
      case RECORD -> "a record";
      case ANNOTATION_TYPE -> "an annotation type";
      default -> "a " + kind.name().toLowerCase(Locale.ROOT);
    };
  }

  private static String widerType(int bits) {
    return bits <= 8 ? "byte" : bits <= 16 ? "short" : bits <= 32 ? "int" : "long";
  }

  /** {@code startExtent} -> {@code start_extent}; {@code MMUUpdate} -> {@code mmu_update}. */
  public static String snake(String javaName) {
    StringBuilder out = new StringBuilder();
    char[] c = javaName.toCharArray();
    for (int i = 0; i < c.length; i++) {
      boolean upper = Character.isUpperCase(c[i]);
      boolean boundary = upper && i > 0
          && (Character.isLowerCase(c[i - 1]) || Character.isDigit(c[i - 1])
              || (i + 1 < c.length && Character.isLowerCase(c[i + 1]) && Character.isUpperCase(c[i - 1])));
      if (boundary && out.length() > 0 && out.charAt(out.length() - 1) != '_') {
        out.append('_');
      }
      out.append(Character.toLowerCase(c[i]));
    }
    return out.toString();
  }
}
