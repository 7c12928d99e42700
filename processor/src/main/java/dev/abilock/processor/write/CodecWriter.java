package dev.abilock.processor.write;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.abilock.Encoding;
import dev.abilock.processor.model.Bits;
import dev.abilock.processor.model.Field;
import dev.abilock.processor.model.FieldType;
import dev.abilock.processor.model.Layout;
import dev.abilock.processor.model.Op;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code <Handler>Codec}: constants, strict {@code encode} and {@code validate}, raw
 * getters and {@code decode}, plus their compat twins. Everything on the static paths is shifts,
 * masks and a {@code switch} on the op code, as a careful hand would write it; only the failure
 * paths allocate.
 */
public final class CodecWriter {
  private static final ClassName VIOLATION = ClassName.get("dev.abilock.runtime", "AbiViolationException");
  private static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");

  private final Layout layout;
  private final ClassName codec;
  private final Field opcode;
  /**
   * Fields sharing bits with another field or the opcode (memory_op's start_extent and
   * start_iter): they read 0 for an op that does not continue with them, so reading them needs
   * the op. Any other field reads 0 from a valid word of such an op anyway.
   */
  private final List<Field> shared;
  /** Whether validate looks the op up in a table instead of switching on it ({@link #tables}). */
  private final boolean tables;

  private CodecWriter(Layout layout, ClassName codec) {
    this.layout = layout;
    this.codec = codec;
    this.opcode = layout.opcode().orElse(null);
    this.shared = layout.continuationFields().stream()
        .filter(f -> layout.fields().stream().anyMatch(g -> g != f && g.overlaps(f)))
        .toList();
    this.tables = tables(layout, opcode);
  }

  /**
   * Whether op lookups use tables indexed by op code. On a stream of mixed ops, the branches of a
   * switch follow the op and mispredict, and a load does not: on memory_op's mixed stream a
   * table-driven validate took 1.2 ns a word where a hand-written switch took 3.3 (a quick run).
   * On one constant word the switch predicts perfectly and wins, by a few tenths of a nanosecond.
   * Kept to op codes below 256 (tables of at most 2 KiB) and opcodes narrower than an int.
   */
  private static boolean tables(Layout layout, Field opcode) {
    return opcode != null && !layout.ops().isEmpty() && opcode.bits() < 32
        && layout.ops().stream().mapToLong(Op::code).max().orElse(0) < 256;
  }

  /** Names the codec of {@code handler}: {@code p.Outer.Inner} -> {@code p.Outer_InnerCodec}. */
  public static ClassName codecName(ClassName handler) {
    return ClassName.get(handler.packageName(), String.join("_", handler.simpleNames()) + "Codec");
  }

  /**
   * The codec source for {@code layout}.
   *
   * @param generatedAnnotation whether {@code javax.annotation.processing.Generated} is available
   * @param origin the handler class, recorded as the file's originating element
   */
  public static JavaFile write(Layout layout, ClassName codec, boolean generatedAnnotation, Element origin) {
    TypeSpec.Builder type = new CodecWriter(layout, codec).type();
    if (generatedAnnotation) {
      type.addAnnotation(com.palantir.javapoet.AnnotationSpec.builder(GENERATED)
          .addMember("value", "$S", "dev.abilock.processor.AbilockProcessor").build());
    }
    if (origin != null) {
      type.addOriginatingElement(origin);
    }
    return JavaFile.builder(codec.packageName(), type.build())
        .skipJavaLangImports(true)
        .indent("  ")
        .build();
  }

  private TypeSpec.Builder type() {
    TypeSpec.Builder type = TypeSpec.classBuilder(codec)
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addJavadoc(classDoc());
    type.addField(constant(TypeName.get(String.class), "NAME", CodeBlock.of("$S", layout.name()),
        "ABI name of this continuation word."));
    type.addField(constant(TypeName.INT, "WIDTH", CodeBlock.of("$L", layout.width()), "Width of the native word in bits."));
    type.addField(constant(TypeName.INT, "COMPAT_WIDTH", CodeBlock.of("$L", layout.compatWidth()),
        "Width of the compat word in bits; 0 when there is none."));
    for (Field f : layout.fields()) {
      addFieldConstants(type, f);
    }
    type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());

