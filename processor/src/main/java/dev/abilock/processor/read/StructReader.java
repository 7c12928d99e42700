package dev.abilock.processor.read;

import static dev.abilock.core.DeclarationMessage.*;

import dev.abilock.CType;
import dev.abilock.Compat;
import dev.abilock.core.CatalogueEntry;
import dev.abilock.core.GateMessage;
import dev.abilock.core.model.Retirement;
import dev.abilock.core.model.rules.StructFinding;
import dev.abilock.core.model.rules.StructRules;
import dev.abilock.core.model.struct.Abi;
import dev.abilock.core.model.struct.Member;
import dev.abilock.core.model.struct.Pad;
import dev.abilock.core.model.struct.Slot;
import dev.abilock.core.model.struct.StructDecl;
import dev.abilock.core.model.struct.StructTarget;
import dev.abilock.core.model.struct.SubOp;
import dev.abilock.processor.model.FieldType;
import dev.abilock.processor.model.JavaField;
import dev.abilock.processor.names.CodecNames;
import dev.abilock.processor.names.StructNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;

/**
 * Reads an {@code @AbiStruct} class into a core {@link StructDecl}: members and pads in declaration
 * order, sub-ops, retirements. The struct rules are core's ({@link StructRules}); this reader
 * checks only what the model cannot know (Java types, modifiers, where an annotation sits) and
 * places every finding on the attribute it is about.
 */
public final class StructReader {
  public static final String ABI_STRUCT = "dev.abilock.AbiStruct";
  static final String MEMBER = "dev.abilock.Member";
  static final String PAD = "dev.abilock.Pad";
  static final String SUB_OP = "dev.abilock.SubOp";

  private static final Pattern SNAKE = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");

