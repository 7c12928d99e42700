package dev.abilock.processor.write;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.abilock.CType;
import dev.abilock.Compat;
import dev.abilock.core.model.struct.Abi;
import dev.abilock.core.model.struct.Member;
import dev.abilock.core.model.struct.Pad;
import dev.abilock.core.model.struct.StructDecl;
import dev.abilock.core.model.struct.StructLayout;
import dev.abilock.core.model.struct.StructLayout.Placed;
import dev.abilock.core.model.struct.SubOp;
import dev.abilock.processor.names.StructNames;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code <Struct>Codec} for an argument struct (design section 8): layout constants,
 * little-endian accessors at an absolute index whatever the buffer's order, {@code validate},
 * {@code decode}, and for {@code TRANSLATED} structs the compat twins and both translators. Only
 * {@code decode} and the failure paths allocate.
 *
 * <p>When the compile targets Java 22 or later, the codec also carries the layout as a {@code
 * java.lang.foreign.StructLayout} ({@code LAYOUT}, {@code COMPAT_LAYOUT}) and the same accessors,
 * {@code validate}, {@code decode} and translators over a {@code MemorySegment} at a {@code long}
 * offset. A compile for an earlier release gets none of it, and not one byte of its codec differs.
 */
public final class StructCodecWriter {
  private static final ClassName VIOLATION =
      ClassName.get("dev.abilock.runtime", "AbiViolationException");
  private static final ClassName VIEWS = ClassName.get("dev.abilock.runtime", "ByteBufferViews");
  private static final String STATE = "State";
  private static final ClassName MEMORY_SEGMENT =
      ClassName.get("java.lang.foreign", "MemorySegment");
  private static final ClassName MEMORY_LAYOUT = ClassName.get("java.lang.foreign", "MemoryLayout");
  private static final ClassName VALUE_LAYOUT = ClassName.get("java.lang.foreign", "ValueLayout");
  private static final ClassName FOREIGN_STRUCT_LAYOUT =
      ClassName.get("java.lang.foreign", "StructLayout");

  /**
   * How generated code reaches an image's bytes: a {@code ByteBuffer} at an {@code int} index
   * (every codec), or a {@code MemorySegment} at a {@code long} offset (compiles for Java 22 or
   * later). Both read and write little-endian at any alignment.
   */
  private enum Io {
    BUFFER,
    SEGMENT;

    TypeName buffer() {
      return this == BUFFER ? ClassName.get(ByteBuffer.class) : MEMORY_SEGMENT;
    }

    TypeName index() {
      return this == BUFFER ? TypeName.INT : TypeName.LONG;
    }

    /** The image parameter's name. */
    String var() {
      return this == BUFFER ? "b" : "s";
    }

    String where() {
      return this == BUFFER ? "absolute index" : "offset";
    }

    /** The raw read of {@code size} bytes of {@code buf} at {@code i}, as byte/short/int/long. */
    Code get(String buf, int size, Code i) {
      if (this == SEGMENT) {
        return Code.of("$L.get($L, $L)", buf, segmentLayout(size), i);
      }
      return switch (size) {
        case 1 -> Code.of("$L.get($L)", buf, i);
        default -> Code.of("$L($L, $L)", StructNames.load(size * 8), buf, i);
      };
    }

    /** Writes {@code value}, cast to {@code size} bytes, into {@code buf} at {@code i}. */
    Code put(String buf, int size, Code i, Object value) {
      String cast = primitive(size);
      if (this == SEGMENT) {
        return Code.of("$L.set($L, $L, ($L) $L)", buf, segmentLayout(size), i, cast, value);
      }
      return size == 1
          ? Code.of("$L.put($L, (byte) $L)", buf, i, value)
          : Code.of("$L($L, $L, ($L) $L)", StructNames.store(size * 8), buf, i, cast, value);
    }

    String limit(String buf) {
      return this == BUFFER ? buf + ".limit()" : buf + ".byteSize()";
    }
  }

