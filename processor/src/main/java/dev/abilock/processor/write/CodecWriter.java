package dev.abilock.processor.write;

import static dev.abilock.processor.names.CodecNames.CHECK_OP;
import static dev.abilock.processor.names.CodecNames.COMPAT;
import static dev.abilock.processor.names.CodecNames.COMPAT_WIDTH;
import static dev.abilock.processor.names.CodecNames.DECODE;
import static dev.abilock.processor.names.CodecNames.ENCODE;
import static dev.abilock.processor.names.CodecNames.INVALID;
import static dev.abilock.processor.names.CodecNames.NAME;
import static dev.abilock.processor.names.CodecNames.OP_NAME;
import static dev.abilock.processor.names.CodecNames.STATE;
import static dev.abilock.processor.names.CodecNames.STRAY_BITS;
import static dev.abilock.processor.names.CodecNames.VALIDATE;
import static dev.abilock.processor.names.CodecNames.WIDTH;
import static dev.abilock.processor.names.FieldConstant.COMPAT_MASK;
import static dev.abilock.processor.names.FieldConstant.COMPAT_MAX;
import static dev.abilock.processor.names.FieldConstant.MASK;
import static dev.abilock.processor.names.FieldConstant.MAX;
import static dev.abilock.processor.names.FieldConstant.SHIFT;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.abilock.Encoding;
import dev.abilock.core.model.Bits;
import dev.abilock.core.model.Field;
import dev.abilock.core.model.Layout;
import dev.abilock.core.model.Op;
import dev.abilock.processor.model.Binding;
import dev.abilock.processor.model.Declared;
import dev.abilock.processor.model.FieldType;
import dev.abilock.processor.names.CodecNames;
import dev.abilock.processor.names.FieldConstant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code <Handler>Codec}: constants, strict {@code encode} and {@code validate}, raw getters
 * and {@code decode}, plus their compat twins. Everything on the static paths is shifts, masks and
 * a {@code switch} on the op code, as a careful hand would write it; only the failure paths
 * allocate.
 */
public final class CodecWriter {
  private static final ClassName VIOLATION =
      ClassName.get("dev.abilock.runtime", CodecNames.VIOLATION);
  private static final ClassName GENERATED =
      ClassName.get("javax.annotation.processing", "Generated");

  private final Declared declared;
  private final Layout layout;
  private final ClassName codec;
  private final Binding opcode;

  /**
   * Fields in use sharing bits with another (memory_op's start_extent and start_iter): they read 0
   * for an op that does not continue with them, so reading them needs the op. Any other field reads
   * 0 from a valid word of such an op anyway.
   */
  private final List<Binding> shared;

  /** How {@code validate} finds a word valid, as the C header does ({@link CodecShape}). */
  private final CodecShape shape;

  private CodecWriter(Declared declared, ClassName codec) {
    this.declared = declared;
    this.layout = declared.layout();
    this.codec = codec;
    this.opcode = declared.opcode().orElse(null);
    this.shared =
        declared.live().stream()
            .filter(
                f ->
                    !f.opcode()
                        && declared.live().stream()
                            .anyMatch(g -> g != f && g.field().overlaps(f.field())))
            .toList();
    this.shape = CodecShape.of(layout);
  }

  /**
   * The codec source for {@code layout}.
   *
   * @param generatedAnnotation whether {@code javax.annotation.processing.Generated} is available
   * @param origin the handler class, recorded as the file's originating element
   */
  public static JavaFile write(
      Declared declared, ClassName codec, boolean generatedAnnotation, Element origin) {
    return file(codec, new CodecWriter(declared, codec).type(), generatedAnnotation, origin);
  }

