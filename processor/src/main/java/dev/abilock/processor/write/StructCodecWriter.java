package dev.abilock.processor.write;

import com.palantir.javapoet.AnnotationSpec;
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
 */
public final class StructCodecWriter {
  private static final ClassName VIOLATION =
      ClassName.get("dev.abilock.runtime", "AbiViolationException");
  private static final ClassName GENERATED =
      ClassName.get("javax.annotation.processing", "Generated");
  private static final String STATE = "State";

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
      return switch (type) {
        case "byte" -> TypeName.BYTE;
        case "short" -> TypeName.SHORT;
        case "int" -> TypeName.INT;
        default -> TypeName.LONG;
      };
    }
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
    String type =
        switch (Abi.X86_64.sizeOf(m.type())) {
          case 1 -> "byte";
          case 2 -> "short";
          case 4 -> "int";
          default -> "long";
        };
    return new JavaMember(camel.toString(), type);
  }

  private final StructDecl struct;
  private final ClassName codec;
  private final Map<String, JavaMember> java;
  private final StructLayout nat;
  private final StructLayout compat;

  private StructCodecWriter(StructDecl struct, ClassName codec, Map<String, JavaMember> java) {
    this.struct = struct;
    this.codec = codec;
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
    ClassName codec = codecName(structClass);
    TypeSpec.Builder type = new StructCodecWriter(struct, codec, java).type();
    if (generatedAnnotation) {
      type.addAnnotation(
          AnnotationSpec.builder(GENERATED)
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
    t.addType(state());
    for (Member m : live()) {
      t.addMethod(getter(m, nat, ""));
      t.addMethod(setter(m, nat, ""));
    }
    t.addMethod(validate(nat, ""));
    t.addMethod(decode(""));
    if (translated()) {
      for (Member m : live()) {
        t.addMethod(getter(m, compat, "Compat"));
        t.addMethod(setter(m, compat, "Compat"));
      }
      t.addMethod(validate(compat, "Compat"));
      t.addMethod(decode("Compat"));
      t.addMethod(translate(compat, nat, "compatToNative"));
      t.addMethod(translate(nat, compat, "nativeToCompat"));
    }
    t.addMethod(checkAt());
    helpers(t);
    return t;
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

  /** The raw read of {@code size} bytes at {@code i}, as byte/short/int/long. */
  private static CodeBlock rawRead(int size, CodeBlock index) {
    return switch (size) {
      case 1 -> CodeBlock.of("b.get($L)", index);
      case 2 -> CodeBlock.of("get16(b, $L)", index);
      case 4 -> CodeBlock.of("get32(b, $L)", index);
      default -> CodeBlock.of("get64(b, $L)", index);
    };
  }

  /** The raw read converted to the Java type, zero- or sign-extended as the C type says. */
  private static CodeBlock read(CType t, int size, JavaMember j, CodeBlock index, String buf) {
    CodeBlock raw = rawRead(size, index);
    if (!buf.equals("b")) {
      raw = CodeBlock.of("$L", raw.toString().replaceFirst("\\bb\\b", buf));
    }
    int bits = size * 8;
    if (j.bits() == bits) {
      return raw;
    }
    if (j.bits() < bits) {
      throw new IllegalStateException("Java type too narrow");
    }
    if (signed(t)) {
      return CodeBlock.of("($L) $L", j.type(), raw);
    }
    String box =
        switch (bits) {
          case 8 -> "Byte";
          case 16 -> "Short";
          default -> "Integer";
        };
    return j.bits() == 64
        ? CodeBlock.of("$L.toUnsignedLong($L)", box, raw)
        : CodeBlock.of("($L) $L.toUnsignedInt($L)", j.type(), box, raw);
  }

  private static CodeBlock write(int size, CodeBlock index, String value, String buf) {
    return switch (size) {
      case 1 -> CodeBlock.of("$L.put($L, (byte) $L)", buf, index, value);
      case 2 -> CodeBlock.of("put16($L, $L, (short) $L)", buf, index, value);
      case 4 -> CodeBlock.of("put32($L, $L, (int) $L)", buf, index, value);
      default -> CodeBlock.of("put64($L, $L, (long) $L)", buf, index, value);
    };
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
  private CodeBlock fits(Member m, int size, JavaMember j, String v) {
    int bits = size * 8;
    if (j.bits() <= bits) {
      return CodeBlock.of("");
    }
    String how =
        cName(m.type(), size)
            + (m.type() == CType.ULONG ? " (ulong)" : "")
            + (m.type() == CType.HANDLE ? " (handle)" : "");
    if (signed(m.type())) {
      long min = -(1L << (bits - 1));
      long max = (1L << (bits - 1)) - 1;
      return CodeBlock.builder()
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
    return CodeBlock.builder()
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

  private MethodSpec getter(Member m, StructLayout l, String suffix) {
    JavaMember j = java.get(m.name());
    Placed p = l.placed(m.name()).orElseThrow();
    return MethodSpec.methodBuilder(j.name() + suffix)
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(j.typeName())
        .addParameter(ByteBuffer.class, "b")
        .addParameter(int.class, "at")
        .addJavadoc(
            "{@code $L} ($L, bytes $L..$L on $L), little-endian at absolute index {@code at + $L};"
                + " no checks.\n",
            m.name(),
            cName(m.type(), p.size()),
            p.offset(),
            p.end() - 1,
            abiOf(l),
            p.offset())
        .addStatement(
            "return $L", read(m.type(), p.size(), j, CodeBlock.of("at + $L", p.offset()), "b"))
        .build();
  }

  private MethodSpec setter(Member m, StructLayout l, String suffix) {
    JavaMember j = java.get(m.name());
    Placed p = l.placed(m.name()).orElseThrow();
    return MethodSpec.methodBuilder(j.name() + suffix)
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .addParameter(ByteBuffer.class, "b")
        .addParameter(int.class, "at")
        .addParameter(j.typeName(), "v")
        .addJavadoc(
            "Writes {@code $L} on $L, refusing a value that does not fit; never truncates.\n",
            m.name(),
            abiOf(l))
        .addCode(fits(m, p.size(), j, "v"))
        .addStatement("$L", write(p.size(), CodeBlock.of("at + $L", p.offset()), "v", "b"))
        .build();
  }

  private MethodSpec validate(StructLayout l, String suffix) {
    MethodSpec.Builder v =
        MethodSpec.methodBuilder("validate" + suffix)
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .addParameter(ByteBuffer.class, "b")
            .addParameter(int.class, "at")
            .addJavadoc(
                "Refuses an image on $L that is out of the buffer or too short, has a non-zero"
                    + " byte in a must-be-zero pad, or holds an unknown or retired sub-op.\n",
                abiOf(l))
            .addJavadoc("@throws $T if it does so\n", VIOLATION);
    if (struct.isRetired()) {
      v.addStatement(
          "throw $T.retiredStruct($S, $S, $S)",
          VIOLATION,
          struct.name(),
          struct.retired().release(),
          struct.retired().reason());
      return v.build();
    }
    v.addStatement("checkAt(b, at, $L)", l.size());
    for (Placed p : l.placed()) {
      if (p.slot() instanceof Pad pad && pad.mustBeZero()) {
        for (int i = p.offset(); i < p.end(); i++) {
          v.beginControlFlow("if (b.get(at + $L) != 0)", i)
              .addStatement(
                  "throw $T.padNotZero($S, $S, $L, b.get(at + $L))",
                  VIOLATION,
                  struct.name(),
                  pad.name(),
                  i,
                  i)
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
      CodeBlock idx = CodeBlock.of("at + $L", p.offset());
      CodeBlock value =
          switch (p.size()) {
            case 1 -> CodeBlock.of("b.get($L) & 0xff", idx);
            case 2 -> CodeBlock.of("get16(b, $L) & 0xffff", idx);
            default -> CodeBlock.of("get32(b, $L)", idx);
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
        v.addCode("case $L:\n", (int) (long) lv);
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
          v.addCode("case $L:\n", (int) s.value());
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
      v.addCode("default:\n");
      v.addStatement(
          "  throw $T.unknownSubOp($S, $S, Integer.toUnsignedLong($L))",
          VIOLATION,
          struct.name(),
          m.name(),
          local);
      v.endControlFlow();
    }
    return v.build();
  }

  private MethodSpec decode(String suffix) {
    MethodSpec.Builder d =
        MethodSpec.methodBuilder("decode" + suffix)
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .returns(ClassName.get(codec.packageName(), codec.simpleName(), STATE))
            .addParameter(ByteBuffer.class, "b")
            .addParameter(int.class, "at")
            .addJavadoc("Validates the image, then reads its live members.\n")
            .addStatement("validate$L(b, at)", suffix);
    List<String> args = new ArrayList<>();
    for (Member m : live()) {
      args.add(java.get(m.name()).name() + suffix + "(b, at)");
    }
    d.addStatement("return new $L($L)", STATE, String.join(", ", args));
    return d.build();
  }

  private MethodSpec translate(StructLayout from, StructLayout to, String name) {
    boolean fromCompat = from == compat;
    MethodSpec.Builder t =
        MethodSpec.methodBuilder(name)
            .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
            .addParameter(ByteBuffer.class, "src")
            .addParameter(int.class, "srcAt")
            .addParameter(ByteBuffer.class, "dst")
            .addParameter(int.class, "dstAt")
            .addJavadoc(
                "Validates the $L image at {@code srcAt} and writes it as a $L image at {@code"
                    + " dstAt}: unsigned longs and handles $L, pads written as zero, retired"
                    + " members' bytes carried over.\n",
                abiOf(from),
                abiOf(to),
                fromCompat ? "zero-extended" : "refused when they do not fit, never truncated")
            .addJavadoc(
                "@throws $T if the source is not valid or a value does not fit\n", VIOLATION)
            .addStatement("validate$L(src, srcAt)", fromCompat ? "Compat" : "")
            .addStatement("checkAt(dst, dstAt, $L)", to.size());
    if (!fromCompat) {
      for (Member m : struct.members()) {
        Placed f = from.placed(m.name()).orElseThrow();
        Placed d = to.placed(m.name()).orElseThrow();
        if (d.size() < f.size()) {
          String local = "v" + m.name().replace("_", "");
          t.addStatement("long $L = get64(src, srcAt + $L)", local, f.offset());
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
        // Zero is the same in either byte order: the widest stores that fit, as the hand code does.
        int i = d.offset();
        while (i < d.end()) {
          int w = 8;
          while (w > d.end() - i) {
            w /= 2;
          }
          String put =
              switch (w) {
                case 8 -> "dst.putLong(dstAt + $L, 0L)";
                case 4 -> "dst.putInt(dstAt + $L, 0)";
                case 2 -> "dst.putShort(dstAt + $L, (short) 0)";
                default -> "dst.put(dstAt + $L, (byte) 0)";
              };
          t.addStatement(put, i);
          i += w;
        }
        continue;
      }
      Member m = (Member) d.slot();
      Placed f = from.placed(m.name()).orElseThrow();
      CodeBlock src = CodeBlock.of("srcAt + $L", f.offset());
      CodeBlock dst = CodeBlock.of("dstAt + $L", d.offset());
      if (f.size() == d.size()) {
        CodeBlock raw = rawRead(f.size(), src);
        String r = raw.toString().replaceFirst("\\bb\\b", "src");
        t.addStatement("$L", write(d.size(), dst, r, "dst"));
      } else if (f.size() == 4 && d.size() == 8) {
        t.addStatement(
            "$L", write(8, dst, "Integer.toUnsignedLong(get32(src, " + src + "))", "dst"));
      } else {
        // Narrowed: the value read and checked above, not read again.
        t.addStatement("$L", write(4, dst, "v" + m.name().replace("_", ""), "dst"));
      }
    }
    return t.build();
  }

  private MethodSpec checkAt() {
    return MethodSpec.methodBuilder("checkAt")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addParameter(ByteBuffer.class, "b")
        .addParameter(int.class, "at")
        .addParameter(int.class, "size")
        .beginControlFlow("if (at < 0 || at > b.limit() - size)")
        .addStatement("throw $T.shortImage($S, at, b.limit(), size)", VIOLATION, struct.name())
        .endControlFlow()
        .build();
  }

  private static void helpers(TypeSpec.Builder t) {
    String[][] kinds = {{"16", "short", "Short"}, {"32", "int", "Integer"}, {"64", "long", "Long"}};
    String[] getters = {"getShort", "getInt", "getLong"};
    String[] putters = {"putShort", "putInt", "putLong"};
    for (int k = 0; k < kinds.length; k++) {
      String[] kind = kinds[k];
      TypeName type =
          switch (kind[1]) {
            case "short" -> TypeName.SHORT;
            case "int" -> TypeName.INT;
            default -> TypeName.LONG;
          };
      t.addMethod(
          MethodSpec.methodBuilder("get" + kind[0])
              .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
              .returns(type)
              .addParameter(ByteBuffer.class, "b")
              .addParameter(int.class, "i")
              .addStatement("$L v = b.$L(i)", kind[1], getters[k])
              .addStatement(
                  "return b.order() == $T.LITTLE_ENDIAN ? v : $L.reverseBytes(v)",
                  ByteOrder.class,
                  kind[2])
              .build());
      t.addMethod(
          MethodSpec.methodBuilder("put" + kind[0])
              .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
              .addParameter(ByteBuffer.class, "b")
              .addParameter(int.class, "i")
              .addParameter(ParameterSpec.builder(type, "v").build())
              .addStatement(
                  "b.$L(i, b.order() == $T.LITTLE_ENDIAN ? v : $L.reverseBytes(v))",
                  putters[k],
                  ByteOrder.class,
                  kind[2])
              .build());
    }
  }
}