  /** The codec's private little-endian, unaligned value layout for {@code size} bytes. */
  private static String segmentLayout(int size) {
    return switch (size) {
      case 1 -> "BYTE";
      case 2 -> "SHORT_LE";
      case 4 -> "INT_LE";
      default -> "LONG_LE";
    };
  }

  /**
   * How a member is declared in Java.
   *
   * @param name the field's Java name ({@code firstPfn})
   * @param type its Java type: {@code byte}, {@code short}, {@code int} or {@code long}
   */
  public record JavaMember(String name, String type) {
    public JavaMember {
      if (!List.of("byte", "short", "int", "long").contains(type)) {
        throw new IllegalArgumentException("not an integral Java type: " + type);
      }
    }

    int bits() {
      return switch (type) {
        case "byte" -> 8;
        case "short" -> 16;
        case "int" -> 32;
        default -> 64;
      };
    }

    TypeName typeName() {
      return primitiveType(type);
    }
  }

  /** The Java integral type of {@code bytes} bytes: {@code short} for 2. */
  private static String primitive(int bytes) {
    return switch (bytes) {
      case 1 -> "byte";
      case 2 -> "short";
      case 4 -> "int";
      default -> "long";
    };
  }

  private static TypeName primitiveType(String primitive) {
    return switch (primitive) {
      case "byte" -> TypeName.BYTE;
      case "short" -> TypeName.SHORT;
      case "int" -> TypeName.INT;
      default -> TypeName.LONG;
    };
  }

  /**
   * The Java declaration a member gets when none is given: the ABI name in lowerCamelCase, and the
   * narrowest integral type that holds its C type on {@code x86_64}.
   */
  public static JavaMember defaultJava(Member m) {
    StringBuilder camel = new StringBuilder();
    boolean up = false;
    for (char c : m.name().toCharArray()) {
      if (c == '_') {
        up = true;
      } else {
        camel.append(up ? Character.toUpperCase(c) : c);
        up = false;
      }
    }
    return new JavaMember(camel.toString(), primitive(Abi.X86_64.sizeOf(m.type())));
  }

  private final StructDecl struct;
  private final ClassName codec;
  private final Map<String, JavaMember> java;
  private final StructLayout nat;
  private final StructLayout compat;
  private final boolean segments;

  private StructCodecWriter(
      StructDecl struct, ClassName codec, Map<String, JavaMember> java, boolean segments) {
    this.struct = struct;
    this.codec = codec;
    this.segments = segments;
    this.java = new LinkedHashMap<>();
    for (Member m : struct.members()) {
      this.java.put(m.name(), java.getOrDefault(m.name(), defaultJava(m)));
    }
    this.nat = struct.layoutOn(Abi.X86_64);
    this.compat = struct.compat() == Compat.TRANSLATED ? struct.layoutOn(Abi.X86_32) : null;
  }

  /** The codec's class name for struct class {@code p.Outer.Inner}: {@code p.Outer_InnerCodec}. */
  public static ClassName codecName(ClassName structClass) {
    return ClassName.get(
        structClass.packageName(),
        StructNames.codecSimpleName(String.join("_", structClass.simpleNames())));
  }

  /** The codec source for {@code struct} with default Java names and types for its members. */
  public static JavaFile write(StructDecl struct, ClassName structClass) {
    return write(struct, structClass, Map.of(), false, null);
  }

  /**
   * The codec source for {@code struct}.
   *
   * @param structClass the {@code @AbiStruct} class
   * @param java each member's Java declaration by ABI name; a member missing gets {@link
   *     #defaultJava}
   * @param generatedAnnotation whether {@code javax.annotation.processing.Generated} is available
   * @param origin the struct class, recorded as the file's originating element, or {@code null}
   */
  public static JavaFile write(
      StructDecl struct,
      ClassName structClass,
      Map<String, JavaMember> java,
      boolean generatedAnnotation,
      Element origin) {
    return write(struct, structClass, java, generatedAnnotation, origin, false);
  }

