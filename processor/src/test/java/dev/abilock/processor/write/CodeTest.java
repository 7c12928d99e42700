package dev.abilock.processor.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.abilock.core.generate.Budget;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * {@link Code} against JavaPoet itself: the same calls, made on a {@code CodeBlock.Builder} and on
 * a {@code Code.Builder}, put in a method body and a Javadoc of one file, must render the same
 * file, byte for byte. The calls are drawn at random: statements whose text breaks lines (JavaPoet
 * indents their later lines twice), nested control flow, fragments (themselves with control flow
 * and fragments) spliced with {@code $L}, added whole or joined, {@code $S} with quotes, escapes
 * and line breaks, {@code $T} (names and classes) at a line's start and inside it, {@code $$}, and
 * blank lines.
 */
class CodeTest {
  /** Types for {@code $T}: JavaPoet's names and classes, two of them with one simple name. */
  private static final List<Object> TYPES =
      List.of(
          ClassName.get("dev.abilock.runtime", "AbiViolationException"),
          TypeName.get(Integer.class),
          Long.class,
          ClassName.get("com.example.other", "Widget"),
          ClassName.get("com.example.clash", "Widget"));

  private static final List<String> STRINGS =
      List.of(
          "plain",
          "with \"quotes\"",
          "back\\slash",
          "two\nlines",
          "tab\there",
          "é ünïcode",
          "ends with a break\n",
          "",
          "it's",
          "\u0001 control",
          "a\nb\nc");

  private static final List<String> TEXT =
      List.of(
          "x", "word & MASK", "a +\nb", " ", "case 3 -> ", "// comment", "$", "\n", "i++", "{}");

  /** One builder's methods, so that the same calls replay on either. */
  private record Side(
      Format add,
      Format statement,
      Format begin,
      Runnable end,
      Function<List<Call>, Object> fragment,
      Consumer<Object> splice,
      Function<List<Object>, Object> join) {}

  /** A builder method taking a format and its arguments. */
  private interface Format {
    void call(String format, Object... args);
  }

  /** A call with its arguments, where a nested fragment is a list of calls. */
  private record Call(int kind, String format, List<Object> args) {}

  @Test
  void rendersTheFileJavaPoetRendersFromTheSameCalls() {
    long seed = Budget.seed("code-matches-javapoet");
    int cases = Budget.cases(3_000, 300_000);
    long start = System.nanoTime();
    SplittableRandom r = new SplittableRandom(seed);
    for (int c = 0; c < cases; c++) {
      List<Call> calls = calls(r, 0);
      List<Call> doc = docCalls(r);
      String poet = render(poetSide(calls), poetSide(doc));
      String code = render(codeSide(calls), codeSide(doc));
      int k = c;
      assertEquals(poet, code, () -> "case " + k + " of seed " + seed + ": " + calls);
    }
    Budget.report("code-matches-javapoet", cases, start);
  }

  @Test
  void refusesWhatItDoesNotRenderAsJavaPoetWould() {
    assertThrows(IllegalArgumentException.class, () -> Code.of("a$Wb"));
    assertThrows(IllegalArgumentException.class, () -> Code.of("$1L", "x"));
    assertThrows(IllegalArgumentException.class, () -> Code.of("$L", CodeBlock.of("x")));
    assertThrows(IllegalArgumentException.class, () -> Code.of("$L $L", "x"));
    assertThrows(IllegalArgumentException.class, () -> Code.of("$L", "x", "y"));
    assertThrows(IllegalArgumentException.class, () -> Code.of("dangling $"));
    assertThrows(IllegalStateException.class, () -> Code.of("$[a$[b$]$]").toCodeBlock());
    assertThrows(IllegalStateException.class, () -> Code.of("$<a\n$>").toCodeBlock());
    assertThrows(IllegalStateException.class, () -> Code.of("a;\n$]").toCodeBlock());
    assertThrows(IllegalStateException.class, () -> Code.of("{\n$>a\n").toCodeBlock());
    assertThrows(IllegalStateException.class, () -> Code.of("$[a").toCodeBlock());
    assertThrows(IllegalArgumentException.class, () -> Code.of("a\r\nb").toCodeBlock());
    assertThrows(IllegalArgumentException.class, () -> Code.of("$L", "a\u2028b").toCodeBlock());
    assertThrows(
        IllegalArgumentException.class, () -> Code.of("$L", TypeSpec.classBuilder("X").build()));
    // A Code handed to a JavaPoet $L would print its identity: it throws instead.
    assertThrows(IllegalStateException.class, () -> CodeBlock.of("$L", Code.of("x")).toString());
  }

  private static List<Call> calls(SplittableRandom r, int depth) {
    List<Call> calls = new ArrayList<>();
    int open = 0;
    int indents = 0;
    int n = r.nextInt(depth == 0 ? 12 : 5);
    for (int i = 0; i < n; i++) {
      switch (r.nextInt(depth < 2 ? 8 : 5)) {
        case 0 -> calls.add(new Call(0, format(r), seeded(r)));
        case 1 -> calls.add(new Call(1, format(r), seeded(r)));
        case 2 -> {
          if (indents > 0 && r.nextBoolean()) {
            calls.add(new Call(0, "$<", List.of()));
            indents--;
          } else {
            calls.add(new Call(0, "$>", List.of()));
            indents++;
          }
        }
        case 3 -> {
          calls.add(new Call(2, "if ($L)", List.of(TEXT.get(r.nextInt(TEXT.size() - 1)))));
          open++;
        }
        case 4 -> {
          if (open > 0) {
            calls.add(new Call(3, "", List.of()));
            open--;
          }
        }
        case 5 -> calls.add(new Call(0, "$L\n", List.of(new Nested(calls(r, depth + 1)))));
        case 6 -> calls.add(new Call(4, "", List.of(new Nested(calls(r, depth + 1)))));
        default ->
            calls.add(
                new Call(
                    0,
                    "$L;\n",
                    List.of(
                        new Joined(
                            List.of(
                                new Nested(calls(r, depth + 1)),
                                new Nested(calls(r, depth + 1)))))));
      }
    }
    for (; open > 0; open--) {
      calls.add(new Call(3, "", List.of()));
    }
    for (; indents > 0; indents--) {
      calls.add(new Call(0, "$<", List.of()));
    }
    return calls;
  }