  /**
   * A generated codec's file, words' and structs' alike: {@code @Generated} when the compile has
   * it, the class it comes from as originating element (for incremental builds), two-space indent.
   */
  static JavaFile file(
      ClassName codec, TypeSpec.Builder type, boolean generatedAnnotation, Element origin) {
    if (generatedAnnotation) {
      type.addAnnotation(
          com.palantir.javapoet.AnnotationSpec.builder(GENERATED)
              .addMember("value", "$S", "dev.abilock.processor.AbilockProcessor")
              .build());
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
    TypeSpec.Builder type =
        TypeSpec.classBuilder(codec)
            .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
            .addJavadoc(classDoc().toCodeBlock());
    type.addField(
        constant(
            TypeName.get(String.class),
            NAME,
            CodeBlock.of("$S", layout.name()),
            "ABI name of this continuation word."));
    type.addField(
        constant(
            TypeName.INT,
            WIDTH,
            CodeBlock.of("$L", layout.width()),
            "Width of the native word in bits."));
    type.addField(
        constant(
            TypeName.INT,
            COMPAT_WIDTH,
            CodeBlock.of("$L", layout.compatWidth()),
            "Width of the compat word in bits; 0 when there is none."));
    for (Binding f : declared.bindings()) {
      addFieldConstants(type, f);
    }
    type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());

    type.addMethod(encode(false));
    type.addMethod(validate(false));
    for (Binding f : declared.live()) {
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
    if (shape == CodecShape.TABLE) {
      type.addField(refusedTable(false));
      if (layout.hasCompat()) {
        type.addField(refusedTable(true));
      }
      type.addMethod(invalid());
    } else if (shape == CodecShape.WHOLE_WORD) {
      type.addMethod(invalidWord());
    }
    type.addMethod(strayBits());
    type.addType(stateRecord());
    return type;
  }

  // ---------------------------------------------------------------- constants

  private static String ref(Binding f, FieldConstant constant) {
    return constant.inCodec(f.name());
  }

  private void addFieldConstants(TypeSpec.Builder type, Binding f) {
    String what =
        (f.opcode() ? "opcode " : "field ")
            + f.name()
            + ", bits "
            + Bits.range(f.shift(), f.bits())
            + (f.opcode()
                ? ""
                : ", " + (f.encoding() == Encoding.SHIFTED ? "shifted" : "in place"));
    type.addField(
        constant(
            TypeName.INT,
            ref(f, SHIFT),
            CodeBlock.of("$L", f.shift()),
            "Lowest bit of " + what + "."));
    type.addField(
        constant(
            TypeName.LONG,
            ref(f, MASK),
            CodeBlock.of("$L", hex(f.mask())),
            "Bits of the native word holding " + what + "."));
    type.addField(
        constant(
            TypeName.LONG,
            ref(f, MAX),
            CodeBlock.of("$L", hex(f.max())),
            "Largest value of " + f.name() + " that encodes in the native word."));
    if (layout.hasCompat()) {
      type.addField(
          constant(
              TypeName.LONG,
              ref(f, COMPAT_MASK),
              CodeBlock.of("$L", hex(f.compatMask())),
              "Bits of the compat word holding "
                  + f.name()
                  + " ("
                  + Bits.range(f.shift(), f.compatBits())
                  + ")."));
      type.addField(
          constant(
              TypeName.LONG,
              ref(f, COMPAT_MAX),
              CodeBlock.of("$L", hex(f.compatMax())),
              "Largest value of " + f.name() + " that encodes in the compat word."));
    }
  }

  private static FieldSpec constant(TypeName type, String name, CodeBlock value, String doc) {
    return FieldSpec.builder(type, name, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
        .initializer(value)
        .addJavadoc("$L", doc)
        .build();
  }

  private static String hex(long value) {
    return "0x" + Long.toHexString(value) + "L";
  }

  // ---------------------------------------------------------------- encode

  private MethodSpec encode(boolean compat) {
    MethodSpec.Builder m =
        MethodSpec.methodBuilder(compat ? ENCODE + COMPAT : ENCODE)
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(compat ? TypeName.INT : TypeName.LONG);
    Code.Builder b = Code.builder();
    m.addJavadoc(
        compat
            ? "Encodes a compat (32-bit) word; same checks as {@link #encode}, against the compat field widths.\n"
            : "Encodes a word. Never truncates: refuses a value that does not fit its field, an unknown op,\n"
                + "or a non-zero field the op does not continue with.\n");
    m.addJavadoc("\n@throws AbiViolationException if the values do not form a valid word\n");
    for (Binding f : declared.live()) {
      m.addParameter(ParameterSpec.builder(javaType(f.type()), f.javaName()).build());
    }
    if (layout.isRetired()) {
      return Code.method(m, b.addStatement("throw $L", retiredContinuable("0L")));
    }
    for (Binding f : declared.live()) {
      if (testsFitFirst(f, compat)) {
        String max = ref(f, compat ? COMPAT_MAX : MAX);
        b.beginControlFlow("if ($L)", exceeds(f, max))
            .addStatement("throw $L", doesNotFit(f, compat))
            .endControlFlow();
      }
    }
    if (opcode != null) {
      b.addStatement(
          "$L($L)",
          CHECK_OP,
          declared.live().stream().map(Binding::javaName).collect(Collectors.joining(", ")));
    }
    List<Code> parts = new ArrayList<>();
    for (Binding f : declared.live()) {
      if (f.type() == FieldType.BOOLEAN) {
        parts.add(Code.of("($L ? $L : 0L)", f.javaName(), ref(f, MASK))); // a flag is its mask
      } else {
        parts.add(
            f.encoding() == Encoding.SHIFTED && f.shift() != 0
                ? Code.of("($L << $L)", unsigned(f), ref(f, SHIFT))
                : unsigned(f));
      }
    }
    // A layout without fields has one valid word, 0.
    Code word = parts.isEmpty() ? Code.of("0L") : Code.join(parts, " | ");
    return compat
        ? Code.method(m, b.addStatement("return (int) ($L)", word))
        : Code.method(m, b.addStatement("return $L", word));
  }

  private Code doesNotFit(Binding f, boolean compat) {
    int bits = compat ? f.compatBits() : f.bits();
    String how =
        f.encoding() == Encoding.SHIFTED
            ? bits + " bits" + (compat ? " of the compat word" : "")
            : "mask "
                + Bits.hex(compat ? f.compatMask() : f.mask(), layout.width(compat))
                + " (in place)";
    return Code.of(
        "$T.doesNotFit($L, $S, $L, $L, $S)",
        VIOLATION,
        NAME,
        f.name(),
        unsigned(f),
        ref(f, compat ? COMPAT_MAX : MAX),
        how);
  }

  /** Whether {@code encode} tests that {@code f} fits before {@code checkOp} looks at the op. */
  private boolean testsFitFirst(Binding f, boolean compat) {
    if (!canExceed(f, compat)) {
      return false;
    }
    return f.opcode() ? !checkOpTestsFit(compat) : declared.encodeTestsFitFirst(f);
  }

  /**
   * Whether {@code checkOp}'s default arm tests the opcode's fit, so that {@code encode} need not
   * test it first: every case label is an op code, which fits, so a code too wide can only reach
   * the default arm, where the test costs nothing on the valid path (as in the C header). Only
   * where the switch sees the code exactly (not a long cut to int) and the width is the one checked
   * (a compat opcode narrower than the native one keeps its own test).
   */
  private boolean checkOpTestsFit(boolean compat) {
    return opcode.type() != FieldType.LONG
        && canExceed(opcode, false)
        && (!compat || opcode.compatBits() == opcode.bits());
  }

  /**
   * Whether a value of the field's Java type can fall outside the field: the check is generated
   * only then.
   */
  private static boolean canExceed(Binding f, boolean compat) {
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
  private static Code exceeds(Binding f, String max) {
    return switch (f.type()) {
      case INT -> Code.of("($L & ~(int) $L) != 0", f.javaName(), max);
      case SHORT ->
          Code.of("($T.toUnsignedInt($L) & ~(int) $L) != 0", Short.class, f.javaName(), max);
      case BYTE ->
          Code.of("($T.toUnsignedInt($L) & ~(int) $L) != 0", Byte.class, f.javaName(), max);
      default -> Code.of("($L & ~$L) != 0", unsigned(f), max);
    };
  }

  /** The argument as the unsigned bit pattern of its type, widened to long. */
  private static Code unsigned(Binding f) {
    return switch (f.type()) {
      case LONG -> Code.of("$L", f.javaName());
      case INT -> Code.of("$T.toUnsignedLong($L)", Integer.class, f.javaName());
      case SHORT -> Code.of("$T.toUnsignedLong($L)", Short.class, f.javaName());
      case BYTE -> Code.of("$T.toUnsignedLong($L)", Byte.class, f.javaName());
      case BOOLEAN -> Code.of("($L ? 1L : 0L)", f.javaName());
    };
  }

  private static String caseLabels(List<Op> ops) {
    return ops.stream().map(o -> Long.toString(o.code())).collect(Collectors.joining(", "));
  }

  private MethodSpec checkOp() {
    MethodSpec.Builder m =
        MethodSpec.methodBuilder(CHECK_OP)
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .addJavadoc(
                "Refuses an unknown op, or a non-zero field the op does not continue with.\n");
    Code.Builder b = Code.builder();
    for (Binding f : declared.live()) {
      m.addParameter(javaType(f.type()), f.javaName());
    }
    b.beginControlFlow("switch ((int) $L)", unsigned(opcode));
    for (Op op : layout.retiredOps()) {
      b.addStatement("case $L -> throw $L", op.code(), retiredOp(op, unsigned(opcode)));
    }
    for (Map.Entry<List<String>, List<Op>> group : layout.opsByContinues().entrySet()) {
      b.add("case $L -> {", caseLabels(group.getValue()));
      b.add(" // $L\n", group.getValue().stream().map(Op::name).collect(Collectors.joining(", ")));
      b.add("$>");
      for (Binding f : declared.live()) {
        if (!f.opcode() && !group.getKey().contains(f.name())) {
          b.beginControlFlow("if ($L)", isSet(f))
              .addStatement(
                  "throw $T.notContinued($L, $S, $L($L), $L)",
                  VIOLATION,
                  NAME,
                  f.name(),
                  OP_NAME,
                  unsigned(opcode),
                  unsigned(f))
              .endControlFlow();
        }
      }
      b.add("$<}\n");
    }
    Code unknown =
        Code.of(
            "$T.unknownOp($L, $S, $L, $L)",
            VIOLATION,
            NAME,
            opcode.name(),
            unsigned(opcode),
            unsigned(opcode));
    if (checkOpTestsFit(false)) {
      b.addStatement(
          "default -> throw $L ? $L : $L",
          exceeds(opcode, ref(opcode, MAX)),
          doesNotFit(opcode, false),
          unknown);
    } else {
      b.addStatement("default -> throw $L", unknown);
    }
    b.endControlFlow();
    return Code.method(m, b);
  }

  private static Code isSet(Binding f) {
    return f.type() == FieldType.BOOLEAN
        ? Code.of("$L", f.javaName())
        : Code.of("$L != 0", f.javaName());
  }

  // ---------------------------------------------------------------- validate

  private MethodSpec validate(boolean compat) {
    MethodSpec.Builder m =
        MethodSpec.methodBuilder(compat ? VALIDATE + COMPAT : VALIDATE)
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(compat ? TypeName.INT : TypeName.LONG)
            .addParameter(compat ? TypeName.INT : TypeName.LONG, "word");
    Code.Builder b = Code.builder();
    m.addJavadoc(
        compat
            ? "Returns {@code word} if it is a well-formed compat (32-bit) word, else throws.\n"
            : "Returns {@code word} if it is a well-formed "
                + layout.width()
                + "-bit continuation word, else throws:\n"
                + "the op must be known and every bit outside the op's fields zero (Xen 4.5's rule).\n"
                + "The word is guest-controlled; this is the trust boundary.\n");
    m.addJavadoc("\n@throws AbiViolationException if the word is malformed\n");
    String w = "word";
    if (compat) {
      b.addStatement("long bits = $T.toUnsignedLong(word)", Integer.class);
      w = "bits";
    }
    if (shape == CodecShape.RETIRED) {
      return Code.method(m, b.addStatement("throw $L", retiredContinuable(w)));
    }
    if (shape == CodecShape.NO_OPCODE) {
      b.add(refuseStray(declared.bindings(), w, compat));
      // Without an opcode every word carries every field: one set in a retired field's bits is
      // retired.
      for (Binding f : declared.bindings()) {
        if (f.field().isRetired()) {
          b.beginControlFlow("if (($L & $L) != 0)", w, ref(f, compat ? COMPAT_MASK : MASK))
              .addStatement("throw $L", retiredField(f, w))
              .endControlFlow();
        }
      }
    } else if (shape == CodecShape.NONE_VALID) {
      // An opcode and no op in use: no word is valid.
      if (layout.retiredOps().isEmpty()) {
        return Code.method(m, b.addStatement("throw $L", unknownOp(w)));
      }
      b.beginControlFlow("switch ($L)", opcodeValue(w));
      retiredOpArms(b, w);
      b.addStatement("default -> throw $L", unknownOp(w));
      return Code.method(m, b.endControlFlow());
    } else if (shape == CodecShape.WHOLE_WORD) {
      // The valid words are the op codes themselves: a switch on the word, as Xen's do_hvm_op
      // writes it; any other word goes on to find out why it is refused.
      long allowed = opcode.mask();
      b.beginControlFlow(
          "if ($L)",
          opcode.shift() == 0
              ? Code.of("($L >>> $L) == 0", w, Long.bitCount(allowed))
              : Code.of("($L & ~$L) == 0", w, ref(opcode, MASK)));
      b.beginControlFlow(
          "switch ($L)",
          opcode.shift() == 0
              ? Code.of("(int) $L", w)
              : Code.of("(int) ($L >>> $L)", w, ref(opcode, SHIFT)));
      b.add(
          "case $L -> { // $L\n$>",
          caseLabels(layout.liveOps()),
          layout.liveOps().stream().map(Op::name).collect(Collectors.joining(", ")));
      b.addStatement("return word");
      b.add("$<}\n");
      b.add("default -> {}\n");
      b.endControlFlow();
      b.endControlFlow();
      return Code.method(m, b.addStatement("throw $L($L)", INVALID, w));
    } else if (shape == CodecShape.TABLE) {
      String table = CodecNames.refused(compat);
      b.addStatement("int op = $L", opcodeValue(w));
      b.addStatement("long refused = op < $L.length ? $L[op] : -1L", table, table);
      // A known op's entry never has the opcode's bits, an unknown or retired code's has every bit:
      // one test refuses them all, with no branch on the op.
      b.beginControlFlow("if ((($L | $L) & refused) != 0)", w, ref(opcode, MASK))
          .addStatement("throw $L($L, refused)", INVALID, w)
          .endControlFlow();
    } else {
      b.beginControlFlow("switch ($L)", opcodeValue(w));
      // One arm per distinct allowed mask, not per continues set: memory_op's extent ops and
      // XENMEM_access_op allow the same bits, and fewer arms is what a hand would write.
      Map<List<Long>, List<Op>> byMask = new LinkedHashMap<>();
      for (Op op : layout.liveOps()) {
        byMask
            .computeIfAbsent(
                List.of(layout.allowedMask(op, compat), layout.retiredMask(op, compat)),
                k -> new ArrayList<>())
            .add(op);
      }
      for (List<Op> ops : byMask.values()) {
        b.add("// $L\n", ops.stream().map(Op::name).collect(Collectors.joining(", ")));
        b.add("case $L -> {\n$>", caseLabels(ops));
        b.add(refuseRetiredFields(ops.get(0), w, compat));
        b.add(refuseStray(declared.usedBy(ops.get(0)), w, compat));
        b.add("$<}\n");
      }
      retiredOpArms(b, w);
      b.addStatement("default -> throw $L", unknownOp(w));
      b.endControlFlow();
    }
    return Code.method(m, b.addStatement("return word"));
  }

  /**
   * The op code of the word, unsigned: the opcode's getter returns its Java type, where a byte or
   * short opcode that fills its type reads negative (code 255 of an 8-bit byte opcode is -1).
   */
  private Code opcodeValue(String w) {
    return Code.of("(int) (($L & $L) >>> $L)", w, ref(opcode, MASK), ref(opcode, SHIFT));
  }

  /**
   * Throws when the word has a bit outside the {@code used} fields. When those bits are the low run
   * below some bit k (grant_table_op's 0..31 for cache_flush, memory_op's opcode alone), the test
   * is {@code (word >>> k) != 0} rather than a mask: C2 keeps a mask such as {@code ~0xffffffffL},
   * which x86 cannot encode in the instruction, in a register across the whole loop, and with a
   * decode's allocation in that loop the extra register made it spill a dozen others on every word
   * (4.8 ns a word against 1.6 for a hand writing {@code >>> 32}). Nothing when every bit is
   * allowed (a compat word, widened from an int, has none above bit 31). The failure path computes
   * the stray bits with the masks.
   */
  private Code refuseStray(List<Binding> used, String w, boolean compat) {
    long allowed = 0;
    for (Binding f : used) {
      allowed |= compat ? f.compatMask() : f.mask();
    }
    if ((compat ? allowed | 0xffffffff00000000L : allowed) == -1L) {
      return Code.of("");
    }
    Code masks = orOf(used, compat);
    Code test =
        (allowed & (allowed + 1)) == 0
            ? Code.of(
                "$L",
                allowed == 0 ? w + " != 0" : "(" + w + " >>> " + Long.bitCount(allowed) + ") != 0")
            : Code.of("($L & ~($L)) != 0", w, masks);
    Code stray = allowed == 0 ? Code.of("$L", w) : Code.of("$L & ~($L)", w, masks);
    return Code.builder()
        .beginControlFlow("if ($L)", test)
        .addStatement("throw $L($L, $L)", STRAY_BITS, w, stray)
        .endControlFlow()
        .build();
  }

  /** {@code A_MASK | B_MASK}: the native or compat masks of {@code fields}. */
  private static Code orOf(List<Binding> fields, boolean compat) {
    return Code.of(
        "$L",
        fields.stream()
            .map(f -> ref(f, compat ? COMPAT_MASK : MASK))
            .collect(Collectors.joining(" | ")));
  }

  /**
   * For an op that continued with fields since retired: a word setting their bits, and no bit
   * outside the op's fields old and new, is a retired word rather than one with stray bits.
   */
  private Code refuseRetiredFields(Op op, String w, boolean compat) {
    List<Field> retired = layout.retiredFieldsUsedBy(op);
    Code.Builder b = Code.builder();
    if (retired.isEmpty()) {
      return b.build();
    }
    List<Binding> all = new ArrayList<>(declared.usedBy(op));
    retired.forEach(f -> all.add(declared.bind(f)));
    for (Field f : retired) {
      b.beginControlFlow(
              "if (($L & ~($L)) == 0 && ($L & $L) != 0)",
              w,
              orOf(all, compat),
              w,
              ref(declared.bind(f), compat ? COMPAT_MASK : MASK))
          .addStatement("throw $L", retiredField(declared.bind(f), w))
          .endControlFlow();
    }
    return b.build();
  }

  /** {@code case N -> throw ...} for each retired op: its code stays reserved. */
  private void retiredOpArms(Code.Builder b, String w) {
    for (Op op : layout.retiredOps()) {
      b.addStatement("case $L -> throw $L", op.code(), retiredOp(op, Code.of("$L", w)));
    }
  }

  /**
   * {@code REFUSED[code]}: the bits a word of that op may not set, and every bit for a code that is
   * no op in use (unknown or retired), from 0 to the highest op code, one commented line a code.
   */
  private FieldSpec refusedTable(boolean compat) {
    long top = layout.ops().stream().mapToLong(Op::code).max().orElseThrow();
    Code.Builder values = Code.builder().add("{\n$>");
    for (long code = 0; code <= top; code++) {
      Op op = layout.opWithCode(code).orElse(null);
      boolean live = op != null && !op.isRetired();
      values.add(
          "$L, // $L$L\n",
          live ? hex(~layout.allowedMask(op, compat)) : "-1L",
          code,
          op == null ? "" : " " + op.name() + (live ? "" : " (retired)"));
    }
    return FieldSpec.builder(
            long[].class,
            CodecNames.refused(compat),
            Modifier.PRIVATE,
            Modifier.STATIC,
            Modifier.FINAL)
        .addJavadoc(
            "Bits a $Lword may not have set, by op code: those outside the op's fields, and every bit for a\n"
                + "code that is no op in use. Codes past the end are no op either.\n",
            compat ? "compat " : "")
        .initializer(values.add("$<}").build().toCodeBlock())
        .build();
  }

  /**
   * The failure of a whole-word {@code validate}, off the fast path: the word is no op code alone.
   */
  private MethodSpec invalidWord() {
    MethodSpec.Builder m =
        MethodSpec.methodBuilder(INVALID)
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .returns(VIOLATION)
            .addParameter(TypeName.LONG, "word")
            .addJavadoc(
                "The failure of a whole-word {@code validate}: a retired or unknown op, or bits beside a\n"
                    + "known op's code, which no op in use continues with.\n");
    Code.Builder b = Code.builder();
    b.add("return switch ($L) {\n$>", opcodeValue("word"));
    for (Op op : layout.retiredOps()) {
      b.add("case $L -> $L;\n", op.code(), retiredOp(op, Code.of("word")));
    }
    b.add(
        "case $L -> $L(word, word & ~$L);\n",
        caseLabels(layout.liveOps()),
        STRAY_BITS,
        ref(opcode, MASK));
    b.add("default -> $L;\n", unknownOp("word"));
    return Code.method(m, b.add("$<};\n"));
  }

  /** The failure of a table-driven {@code validate}, off the fast path. */
  private MethodSpec invalid() {
    MethodSpec.Builder m =
        MethodSpec.methodBuilder(INVALID)
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .returns(VIOLATION)
            .addParameter(TypeName.LONG, "word")
            .addParameter(TypeName.LONG, "refused")
            .addJavadoc(
                "The failure of a table-driven {@code validate}: a retired or unknown op, or the bits its op\n"
                    + "refuses.\n");
    Code.Builder b = Code.builder();
    if (!layout.retiredOps().isEmpty()) {
      // The table refuses a retired op's code like an unknown one; its refusal names the
      // retirement.
      b.beginControlFlow("switch ($L)", opcodeValue("word"));
      retiredOpArms(b, "word");
      b.endControlFlow();
    }
    return Code.method(
        m,
        b.addStatement(
            "return (refused & $L) != 0 ? $L : $L(word, word & refused)",
            ref(opcode, MASK),
            unknownOp("word"),
            STRAY_BITS));
  }

  private Code unknownOp(String w) {
    return Code.of(
        "$T.unknownOp($L, $S, $L, ($L & $L) >>> $L)",
        VIOLATION,
        NAME,
        opcode.name(),
        w,
        w,
        ref(opcode, MASK),
        ref(opcode, SHIFT));
  }

  /** The refusal of a word setting the retired field {@code f}. */
  private Code retiredField(Binding f, String w) {
    return Code.of(
        "$T.retiredField($L, $S, $L, $S, $S)",
        VIOLATION,
        NAME,
        f.name(),
        w,
        f.field().retired().release(),
        f.field().retired().reason());
  }

  /** The refusal of a word of the retired {@code op}, {@code word} its word or opcode value. */
  private Code retiredOp(Op op, Code word) {
    return Code.of(
        "$T.retiredOp($L, $S, $S, $L, $S, $S)",
        VIOLATION,
        NAME,
        opcode.name(),
        op.name(),
        word,
        op.retired().release(),
        op.retired().reason());
  }

  /** The refusal of any word of a retired continuable. */
  private Code retiredContinuable(String word) {
    return Code.of(
        "$T.retiredContinuable($L, $L, $S, $S)",
        VIOLATION,
        NAME,
        word,
        layout.retired().release(),
        layout.retired().reason());
  }

  private MethodSpec strayBits() {
    MethodSpec.Builder m =
        MethodSpec.methodBuilder(STRAY_BITS)
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .returns(VIOLATION)
            .addParameter(TypeName.LONG, "word")
            .addParameter(TypeName.LONG, "stray")
            .addJavadoc(
                "The failure of {@code validate}: names the op and the field owning the lowest stray bit.\n");
    Code.Builder b = Code.builder();
    b.addStatement("long lowest = stray & -stray");
    Code.Builder owner = Code.builder();
    for (Binding f : declared.continuationFields()) {
      owner.add("(lowest & $L) != 0 ? $S : ", ref(f, MASK), f.name());
    }
    owner.add("null");
    b.addStatement("String field = $L", owner.build());
    String op =
        opcode == null
            ? "null"
            : OP_NAME + "((word & " + ref(opcode, MASK) + ") >>> " + ref(opcode, SHIFT) + ")";
    return Code.method(
        m, b.addStatement("return $T.strayBits($L, $L, field, word, stray)", VIOLATION, NAME, op));
  }

  private MethodSpec opName() {
    MethodSpec.Builder m =
        MethodSpec.methodBuilder(OP_NAME)
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .returns(String.class)
            .addParameter(TypeName.LONG, "code")
            .addJavadoc(
                "The name of the op with {@code code}, or {@code null}; for messages only.\n");
    Code.Builder b = Code.builder();
    b.add("return switch ((int) code) {\n$>");
    for (Op op : layout.ops()) {
      b.add("case $L -> $S;\n", op.code(), op.name());
    }
    b.add("default -> null;\n$<};\n");
    return Code.method(m, b);
  }

  // ---------------------------------------------------------------- getters and decode

  private MethodSpec getter(Binding f) {
    MethodSpec.Builder m =
        MethodSpec.methodBuilder(f.javaName())
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(javaType(f.type()))
            .addParameter(TypeName.LONG, "word")
            .addJavadoc(
                "Raw getter of $L (bits $L$L). No checks: call {@link #validate} first.\n",
                f.name(),
                Bits.range(f.shift(), f.bits()),
                f.encoding() == Encoding.IN_PLACE ? ", in place" : "");
    Code.Builder b = Code.builder();
    Code raw =
        f.encoding() == Encoding.SHIFTED && f.shift() != 0
            ? Code.of("(word & $L) >>> $L", ref(f, MASK), ref(f, SHIFT))
            : Code.of("word & $L", ref(f, MASK));
    return switch (f.type()) {
      case BOOLEAN -> Code.method(m, b.addStatement("return (word & $L) != 0", ref(f, MASK)));
      case LONG -> Code.method(m, b.addStatement("return $L", raw));
      default -> Code.method(m, b.addStatement("return ($L) ($L)", f.type().keyword(), raw));
    };
  }

  /**
   * Validates and reads in one pass, building the state at one site. C2 scalar-replaces a record
   * only when a single allocation reaches its uses: with one {@code new State} per switch arm, a
   * caller reading the fields in place still paid an allocation on a mixed stream of ops.
   */
  private MethodSpec decode(boolean compat) {
    ClassName state = codec.nestedClass(STATE);
    String validate = compat ? VALIDATE + COMPAT : VALIDATE;
    MethodSpec.Builder m =
        MethodSpec.methodBuilder(compat ? DECODE + COMPAT : DECODE)
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(state)
            .addParameter(compat ? TypeName.INT : TypeName.LONG, "word")
            .addJavadoc(
                compat
                    ? "Validates a compat word and reads every field.\n"
                    : "Validates {@code word} and reads every field.\n")
            .addJavadoc("\n@throws AbiViolationException if the word is malformed\n");
    Code.Builder b = Code.builder();
    if (shape == CodecShape.RETIRED || shape == CodecShape.NONE_VALID) {
      return Code.method(
          m,
          b.addStatement("$L(word)", validate)
              .addStatement(
                  "throw new $T($S)",
                  IllegalStateException.class,
                  "unreachable: no word is valid"));
    }
    String w = "word";
    if (shape == CodecShape.NO_OPCODE) {
      b.addStatement("$L(word)", validate);
      if (compat) {
        b.addStatement("long bits = $T.toUnsignedLong(word)", Integer.class);
        w = "bits";
      }
      return Code.method(m, b.add(newState(List.of(), w)));
    }
    if (shape == CodecShape.WHOLE_WORD) {
      // A valid word is an op code alone: every other field reads 0, as a hand writes it
      // (new State(validate(word), 0)).
      b.addStatement("$L(word)", validate);
      if (compat) {
        b.addStatement("long bits = $T.toUnsignedLong(word)", Integer.class);
        w = "bits";
      }
      List<Binding> zeros = declared.live().stream().filter(f -> !f.opcode()).toList();
      for (Binding f : zeros) {
        b.addStatement("$T $L = $L", javaType(f.type()), local(f), zero(f.type()));
      }
      return Code.method(m, b.add(newState(zeros, w)));
    }
    if (compat) {
      b.addStatement("long bits = $T.toUnsignedLong(word)", Integer.class);
      w = "bits";
    }
    // A switch, even where validate looks the op up in a table: each arm validates and reads the
    // shared fields its ops continue with, as a hand would write it. Through the table, an escaping
    // decode of grant_table_op spilled a dozen registers around its allocation on every word
    // again (3.2 ns a word against 1.9 by hand).
    for (Binding f : shared) {
      b.addStatement("$T $L = $L", javaType(f.type()), local(f), zero(f.type()));
    }
    b.beginControlFlow("switch ($L)", opcodeValue(w));
    for (List<Op> ops : layout.opsByContinues().values()) {
      List<Binding> used = declared.usedBy(ops.get(0));
      b.add("// $L\n", ops.stream().map(Op::name).collect(Collectors.joining(", ")));
      b.add("case $L -> {\n$>", caseLabels(ops));
      b.add(refuseRetiredFields(ops.get(0), w, compat));
      b.add(refuseStray(used, w, compat));
      for (Binding f : used) {
        if (shared.contains(f)) {
          b.addStatement("$L = $L($L)", local(f), f.javaName(), w);
        }
      }
      b.add("$<}\n");
    }
    retiredOpArms(b, w);
    b.addStatement("default -> throw $L", unknownOp(w));
    b.endControlFlow();
    return Code.method(m, b.add(newState(shared, w)));
  }

  /**
   * Reads every field in use not in {@code assigned} into its local, then returns {@code new State}
   * of the locals: the one allocation site, reached with the values ready, as a hand writes it.
   */
  private Code newState(List<Binding> assigned, String word) {
    Code.Builder b = Code.builder();
    for (Binding f : declared.live()) {
      if (!assigned.contains(f)) {
        b.addStatement("$T $L = $L($L)", javaType(f.type()), local(f), f.javaName(), word);
      }
    }
    return b.addStatement(
            "return new $L($L)",
            STATE,
            declared.live().stream().map(CodecWriter::local).collect(Collectors.joining(", ")))
        .build();
  }

  private static String local(Binding f) {
    return CodecNames.local(f.javaName());
  }

  private static String zero(FieldType type) {
    return switch (type) {
      case LONG -> "0L";
      case INT -> "0";
      case SHORT -> "(short) 0";
      case BYTE -> "(byte) 0";
      case BOOLEAN -> "false";
    };
  }

  private TypeSpec stateRecord() {
    MethodSpec.Builder ctor = MethodSpec.constructorBuilder();
    for (Binding f : declared.live()) {
      ctor.addParameter(javaType(f.type()), f.javaName());
    }
    return TypeSpec.recordBuilder(STATE)
        .addModifiers(Modifier.PUBLIC)
        .recordConstructor(ctor.build())
        .addJavadoc(
            "Every field of a validated $L word, named and typed like the handler's fields.\n",
            layout.name())
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

  private Code classDoc() {
    Code.Builder doc = Code.builder();
    String simple = layout.className().substring(layout.className().lastIndexOf('.') + 1);
    doc.add(
        "Codec of the $L continuation word ($L bits$L), generated by abilock from {@code $L}.\n\n",
        layout.name(),
        layout.width(),
        layout.hasCompat() ? ", compat " + layout.compatWidth() + " bits" : "",
        simple);
    doc.add(
        "<p>{@link #validate} is the trust boundary for words handed back by a guest; the raw getters\n"
            + "assume a validated word. Nothing here allocates but the failure paths and {@code decode}'s record.\n\n");
    if (layout.isRetired()) {
      doc.add("<p>Retired $L: every word is refused.\n\n", layout.retired().describe());
    }
    if (opcode == null) {
      doc.add("<p>Every field is in use:\n");
      doc.add(drawing(declared.live(), false));
    } else {
      for (Map.Entry<List<String>, List<Op>> group : layout.opsByContinues().entrySet()) {
        doc.add(
            "<p>Ops $L:\n",
            group.getValue().stream()
                .map(o -> o.name() + " (" + o.code() + ")")
                .collect(Collectors.joining(", ")));
        List<Binding> used = declared.usedBy(group.getValue().get(0));
        doc.add(drawing(used, false));
        if (layout.hasCompat()) {
          doc.add("Compat word:\n");
          doc.add(drawing(used, true));
        }
      }
    }
    if (opcode == null && layout.hasCompat()) {
      doc.add("Compat word:\n");
      doc.add(drawing(declared.live(), true));
    }
    for (Op op : layout.retiredOps()) {
      doc.add(
          "<p>Op $L ($L), $L: its code stays reserved, and its words are refused.\n",
          op.name(),
          op.code(),
          op.retired().describe());
    }
    for (Binding f : declared.bindings()) {
      if (f.field().isRetired()) {
        doc.add(
            "<p>Field $L (bits $L), $L: a word setting it is refused.\n",
            f.name(),
            Bits.range(f.shift(), f.bits()),
            f.field().retired().describe());
      }
    }
    return doc.build();
  }

  private Code drawing(List<Binding> fields, boolean compat) {
    Code.Builder b = Code.builder().add("<pre>\n");
    for (String line :
        BitDrawing.draw(
            fields.stream().map(Binding::field).toList(), layout.width(compat), compat)) {
      b.add("$L\n", line);
    }
    return b.add("</pre>\n").build();
  }
}