  /**
   * The codec source for {@code struct}, as {@link #write(StructDecl, ClassName, Map, boolean,
   * Element)}, with {@code segments}: whether the compile targets Java 22 or later, where the codec
   * also gets its {@code java.lang.foreign} layout constants and {@code MemorySegment} methods.
   */
  public static JavaFile write(
      StructDecl struct,
      ClassName structClass,
      Map<String, JavaMember> java,
      boolean generatedAnnotation,
      Element origin,
      boolean segments) {
    ClassName codec = codecName(structClass);
    return CodecWriter.file(
        codec,
        new StructCodecWriter(struct, codec, java, segments).type(),
        generatedAnnotation,
        origin);
  }

  private boolean translated() {
    return compat != null;
  }

  private List<Member> live() {
    return struct.members().stream().filter(m -> !m.isRetired()).toList();
  }

  private TypeSpec.Builder type() {
    TypeSpec.Builder t =
        TypeSpec.classBuilder(codec)
            .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
            .addJavadoc(
                "Reads and writes images of {@code struct $L} ($L), as frozen by abilock.\n",
                struct.name(),
                struct.compat().name().toLowerCase(Locale.ROOT));
    t.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
    t.addField(constant("SIZE", nat.size(), "Bytes of the struct on x86_64 ({@code sizeof})."));
    t.addField(constant("ALIGN", nat.align(), "Alignment on x86_64 ({@code _Alignof})."));
    if (translated()) {
      t.addField(constant("COMPAT_SIZE", compat.size(), "Bytes of the struct on x86_32."));
      t.addField(constant("COMPAT_ALIGN", compat.align(), "Alignment on x86_32."));
    }
    for (var slot : struct.slots()) {
      Optional<Placed> p = nat.placed(slot.name());
      t.addField(
          constant(
              StructNames.offsetConstant(slot.name()),
              p.map(Placed::offset).orElse(nat.size()),
              "Offset of {@code " + slot.name() + "} on x86_64."));
      t.addField(
          constant(
              StructNames.sizeConstant(slot.name()),
              p.map(Placed::size).orElse(0),
              "Bytes of {@code " + slot.name() + "} on x86_64."));
      if (translated()) {
        Optional<Placed> c = compat.placed(slot.name());
        t.addField(
            constant(
                StructNames.compatOffsetConstant(slot.name()),
                c.map(Placed::offset).orElse(compat.size()),
                "Offset of {@code " + slot.name() + "} on x86_32."));
        t.addField(
            constant(
                StructNames.compatSizeConstant(slot.name()),
                c.map(Placed::size).orElse(0),
                "Bytes of {@code " + slot.name() + "} on x86_32."));
      }
    }
    if (segments) {
      t.addField(layout(nat, "LAYOUT", struct.name()));
      if (translated()) {
        t.addField(layout(compat, "COMPAT_LAYOUT", "compat_" + struct.name()));
      }
      segmentLayouts(t);
    }
    t.addType(state());
    methods(t, Io.BUFFER);
    if (segments) {
      methods(t, Io.SEGMENT);
    }
    t.addMethod(checkAt(Io.BUFFER));
    if (segments) {
      t.addMethod(checkAt(Io.SEGMENT));
    }
    helpers(t);
    return t;
  }

  private void methods(TypeSpec.Builder t, Io io) {
    for (Member m : live()) {
      t.addMethod(getter(m, nat, "", io));
      t.addMethod(setter(m, nat, "", io));
    }
    t.addMethod(validate(nat, "", io));
    t.addMethod(decode("", io));
    if (translated()) {
      for (Member m : live()) {
        t.addMethod(getter(m, compat, "Compat", io));
        t.addMethod(setter(m, compat, "Compat", io));
      }
      t.addMethod(validate(compat, "Compat", io));
      t.addMethod(decode("Compat", io));
      t.addMethod(translate(compat, nat, "compatToNative", io));
      t.addMethod(translate(nat, compat, "nativeToCompat", io));
    }
  }