    type.addMethod(encode(false));
    type.addMethod(validate(false));
    for (Field f : layout.fields()) {
      type.addMethod(getter(f));
    }
    type.addMethod(decode(false));
    if (layout.hasCompat()) {
      type.addMethod(encode(true));
      type.addMethod(validate(true));
      type.addMethod(decode(true));
    }
    if (opcode != null) {
      type.addMethod(checkOp());
      type.addMethod(opName());
    }
    if (tables) {
      type.addField(refusedTable(false));
      if (layout.hasCompat()) {
        type.addField(refusedTable(true));
      }
      type.addMethod(invalid());
    }
    type.addMethod(strayBits());
    type.addType(stateRecord());
    return type;
  }

  // ---------------------------------------------------------------- constants

  private static String constantStem(Field f) {
    return f.name().toUpperCase(Locale.ROOT);
  }

  private static String ref(Field f, String suffix) {
    return constantStem(f) + "_" + suffix;
  }

  private void addFieldConstants(TypeSpec.Builder type, Field f) {
    String what = (f.opcode() ? "opcode " : "field ") + f.name() + ", bits " + Bits.range(f.shift(), f.bits())
        + (f.opcode() ? "" : ", " + (f.encoding() == Encoding.SHIFTED ? "shifted" : "in place"));
    type.addField(constant(TypeName.INT, ref(f, "SHIFT"), CodeBlock.of("$L", f.shift()), "Lowest bit of " + what + "."));
    type.addField(constant(TypeName.LONG, ref(f, "MASK"), hex(f.mask()), "Bits of the native word holding " + what + "."));
    type.addField(constant(TypeName.LONG, ref(f, "MAX"), hex(f.max()),
        "Largest value of " + f.name() + " that encodes in the native word."));
    if (layout.hasCompat()) {
      type.addField(constant(TypeName.LONG, ref(f, "COMPAT_MASK"), hex(f.compatMask()),
          "Bits of the compat word holding " + f.name() + " (" + Bits.range(f.shift(), f.compatBits()) + ")."));
      type.addField(constant(TypeName.LONG, ref(f, "COMPAT_MAX"), hex(f.compatMax()),
          "Largest value of " + f.name() + " that encodes in the compat word."));
    }
  }

  private static FieldSpec constant(TypeName type, String name, CodeBlock value, String doc) {
    return FieldSpec.builder(type, name, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
        .initializer(value)
        .addJavadoc("$L", doc)
        .build();
  }

  private static CodeBlock hex(long value) {
    return CodeBlock.of("$L", "0x" + Long.toHexString(value) + "L");
  }

  // ---------------------------------------------------------------- encode

  private MethodSpec encode(boolean compat) {
    MethodSpec.Builder m = MethodSpec.methodBuilder(compat ? "encodeCompat" : "encode")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(compat ? TypeName.INT : TypeName.LONG);
    m.addJavadoc(compat
        ? "Encodes a compat (32-bit) word; same checks as {@link #encode}, against the compat field widths.\n"
        : "Encodes a word. Never truncates: refuses a value that does not fit its field, an unknown op,\n"
            + "or a non-zero field the op does not continue with.\n");
    m.addJavadoc("\n@throws AbiViolationException if the values do not form a valid word\n");
    for (Field f : layout.fields()) {
      m.addParameter(ParameterSpec.builder(javaType(f.type()), f.javaName()).build());
    }
    for (Field f : layout.fields()) {
      if (canExceed(f, compat)) {
        String max = ref(f, compat ? "COMPAT_MAX" : "MAX");
        int bits = compat ? f.compatBits() : f.bits();
        String how = f.encoding() == Encoding.SHIFTED
            ? bits + " bits" + (compat ? " of the compat word" : "")
            : "mask " + Bits.hex(compat ? f.compatMask() : f.mask(), layout.width(compat)) + " (in place)";
        m.beginControlFlow("if ($L)", exceeds(f, max))
            .addStatement("throw $T.doesNotFit(NAME, $S, $L, $L, $S)", VIOLATION, f.name(), unsigned(f), max, how)
            .endControlFlow();
      }
    }
    if (opcode != null) {
      m.addStatement("checkOp($L)", layout.fields().stream().map(Field::javaName).collect(Collectors.joining(", ")));
    }
    List<CodeBlock> parts = new ArrayList<>();
    for (Field f : layout.fields()) {
      if (f.type() == FieldType.BOOLEAN) {
        parts.add(CodeBlock.of("($L ? $L : 0L)", f.javaName(), ref(f, "MASK"))); // a flag is its mask
      } else {
        parts.add(f.encoding() == Encoding.SHIFTED && f.shift() != 0
            ? CodeBlock.of("($L << $L)", unsigned(f), ref(f, "SHIFT"))
            : unsigned(f));
      }
    }
    // A layout without fields has one valid word, 0.
    CodeBlock word = parts.isEmpty() ? CodeBlock.of("0L") : CodeBlock.join(parts, " | ");
    return compat ? m.addStatement("return (int) ($L)", word).build() : m.addStatement("return $L", word).build();
  }

  /** Whether a value of the field's Java type can fall outside the field: the check is generated only then. */
  private static boolean canExceed(Field f, boolean compat) {
    int bits = compat ? f.compatBits() : f.bits();
    if (f.type() == FieldType.BOOLEAN) {
      return bits == 0;
    }
    return f.encoding() == Encoding.IN_PLACE || bits < f.type().bits();
  }

  /**
   * Whether the argument has a bit outside {@code max}. An int is tested in int arithmetic, as a
   * hand would write {@code count < 0} for a 31-bit count, rather than widened to long first; a
   * short or byte is zero-extended to int first, since sign extension would add bits that an
   * in-place field reaching the type's top bit does not have.
   */
  private static CodeBlock exceeds(Field f, String max) {
    return switch (f.type()) {
      case INT -> CodeBlock.of("($L & ~(int) $L) != 0", f.javaName(), max);
      case SHORT -> CodeBlock.of("($T.toUnsignedInt($L) & ~(int) $L) != 0", Short.class, f.javaName(), max);
      case BYTE -> CodeBlock.of("($T.toUnsignedInt($L) & ~(int) $L) != 0", Byte.class, f.javaName(), max);
      default -> CodeBlock.of("($L & ~$L) != 0", unsigned(f), max);
    };
  }

  /** The argument as the unsigned bit pattern of its type, widened to long. */
  private static CodeBlock unsigned(Field f) {
    return switch (f.type()) {
      case LONG -> CodeBlock.of("$L", f.javaName());
      case INT -> CodeBlock.of("$T.toUnsignedLong($L)", Integer.class, f.javaName());
      case SHORT -> CodeBlock.of("$T.toUnsignedLong($L)", Short.class, f.javaName());
      case BYTE -> CodeBlock.of("$T.toUnsignedLong($L)", Byte.class, f.javaName());
      case BOOLEAN -> CodeBlock.of("($L ? 1L : 0L)", f.javaName());
    };
  }

  private static String caseLabels(List<Op> ops) {
    return ops.stream().map(o -> Long.toString(o.code())).collect(Collectors.joining(", "));
  }

  private MethodSpec checkOp() {
    MethodSpec.Builder m = MethodSpec.methodBuilder("checkOp")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addJavadoc("Refuses an unknown op, or a non-zero field the op does not continue with.\n");
    for (Field f : layout.fields()) {
      m.addParameter(javaType(f.type()), f.javaName());
    }
    m.beginControlFlow("switch ((int) $L)", unsigned(opcode));
    for (Map.Entry<List<String>, List<Op>> group : layout.opsByContinues().entrySet()) {
      m.addCode("case $L -> {", caseLabels(group.getValue()));
      m.addCode(" // $L\n", group.getValue().stream().map(Op::name).collect(Collectors.joining(", ")));
      m.addCode("$>");
      for (Field f : layout.continuationFields()) {
        if (!group.getKey().contains(f.name())) {
          m.beginControlFlow("if ($L)", isSet(f))
              .addStatement("throw $T.notContinued(NAME, $S, opName($L), $L)", VIOLATION, f.name(),
                  unsigned(opcode), unsigned(f))
              .endControlFlow();
        }
      }
      m.addCode("$<}\n");
    }
    m.addStatement("default -> throw $T.unknownOp(NAME, $S, $L, $L)", VIOLATION, opcode.name(), unsigned(opcode),
        unsigned(opcode));
    m.endControlFlow();
    return m.build();
  }

  private static CodeBlock isSet(Field f) {
    return f.type() == FieldType.BOOLEAN ? CodeBlock.of("$L", f.javaName()) : CodeBlock.of("$L != 0", f.javaName());
  }

  // ---------------------------------------------------------------- validate

  private MethodSpec validate(boolean compat) {
    MethodSpec.Builder m = MethodSpec.methodBuilder(compat ? "validateCompat" : "validate")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(compat ? TypeName.INT : TypeName.LONG)
        .addParameter(compat ? TypeName.INT : TypeName.LONG, "word");
    m.addJavadoc(compat
        ? "Returns {@code word} if it is a well-formed compat (32-bit) word, else throws.\n"
        : "Returns {@code word} if it is a well-formed " + layout.width() + "-bit continuation word, else throws:\n"
            + "the op must be known and every bit outside the op's fields zero (Xen 4.5's rule).\n"
            + "The word is guest-controlled; this is the trust boundary.\n");
    m.addJavadoc("\n@throws AbiViolationException if the word is malformed\n");
    String w = "word";
    if (compat) {
      m.addStatement("long bits = $T.toUnsignedLong(word)", Integer.class);
      w = "bits";
    }
    if (opcode == null) {
      m.addCode(refuseStray(layout.fields(), w, compat));
    } else if (layout.ops().isEmpty()) {
      // An opcode and no op yet: no word is valid.
      m.addStatement("throw $L", unknownOp(w));
      return m.build();
    } else if (tables) {
      String table = compat ? "REFUSED_COMPAT" : "REFUSED";
      m.addStatement("int op = $L", opcodeValue(w));
      m.addStatement("long refused = op < $L.length ? $L[op] : -1L", table, table);
      // A known op's entry never has the opcode's bits, an unknown code's has every bit: one test
      // refuses both, with no branch on the op.
      m.beginControlFlow("if ((($L | $L) & refused) != 0)", w, ref(opcode, "MASK"))
          .addStatement("throw invalid($L, refused)", w)
          .endControlFlow();
    } else {
      m.beginControlFlow("switch ($L)", opcodeValue(w));
      // One arm per distinct allowed mask, not per continues set: memory_op's extent ops and
      // XENMEM_access_op allow the same bits, and fewer arms is what a hand would write.
      Map<Long, List<Op>> byMask = new LinkedHashMap<>();
      for (Op op : layout.ops()) {
        byMask.computeIfAbsent(layout.allowedMask(op, compat), k -> new ArrayList<>()).add(op);
      }
      for (List<Op> ops : byMask.values()) {
        m.addCode("// $L\n", ops.stream().map(Op::name).collect(Collectors.joining(", ")));
        m.addCode("case $L -> {\n$>", caseLabels(ops));
        m.addCode(refuseStray(layout.fieldsUsedBy(ops.get(0)), w, compat));
        m.addCode("$<}\n");
      }
      m.addStatement("default -> throw $L", unknownOp(w));
      m.endControlFlow();
    }
    return m.addStatement("return word").build();
  }

  /**
   * The op code of the word, unsigned: the opcode's getter returns its Java type, where a byte or
   * short opcode that fills its type reads negative (code 255 of an 8-bit byte opcode is -1).
   */
  private CodeBlock opcodeValue(String w) {
    return CodeBlock.of("(int) (($L & $L) >>> $L)", w, ref(opcode, "MASK"), ref(opcode, "SHIFT"));
  }

  /**
   * Throws when the word has a bit outside the {@code used} fields. When those bits are the low
   * run below some bit k (grant_table_op's 0..31 for cache_flush, memory_op's opcode alone), the
   * test is {@code (word >>> k) != 0} rather than a mask: C2 keeps a mask such as
   * {@code ~0xffffffffL}, which x86 cannot encode in the instruction, in a register across the
   * whole loop, and with a decode's allocation in that loop the extra register made it spill a
   * dozen others on every word (4.8 ns a word against 1.6 for a hand writing {@code >>> 32}).
   * Nothing when every bit is allowed (a compat word, widened from an int, has none above bit 31).
   * The failure path computes the stray bits with the masks.
   */
  private CodeBlock refuseStray(List<Field> used, String w, boolean compat) {
    String mask = compat ? "COMPAT_MASK" : "MASK";
    long allowed = 0;
    for (Field f : used) {
      allowed |= compat ? f.compatMask() : f.mask();
    }
    if ((compat ? allowed | 0xffffffff00000000L : allowed) == -1L) {
      return CodeBlock.of("");
    }
    CodeBlock test = (allowed & (allowed + 1)) == 0
        ? CodeBlock.of("$L", allowed == 0 ? w + " != 0" : "(" + w + " >>> " + Long.bitCount(allowed) + ") != 0")
        : CodeBlock.of("($L & ~($L)) != 0", w, used.stream().map(f -> ref(f, mask)).collect(Collectors.joining(" | ")));
    CodeBlock stray = allowed == 0
        ? CodeBlock.of("$L", w)
        : CodeBlock.of("$L & ~($L)", w, used.stream().map(f -> ref(f, mask)).collect(Collectors.joining(" | ")));
    return CodeBlock.builder()
        .beginControlFlow("if ($L)", test)
        .addStatement("throw strayBits($L, $L)", w, stray)
        .endControlFlow()
        .build();
  }

  /**
   * {@code REFUSED[code]}: the bits a word of that op may not set, and every bit for a code that
   * is no op, from 0 to the highest op code, one commented line a code.
   */
  private FieldSpec refusedTable(boolean compat) {
    long top = layout.ops().stream().mapToLong(Op::code).max().orElseThrow();
    CodeBlock.Builder values = CodeBlock.builder().add("{\n$>");
    for (long code = 0; code <= top; code++) {
      Op op = layout.opWithCode(code).orElse(null);
      values.add("$L, // $L$L\n", op == null ? CodeBlock.of("-1L") : hex(~layout.allowedMask(op, compat)), code,
          op == null ? "" : " " + op.name());
    }
    return FieldSpec.builder(long[].class, compat ? "REFUSED_COMPAT" : "REFUSED", Modifier.PRIVATE, Modifier.STATIC,
            Modifier.FINAL)
        .addJavadoc("Bits a $Lword may not have set, by op code: those outside the op's fields, and every bit for a\n"
            + "code that is no op. Codes past the end are no op either.\n", compat ? "compat " : "")
        .initializer(values.add("$<}").build())
        .build();
  }

  private MethodSpec invalid() {
    return MethodSpec.methodBuilder("invalid")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(VIOLATION)
        .addParameter(TypeName.LONG, "word")
        .addParameter(TypeName.LONG, "refused")
        .addJavadoc("The failure of a table-driven {@code validate}: an unknown op, or the bits its op refuses.\n")
        .addStatement("return (refused & $L) != 0 ? $L : strayBits(word, word & refused)", ref(opcode, "MASK"),
            unknownOp("word"))
        .build();
  }

  private CodeBlock unknownOp(String w) {
    return CodeBlock.of("$T.unknownOp(NAME, $S, $L, ($L & $L) >>> $L)", VIOLATION, opcode.name(), w, w,
        ref(opcode, "MASK"), ref(opcode, "SHIFT"));
  }

  private MethodSpec strayBits() {
    MethodSpec.Builder m = MethodSpec.methodBuilder("strayBits")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(VIOLATION)
        .addParameter(TypeName.LONG, "word")
        .addParameter(TypeName.LONG, "stray")
        .addJavadoc("The failure of {@code validate}: names the op and the field owning the lowest stray bit.\n");
    m.addStatement("long lowest = stray & -stray");
    CodeBlock.Builder owner = CodeBlock.builder();
    for (Field f : layout.continuationFields()) {
      owner.add("(lowest & $L) != 0 ? $S : ", ref(f, "MASK"), f.name());
    }
    owner.add("null");
    m.addStatement("String field = $L", owner.build());
    String op = opcode == null ? "null" : "opName((word & " + ref(opcode, "MASK") + ") >>> " + ref(opcode, "SHIFT") + ")";
    return m.addStatement("return $T.strayBits(NAME, $L, field, word, stray)", VIOLATION, op).build();
  }

  private MethodSpec opName() {
    MethodSpec.Builder m = MethodSpec.methodBuilder("opName")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(String.class)
        .addParameter(TypeName.LONG, "code")
        .addJavadoc("The name of the op with {@code code}, or {@code null}; for messages only.\n");
    m.addCode("return switch ((int) code) {\n$>");
    for (Op op : layout.ops()) {
      m.addCode("case $L -> $S;\n", op.code(), op.name());
    }
    m.addCode("default -> null;\n$<};\n");
    return m.build();
  }

  // ---------------------------------------------------------------- getters and decode

  private MethodSpec getter(Field f) {
    MethodSpec.Builder m = MethodSpec.methodBuilder(f.javaName())
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(javaType(f.type()))
        .addParameter(TypeName.LONG, "word")
        .addJavadoc("Raw getter of $L (bits $L$L). No checks: call {@link #validate} first.\n", f.name(),
            Bits.range(f.shift(), f.bits()), f.encoding() == Encoding.IN_PLACE ? ", in place" : "");
    CodeBlock raw = f.encoding() == Encoding.SHIFTED && f.shift() != 0
        ? CodeBlock.of("(word & $L) >>> $L", ref(f, "MASK"), ref(f, "SHIFT"))
        : CodeBlock.of("word & $L", ref(f, "MASK"));
    return switch (f.type()) {
      case BOOLEAN -> m.addStatement("return (word & $L) != 0", ref(f, "MASK")).build();
      case LONG -> m.addStatement("return $L", raw).build();
      default -> m.addStatement("return ($L) ($L)", f.type().keyword(), raw).build();
    };
  }

  /**
   * Validates and reads in one pass, building the state at one site. C2 scalar-replaces a record
   * only when a single allocation reaches its uses: with one {@code new State} per switch arm, a
   * caller reading the fields in place still paid an allocation on a mixed stream of ops.
   */
  private MethodSpec decode(boolean compat) {
    ClassName state = codec.nestedClass("State");
    MethodSpec.Builder m = MethodSpec.methodBuilder(compat ? "decodeCompat" : "decode")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(state)
        .addParameter(compat ? TypeName.INT : TypeName.LONG, "word")
        .addJavadoc(compat ? "Validates a compat word and reads every field.\n" : "Validates {@code word} and reads every field.\n")
        .addJavadoc("\n@throws AbiViolationException if the word is malformed\n");
    if (opcode != null && layout.ops().isEmpty()) {
      return m.addStatement("$L(word)", compat ? "validateCompat" : "validate")
          .addStatement("throw new $T($S)", IllegalStateException.class, "unreachable: no word is valid").build();
    }
    String w = "word";
    if (opcode == null) {
      m.addStatement("$L(word)", compat ? "validateCompat" : "validate");
      if (compat) {
        m.addStatement("long bits = $T.toUnsignedLong(word)", Integer.class);
        w = "bits";
      }
      return m.addCode(newState(List.of(), w)).build();
    }
    if (compat) {
      m.addStatement("long bits = $T.toUnsignedLong(word)", Integer.class);
      w = "bits";
    }
    // A switch, even where validate looks the op up in a table: each arm validates and reads the
    // shared fields its ops continue with, as a hand would write it. Through the table, an escaping
    // decode of grant_table_op spilled a dozen registers around its allocation on every word
    // again (3.2 ns a word against 1.9 by hand).
    for (Field f : shared) {
      m.addStatement("$T $L = $L", javaType(f.type()), local(f), zero(f));
    }
    Map<List<Field>, List<Op>> arms = new LinkedHashMap<>();
    for (Op op : layout.ops()) {
      arms.computeIfAbsent(layout.fieldsUsedBy(op), k -> new ArrayList<>()).add(op);
    }
    m.beginControlFlow("switch ($L)", opcodeValue(w));
    for (Map.Entry<List<Field>, List<Op>> arm : arms.entrySet()) {
      m.addCode("// $L\n", arm.getValue().stream().map(Op::name).collect(Collectors.joining(", ")));
      m.addCode("case $L -> {\n$>", caseLabels(arm.getValue()));
      m.addCode(refuseStray(arm.getKey(), w, compat));
      for (Field f : arm.getKey()) {
        if (shared.contains(f)) {
          m.addStatement("$L = $L($L)", local(f), f.javaName(), w);
        }
      }
      m.addCode("$<}\n");
    }
    m.addStatement("default -> throw $L", unknownOp(w));
    m.endControlFlow();
    return m.addCode(newState(shared, w)).build();
  }

  /**
   * Reads every field not in {@code assigned} into its local, then returns {@code new State} of the
   * locals: the one allocation site, reached with the values ready, as a hand writes it.
   */
  private CodeBlock newState(List<Field> assigned, String word) {
    CodeBlock.Builder b = CodeBlock.builder();
    for (Field f : layout.fields()) {
      if (!assigned.contains(f)) {
        b.addStatement("$T $L = $L($L)", javaType(f.type()), local(f), f.javaName(), word);
      }
    }
    return b.addStatement("return new State($L)",
        layout.fields().stream().map(CodecWriter::local).collect(Collectors.joining(", "))).build();
  }

  /**
   * The local holding a field's value in decode: suffixed, so that it neither clashes with the
   * method's own names ({@code word}, {@code bits}) nor obscures a constant or a class it uses.
   */
  private static String local(Field f) {
    return f.javaName() + "Value";
  }

  private static String zero(Field f) {
    return switch (f.type()) {
      case LONG -> "0L";
      case INT -> "0";
      case SHORT -> "(short) 0";
      case BYTE -> "(byte) 0";
      case BOOLEAN -> "false";
    };
  }

  private TypeSpec stateRecord() {
    MethodSpec.Builder ctor = MethodSpec.constructorBuilder();
    for (Field f : layout.fields()) {
      ctor.addParameter(javaType(f.type()), f.javaName());
    }
    return TypeSpec.recordBuilder("State")
        .addModifiers(Modifier.PUBLIC)
        .recordConstructor(ctor.build())
        .addJavadoc("Every field of a validated $L word, named and typed like the handler's fields.\n", layout.name())
        .build();
  }

  private static TypeName javaType(FieldType type) {
    return switch (type) {
      case LONG -> TypeName.LONG;
      case INT -> TypeName.INT;
      case SHORT -> TypeName.SHORT;
      case BYTE -> TypeName.BYTE;
      case BOOLEAN -> TypeName.BOOLEAN;
    };
  }

  // ---------------------------------------------------------------- Javadoc

  private CodeBlock classDoc() {
    CodeBlock.Builder doc = CodeBlock.builder();
    String simple = layout.className().substring(layout.className().lastIndexOf('.') + 1);
    doc.add("Codec of the $L continuation word ($L bits$L), generated by abilock from {@code $L}.\n\n",
        layout.name(), layout.width(), layout.hasCompat() ? ", compat " + layout.compatWidth() + " bits" : "", simple);
    doc.add("<p>{@link #validate} is the trust boundary for words handed back by a guest; the raw getters\n"
        + "assume a validated word. Nothing here allocates but the failure paths and {@code decode}'s record.\n\n");
    if (opcode == null) {
      doc.add("<p>Every field is in use:\n");
      doc.add(drawing(layout.fields(), false));
    } else {
      for (Map.Entry<List<String>, List<Op>> group : layout.opsByContinues().entrySet()) {
        doc.add("<p>Ops $L:\n", group.getValue().stream().map(o -> o.name() + " (" + o.code() + ")")
            .collect(Collectors.joining(", ")));
        List<Field> used = layout.fieldsUsedBy(group.getValue().get(0));
        doc.add(drawing(used, false));
        if (layout.hasCompat()) {
          doc.add("Compat word:\n");
          doc.add(drawing(used, true));
        }
      }
    }
    if (opcode == null && layout.hasCompat()) {
      doc.add("Compat word:\n");
      doc.add(drawing(layout.fields(), true));
    }
    return doc.build();
  }

  private CodeBlock drawing(List<Field> fields, boolean compat) {
    CodeBlock.Builder b = CodeBlock.builder().add("<pre>\n");
    for (String line : BitDrawing.draw(fields, layout.width(compat), compat)) {
      b.add("$L\n", line);
    }
    return b.add("</pre>\n").build();
  }
}
