package dev.abilock.processor.read;

import static dev.abilock.core.DeclarationMessage.*;

import dev.abilock.Encoding;
import dev.abilock.core.CatalogueEntry;
import dev.abilock.core.model.Bits;
import dev.abilock.core.model.Field;
import dev.abilock.core.model.Layout;
import dev.abilock.core.model.Op;
import dev.abilock.core.model.Retirement;
import dev.abilock.core.model.rules.Finding;
import dev.abilock.core.model.rules.LayoutRules;
import dev.abilock.core.model.rules.Part;
import dev.abilock.processor.model.Binding;
import dev.abilock.processor.model.Declared;
import dev.abilock.processor.model.FieldType;
import dev.abilock.processor.names.HeaderNames;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
 * Reads one {@code @Continuable} class into a {@link Layout}, collecting every declaration error of
 * the class before giving up, each pointed at the attribute it is about.
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
  public record Result(
      Optional<Declared> declared,
      SourceMap sources,
      List<Problem> problems,
      List<TypeElement> structsRead) {}

  private final TypeElement type;
  private final List<Problem> problems = new ArrayList<>();

  /** The {@code @AbiStruct} classes the ops' {@code reads} name, in order, each once. */
  private final Set<TypeElement> structsRead = new LinkedHashSet<>();

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
      reader.problems.add(
          Problem.at(
              s,
              e.written() ? e.attribute() : null,
              UNREADABLE_ATTRIBUTE,
              s.annotation().getAnnotationType().asElement().getSimpleName(),
              s.element().getSimpleName(),
              e.attribute(),
              e.written() ? REASON_UNREADABLE_WRITTEN.text() : REASON_UNREADABLE_MISSING.text()));
      Site cls = site(type, CONTINUABLE).orElseThrow();
      return new Result(
          Optional.empty(), new SourceMap(cls, Map.of(), Map.of()), reader.problems, List.of());
    }
  }

  /** Finds the abilock annotation {@code name} on {@code element}, if any. */
  public static Optional<Site> site(Element element, String annotation) {
    for (AnnotationMirror m : element.getAnnotationMirrors()) {
      if (((TypeElement) m.getAnnotationType().asElement())
          .getQualifiedName()
          .contentEquals(annotation)) {
        return Optional.of(new Site(element, m));
      }
    }
    return Optional.empty();
  }

  /**
   * A declared field before placement checks: its site, raw attributes, and computed shift.
   *
   * @param bitsOk whether {@code bits} is valid (else the field holds a 1-bit stand-in)
   * @param placed whether its bits are real: valid {@code bits} and {@code shift}. Only placed
   *     fields are judged by the layout rules, so that one mistake is not reported again as a
   *     collision with a stand-in position.
   * @param derivedName whether its ABI name is derived from the Java name, not written
   */
  private record Declaration(
      VariableElement element,
      Site site,
      boolean opcode,
      Binding field,
      boolean explicitShift,
      boolean bitsOk,
      boolean placed,
      boolean derivedName) {

    /** This field retired as {@code retirement} says ({@code null}: in use). */
    Declaration retired(Retirement retirement) {
      Binding b =
          new Binding(
              field.field().withRetirement(retirement),
              field.javaName(),
              field.type(),
              field.macro());
      return new Declaration(element, site, opcode, b, explicitShift, bitsOk, placed, derivedName);
    }
  }

  private Result read() {
    Site cls = site(type, CONTINUABLE).orElseThrow();
    Map<String, Site> fieldSites = new LinkedHashMap<>();
    Map<String, Site> opSites = new LinkedHashMap<>();
    SourceMap empty = new SourceMap(cls, fieldSites, opSites, retiredSites);
    if (type.getKind() != ElementKind.CLASS) {
      problems.add(
          Problem.at(cls, null, NOT_A_CLASS, type.getSimpleName(), kindName(type.getKind())));
      return new Result(Optional.empty(), empty, problems, List.of());
    }

    String name = cls.stringValue("name");
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
    declared.forEach(d -> fieldSites.putIfAbsent(d.field().name(), d.site()));
    List<Binding> fields = declared.stream().map(Declaration::field).toList();
    Optional<Declaration> firstOpcode = declared.stream().filter(Declaration::opcode).findFirst();
    Optional<Binding> opcode = firstOpcode.map(Declaration::field);
    Map<String, List<AnnotationValue>> aliasEntries = new LinkedHashMap<>();
    List<Op> ops = readOps(fields, opSites, aliasEntries);
    Retirement retirement = readRetirement(type, "continuable", name);
    List<Declaration> placed = declared.stream().filter(Declaration::placed).toList();
    Set<Part.Alias> badAliases =
        judge(
            new Layout(
                name,
                type.getQualifiedName().toString(),
                width,
                compatWidth,
                placed.stream().map(d -> d.field().field()).toList(),
                firstOpcode.map(Declaration::placed).orElse(true) ? ops : List.of(),
                retirement),
            placed,
            cls,
            opSites,
            aliasEntries);
    // Names the codec and header would define: each field once (a duplicate ABI name is reported
    // above).
    List<GeneratedNames.Named> named =
        declared.stream()
            .filter(d -> fieldSites.get(d.field().name()) == d.site())
            .map(d -> new GeneratedNames.Named(d.site(), d.field()))
            .toList();
    // An alias already refused would only be reported again as a clash.
    List<Op> soundOps =
        ops.stream()
            .map(
                o ->
                    new Op(
                        o.name(),
                        o.code(),
                        o.continues(),
                        o.aliases().stream()
                            .filter(
                                a ->
                                    badAliases.stream()
                                        .noneMatch(
                                            b -> b.op().equals(o.name()) && b.name().equals(a)))
                            .toList(),
                        o.retired()))
            .toList();
    problems.addAll(GeneratedNames.check(named, soundOps, opSites, name, prefix, compatWidth != 0));

    // The contract orders encode's parameters and State's components opcode first, then the
    // fields in declaration order; placement above has already used the declaration order.
    List<Binding> ordered = new ArrayList<>();
    opcode.ifPresent(ordered::add);
    fields.stream().filter(f -> !f.opcode()).forEach(ordered::add);
    Layout layout =
        new Layout(
            name,
            type.getQualifiedName().toString(),
            width,
            compatWidth,
            ordered.stream().map(Binding::field).toList(),
            ops.stream().sorted(Comparator.comparingLong(Op::code)).toList(),
            retirement);
    SourceMap sources = new SourceMap(cls, fieldSites, opSites, retiredSites);
    return new Result(
        problems.isEmpty() ? Optional.of(new Declared(layout, prefix, ordered)) : Optional.empty(),
        sources,
        problems,
        List.copyOf(structsRead));
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
          site(v, RETIRED)
              .ifPresent(
                  r -> problems.add(Problem.at(r, null, RETIRED_NOT_ABI, v.getSimpleName())));
        }
        continue;
      }
      boolean isOpcode = opcodeSite.isPresent();
      Declaration d = readField(v, s.get(), isOpcode, next, width, compatWidth, prefix);
      if (isOpcode) {
        site(v, RETIRED)
            .ifPresent(
                r ->
                    problems.add(
                        Problem.at(
                            r, null, RETIRED_OPCODE, v.getSimpleName(), type.getSimpleName())));
      } else {
        d = d.retired(readRetirement(v, "field", d.field().name()));
      }
      declared.add(d);
      next = d.field().shift() + Math.max(d.field().bits(), 0);
    }
    return declared;
  }

  private boolean conflictFree(
      VariableElement v, Optional<Site> opcode, Optional<Site> field, Optional<Site> op) {
    List<String> kinds = new ArrayList<>();
    opcode.ifPresent(x -> kinds.add("Opcode"));
    field.ifPresent(x -> kinds.add("ContinuationField"));
    op.ifPresent(x -> kinds.add("Op"));
    if (kinds.size() < 2) {
      return true;
    }
    Site second = field.isPresent() && opcode.isPresent() ? field.get() : op.get();
    problems.add(
        Problem.at(
            second, null, CONFLICTING_ANNOTATIONS, v.getSimpleName(), kinds.get(0), kinds.get(1)));
    return false;
  }

  private Declaration readField(
      VariableElement v,
      Site s,
      boolean isOpcode,
      int next,
      int width,
      int compatWidth,
      String prefix) {
    String kind = isOpcode ? "Opcode" : "ContinuationField";
    String javaName = v.getSimpleName().toString();
    if (v.getModifiers().contains(Modifier.STATIC) || v.getModifiers().contains(Modifier.FINAL)) {
      String what =
          v.getModifiers().contains(Modifier.STATIC)
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
    boolean derivedName = name.isEmpty();
    if (derivedName) {
      name = snake(javaName);
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
      problems.add(
          Problem.at(
              s,
              "bits",
              BITS_OUT_OF_RANGE,
              bits,
              isOpcode ? "opcode" : "field",
              javaName,
              maxBits));
    } else if (fieldType == FieldType.BOOLEAN && bits != 1) {
      problems.add(Problem.at(s, "bits", BOOLEAN_BITS, javaName, bits));
    } else if (fieldType != FieldType.BOOLEAN && bits > fieldType.bits()) {
      problems.add(
          Problem.at(
              s,
              "bits",
              TYPE_TOO_NARROW,
              bits,
              javaName,
              fieldType.keyword(),
              fieldType.bits(),
              widerType(bits)));
    }

    int declaredShift = s.intValue("shift");
    boolean explicitShift = declaredShift != -1;
    int shift = explicitShift ? declaredShift : next;
    boolean shiftOk = declaredShift >= -1 && declaredShift < width;
    if (!shiftOk) {
      problems.add(Problem.at(s, "shift", BAD_SHIFT, declaredShift, width - 1));
      shift = Math.max(0, Math.min(declaredShift, width - 1));
    }

    Encoding encoding = isOpcode ? Encoding.SHIFTED : Encoding.valueOf(s.enumValue("encoding"));
    if (encoding == Encoding.IN_PLACE) {
      checkInPlace(s, javaName, fieldType, shift, bits, explicitShift, bitsOk && shiftOk);
    }
    // The opcode is whole in the compat word; the layout rules judge whether it fits there.
    int compatBits =
        isOpcode
            ? (compatWidth == 0 ? 0 : bits)
            : readCompatBits(s, javaName, shift, bits, bitsOk && shiftOk, compatWidth);
    Binding field =
        new Binding(
            new Field(name, isOpcode, encoding, shift, bitsOk ? bits : 1, compatBits),
            javaName,
            fieldType,
            macro);
    return new Declaration(
        v, s, isOpcode, field, explicitShift, bitsOk, bitsOk && shiftOk, derivedName);
  }

  /** {@code placed}: bits and shift are valid, so the field's extent can be judged. */
  private void checkInPlace(
      Site s,
      String javaName,
      FieldType fieldType,
      int shift,
      int bits,
      boolean explicitShift,
      boolean placed) {
    if (fieldType == FieldType.BOOLEAN) {
      problems.add(
          Problem.at(
              s, "encoding", IN_PLACE_ALIGNMENT, javaName, REASON_IN_PLACE_BOOLEAN.text(shift)));
    } else if (!explicitShift) {
      problems.add(
          Problem.at(
              s, "encoding", IN_PLACE_ALIGNMENT, javaName, REASON_IN_PLACE_IMPLICIT.text(shift)));
    } else if (placed && shift + bits > fieldType.bits()) {
      problems.add(
          Problem.at(
              s,
              "encoding",
              IN_PLACE_ALIGNMENT,
              javaName,
              REASON_IN_PLACE_TYPE.text(
                  shift + bits - 1,
                  fieldType.keyword(),
                  fieldType.bits(),
                  widerType(shift + bits))));
    }
  }

  /**
   * The compatBits written, or what an unwritten one stands for; {@code placed}: bits and shift are
   * valid, so the field's extent in the compat word can be judged. Whether a written count fits the
   * field and the compat word is the layout rules' to judge.
   */
  private int readCompatBits(
      Site s, String javaName, int shift, int bits, boolean placed, int compatWidth) {
    int declared = s.intValue("compatBits");
    if (compatWidth == 0) {
      if (declared != -1) {
        problems.add(
            Problem.at(
                s, "compatBits", COMPAT_BITS_WITHOUT_COMPAT, declared, type.getSimpleName()));
      }
      return 0;
    }
    int room = Math.max(0, compatWidth - shift);
    if (declared == -1) {
      if (placed && shift + bits > compatWidth) {
        problems.add(
            Problem.at(s, "bits", COMPAT_BITS_REQUIRED, javaName, Bits.range(shift, bits), room));
        return 0;
      }
      return bits;
    }
    if (declared < -1) {
      problems.add(Problem.at(s, "compatBits", BAD_COMPAT_BITS, declared));
      return 0;
    }
    return declared;
  }

  /**
   * The ops, in source order; {@code aliasEntries} gets each op's aliases as written, for findings
   * about one of them.
   */
  private List<Op> readOps(
      List<Binding> fields,
      Map<String, Site> opSites,
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
      ops.add(
          new Op(
              opName,
              code,
              readContinues(s, opName, fields),
              aliases.stream().map(a -> (String) a.getValue()).toList(),
              readRetirement(v, "op", opName),
              readReads(s, opName)));
    }
    return ops;
  }

  /**
   * Reports what the layout rules find in the placed part of the layout, each finding on the
   * attribute it is about, with fields called by their Java names; where the source derived the
   * value a rule refuses (a shift, an ABI name), the message says how. {@code placed} holds the
   * layout's fields in its order. Returns the aliases refused.
   */
  private Set<Part.Alias> judge(
      Layout layout,
      List<Declaration> placed,
      Site cls,
      Map<String, Site> opSites,
      Map<String, List<AnnotationValue>> aliasEntries) {
    Function<Part, String> names =
        part ->
            part instanceof Part.Field f
                ? placed.get(f.index()).field().javaName()
                : part instanceof Part.Continuable ? type.getSimpleName().toString() : part.name();
    Set<Part.Alias> refused = new HashSet<>();
    for (Finding finding : LayoutRules.check(layout)) {
      CatalogueEntry rule = finding.rule();
      String message = rule.format(finding.args(names));
      Part part = finding.part();
      if (part instanceof Part.Alias a) {
        refused.add(a);
        problems.add(
            new Problem(
                opSites.get(a.op()),
                "aliases",
                aliasEntries.get(a.op()).get(a.index()),
                rule,
                message));
      } else if (part instanceof Part.Op o) {
        problems.add(new Problem(opSites.get(o.name()), null, null, rule, message));
      } else if (part instanceof Part.Retired r) {
        Site site = retiredSites.get(SourceMap.retiredKey(kindOf(r.retired()), r.name()));
        problems.add(
            new Problem(
                site, rule == RETIRED_BAD_RELEASE ? "release" : "reason", null, rule, message));
      } else if (part instanceof Part.Continuable) {
        problems.add(new Problem(cls, rule == BAD_NAME ? "name" : null, null, rule, message));
      } else {
        Declaration d = placed.get(fieldOf(part).index());
        problems.add(onField(d, part instanceof Part.Compat, rule, message));
      }
    }
    return refused;
  }

  private static Part.Field fieldOf(Part part) {
    return part instanceof Part.Continues c
        ? c.field()
        : part instanceof Part.Compat c ? c.field() : (Part.Field) part;
  }

  private static String kindOf(Part retired) {
    return retired instanceof Part.Op
        ? "op"
        : retired instanceof Part.Field ? "field" : "continuable";
  }

  /**
   * A finding about field {@code d} (its place in the compat word when {@code compat}), on the
   * attribute that fixes it: a field's extent is moved by its shift if written, else by its bits.
   */
  private Problem onField(Declaration d, boolean compat, CatalogueEntry rule, String message) {
    if (compat) {
      // The opcode's compat bits are its bits.
      return new Problem(d.site(), d.opcode() ? "bits" : "compatBits", null, rule, message);
    }
    Field f = d.field().field();
    if (rule == OVERLAP || rule == FIELD_OUTSIDE_WORD) {
      String why =
          rule == FIELD_OUTSIDE_WORD && !d.explicitShift()
              ? REASON_IMPLICIT_SHIFT.text(f.shift())
              : "";
      return new Problem(d.site(), d.explicitShift() ? "shift" : "bits", null, rule, message + why);
    }
    if (rule == BAD_NAME && d.derivedName()) {
      return new Problem(
          d.site(), null, null, rule, message + REASON_DERIVED_NAME.text(d.field().javaName()));
    }
    return new Problem(
        d.site(),
        rule == BAD_NAME || rule == DUPLICATE_FIELD_NAME ? "name" : null,
        null,
        rule,
        message);
  }

  /**
   * The {@code @Retired} on {@code element}, if any, with both attributes written (the layout rules
   * judge what they say). Recorded in the source map so that gate and rule findings about it land
   * on it.
   */
  private Retirement readRetirement(Element element, String kind, String name) {
    Optional<Site> found = site(element, RETIRED);
    if (found.isEmpty()) {
      return null;
    }
    Site r = found.get();
    retiredSites.put(SourceMap.retiredKey(kind, name), r);
    return retirement(r, element, problems);
  }

  /**
   * The retirement an {@code @Retired} site gives, for layouts and structs alike; {@code null} and
   * a {@code retired-blank} finding on the blank attribute when its release or reason is blank.
   */
  static Retirement retirement(Site r, Element element, List<Problem> problems) {
    String release = r.stringValue("release").trim();
    String reason = r.stringValue("reason").trim();
    if (release.isEmpty() || reason.isEmpty()) {
      String blank = release.isEmpty() ? "release" : "reason";
      problems.add(Problem.at(r, blank, RETIRED_BLANK, element.getSimpleName(), blank));
      return null;
    }
    return new Retirement(release, reason);
  }

  /**
   * The C tags of the structs {@code @Op(reads)} lists; a class that is no {@code @AbiStruct} is
   * refused on its entry.
   */
  private List<String> readReads(Site s, String opName) {
    List<String> tags = new ArrayList<>();
    if (!(s.value("reads") instanceof List<?> list)) {
      throw new Site.Unreadable(s, "reads", true);
    }
    for (Object o : list) {
      if (!(o instanceof AnnotationValue entry)
          || !(entry.getValue() instanceof javax.lang.model.type.DeclaredType t)
          || !(t.asElement() instanceof TypeElement struct)) {
        throw new Site.Unreadable(s, "reads", true);
      }
      Optional<String> tag = StructReader.structName(struct);
      if (tag.isEmpty()) {
        problems.add(
            Problem.on(s, "reads", entry, READS_NOT_A_STRUCT, opName, struct.getQualifiedName()));
      } else {
        tags.add(tag.get());
        structsRead.add(struct);
      }
    }
    return tags;
  }

  private List<String> readContinues(Site s, String opName, List<Binding> fields) {
    List<String> names = new ArrayList<>();
    for (AnnotationValue entry : s.arrayValue("continues")) {
      String ref = (String) entry.getValue();
      Optional<Binding> target =
          fields.stream().filter(f -> f.name().equals(ref) || f.javaName().equals(ref)).findFirst();
      if (target.isEmpty()) {
        String known =
            fields.stream().filter(f -> !f.opcode()).map(Binding::javaName).toList().toString();
        problems.add(
            Problem.on(
                s,
                "continues",
                entry,
                CONTINUES_UNKNOWN,
                opName,
                ref,
                type.getSimpleName(),
                known));
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
    if (value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte) {
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
      boolean boundary =
          upper
              && i > 0
              && (Character.isLowerCase(c[i - 1])
                  || Character.isDigit(c[i - 1])
                  || (i + 1 < c.length
                      && Character.isLowerCase(c[i + 1])
                      && Character.isUpperCase(c[i - 1])));
      if (boundary && out.length() > 0 && out.charAt(out.length() - 1) != '_') {
        out.append('_');
      }
      out.append(Character.toLowerCase(c[i]));
    }
    return out.toString();
  }
}