  /**
   * {@code l} as a {@code java.lang.foreign.StructLayout}: each member a little-endian value layout
   * of its size with its C alignment on the ABI and its ABI name, each pad a padding layout with
   * its name, so that {@code byteSize()} is the struct's size, {@code byteAlignment()} its
   * alignment, and each named element's offset its {@code _OFFSET} constant. A struct read without
   * errors has no holes; were there one, it would be an unnamed padding layout.
   */
  private FieldSpec layout(StructLayout l, String field, String name) {
    List<CodeBlock> elements = new ArrayList<>();
    int end = 0;
    for (Placed p : l.placed()) {
      if (p.offset() > end) {
        elements.add(CodeBlock.of("$T.paddingLayout($L)", MEMORY_LAYOUT, p.offset() - end));
      }
      if (p.slot() instanceof Member m) {
        String kind =
            switch (p.size()) {
              case 1 -> "JAVA_BYTE";
              case 2 -> "JAVA_SHORT";
              case 4 -> "JAVA_INT";
              default -> "JAVA_LONG";
            };
        CodeBlock.Builder e = CodeBlock.builder().add("$T.$L", VALUE_LAYOUT, kind);
        if (p.size() > 1) {
          e.add(".withOrder($T.LITTLE_ENDIAN)", ByteOrder.class);
        }
        if (m.alignOn(l.abi()) != p.size()) {
          e.add(".withByteAlignment($L)", m.alignOn(l.abi()));
        }
        elements.add(e.add(".withName($S)", m.name()).build());
      } else {
        elements.add(
            CodeBlock.of(
                "$T.paddingLayout($L).withName($S)", MEMORY_LAYOUT, p.size(), p.slot().name()));
      }
      end = p.end();
    }
    if (l.size() > end) {
      elements.add(CodeBlock.of("$T.paddingLayout($L)", MEMORY_LAYOUT, l.size() - end));
    }
    CodeBlock.Builder init = CodeBlock.builder().add("$T.structLayout(\n$>$>", MEMORY_LAYOUT);
    init.add(CodeBlock.join(elements, ",\n"));
    init.add(").withName($S)$<$<", name);
    return FieldSpec.builder(
            FOREIGN_STRUCT_LAYOUT, field, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
        .initializer(init.build())
        .addJavadoc(
            "{@code struct $L} on $L: members little-endian at their offsets with their C"
                + " alignment, pads as named padding; {@code byteSize() == $L}, {@code"
                + " byteAlignment() == $L}.\n",
            name,
            abiOf(l),
            l == nat ? "SIZE" : "COMPAT_SIZE",
            l == nat ? "ALIGN" : "COMPAT_ALIGN")
        .build();
  }

  /** The value layouts the {@code MemorySegment} accessors use: little-endian, any alignment. */
  private static void segmentLayouts(TypeSpec.Builder t) {
    String[][] kinds = {
      {"BYTE", "OfByte", "JAVA_BYTE"},
      {"SHORT_LE", "OfShort", "JAVA_SHORT_UNALIGNED"},
      {"INT_LE", "OfInt", "JAVA_INT_UNALIGNED"},
      {"LONG_LE", "OfLong", "JAVA_LONG_UNALIGNED"}
    };
    for (String[] k : kinds) {
      CodeBlock init =
          k[0].equals("BYTE")
              ? CodeBlock.of("$T.$L", VALUE_LAYOUT, k[2])
              : CodeBlock.of(
                  "$T.$L.withOrder($T.LITTLE_ENDIAN)", VALUE_LAYOUT, k[2], ByteOrder.class);
      t.addField(
          FieldSpec.builder(
                  VALUE_LAYOUT.nestedClass(k[1]),
                  k[0],
                  Modifier.PRIVATE,
                  Modifier.STATIC,
                  Modifier.FINAL)
              .initializer(init)
              .build());
    }
  }

  private static FieldSpec constant(String name, int value, String doc) {
    return FieldSpec.builder(TypeName.INT, name, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
        .initializer("$L", value)
        .addJavadoc("$L\n", doc)
        .build();
  }

  private TypeSpec state() {
    MethodSpec.Builder ctor = MethodSpec.constructorBuilder();
    for (Member m : live()) {
      JavaMember j = java.get(m.name());
      ctor.addParameter(j.typeName(), j.name());
    }
    return TypeSpec.recordBuilder(STATE)
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .addJavadoc("The live members of a validated image.\n")
        .recordConstructor(ctor.build())
        .build();
  }

  private static boolean signed(CType t) {
    return switch (t) {
      case S8, S16, S32, S64 -> true;
      default -> false;
    };
  }

  private static String cName(CType t, int size) {
    return (signed(t) ? "s" : "u") + size * 8;
  }

  /** The raw read converted to the Java type, zero- or sign-extended as the C type says. */
  private static Code read(CType t, int size, JavaMember j, Code index, Io io) {
    Code raw = io.get(io.var(), size, index);
    int bits = size * 8;
    if (j.bits() == bits) {
      return raw;
    }
    if (j.bits() < bits) {
      throw new IllegalStateException("Java type too narrow");
    }
    if (signed(t)) {
      return Code.of("($L) $L", j.type(), raw);
    }
    String box =
        switch (bits) {
          case 8 -> "Byte";
          case 16 -> "Short";
          default -> "Integer";
        };
    return j.bits() == 64
        ? Code.of("$L.toUnsignedLong($L)", box, raw)
        : Code.of("($L) $L.toUnsignedInt($L)", j.type(), box, raw);
  }

  /** The unsigned bit pattern of {@code v} of Java type {@code j}, as a long. */
  private static String unsigned(JavaMember j, String v) {
    return switch (j.type()) {
      case "byte" -> "Byte.toUnsignedLong(" + v + ")";
      case "short" -> "Short.toUnsignedLong(" + v + ")";
      case "int" -> "Integer.toUnsignedLong(" + v + ")";
      default -> v;
    };
  }

  /** A statement refusing {@code v} if it does not fit {@code size} bytes of {@code t}. */
  private Code fits(Member m, int size, JavaMember j, String v) {
    int bits = size * 8;
    if (j.bits() <= bits) {
      return Code.of("");
    }
    String how =
        cName(m.type(), size)
            + (m.type() == CType.ULONG ? " (ulong)" : "")
            + (m.type() == CType.HANDLE ? " (handle)" : "");
    if (signed(m.type())) {
      long min = -(1L << (bits - 1));
      long max = (1L << (bits - 1)) - 1;
      return Code.builder()
          .beginControlFlow("if ($L < $LL || $L > $LL)", v, min, v, max)
          .addStatement(
              "throw $T.doesNotFit($S, $S, $L, $LL, $S)",
              VIOLATION,
              struct.name(),
              m.name(),
              unsigned(j, v),
              max,
              how)
          .endControlFlow()
          .build();
    }
    long max = (1L << bits) - 1;
    return Code.builder()
        .beginControlFlow("if (($L & 0x$LL) != 0)", v, Long.toHexString(~max))
        .addStatement(
            "throw $T.doesNotFit($S, $S, $L, 0x$LL, $S)",
            VIOLATION,
            struct.name(),
            m.name(),
            unsigned(j, v),
            Long.toHexString(max),
            how)
        .endControlFlow()
        .build();
  }

  private static String abiOf(StructLayout l) {
    return l.abi().label();
  }

  private MethodSpec getter(Member m, StructLayout l, String suffix, Io io) {
    JavaMember j = java.get(m.name());
    Placed p = l.placed(m.name()).orElseThrow();
    MethodSpec.Builder signature =
        MethodSpec.methodBuilder(j.name() + suffix)
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(j.typeName())
            .addParameter(io.buffer(), io.var())
            .addParameter(io.index(), "at")
            .addJavadoc(
                "{@code $L} ($L, bytes $L..$L on $L), little-endian at $L {@code at + $L};"
                    + " no checks.\n",
                m.name(),
                cName(m.type(), p.size()),
                p.offset(),
                p.end() - 1,
                abiOf(l),
                io.where(),
                p.offset());
    return Code.method(
        signature,
        Code.builder()
            .addStatement(
                "return $L", read(m.type(), p.size(), j, Code.of("at + $L", p.offset()), io)));
  }

  private MethodSpec setter(Member m, StructLayout l, String suffix, Io io) {
    JavaMember j = java.get(m.name());
    Placed p = l.placed(m.name()).orElseThrow();
    MethodSpec.Builder signature =
        MethodSpec.methodBuilder(j.name() + suffix)
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .addParameter(io.buffer(), io.var())
            .addParameter(io.index(), "at")
            .addParameter(j.typeName(), "v")
            .addJavadoc(
                "Writes {@code $L} on $L, refusing a value that does not fit; never truncates.\n",
                m.name(),
                abiOf(l));
    return Code.method(
        signature,
        Code.builder()
            .add(fits(m, p.size(), j, "v"))
            .addStatement("$L", io.put(io.var(), p.size(), Code.of("at + $L", p.offset()), "v")));
  }

  private MethodSpec validate(StructLayout l, String suffix, Io io) {
    String b = io.var();
    MethodSpec.Builder signature =
        MethodSpec.methodBuilder("validate" + suffix)
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .addParameter(io.buffer(), b)
            .addParameter(io.index(), "at")
            .addJavadoc(
                "Refuses an image on $L that is out of the $L or too short, has a non-zero"
                    + " byte in a must-be-zero pad, or holds an unknown or retired sub-op.\n",
                abiOf(l),
                io == Io.BUFFER ? "buffer" : "segment")
            .addJavadoc("@throws $T if it does so\n", VIOLATION);
    Code.Builder v = Code.builder();
    if (struct.isRetired()) {
      v.addStatement(
          "throw $T.retiredStruct($S, $S, $S)",
          VIOLATION,
          struct.name(),
          struct.retired().release(),
          struct.retired().reason());
      return Code.method(signature, v);
    }
    v.addStatement("$L($L, at, $L)", StructNames.CHECK_AT, b, l.size());
    for (Placed p : l.placed()) {
      if (p.slot() instanceof Pad pad && pad.mustBeZero()) {
        // One load per piece; only a piece that is not zero is searched, byte by byte, for the
        // first byte the message names.
        for (int[] piece : pieces(p)) {
          int from = piece[0];
          int to = from + piece[1];
          v.beginControlFlow("if ($L != 0)", io.get(b, piece[1], Code.of("at + $L", from)));
          Code at = io.get(b, 1, Code.of("at + i"));
          v.beginControlFlow("for (int i = $L; i < $L; i++)", from, to)
              .beginControlFlow("if ($L != 0)", at)
              .addStatement(
                  "throw $T.padNotZero($S, $S, i, $L)", VIOLATION, struct.name(), pad.name(), at)
              .endControlFlow()
              .endControlFlow()
              .endControlFlow();
        }
      }
    }
    Map<String, List<SubOp>> byMember = new LinkedHashMap<>();
    for (SubOp s : struct.subOps()) {
      byMember.computeIfAbsent(s.member(), k -> new ArrayList<>()).add(s);
    }
    for (var e : byMember.entrySet()) {
      Member m = struct.member(e.getKey()).orElseThrow();
      Placed p = l.placed(m.name()).orElseThrow();
      Code idx = Code.of("at + $L", p.offset());
      Code value =
          switch (p.size()) {
            case 1 -> Code.of("$L & 0xff", io.get(b, 1, idx));
            case 2 -> Code.of("$L & 0xffff", io.get(b, 2, idx));
            default -> io.get(b, 4, idx);
          };
      String local = "sub" + m.name().replace("_", "");
      v.addStatement("int $L = $L", local, value);
      v.beginControlFlow("switch ($L)", local);
      List<SubOp> sorted = new ArrayList<>(e.getValue());
      sorted.sort((a, c) -> Long.compare(a.value(), c.value()));
      List<Long> liveValues = new ArrayList<>();
      for (SubOp s : sorted) {
        if (!s.isRetired() && !liveValues.contains(s.value())) {
          liveValues.add(s.value());
        }
      }
      for (Long lv : liveValues) {
        v.add("case $L:\n", (int) (long) lv);
      }
      if (!liveValues.isEmpty()) {
        v.addStatement("  break");
      }
      List<Long> retiredValues = new ArrayList<>();
      for (SubOp s : sorted) {
        if (s.isRetired()
            && !liveValues.contains(s.value())
            && !retiredValues.contains(s.value())) {
          retiredValues.add(s.value());
          v.add("case $L:\n", (int) s.value());
          v.addStatement(
              "  throw $T.retiredSubOp($S, $S, $S, $L, $S, $S)",
              VIOLATION,
              struct.name(),
              m.name(),
              s.name(),
              s.value() + "L",
              s.retired().release(),
              s.retired().reason());
        }
      }
      v.add("default:\n");
      v.addStatement(
          "  throw $T.unknownSubOp($S, $S, Integer.toUnsignedLong($L))",
          VIOLATION,
          struct.name(),
          m.name(),
          local);
      v.endControlFlow();
    }
    return Code.method(signature, v);
  }

  private MethodSpec decode(String suffix, Io io) {
    String b = io.var();
    MethodSpec.Builder d =
        MethodSpec.methodBuilder("decode" + suffix)
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(ClassName.get(codec.packageName(), codec.simpleName(), STATE))
            .addParameter(io.buffer(), b)
            .addParameter(io.index(), "at")
            .addJavadoc("Validates the image, then reads its live members.\n");
    List<String> args = new ArrayList<>();
    for (Member m : live()) {
      args.add(java.get(m.name()).name() + suffix + "(" + b + ", at)");
    }
    return Code.method(
        d,
        Code.builder()
            .addStatement("validate$L($L, at)", suffix, b)
            .addStatement("return new $L($L)", STATE, String.join(", ", args)));
  }

  private MethodSpec translate(StructLayout from, StructLayout to, String name, Io io) {
    boolean fromCompat = from == compat;
    MethodSpec.Builder signature =
        MethodSpec.methodBuilder(name)
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .addParameter(io.buffer(), "src")
            .addParameter(io.index(), "srcAt")
            .addParameter(io.buffer(), "dst")
            .addParameter(io.index(), "dstAt")
            .addJavadoc(
                "Validates the $L image at {@code srcAt} and writes it as a $L image at {@code"
                    + " dstAt}: unsigned longs and handles $L, pads written as zero, retired"
                    + " members' bytes carried over.\n",
                abiOf(from),
                abiOf(to),
                fromCompat ? "zero-extended" : "refused when they do not fit, never truncated")
            .addJavadoc(
                "@throws $T if the source is not valid or a value does not fit\n", VIOLATION);
    Code.Builder t =
        Code.builder()
            .addStatement("validate$L(src, srcAt)", fromCompat ? "Compat" : "")
            .addStatement("$L(dst, dstAt, $L)", StructNames.CHECK_AT, to.size());
    if (!fromCompat) {
      for (Member m : struct.members()) {
        Placed f = from.placed(m.name()).orElseThrow();
        Placed d = to.placed(m.name()).orElseThrow();
        if (d.size() < f.size()) {
          String local = "v" + m.name().replace("_", "");
          t.addStatement(
              "long $L = $L", local, io.get("src", 8, Code.of("srcAt + $L", f.offset())));
          t.beginControlFlow("if (($L & 0xffffffff00000000L) != 0)", local)
              .addStatement(
                  "throw $T.doesNotFit($S, $S, $L, 0xffffffffL, $S)",
                  VIOLATION,
                  struct.name(),
                  m.name(),
                  local,
                  "u32 on x86_32")
              .endControlFlow();
        }
      }
    }
    for (Placed d : to.placed()) {
      if (d.slot() instanceof Pad) {
        for (int[] piece : pieces(d)) {
          t.addStatement("$L", io.put("dst", piece[1], Code.of("dstAt + $L", piece[0]), "0"));
        }
        continue;
      }
      Member m = (Member) d.slot();
      Placed f = from.placed(m.name()).orElseThrow();
      Code src = Code.of("srcAt + $L", f.offset());
      Code dst = Code.of("dstAt + $L", d.offset());
      if (f.size() == d.size()) {
        t.addStatement("$L", io.put("dst", d.size(), dst, io.get("src", f.size(), src)));
      } else if (f.size() == 4 && d.size() == 8) {
        t.addStatement(
            "$L",
            io.put("dst", 8, dst, Code.of("Integer.toUnsignedLong($L)", io.get("src", 4, src))));
      } else {
        // Narrowed: the value read and checked above, not read again.
        t.addStatement("$L", io.put("dst", 4, dst, "v" + m.name().replace("_", "")));
      }
    }
    return Code.method(signature, t);
  }

  /**
   * A pad as the widest pieces that fit and sit at their own alignment in the struct, in order:
   * {offset, bytes}. The hand-written code zeroes and checks pads so; an unaligned wide store cost
   * more than the two narrow ones it replaced.
   */
  private static List<int[]> pieces(Placed pad) {
    List<int[]> pieces = new ArrayList<>();
    int i = pad.offset();
    while (i < pad.end()) {
      int w = 8;
      while (w > pad.end() - i || i % w != 0) {
        w /= 2;
      }
      pieces.add(new int[] {i, w});
      i += w;
    }
    return pieces;
  }

  private MethodSpec checkAt(Io io) {
    String limit = io.limit(io.var());
    return Code.method(
        MethodSpec.methodBuilder(StructNames.CHECK_AT)
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .addParameter(io.buffer(), io.var())
            .addParameter(io.index(), "at")
            .addParameter(int.class, "size"),
        Code.builder()
            .beginControlFlow("if (at < 0 || at > $L - size)", limit)
            .addStatement("throw $T.shortImage($S, at, $L, size)", VIOLATION, struct.name(), limit)
            .endControlFlow());
  }

  /**
   * The little-endian loads and stores of the {@code ByteBuffer} side, through the runtime's {@code
   * byteBufferViewVarHandle} views fixed to little-endian ({@code ByteBufferViews}, which also
   * keeps JDK 17's C2 from compiling them out of line): no test of the buffer's order and no byte
   * swap in the compiled code, which stays small enough for C2 to inline a translator into its
   * caller (with {@code order()} tested in every load and store it did not, and took twice as long
   * as with the views). Plain access allows any index; {@code checkAt} has placed the image.
   */
  private static void helpers(TypeSpec.Builder t) {
    for (int bytes : new int[] {2, 4, 8}) {
      String primitive = primitive(bytes);
      TypeName type = primitiveType(primitive);
      String view = "LE" + bytes * 8;
      t.addMethod(
          MethodSpec.methodBuilder(StructNames.load(bytes * 8))
              .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
              .returns(type)
              .addParameter(ByteBuffer.class, "b")
              .addParameter(int.class, "i")
              .addStatement("return ($L) $T.$L.get(b, i)", primitive, VIEWS, view)
              .build());
      t.addMethod(
          MethodSpec.methodBuilder(StructNames.store(bytes * 8))
              .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
              .addParameter(ByteBuffer.class, "b")
              .addParameter(int.class, "i")
              .addParameter(ParameterSpec.builder(type, "v").build())
              .addStatement("$T.$L.set(b, i, v)", VIEWS, view)
              .build());
    }
  }
}
