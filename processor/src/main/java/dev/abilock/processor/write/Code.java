package dev.abilock.processor.write;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A stretch of generated Java, built with {@link CodeBlock}'s formats and handed to JavaPoet as one
 * literal between type references. JavaPoet renders a file twice (once to collect its imports) and
 * splits every literal it emits on a line-break pattern; a body built from hundreds of small parts
 * paid that split hundreds of times, the largest share of the processor's time at 1,000
 * continuables (JFR). Here arguments are formatted as they are added, and {@link #toCodeBlock} lays
 * out indentation ({@code $>}, {@code $<}) and statements ({@code $[}, {@code $]}, whose later
 * lines JavaPoet indents twice) as JavaPoet would, so that JavaPoet sees only text and the {@code
 * $T} references it imports: the file it writes is byte for byte the one the small parts gave
 * ({@code CodeTest} holds it to that).
 *
 * <p>Formats take {@code $L} (text, or another {@code Code} spliced in), {@code $N} (a name),
 * {@code $S} (a string literal), {@code $T} (a type, left to JavaPoet), {@code $$} and the four
 * controls above. Where this class would not lay a code out as JavaPoet does, it throws instead:
 * another placeholder or an indexed one, a JavaPoet spec spliced in with {@code $L}, a count of
 * arguments that does not match, a line break other than {@code \n} in the text, indentation or a
 * statement left open or closed twice. A {@code Code} reaches JavaPoet only through {@link
 * #toCodeBlock}: its {@code toString} throws, so that one passed to a JavaPoet {@code $L} fails
 * rather than printing its identity.
 */
final class Code {
  /** JavaPoet's indent for generated codecs ({@link CodecWriter#file}), and of {@link #literal}. */
  private static final String INDENT_UNIT = "  ";

  private enum Control {
    INDENT,
    UNINDENT,
    STATEMENT_BEGIN,
    STATEMENT_END
  }

  /** Text, {@link TypeName} or {@link Control}, in order. */
  private final List<Object> parts;

  private Code(List<Object> parts) {
    this.parts = parts;
  }

  static Code of(String format, Object... args) {
    return builder().add(format, args).build();
  }

  /** {@code codes} with the text {@code separator} between them. */
  static Code join(List<Code> codes, String separator) {
    Builder b = builder();
    for (int i = 0; i < codes.size(); i++) {
      if (i > 0) {
        b.add("$L", separator);
      }
      b.add("$L", codes.get(i));
    }
    return b.build();
  }

  static Builder builder() {
    return new Builder();
  }

  /**
   * The method of {@code signature} with {@code body} as its code, handed to JavaPoet in one piece.
   */
  static MethodSpec method(MethodSpec.Builder signature, Builder body) {
    return signature.addCode(body.build().toCodeBlock()).build();
  }

  /**
   * The JavaPoet block rendering as this code: the text with indentation and statement lines laid
   * out as JavaPoet lays them out, with {@code $T} for each type. Indentation is written at the
   * start of a line; a code that starts mid-line (a field's initializer, after {@code =}) must not
   * indent before its first line break.
   */
  CodeBlock toCodeBlock() {
    StringBuilder format = new StringBuilder();
    List<Object> types = new ArrayList<>();
    int level = 0;
    int statementLine = -1;
    boolean lineStart = true;
    for (Object part : parts) {
      if (part instanceof Control control) {
        switch (control) {
          case INDENT -> level++;
          case UNINDENT -> {
            if (--level < 0) {
              throw new IllegalStateException("$< below the code's own indentation");
            }
          }
          case STATEMENT_BEGIN -> {
            if (statementLine != -1) {
              throw new IllegalStateException("statement begun inside a statement");
            }
            statementLine = 0;
          }
          case STATEMENT_END -> {
            if (statementLine == -1) {
              throw new IllegalStateException("statement ended outside a statement");
            }
            if (statementLine > 0) {
              level -= 2;
            }
            statementLine = -1;
          }
        }
        continue;
      }
      if (part instanceof TypeName type) {
        if (lineStart) {
          indent(format, level);
          lineStart = false;
        }
        format.append("$T");
        types.add(type);
        continue;
      }
      String text = (String) part;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c == '\r'
            || c == '\u000b'
            || c == '\u000c'
            || c == '\u0085'
            || c == '\u2028'
            || c == '\u2029') {
          // JavaPoet breaks lines at these as well, where this layout would not.
          throw new IllegalArgumentException(
              String.format(Locale.ROOT, "line break U+%04X in generated code", (int) c));
        }
        if (c == '\n') {
          format.append('\n');
          lineStart = true;
          // JavaPoet indents a statement's later lines twice more.
          if (statementLine != -1) {
            if (statementLine == 0) {
              level += 2;
            }
            statementLine++;
          }
          continue;
        }
        if (lineStart) {
          indent(format, level);
          lineStart = false;
        }
        if (c == '$') {
          format.append('$');
        }
        format.append(c);
      }
    }
    if (level != 0 || statementLine != -1) {
      throw new IllegalStateException("indentation or a statement left open");
    }
    return CodeBlock.of(format.toString(), types.toArray());
  }

  private static void indent(StringBuilder format, int level) {
    for (int i = 0; i < level; i++) {
      format.append(INDENT_UNIT);
    }
  }

  /** Always throws: a {@code Code} reaches JavaPoet through {@link #toCodeBlock} alone. */
  @Override
  public String toString() {
    throw new IllegalStateException("a Code reaches JavaPoet through toCodeBlock(), not $L");
  }

  static final class Builder {
    private final List<Object> parts = new ArrayList<>();

    private Builder() {}

    Builder add(String format, Object... args) {
      int next = 0;
      StringBuilder text = new StringBuilder();
      for (int p = 0; p < format.length(); p++) {
        char c = format.charAt(p);
        if (c != '$') {
          text.append(c);
          continue;
        }
        if (p + 1 == format.length()) {
          throw new IllegalArgumentException("dangling $ at the end of '" + format + "'");
        }
        char code = format.charAt(++p);
        switch (code) {
          case '$' -> text.append('$');
          case 'L' -> {
            Object arg = arg(format, args, next++);
            if (arg instanceof Code inner) {
              flush(text);
              parts.addAll(inner.parts);
            } else if (arg instanceof CodeBlock
                || arg instanceof TypeSpec
                || arg instanceof AnnotationSpec) {
              throw new IllegalArgumentException("a JavaPoet spec in a Code: '" + format + "'");
            } else {
              text.append(arg);
            }
          }
          case 'N' -> text.append((CharSequence) arg(format, args, next++));
          case 'S' -> text.append(literal((String) arg(format, args, next++)));
          case 'T' -> {
            Object arg = arg(format, args, next++);
            flush(text);
            parts.add(arg instanceof Class<?> c2 ? TypeName.get(c2) : (TypeName) arg);
          }
          case '>' -> control(text, Control.INDENT);
          case '<' -> control(text, Control.UNINDENT);
          case '[' -> control(text, Control.STATEMENT_BEGIN);
          case ']' -> control(text, Control.STATEMENT_END);
          default ->
              throw new IllegalArgumentException(
                  "$" + code + " is not rendered by Code: '" + format + "'");
        }
      }
      if (next != args.length) {
        throw new IllegalArgumentException(
            args.length + " arguments for " + next + " in '" + format + "'");
      }
      flush(text);
      return this;
    }

    Builder add(Code code) {
      parts.addAll(code.parts);
      return this;
    }

    Builder addStatement(String format, Object... args) {
      return add("$[").add(format, args).add(";\n$]");
    }

    Builder beginControlFlow(String controlFlow, Object... args) {
      return add(controlFlow + " {\n", args).add("$>");
    }

    Builder endControlFlow() {
      return add("$<}\n");
    }

    Code build() {
      return new Code(List.copyOf(parts));
    }

    private void control(StringBuilder text, Control control) {
      flush(text);
      parts.add(control);
    }

    private void flush(StringBuilder text) {
      if (!text.isEmpty()) {
        parts.add(text.toString());
        text.setLength(0);
      }
    }

    private static Object arg(String format, Object[] args, int index) {
      if (index >= args.length) {
        throw new IllegalArgumentException("too few arguments for '" + format + "'");
      }
      return args[index];
    }
  }

  /**
   * {@code value} as JavaPoet writes a {@code $S}: printable ASCII needing no escape directly,
   * anything else as JavaPoet renders it (escapes, and a string with a line break cut into
   * concatenated lines, indented by JavaPoet's default indent, the same as {@link #INDENT_UNIT}).
   */
  private static String literal(String value) {
    if (value == null) {
      return "null";
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
        return CodeBlock.of("$S", value).toString();
      }
    }
    return '"' + value + '"';
  }
}