  /**
   * A read struct: the declaration when it has no error, where its parts are, the header prefix,
   * each live or retired member's Java declaration by ABI name, and every problem found.
   */
  public record Result(
      Optional<StructDecl> struct,
      StructSources sources,
      String headerPrefix,
      Map<String, JavaField> javaFields,
      List<Problem> problems) {
    public Result {
      javaFields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(javaFields));
    }
  }

  private final TypeElement type;
  private final List<Problem> problems = new ArrayList<>();
  private final Map<String, Site> slotSites = new LinkedHashMap<>();
  private final Map<String, Site> subOpSites = new LinkedHashMap<>();
  private final Map<String, Site> retiredSites = new LinkedHashMap<>();
  private final Map<String, String> javaNames = new LinkedHashMap<>();
  private final Map<String, JavaField> javaFields = new LinkedHashMap<>();

  /** Every slot's site by ABI name, in declaration order: a duplicate name has several. */
  private final Map<String, List<Site>> allSlotSites = new LinkedHashMap<>();

  /** How many duplicate-name findings of each name were placed so far. */
  private final Map<String, Integer> duplicatesPlaced = new LinkedHashMap<>();

  private StructReader(TypeElement type) {
    this.type = type;
  }

  /** Reads {@code type}, which carries {@code @AbiStruct}. */
  public static Result read(TypeElement type) {
    StructReader reader = new StructReader(type);
    Site cls = LayoutReader.site(type, ABI_STRUCT).orElseThrow();
    try {
      return reader.read(cls);
    } catch (Site.Unreadable e) {
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
      return new Result(
          Optional.empty(),
          new StructSources(cls, Map.of(), Map.of(), Map.of()),
          "",
          Map.of(),
          reader.problems);
    }
  }

  /** The C tag {@code type}'s {@code @AbiStruct} gives, if it carries one and it is readable. */
  public static Optional<String> structName(TypeElement type) {
    try {
      return LayoutReader.site(type, ABI_STRUCT).map(s -> s.stringValue("name"));
    } catch (Site.Unreadable e) {
      return Optional.empty();
    }
  }

  private Result read(Site cls) {
    if (type.getKind() != ElementKind.CLASS) {
      problems.add(
          Problem.at(
              cls,
              null,
              STRUCT_NOT_A_CLASS,
              type.getSimpleName(),
              type.getKind().name().toLowerCase(Locale.ROOT).replace('_', ' ')));
    }
    String name = cls.stringValue("name");
    if (!SNAKE.matcher(name).matches()) {
      problems.add(Problem.at(cls, "name", BAD_NAME, "struct", name));
    }
    Compat compat = Compat.valueOf(cls.enumValue("compat"));
    String prefix = cls.stringValue("headerPrefix");
    if (prefix.isEmpty()) {
      prefix = name.toUpperCase(Locale.ROOT);
    }
    List<Slot> slots = new ArrayList<>();
    List<VariableElement> fields = ElementFilter.fieldsIn(type.getEnclosedElements());
    for (VariableElement v : fields) {
      readSlot(v, compat).ifPresent(slots::add);
    }
    List<SubOp> subOps = new ArrayList<>();
    for (VariableElement v : fields) {
      readSubOp(v, slots).ifPresent(subOps::add);
    }
    Retirement retired =
        readRetirement(type, StructSources.retiredKey(StructTarget.Kind.STRUCT, name));
    StructDecl struct =
        new StructDecl(name, type.getQualifiedName().toString(), compat, slots, subOps, retired);
    for (StructFinding f : StructRules.check(struct)) {
      problems.add(place(cls, f));
    }
    generatedNames(struct);
    StructSources sources = new StructSources(cls, slotSites, subOpSites, retiredSites);
    return new Result(
        problems.isEmpty() ? Optional.of(struct) : Optional.empty(),
        sources,
        prefix,
        javaFields,
        problems);
  }

  private Optional<Slot> readSlot(VariableElement v, Compat compat) {
    Optional<Site> member = LayoutReader.site(v, MEMBER);
    Optional<Site> pad = LayoutReader.site(v, PAD);
    String javaName = v.getSimpleName().toString();
    if (member.isEmpty() && pad.isEmpty()) {
      LayoutReader.site(v, LayoutReader.RETIRED)
          .filter(r -> LayoutReader.site(v, SUB_OP).isEmpty())
          .ifPresent(r -> problems.add(Problem.at(r, null, RETIRED_NOT_ABI, javaName)));
      return Optional.empty();
    }
    if (member.isPresent() && pad.isPresent()) {
      problems.add(Problem.at(pad.get(), null, CONFLICTING_ANNOTATIONS, javaName, "Member", "Pad"));
      return Optional.empty();
    }
    Site s = member.orElseGet(pad::get);
    String annotation = member.isPresent() ? "Member" : "Pad";
    boolean isStatic = v.getModifiers().contains(Modifier.STATIC);
    boolean isFinal = v.getModifiers().contains(Modifier.FINAL);
    if (isStatic || isFinal) {
      problems.add(
          Problem.at(
              s,
              null,
              FIELD_STATIC_OR_FINAL,
              annotation,
              javaName,
              isStatic && isFinal ? "static final" : isStatic ? "static" : "final"));
    }
    if (member.isPresent()) {
      String written = s.stringValue("name");
      String abiName = written.isEmpty() ? LayoutReader.snake(javaName) : written;
      if (!SNAKE.matcher(abiName).matches()) {
        problems.add(Problem.at(s, written.isEmpty() ? null : "name", BAD_NAME, "member", abiName));
      }
      CType type = CType.valueOf(s.enumValue("type"));
      int javaBits = bits(v.asType());
      if (javaBits == 0) {
        problems.add(
            Problem.at(
                s,
                null,
                UNSUPPORTED_TYPE,
                annotation,
                javaName,
                v.asType(),
                "byte, short, int or long"));
      } else {
        int cBits = 8 * Abi.X86_64.sizeOf(type);
        if (javaBits < cBits) {
          problems.add(
              Problem.at(
                  s,
                  "type",
                  MEMBER_TYPE_TOO_NARROW,
                  javaName,
                  v.asType(),
                  javaBits,
                  type,
                  cBits,
                  cBits == 8 ? "byte" : cBits == 16 ? "short" : cBits == 32 ? "int" : "long"));
        }
      }
      Retirement retired =
          readRetirement(v, StructSources.retiredKey(StructTarget.Kind.MEMBER, abiName));
      slotSites.putIfAbsent(abiName, s);
      allSlotSites.computeIfAbsent(abiName, k -> new ArrayList<>()).add(s);
      javaNames.putIfAbsent(abiName, javaName);
      fieldType(v.asType())
          .ifPresent(t -> javaFields.putIfAbsent(abiName, new JavaField(javaName, t)));
      return Optional.of(
          new Member(abiName, type, s.intValue("align"), s.intValue("offset"), retired));
    }
    String abiName = LayoutReader.snake(javaName);
    if (!SNAKE.matcher(abiName).matches()) {
      problems.add(Problem.at(s, null, BAD_NAME, "pad", abiName));
    }
    LayoutReader.site(v, LayoutReader.RETIRED)
        .ifPresent(r -> problems.add(Problem.at(r, null, RETIRED_PAD, abiName)));
    boolean trailing = (Boolean) s.value("trailing");
    boolean mustBeZero = (Boolean) s.value("mustBeZero");
    int size = s.intValue("size");
    boolean byteArray =
        v.asType() instanceof ArrayType a && a.getComponentType().getKind() == TypeKind.BYTE;
    slotSites.putIfAbsent(abiName, s);
    allSlotSites.computeIfAbsent(abiName, k -> new ArrayList<>()).add(s);
    javaNames.putIfAbsent(abiName, javaName);
    if (trailing) {
      if (!byteArray) {
        problems.add(
            Problem.at(
                s, "trailing", UNSUPPORTED_TYPE, annotation, javaName, v.asType(), "byte[]"));
      }
      return Optional.of(new Pad(abiName, 0, mustBeZero, true));
    }
    if (byteArray) {
      if (size == -1) {
        problems.add(Problem.at(s, null, PAD_SIZE_REQUIRED, abiName));
        return Optional.empty();
      }
      return Optional.of(new Pad(abiName, size, mustBeZero, false));
    }
    int javaBits = bits(v.asType());
    if (javaBits == 0) {
      problems.add(
          Problem.at(
              s,
              null,
              UNSUPPORTED_TYPE,
              annotation,
              javaName,
              v.asType(),
              "byte, short, int, long or byte[]"));
      return Optional.empty();
    }
    if (size != -1 && size != javaBits / 8) {
      problems.add(
          Problem.at(s, "size", PAD_SIZE_NOT_TYPE, abiName, v.asType(), javaBits / 8, size));
      return Optional.empty();
    }
    return Optional.of(new Pad(abiName, javaBits / 8, mustBeZero, false));
  }

  private Optional<SubOp> readSubOp(VariableElement v, List<Slot> slots) {
    Optional<Site> found = LayoutReader.site(v, SUB_OP);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Site s = found.get();
    String name = v.getSimpleName().toString();
    subOpSites.put(name, s);
    Long value = constant(v);
    if (value == null) {
      problems.add(Problem.at(s, null, SUB_OP_NOT_CONSTANT, name, describe(v)));
      return Optional.empty();
    }
    String ref = s.stringValue("member");
    String member =
        slots.stream()
            .filter(Member.class::isInstance)
            .map(Slot::name)
            .filter(n -> n.equals(ref) || ref.equals(javaNames.get(n)))
            .findFirst()
            .orElse(ref);
    List<String> aliases =
        s.arrayValue("aliases").stream().map(a -> (String) a.getValue()).toList();
    return Optional.of(
        new SubOp(
            name,
            value,
            member,
            aliases,
            readRetirement(v, StructSources.retiredKey(StructTarget.Kind.SUB_OP, name))));
  }

  /** A finding of the struct rules, on the attribute it names. */
  private Problem place(Site cls, StructFinding f) {
    StructTarget t = f.target();
    Site site =
        switch (t.kind()) {
          case STRUCT -> cls;
          case MEMBER, PAD -> slotSites.getOrDefault(t.name(), cls);
          case SUB_OP -> subOpSites.getOrDefault(t.name(), cls);
        };
    if (t.onRetired()) {
      site = retiredSites.getOrDefault(StructSources.retiredKey(t.kind(), t.name()), site);
    }
    CatalogueEntry rule = f.rule();
    if (rule == DUPLICATE_MEMBER_NAME) {
      // The k-th finding about a name is about its (k+1)-th declaration.
      List<Site> all = allSlotSites.getOrDefault(t.name(), List.of());
      int k = duplicatesPlaced.merge(t.name(), 1, Integer::sum);
      if (k < all.size()) {
        site = all.get(k);
      }
    }
    String attribute = site == cls && t.kind() != StructTarget.Kind.STRUCT ? null : t.attribute();
    if (rule == GateMessage.RETIRED_SUB_OP_REUSED) {
      attribute = null;
    }
    return new Problem(site, attribute, null, rule, rule.format(f.args().toArray()));
  }

  /** A member whose generated names would clash with the codec's own or another member's. */
  private void generatedNames(StructDecl struct) {
    Map<String, String> taken = new LinkedHashMap<>();
    for (Slot slot : struct.slots()) {
      Site site = slotSites.get(slot.name());
      String javaName = javaNames.getOrDefault(slot.name(), slot.name());
      boolean member = slot instanceof Member;
      boolean retired = slot instanceof Member m && m.isRetired();
      String what = (member ? "member " : "pad ") + javaName;
      if (member && !retired && CodecNames.RECORD_FORBIDDEN.contains(javaName) && site != null) {
        // A live member is a component of the State record that decode returns.
        problems.add(
            Problem.at(
                site,
                null,
                RESERVED_JAVA_NAME,
                javaName,
                NAME_RECORD_COMPONENT.text(javaName),
                slot.name()));
        continue;
      }
      for (String n : StructNames.ofSlot(slot.name(), javaName, member, retired, struct.compat())) {
        String other = StructNames.OWN.contains(n) ? "the codec's own " + n : taken.get(n);
        if (other != null && site != null) {
          problems.add(
              Problem.at(
                  site,
                  member ? "name" : null,
                  GENERATED_NAME_CLASH,
                  what,
                  other,
                  n,
                  StructNames.codecSimpleName(type.getSimpleName().toString()),
                  "the Java name or the ABI name"));
          break;
        }
        taken.putIfAbsent(n, what);
      }
    }
  }

  private Retirement readRetirement(javax.lang.model.element.Element element, String key) {
    Optional<Site> found = LayoutReader.site(element, LayoutReader.RETIRED);
    if (found.isEmpty()) {
      return null;
    }
    Site r = found.get();
    retiredSites.put(key, r);
    return LayoutReader.retirement(r, element, problems);
  }

  private static Optional<FieldType> fieldType(TypeMirror t) {
    return switch (t.getKind()) {
      case BYTE -> Optional.of(FieldType.BYTE);
      case SHORT -> Optional.of(FieldType.SHORT);
      case INT -> Optional.of(FieldType.INT);
      case LONG -> Optional.of(FieldType.LONG);
      default -> Optional.empty();
    };
  }

  private static int bits(TypeMirror t) {
    return switch (t.getKind()) {
      case BYTE -> 8;
      case SHORT -> 16;
      case INT -> 32;
      case LONG -> 64;
      default -> 0;
    };
  }

  private static Long constant(VariableElement v) {
    if (!v.getModifiers().contains(Modifier.STATIC) || !v.getModifiers().contains(Modifier.FINAL)) {
      return null;
    }
    Object c = v.getConstantValue();
    return c instanceof Byte || c instanceof Short || c instanceof Integer || c instanceof Long
        ? ((Number) c).longValue()
        : null;
  }

  private static String describe(VariableElement v) {
    if (!v.getModifiers().contains(Modifier.STATIC)) {
      return REASON_NOT_STATIC.text();
    }
    if (!v.getModifiers().contains(Modifier.FINAL)) {
      return REASON_NOT_FINAL.text();
    }
    return bits(v.asType()) == 0 ? REASON_OF_TYPE.text(v.asType()) : REASON_NOT_CONSTANT.text();
  }
}