  /** Javadoc: text and names only, as the writers' Javadoc has. */
  private static List<Call> docCalls(SplittableRandom r) {
    List<Call> calls = new ArrayList<>();
    for (int i = r.nextInt(4); i > 0; i--) {
      calls.add(
          new Call(
              0,
              r.nextBoolean() ? "<p>$L:\n" : "$L\n\n",
              List.of(TEXT.get(r.nextInt(TEXT.size())))));
    }
    return calls;
  }

  /** A fragment, built on its own and spliced in. */
  private record Nested(List<Call> calls) {}

  /** Fragments joined with {@code ", "}. */
  private record Joined(List<Nested> parts) {}

  /** A format of text and placeholders, with as many {@code $L}/{@code $S}/{@code $T} as args. */
  private static String format(SplittableRandom r) {
    StringBuilder f = new StringBuilder();
    for (int i = r.nextInt(4); i >= 0; i--) {
      String text = TEXT.get(r.nextInt(TEXT.size()));
      f.append(text.equals("$") ? "$$" : text);
      f.append(
          switch (r.nextInt(4)) {
            case 0 -> "$L";
            case 1 -> "$S";
            case 2 -> "$T";
            default -> "$N";
          });
    }
    return f.toString();
  }

  /** Arguments drawn in {@link #bind}, from a seed of their own. */
  private static List<Object> seeded(SplittableRandom r) {
    return List.of(new Seed(r.nextLong()));
  }

  private record Seed(long value) {}

  private static void replay(Side side, List<Call> calls) {
    for (Call call : calls) {
      Object[] args = bind(side, call);
      switch (call.kind()) {
        case 0 -> side.add().call(call.format(), args);
        case 1 -> side.statement().call(call.format(), args);
        case 2 -> side.begin().call(call.format(), args);
        case 3 -> side.end().run();
        default ->
            side.splice().accept(side.fragment().apply(((Nested) call.args().get(0)).calls()));
      }
    }
  }

  /**
   * The call's arguments for its format: each placeholder draws from a generator seeded by the
   * call, so that both sides get the same values.
   */
  private static Object[] bind(Side side, Call call) {
    if (call.args().size() == 1 && call.args().get(0) instanceof Seed seed) {
      SplittableRandom r = new SplittableRandom(seed.value());
      List<Object> args = new ArrayList<>();
      String f = call.format();
      for (int i = 0; i < f.length() - 1; i++) {
        if (f.charAt(i) != '$') {
          continue;
        }
        char p = f.charAt(++i);
        switch (p) {
          case 'L' ->
              args.add(r.nextInt(5) == 0 ? r.nextInt(1000) : TEXT.get(r.nextInt(TEXT.size())));
          case 'S' -> args.add(r.nextInt(12) == 0 ? null : STRINGS.get(r.nextInt(STRINGS.size())));
          case 'T' -> args.add(TYPES.get(r.nextInt(TYPES.size())));
          case 'N' -> args.add("name" + r.nextInt(10));
          default -> {}
        }
      }
      return args.toArray();
    }
    List<Object> args = new ArrayList<>();
    for (Object a : call.args()) {
      if (a instanceof Nested nested) {
        args.add(side.fragment().apply(nested.calls()));
      } else if (a instanceof Joined joined) {
        args.add(
            side.join()
                .apply(
                    joined.parts().stream()
                        .map(nested -> side.fragment().apply(nested.calls()))
                        .toList()));
      } else {
        args.add(a);
      }
    }
    return args.toArray();
  }

  private static String render(Object body, Object doc) {
    MethodSpec m = MethodSpec.methodBuilder("m").addCode((CodeBlock) body).build();
    TypeSpec type = TypeSpec.classBuilder("T").addJavadoc((CodeBlock) doc).addMethod(m).build();
    return JavaFile.builder("test", type).skipJavaLangImports(true).indent("  ").build().toString();
  }

  private static Object poetSide(List<Call> calls) {
    CodeBlock.Builder b = CodeBlock.builder();
    replay(
        new Side(
            b::add,
            b::addStatement,
            b::beginControlFlow,
            b::endControlFlow,
            CodeTest::poetSide,
            fragment -> b.add((CodeBlock) fragment),
            parts -> CodeBlock.join(parts.stream().map(p -> (CodeBlock) p).toList(), ", ")),
        calls);
    return b.build();
  }

  private static Object codeSide(List<Call> calls) {
    return codeOf(calls).toCodeBlock();
  }

  private static Code codeOf(List<Call> calls) {
    Code.Builder b = Code.builder();
    replay(
        new Side(
            b::add,
            b::addStatement,
            b::beginControlFlow,
            b::endControlFlow,
            CodeTest::codeOf,
            fragment -> b.add((Code) fragment),
            parts -> Code.join(parts.stream().map(p -> (Code) p).toList(), ", ")),
        calls);
    return b.build();
  }
}
