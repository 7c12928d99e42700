package dev.abilock.processor;

import dev.abilock.Encoding;
import dev.abilock.core.generate.Evolution;
import dev.abilock.core.generate.JavaType;
import dev.abilock.core.generate.LayoutSpec;
import dev.abilock.core.model.Field;
import dev.abilock.core.model.Layout;
import dev.abilock.core.model.Retirement;
import dev.abilock.processor.model.Binding;
import dev.abilock.processor.model.Declared;
import dev.abilock.processor.model.FieldType;
import dev.abilock.processor.names.CodecNames;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.tools.JavaFileObject;

/**
 * The processor's layer over core's shared generators ({@link LayoutSpec}, {@link Evolution}): a
 * random declaration rendered as Java source, the model (with Java and C names) the processor must
 * read from it, and the rules only a source can break (Java names the generated codec reserves).
 */
final class JavaSource {
  private JavaSource() {}

  /**
   * Java field names the generated codec already uses, or a record component may not have: the
   * writer's own lists.
   */
  private static final Set<String> RESERVED_JAVA_NAMES = reservedJavaNames();

  private static Set<String> reservedJavaNames() {
    Set<String> names = new HashSet<>(CodecNames.METHODS);
    names.addAll(CodecNames.RECORD_FORBIDDEN);
    return Set.copyOf(names);
  }

  /**
   * What the reader refuses in a source beyond {@link LayoutSpec#problems()}: names the codec
   * needs.
   */
  static final Function<LayoutSpec, List<String>> RULES =
      s -> {
        List<String> p = new ArrayList<>();
        Set<String> shadowed =
            CodecNames.shadowedByParameters(
                s.fields.stream().map(f -> f.abiName).toList(), s.compat != 0);
        for (LayoutSpec.F f : s.fields) {
          if (RESERVED_JAVA_NAMES.contains(f.javaName) || shadowed.contains(f.javaName)) {
            p.add("reserved Java name " + f.javaName);
          }
        }
        return p;
      };

  static LayoutSpec random(SplittableRandom r, String name, String simpleName) {
    return LayoutSpec.random(r, name, simpleName, RULES);
  }

  static LayoutSpec evolve(SplittableRandom r, LayoutSpec base, List<String> log) {
    return Evolution.evolve(r, base, log, RULES);
  }

  static FieldType type(JavaType t) {
    return FieldType.valueOf(t.name());
  }

  /** The layout, with its Java and C names, that the processor must read from {@link #source}. */
  static Declared model(LayoutSpec s, String pkg) {
    Layout layout = s.layout(pkg);
    String prefix = s.name.toUpperCase(Locale.ROOT);
    List<Binding> bindings = new ArrayList<>();
    for (LayoutSpec.F f : s.fields) {
      Field field = layout.field(f.abiName).orElseThrow();
      bindings.add(
          new Binding(
              field, f.javaName, type(f.type), prefix + "_" + f.abiName.toUpperCase(Locale.ROOT)));
    }
    return new Declared(layout, prefix, bindings);
  }

  /** The source as a file for the compiler. */
  static JavaFileObject file(LayoutSpec s, String pkg) {
    return com.google.testing.compile.JavaFileObjects.forSourceString(
        pkg + "." + s.simpleName, source(s, pkg));
  }

  static String source(LayoutSpec s, String pkg) {
    StringBuilder b = new StringBuilder();
    b.append("package ").append(pkg).append(";\n\nimport dev.abilock.*;\n\n");
    b.append(retiredAnnotation(s.retired, ""));
    b.append("@Continuable(name = \"").append(s.name).append('"');
    if (s.width != 64) {
      b.append(", width = ").append(s.width);
    }
    if (s.compat != 0) {
      b.append(", compatWidth = ").append(s.compat);
    }
    b.append(")\npublic class ").append(s.simpleName).append(" {\n");
    for (LayoutSpec.O o : s.ops) {
      String refs =
          s.fields.stream()
              .filter(f -> o.continues.contains(f.abiName))
              .map(f -> '"' + (o.byJavaName ? f.javaName : f.abiName) + '"')
              .collect(Collectors.joining(", "));
      List<String> opAttrs = new ArrayList<>();
      if (!o.continues.isEmpty()) {
        opAttrs.add("continues = {" + refs + "}");
      }
      if (!o.aliases.isEmpty()) {
        opAttrs.add(
            "aliases = {"
                + o.aliases.stream().map(a -> '"' + a + '"').collect(Collectors.joining(", "))
                + "}");
      }
      b.append(retiredAnnotation(o.retired, "  "));
      b.append("  @Op")
          .append(opAttrs.isEmpty() ? "" : "(" + String.join(", ", opAttrs) + ")")
          .append(" public static final ")
          .append(o.constType.keyword())
          .append(' ')
          .append(o.name)
          .append(" = ")
          .append(o.code)
          .append(o.constType == JavaType.LONG ? "L" : "")
          .append(";\n");
    }
    int[] next = s.implicitShifts();
    for (int i = 0; i < s.fields.size(); i++) {
      LayoutSpec.F f = s.fields.get(i);
      List<String> attrs = new ArrayList<>();
      attrs.add("bits = " + f.bits);
      if (LayoutSpec.shiftWritten(f, next[i])) {
        attrs.add("shift = " + f.shift);
      }
      if (!f.opcode
          && s.compat != 0
          && (f.writeCompatBits || f.compatBits != f.bits || f.shift + f.bits > s.compat)) {
        attrs.add("compatBits = " + f.compatBits);
      }
      if (!f.opcode && f.encoding == Encoding.IN_PLACE) {
        attrs.add("encoding = Encoding.IN_PLACE");
      }
      if (f.writeName) {
        attrs.add("name = \"" + f.abiName + "\"");
      }
      b.append(retiredAnnotation(f.retired, "  "));
      b.append("  @")
          .append(f.opcode ? "Opcode" : "ContinuationField")
          .append('(')
          .append(String.join(", ", attrs))
          .append(") ")
          .append(f.type.keyword())
          .append(' ')
          .append(f.javaName)
          .append(";\n");
    }
    return b.append("}\n").toString();
  }

  private static String retiredAnnotation(Retirement r, String indent) {
    return r == null
        ? ""
        : indent + "@Retired(release = \"" + r.release() + "\", reason = \"" + r.reason() + "\")\n";
  }
}
