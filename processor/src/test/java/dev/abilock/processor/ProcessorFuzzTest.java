package dev.abilock.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.abilock.core.CatalogueEntry;
import dev.abilock.core.CoreCatalogue;
import dev.abilock.core.DeclarationMessage;
import dev.abilock.core.generate.Budget;
import dev.abilock.core.generate.LayoutSpec;
import dev.abilock.core.manifest.ManifestException;
import dev.abilock.core.manifest.ManifestParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The processor against random, mostly invalid declarations: wrong types, out-of-range numbers,
 * duplicate and reserved names, odd nesting, missing and mistyped attributes, annotations on
 * methods, locals, interfaces, enums, records, nested, inner, local and anonymous classes. In
 * batches, with javac stopping at the first error or running processors despite them:
 *
 * <ul>
 *   <li>no compile crashes the processor ({@code [internal-error]}, a stack trace) or hangs;
 *   <li>every error is javac's own or carries a catalogue id; none is in generated code (the
 *       processor never writes a codec javac rejects);
 *   <li>a class with a declaration error gets no codec, and a compile with one writes no manifest;
 *   <li>a manifest the processor writes, it reads back;
 *   <li>a single known mistake in an otherwise valid class is reported with its id, in its file.
 * </ul>
 */
class ProcessorFuzzTest {
  @TempDir Path dir;

  /**
   * Catalogue ids of the declaration (read) phase: their class gets no codec, and no manifest is
   * written.
   */
  private static final Set<String> DECLARATION_IDS =
      Arrays.stream(DeclarationMessage.values())
          .filter(
              m ->
                  m.ordinal() <= DeclarationMessage.INTERNAL_ERROR.ordinal()
                      || m.severity() == dev.abilock.core.Severity.ERROR)
          .map(DeclarationMessage::id)
          .collect(Collectors.toSet());

  private static final Set<String> ALL_IDS =
      CoreCatalogue.entries().map(CatalogueEntry::id).collect(Collectors.toSet());

  private static final Duration COMPILE_BOUND = Duration.ofSeconds(60);

  @Test
  void randomDeclarationsNeverCrashOrHangTheProcessor() {
    long seed = Budget.seed("fuzz");
    int batches = Budget.cases(30, 1500);
    long start = System.nanoTime();
    long classes = 0;
    Map<String, Integer> outcomes = new LinkedHashMap<>();
    for (int b = 0; b < batches; b++) {
      Batch batch = batch(seed, b);
      classes += batch.classes();
      outcomes.merge(batch.outcome(), 1, Integer::sum);
    }
    System.out.println("[abilock-cases] fuzz outcomes by batch: " + outcomes);
    assertTrue(
        outcomes.keySet().stream().anyMatch(o -> o.startsWith("declaration errors")),
        "the fuzzer never reached the reader: " + outcomes);
    Budget.report("ProcessorFuzzTest (random classes in " + batches + " compiles)", classes, start);
  }

  /** One compile of the fuzzer: its outcome and how many classes it compiled. */
  private record Batch(String outcome, int classes) {}

  /** Batch {@code b} of the run with seed {@code seed}, alone, so that a soak finding replays. */
  private Batch batch(long seed, int b) {
    long batchSeed = seed + 0x9E3779B97F4A7C15L * b;
    SplittableRandom r = new SplittableRandom(batchSeed);
    List<JavaFileObject> files = new ArrayList<>();
    int count = 3 + r.nextInt(8);
    for (int i = 0; i < count; i++) {
      String simple = "F" + b + "x" + i;
      int kind = r.nextInt(20);
      String source =
          kind < 9
              ? chaos(r, simple)
              : kind < 15
                  ? mutated(r, simple)
                  : JavaSource.source(JavaSource.random(r, "v" + b + "_" + i, simple), "fz");
      files.add(JavaFileObjects.forSourceString("fz." + simple, source));
    }
    // Argument structs from a stream of their own, so that the other classes stay as they were.
    SplittableRandom rs = new SplittableRandom(batchSeed ^ 0x5A5A5A5A5A5A5A5AL);
    int structs = rs.nextInt(3);
    for (int i = 0; i < structs; i++) {
      String simple = "S" + b + "x" + i;
      files.add(JavaFileObjects.forSourceString("fz." + simple, struct(rs, simple)));
    }
    return new Batch(fuzzCompile(r, b, batchSeed, files), count + structs);
  }

  /**
   * The soak with seed 1796615765709 found a struct member named {@code getClass}: the codec's
   * State record could not have it as a component, and javac refused the generated code.
   */
  @Test
  void soakSeed1796615765709Batch692StructMemberNamedGetClass() {
    Batch batch = batch(Budget.seedFor(1796615765709L, "fuzz"), 692);
    assertTrue(batch.outcome().startsWith("declaration errors"), batch.outcome());
  }

  /** Compiles one batch in a random mode and checks every property; returns the kind of outcome. */
  private String fuzzCompile(
      SplittableRandom r, int b, long batchSeed, List<JavaFileObject> files) {
    Path manifest = dir.resolve("fuzz" + b + ".manifest");
    byte[] before = null;
    try {
      if (r.nextInt(4) == 0) {
        before =
            (r.nextBoolean() ? VALID_MANIFEST : VALID_MANIFEST.replace("# end\n", "")).getBytes();
        Files.write(manifest, before);
      }
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    List<String> options = new ArrayList<>();
    if (r.nextBoolean()) {
      options.add(
          "--should-stop=ifError=FLOW"); // processors run despite javac's errors (Error Prone
      // setups)
    }
    options.add("-Aabilock.manifest=" + manifest);
    options.add("-Aabilock.mode=" + (r.nextInt(4) == 0 ? "check" : "update"));
    if (r.nextInt(6) == 0) {
      options.add("-Aabilock.mode=update");
      options.add("-Aabilock.release=1." + b);
    }
    String context =
        "batch seed "
            + batchSeed
            + " ("
            + Budget.replay()
            + "), options "
            + options
            + "\n--- sources:\n"
            + files.stream().map(ProcessorFuzzTest::text).collect(Collectors.joining("\n"));
    Compilation c;
    HandlerSpans spans = new HandlerSpans();
    try {
      c =
          assertTimeoutPreemptively(
              COMPILE_BOUND,
              () ->
                  Compiler.javac()
                      .withProcessors(new AbilockProcessor(), spans)
                      .withOptions(options)
                      .compile(files),
              "the compile hung");
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\n" + context, e);
    }
    try {
      return check(c, spans, manifest, before);
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(
          e.getMessage() + "\n" + context + "\n--- diagnostics:\n" + diagnostics(c), e);
    }
  }

  private static String check(Compilation c, HandlerSpans spans, Path manifest, byte[] before)
      throws AssertionError {
    boolean declarationError = false;
    Set<String> withoutCodec = new HashSet<>();
    for (Diagnostic<? extends JavaFileObject> d : c.diagnostics()) {
      String m = d.getMessage(Locale.ROOT);
      assertFalse(m.contains("[internal-error]"), "the processor crashed: " + m);
      assertFalse(
          m.contains("\tat ") || m.contains("Exception:"), "a stack trace reached the user: " + m);
      if (m.startsWith("[")) {
        String id = m.substring(1, m.indexOf(']'));
        assertTrue(ALL_IDS.contains(id), "an id outside the catalogue: " + m);
        if (d.getKind() == Diagnostic.Kind.ERROR && DECLARATION_IDS.contains(id)) {
          declarationError = true;
          spans.handlerOf(d).ifPresent(h -> withoutCodec.add(h.codecPath()));
        }
      }
      if (d.getKind() == Diagnostic.Kind.ERROR && d.getSource() != null) {
        String file = d.getSource().toUri().getPath();
        assertFalse(
            file.endsWith("Codec.java"),
            "javac rejects generated code: " + file + ":" + d.getLineNumber() + ": " + m);
      }
    }
    List<String> codecs =
        Sources.generatedFilesEvenIfFailed(c).stream()
            .map(JavaFileObject::getName)
            .filter(n -> n.endsWith("Codec.java"))
            .toList();
    for (String codec : codecs) {
      assertFalse(
          withoutCodec.contains(codec), "a class with a declaration error got a codec: " + codec);
    }
    if (declarationError) {
      try {
        if (before == null) {
          assertFalse(
              Files.exists(manifest), "a compile with a declaration error wrote the manifest");
        } else {
          assertArrayEquals(
              before,
              Files.readAllBytes(manifest),
              "a compile with a declaration error changed the manifest");
        }
      } catch (java.io.IOException e) {
        throw new AssertionError(e);
      }
      return codecs.isEmpty()
          ? "declaration errors"
          : "declaration errors, the other classes' codecs written";
    }
    if (Files.exists(manifest)) {
      try {
        byte[] now = Files.readAllBytes(manifest);
        if (before == null || !Arrays.equals(before, now)) {
          ManifestParser.parse(now); // what the processor wrote, the next build must read
        }
      } catch (ManifestException e) {
        fail("the processor wrote a manifest it cannot read: " + e.getMessage());
      } catch (java.io.IOException e) {
        throw new AssertionError(e);
      }
    }
    if (c.status() == Compilation.Status.SUCCESS) {
      return "success";
    }
    return c.errors().stream().anyMatch(d -> d.getMessage(Locale.ROOT).startsWith("["))
        ? "gate or manifest errors"
        : "javac errors only";
  }

  // ---------------------------------------------------------------- single known mistakes

  /** A mistake that makes a valid layout invalid, and the id the processor must report for it. */
  private record Mistake(String id, String from, String to) {}

  @Test
  void aKnownMistakeInAValidClassIsReportedWithItsIdInItsFile() {
    long seed = Budget.seed("fuzz-catalogue");
    int batches = Budget.cases(4, 150);
    long start = System.nanoTime();
    long cases = 0;
    for (int b = 0; b < batches; b++) {
      long batchSeed = seed + 0x9E3779B97F4A7C15L * b;
      SplittableRandom r = new SplittableRandom(batchSeed);
      List<JavaFileObject> files = new ArrayList<>();
      Map<JavaFileObject, String> expected = new LinkedHashMap<>();
      for (int i = 0; i < 12; i++) {
        LayoutSpec s = JavaSource.random(r, "k" + b + "_" + i, "K" + b + "x" + i);
        String source = JavaSource.source(s, "fz");
        List<Mistake> fitting =
            mistakes(s).stream().filter(m -> source.contains(m.from())).toList();
        Mistake m = fitting.get(r.nextInt(fitting.size()));
        JavaFileObject f =
            JavaFileObjects.forSourceString(
                "fz." + s.simpleName,
                source.replaceFirst(
                    java.util.regex.Pattern.quote(m.from()),
                    java.util.regex.Matcher.quoteReplacement(m.to())));
        files.add(f);
        expected.put(f, m.id());
      }
      HandlerSpans spans = new HandlerSpans();
      Compilation c =
          Compiler.javac()
              .withProcessors(new AbilockProcessor(), spans)
              .withOptions(
                  "-Aabilock.manifest=" + dir.resolve("catalogue" + b + ".manifest"),
                  "-Aabilock.mode=update")
              .compile(files);
      String context = "batch seed " + batchSeed + " (" + Budget.replay() + ")";
      assertThat(c).failed();
      try {
        check(c, spans, dir.resolve("catalogue" + b + ".manifest"), null);
      } catch (AssertionError e) {
        throw new AssertionError(context + ": " + e.getMessage() + "\n" + diagnostics(c), e);
      }
      for (Map.Entry<JavaFileObject, String> e : expected.entrySet()) {
        boolean found =
            c.errors().stream()
                .anyMatch(
                    d ->
                        d.getSource() != null
                            && d.getSource().toUri().equals(e.getKey().toUri())
                            && d.getMessage(Locale.ROOT).startsWith("[" + e.getValue() + "]"));
        if (!found) {
          fail(
              context
                  + ": no ["
                  + e.getValue()
                  + "] in "
                  + e.getKey().getName()
                  + "\n"
                  + text(e.getKey())
                  + "\n--- diagnostics:\n"
                  + diagnostics(c));
        }
        cases++;
      }
    }
    Budget.report("ProcessorFuzzTest known mistakes", cases, start);
  }

  /** Mistakes that apply to {@code s}'s source (each {@code from} must occur in it). */
  private static List<Mistake> mistakes(LayoutSpec s) {
    List<Mistake> m = new ArrayList<>();
    String head = "@Continuable(name = \"" + s.name + "\"";
    m.add(new Mistake("bad-name", head, "@Continuable(name = \"Bad" + s.name + "\""));
    m.add(new Mistake("bad-c-identifier", head, head + ", headerPrefix = \"9LIVES\""));
    m.add(
        new Mistake(
            "not-a-class",
            "public class " + s.simpleName + " {",
            "public enum " + s.simpleName + " {;"));
    if (s.width == 64) {
      m.add(new Mistake("bad-width", head, head + ", width = 48"));
    }
    if (s.compat == 0) {
      m.add(new Mistake("bad-compat-width", head, head + ", compatWidth = 16"));
      m.add(
          new Mistake(
              "compat-bits-without-compat",
              "@ContinuationField(bits = ",
              "@ContinuationField(compatBits = 1, bits = "));
    }
    for (LayoutSpec.F f : s.fields) {
      String decl = " " + f.type.keyword() + " " + f.javaName + ";";
      String annotation = (f.opcode ? "@Opcode(bits = " : "@ContinuationField(bits = ") + f.bits;
      String zero = (f.opcode ? "@Opcode(bits = " : "@ContinuationField(bits = ") + "0";
      m.add(new Mistake("bits-out-of-range", annotation + ",", zero + ","));
      m.add(new Mistake("bits-out-of-range", annotation + ")", zero + ")"));
      m.add(new Mistake("unsupported-type", decl, " String " + f.javaName + ";"));
      m.add(new Mistake("field-static-or-final", decl, " static" + decl));
      m.add(new Mistake("reserved-java-name", decl, " " + f.type.keyword() + " toString;"));
      if (!f.writeName) {
        m.add(new Mistake("bad-name", decl, " " + f.type.keyword() + " _" + f.javaName + ";"));
      }
      if (f.opcode) {
        m.add(new Mistake("two-opcodes", decl, decl + "\n  @Opcode(bits = 2) int secondOpcode;"));
      }
    }
    s.opcode()
        .ifPresent(
            oc -> {
              for (LayoutSpec.O o : s.ops) {
                String decl =
                    "final "
                        + o.constType.keyword()
                        + " "
                        + o.name
                        + " = "
                        + o.code
                        + (o.constType == dev.abilock.core.generate.JavaType.LONG ? "L;" : ";");
                m.add(
                    new Mistake(
                        "op-code-does-not-fit",
                        decl,
                        "final long " + o.name + " = " + (1L << oc.bits) + "L;"));
                m.add(new Mistake("op-not-constant", decl, decl.substring("final ".length())));
                if (o.continues.isEmpty()) {
                  m.add(
                      new Mistake(
                          "continues-unknown",
                          "@Op public static " + decl,
                          "@Op(continues = \"noSuchField\") public static " + decl));
                }
              }
              m.add(
                  new Mistake(
                      "continues-unknown",
                      "@Op(continues = {",
                      "@Op(continues = {\"noSuchField\", "));
              if (s.ops.size() >= 2) {
                LayoutSpec.O a = s.ops.get(0);
                LayoutSpec.O b = s.ops.get(1);
                String bDecl =
                    "final "
                        + b.constType.keyword()
                        + " "
                        + b.name
                        + " = "
                        + b.code
                        + (b.constType == dev.abilock.core.generate.JavaType.LONG ? "L;" : ";");
                m.add(
                    new Mistake(
                        "duplicate-op-code",
                        bDecl,
                        "final long " + b.name + " = " + a.code + "L;"));
              }
            });
    if (s.opcode().isEmpty()) {
      m.add(
          new Mistake(
              "op-without-opcode",
              "public class " + s.simpleName + " {",
              "public class " + s.simpleName + " {\n  @Op static final int LONELY = 0;"));
    }
    return m;
  }

  // ---------------------------------------------------------------- regressions found while
  // fuzzing

  @Test
  void javaFieldNamesTheCodecUsesItselfAreDeclarationErrorsNotUncompilableCodecs() {
    JavaFileObject src =
        Sources.source(
            "Clash",
            "@Continuable(name = \"clash\")",
            "public class Clash {",
            "  @Op(continues = \"count\") static final int A = 1;",
            "  @Opcode(bits = 4) int cmd;",
            "  @ContinuationField(bits = 8) long count;",
            "  @ContinuationField(bits = 8) long validate;",
            "  @ContinuationField(bits = 8) long opName;",
            "  @ContinuationField(bits = 8) int toString;",
            "  @ContinuationField(bits = 8) int wait;",
            "}");
    Compilation c = Sources.compile(dir.resolve("m"), "update", src);
    assertThat(c)
        .hadErrorContaining("[reserved-java-name] validate cannot be the Java name of a field")
        .inFile(src)
        .onLineContaining("long validate;");
    assertThat(c)
        .hadErrorContaining("[reserved-java-name] opName")
        .inFile(src)
        .onLineContaining("long opName;");
    assertThat(c)
        .hadErrorContaining("[reserved-java-name] toString")
        .inFile(src)
        .onLineContaining("int toString;");
    assertThat(c).hadErrorContaining("(JLS 8.10.1)").inFile(src).onLineContaining("int wait;");
    assertNoGeneratedCode(c);
  }

  @Test
  void namesThatWouldCollideInTheCodecOrTheCHeaderAreDeclarationErrors() {
    JavaFileObject src =
        Sources.source(
            "Names",
            "@Continuable(name = \"names\", compatWidth = 32)",
            "public class Names {",
            "  @Op(continues = \"x\") static final int count_op = 1;",
            "  @Op static final int x = 2;", // the C header defines each op as a macro: #define x 2
            // breaks the parameter x
            "  @Op static final int NAMES_WIDTH = 3;",
            "  @Opcode(bits = 4) int cmd;",
            "  @ContinuationField(bits = 8, name = \"x\") long xValue;",
            "  @ContinuationField(bits = 8) long xCompat;", // X_COMPAT_MASK is also x's compat mask
            "  @ContinuationField(bits = 4) int word;", // the C encode helper's out-parameter
            "  @ContinuationField(bits = 4, macro = \"NAMES_CMD\") int other;",
            "}");
    Compilation c = Sources.compile(dir.resolve("m"), "update", src);
    assertThat(c)
        .hadErrorContaining(
            "[generated-name-clash] field xCompat and field xValue would both define X_COMPAT_MASK")
        .inFile(src)
        .onLineContaining("long xCompat;");
    assertThat(c)
        .hadErrorContaining("[reserved-c-name] field word has ABI name \"word\"")
        .inFile(src)
        .onLineContaining("int word;");
    assertThat(c)
        .hadErrorContaining(
            "[generated-name-clash] field other and opcode cmd would both define NAMES_CMD_SHIFT")
        .inFile(src)
        .onLineContaining("int other;");
    assertThat(c)
        .hadErrorContaining("[generated-name-clash] op x and the field with ABI name x")
        .inFile(src)
        .onLineContaining("static final int x = 2;");
    assertThat(c)
        .hadErrorContaining("[generated-name-clash] op NAMES_WIDTH and the word width")
        .inFile(src)
        .onLineContaining("NAMES_WIDTH = 3;");
    assertNoGeneratedCode(c);
  }

  @Test
  void javaNamesWithoutALowerSnakeCaseFormAreDeclarationErrorsNotManifestsThatCannotBeRead() {
    JavaFileObject src =
        Sources.source(
            "Snake",
            "@Continuable(name = \"snake\")",
            "public class Snake {",
            "  @ContinuationField(bits = 8) long _y;",
            "  @ContinuationField(bits = 8) long a__b;",
            "  @ContinuationField(bits = 8, name = \"fine\") long _z;",
            "}");
    Compilation c = Sources.compile(dir.resolve("m"), "update", src);
    assertThat(c)
        .hadErrorContaining("[bad-name] field name \"_y\" must be lower_snake_case")
        .inFile(src)
        .onLineContaining("long _y;");
    assertThat(c)
        .hadErrorContaining(
            "it is derived from the Java field _y: set name = \"...\" to choose one")
        .inFile(src)
        .onLineContaining("long _y;");
    assertThat(c)
        .hadErrorContaining("[bad-name] field name \"a__b\"")
        .inFile(src)
        .onLineContaining("long a__b;");
    assertThat(c).hadErrorCount(2);
    assertNoGeneratedCode(c);
  }

  @Test
  void opAndClassNamesBeyondAsciiRoundTripThroughTheManifest() throws Exception {
    JavaFileObject src =
        JavaFileObjects.forSourceLines(
            "fz.Größe",
            "package fz;",
            "import dev.abilock.*;",
            "@Continuable(name = \"groesse\", width = 32)",
            "public class Größe {",
            "  @Op(continues = \"count\") static final int ÖFFNEN = 1;",
            "  @Opcode(bits = 4) int cmd;",
            "  @ContinuationField(bits = 8) int count;",
            "}");
    Path manifest = dir.resolve("m");
    assertThat(Sources.compile(manifest, "update", src)).succeeded();
    assertTrue(Files.readString(manifest).contains("continuable groesse class fz.Größe draft\n"));
    assertTrue(Files.readString(manifest).contains("  op ÖFFNEN 1 continues count draft\n"));
    assertThat(Sources.compile(manifest, "check", src)).succeededWithoutWarnings();
  }

  // ---------------------------------------------------------------- chaos generator

  private static final String[] NAMES = {
    "count",
    "startExtent",
    "cmd",
    "op",
    "x",
    "xCompat",
    "flag",
    "encode",
    "validate",
    "decode",
    "opName",
    "checkOp",
    "toString",
    "hashCode",
    "wait",
    "getClass",
    "word",
    "stray",
    "bits",
    "auto",
    "register",
    "union",
    "signed",
    "NAME",
    "WIDTH",
    "State",
    "$x",
    "_y",
    "a__b",
    "ü",
    "a1",
    "startIter",
    "encodeCompat",
    "field",
    "lowest",
    "code",
    "allowed",
    "uint64_t",
    "X_MASK",
    "clone",
    "preempted",
    "value"
  };
  private static final String[] TYPES = {
    "long",
    "int",
    "short",
    "byte",
    "boolean",
    "char",
    "double",
    "float",
    "String",
    "Object",
    "Long",
    "Integer",
    "int[]",
    "java.util.List<String>",
    "NoSuchType",
    "Encoding"
  };
  private static final String[] INTS = {
    "0",
    "1",
    "-1",
    "-2",
    "2",
    "4",
    "6",
    "7",
    "8",
    "12",
    "16",
    "24",
    "26",
    "31",
    "32",
    "33",
    "58",
    "60",
    "63",
    "64",
    "65",
    "100",
    "1000",
    "Integer.MAX_VALUE",
    "Integer.MIN_VALUE",
    "'a'",
    "\"8\"",
    "8L",
    "3 + 4",
    "1 << 5",
    "NOPE"
  };
  private static final String[] STRINGS = {
    "\"\"",
    "\"x\"",
    "\"memory_op\"",
    "\"Bad\"",
    "\"a b\"",
    "\"word\"",
    "\"encode\"",
    "\"x_compat\"",
    "\"9x\"",
    "\"MEMOP\"",
    "\"ABILOCK_OK\"",
    "\"é\"",
    "\"a__b\"",
    "null",
    "5",
    "\"count\"",
    "\"start_extent\""
  };
  private static final String[] MODIFIERS = {
    "",
    "",
    "",
    "static ",
    "final ",
    "static final ",
    "private ",
    "transient ",
    "volatile ",
    "public "
  };

  /** A parseable class with random abilock declarations, mostly wrong. */
  static String chaos(SplittableRandom r, String simple) {
    StringBuilder b = new StringBuilder("package fz;\n\nimport dev.abilock.*;\n\n");
    String kind =
        pickWeighted(
            r,
            new String[] {
              "class",
              "class",
              "class",
              "class",
              "interface",
              "enum",
              "record",
              "@interface",
              "abstract class",
              "nested",
              "inner",
              "local",
              "anonymous",
              "generic"
            });
    String continuable = continuableAnnotation(r);
    List<String> members = new ArrayList<>();
    int n = r.nextInt(9);
    for (int i = 0; i < n; i++) {
      members.add(member(r, kind));
    }
    String body = String.join("\n", members);
    switch (kind) {
      case "nested", "inner" ->
          b.append("public class ")
              .append(simple)
              .append(" {\n  ")
              .append(continuable)
              .append("\n  ")
              .append(kind.equals("nested") ? "static " : "")
              .append("class In {\n")
              .append(body)
              .append("\n  }\n}\n");
      case "local" ->
          b.append("public class ")
              .append(simple)
              .append(" {\n  void m() {\n    ")
              .append(continuable)
              .append("\n    class Local {\n")
              .append(body)
              .append("\n    }\n  }\n}\n");
      case "anonymous" ->
          b.append("public class ")
              .append(simple)
              .append(" {\n  ")
              .append(continuable)
              .append("\n  Object o = new Object() {\n")
              .append(body)
              .append("\n  };\n}\n");
      case "record" ->
          b.append(continuable)
              .append("\npublic record ")
              .append(simple)
              .append("(@ContinuationField(bits = 8) long x) {\n")
              .append(body.replaceAll("(?m)^  ([a-z@].*[^;{}]);$", "  static $1;"))
              .append("\n}\n");
      case "enum" ->
          b.append(continuable)
              .append("\npublic enum ")
              .append(simple)
              .append(" {\n  A, B;\n")
              .append(body)
              .append("\n}\n");
      case "generic" ->
          b.append(continuable)
              .append("\npublic class ")
              .append(simple)
              .append("<T> {\n")
              .append(body)
              .append("\n}\n");
      default ->
          b.append(continuable)
              .append("\npublic ")
              .append(kind)
              .append(' ')
              .append(simple)
              .append(" {\n")
              .append(body)
              .append("\n}\n");
    }
    return b.toString();
  }

  private static final String[] C_TYPES = {
    "U8", "U16", "U32", "U64", "S8", "S16", "S32", "S64", "ULONG", "HANDLE", "NOSUCH"
  };

  /** A random {@code @AbiStruct} declaration, well-formed or not. */
  static String struct(SplittableRandom r, String simple) {
    StringBuilder b = new StringBuilder("package fz;\nimport dev.abilock.*;\n");
    List<String> attrs = new ArrayList<>();
    if (r.nextInt(10) != 0) {
      attrs.add("name = " + (r.nextInt(4) == 0 ? pick(r, STRINGS) : "\"s" + r.nextInt(4) + "\""));
    }
    if (r.nextBoolean()) {
      attrs.add(
          "compat = Compat." + pick(r, new String[] {"NONE", "SAME", "TRANSLATED", "NOSUCH"}));
    }
    if (r.nextInt(6) == 0) {
      attrs.add("headerPrefix = " + pick(r, STRINGS));
    }
    if (r.nextInt(8) == 0) {
      b.append("@Retired(release = \"4.").append(r.nextInt(9)).append("\", reason = \"x\")\n");
    }
    b.append("@AbiStruct(").append(String.join(", ", attrs)).append(")\n");
    String kind = pick(r, new String[] {"class", "class", "class", "class", "interface", "enum"});
    b.append("public ").append(kind).append(' ').append(simple).append(" {\n");
    if (kind.equals("enum")) {
      b.append("  A;\n");
    }
    int n = r.nextInt(9);
    for (int i = 0; i < n; i++) {
      String name = r.nextInt(4) == 0 ? pick(r, NAMES) : "m" + r.nextInt(20);
      String retired =
          r.nextInt(10) == 0
              ? "@Retired(release = \"4." + r.nextInt(9) + "\", reason = \"y\") "
              : "";
      int what = r.nextInt(10);
      if (what < 5) {
        List<String> m = new ArrayList<>();
        m.add("type = CType." + pick(r, C_TYPES));
        if (r.nextInt(4) == 0) {
          m.add("offset = " + (r.nextBoolean() ? pick(r, INTS) : String.valueOf(r.nextInt(32))));
        }
        if (r.nextInt(4) == 0) {
          m.add("align = " + (r.nextBoolean() ? pick(r, INTS) : "8"));
        }
        if (r.nextInt(6) == 0) {
          m.add("name = " + pick(r, STRINGS));
        }
        b.append("  ")
            .append(retired)
            .append("@Member(")
            .append(String.join(", ", m))
            .append(") ")
            .append(r.nextInt(8) == 0 ? pick(r, MODIFIERS) : "")
            .append(
                r.nextInt(4) == 0
                    ? pick(r, TYPES)
                    : pick(r, new String[] {"byte", "short", "int", "long"}))
            .append(' ')
            .append(name)
            .append(";\n");
      } else if (what < 8) {
        List<String> p = new ArrayList<>();
        if (r.nextInt(3) == 0) {
          p.add("size = " + (r.nextBoolean() ? pick(r, INTS) : String.valueOf(r.nextInt(9))));
        }
        if (r.nextInt(4) == 0) {
          p.add("trailing = true");
        }
        if (r.nextInt(5) == 0) {
          p.add("mustBeZero = false");
        }
        b.append("  ")
            .append(retired)
            .append("@Pad(")
            .append(String.join(", ", p))
            .append(") ")
            .append(pick(r, new String[] {"byte[]", "byte", "short", "int", "long", "char"}))
            .append(' ')
            .append(name)
            .append(";\n");
      } else {
        b.append("  ")
            .append(retired)
            .append("@SubOp(member = ")
            .append(r.nextInt(3) == 0 ? pick(r, STRINGS) : "\"m" + r.nextInt(20) + "\"")
            .append(r.nextInt(5) == 0 ? ", aliases = {\"OLD_" + i + "\"}" : "")
            .append(") ")
            .append(r.nextInt(5) == 0 ? "static " : "public static final ")
            .append(r.nextInt(6) == 0 ? pick(r, TYPES) : "int")
            .append(" SUB_")
            .append(i)
            .append(" = ")
            .append(r.nextBoolean() ? pick(r, INTS) : String.valueOf(r.nextInt(6)))
            .append(";\n");
      }
    }
    return b.append("}\n").toString();
  }

  private static String continuableAnnotation(SplittableRandom r) {
    if (r.nextInt(12) == 0) {
      return "";
    }
    List<String> attrs = new ArrayList<>();
    if (r.nextInt(10) != 0) {
      attrs.add("name = " + (r.nextInt(3) == 0 ? pick(r, STRINGS) : "\"c" + r.nextInt(6) + "\""));
    }
    if (r.nextBoolean()) {
      attrs.add("width = " + (r.nextInt(3) == 0 ? pick(r, INTS) : r.nextBoolean() ? "32" : "64"));
    }
    if (r.nextInt(3) == 0) {
      attrs.add("compatWidth = " + (r.nextInt(3) == 0 ? pick(r, INTS) : "32"));
    }
    if (r.nextInt(5) == 0) {
      attrs.add("headerPrefix = " + pick(r, STRINGS));
    }
    if (r.nextInt(20) == 0) {
      attrs.add("nosuch = 1");
    }
    String a = "@Continuable(" + String.join(", ", attrs) + ")";
    return r.nextInt(25) == 0 ? a + " " + a : a;
  }

  private static String member(SplittableRandom r, String kind) {
    int what = r.nextInt(20);
    String name = r.nextInt(3) == 0 ? pick(r, NAMES) : "f" + r.nextInt(1000);
    if (what < 7) {
      return "  "
          + fieldAnnotation(r, "ContinuationField")
          + " "
          + pick(r, MODIFIERS)
          + type(r)
          + " "
          + name
          + ";";
    } else if (what < 9) {
      return "  "
          + fieldAnnotation(r, "Opcode")
          + " "
          + pick(r, MODIFIERS)
          + type(r)
          + " "
          + name
          + ";";
    } else if (what < 14) {
      String mods = r.nextInt(4) == 0 ? pick(r, MODIFIERS) : "static final ";
      String type =
          r.nextInt(4) == 0 ? type(r) : pick(r, new String[] {"int", "long", "short", "byte"});
      String value = r.nextInt(5) == 0 ? pick(r, INTS) : Integer.toString(r.nextInt(70));
      if (mods.contains("final")
          && (type.equals("String") || type.equals("int[]") || value.equals("NOPE"))) {
        value = r.nextBoolean() ? "null" : "0";
      }
      return "  "
          + opAnnotation(r)
          + " "
          + mods
          + type
          + " OP_"
          + name.toUpperCase(Locale.ROOT).replace("$", "D")
          + r.nextInt(100)
          + (mods.contains("final") || r.nextBoolean() ? " = " + value : "")
          + ";";
    } else if (what < 15) {
      return "  "
          + fieldAnnotation(r, "ContinuationField")
          + " "
          + fieldAnnotation(r, "Opcode")
          + " "
          + opAnnotation(r)
          + " int both"
          + r.nextInt(100)
          + ";";
    } else if (what < 16) {
      return "  "
          + fieldAnnotation(r, r.nextBoolean() ? "ContinuationField" : "Op")
          + " void m"
          + r.nextInt(100)
          + "() {}";
    } else if (what < 17) {
      return "  void p"
          + r.nextInt(100)
          + "("
          + fieldAnnotation(r, "ContinuationField")
          + " int x) {}";
    } else if (what < 18) {
      return "  void q" + r.nextInt(100) + "() { " + opAnnotation(r) + " int local = 1; }";
    } else if (what < 19) {
      return "  "
          + continuableAnnotation(r)
          + " static class Nested"
          + r.nextInt(100)
          + " { "
          + fieldAnnotation(r, "ContinuationField")
          + " long y; }";
    }
    return "  int plain" + r.nextInt(100) + ";";
  }

  private static String fieldAnnotation(SplittableRandom r, String annotation) {
    List<String> attrs = new ArrayList<>();
    if (r.nextInt(12) != 0) {
      attrs.add(
          "bits = " + (r.nextInt(3) == 0 ? pick(r, INTS) : Integer.toString(1 + r.nextInt(64))));
    }
    if (r.nextInt(3) == 0) {
      attrs.add("shift = " + (r.nextInt(3) == 0 ? pick(r, INTS) : Integer.toString(r.nextInt(64))));
    }
    if (annotation.equals("ContinuationField")) {
      if (r.nextInt(4) == 0) {
        attrs.add("compatBits = " + pick(r, INTS));
      }
      if (r.nextInt(4) == 0) {
        attrs.add(
            "encoding = "
                + pick(
                    r,
                    new String[] {
                      "Encoding.IN_PLACE", "Encoding.SHIFTED", "null", "Encoding.NOPE", "IN_PLACE"
                    }));
      }
    }
    if (r.nextInt(5) == 0) {
      attrs.add("name = " + pick(r, STRINGS));
    }
    if (r.nextInt(6) == 0) {
      attrs.add("macro = " + pick(r, STRINGS));
    }
    return "@" + annotation + "(" + String.join(", ", attrs) + ")";
  }

  private static String opAnnotation(SplittableRandom r) {
    if (r.nextInt(3) == 0) {
      return "@Op";
    }
    List<String> refs = new ArrayList<>();
    int n = r.nextInt(4);
    for (int i = 0; i < n; i++) {
      refs.add(r.nextInt(5) == 0 ? pick(r, STRINGS) : "\"" + pick(r, NAMES) + "\"");
    }
    return "@Op(continues = {" + String.join(", ", refs) + "})";
  }

  private static String type(SplittableRandom r) {
    return r.nextInt(3) == 0
        ? pick(r, TYPES)
        : pick(r, new String[] {"long", "int", "short", "byte", "boolean"});
  }

  /**
   * A valid random layout's source with a few token-level edits (most still parse; some do not).
   */
  static String mutated(SplittableRandom r, String simple) {
    LayoutSpec s = JavaSource.random(r, "m" + simple.toLowerCase(Locale.ROOT), simple);
    String source = JavaSource.source(s, "fz");
    int edits = 1 + r.nextInt(3);
    for (int i = 0; i < edits; i++) {
      List<String> lines = new ArrayList<>(List.of(source.split("\n")));
      int at = 5 + r.nextInt(Math.max(1, lines.size() - 6));
      at = Math.min(at, lines.size() - 1);
      String line = lines.get(at);
      switch (r.nextInt(7)) {
        case 0 -> lines.set(at, line.replaceFirst("= -?\\d+L?", quote("= " + pick(r, INTS))));
        case 1 -> lines.set(at, line.replaceFirst("\"[^\"]*\"", quote(pick(r, STRINGS))));
        case 2 ->
            lines.set(
                at,
                line.replaceFirst("\\b(long|int|short|byte|boolean)\\b", quote(pick(r, TYPES))));
        case 3 -> lines.remove(at);
        case 4 -> lines.add(at, line);
        case 5 ->
            lines.set(at, line.replaceFirst("\\) ", quote(", shift = " + pick(r, INTS) + ") ")));
        default -> lines.set(at, line.replaceFirst("(\\w+);$", quote(pick(r, NAMES) + ";")));
      }
      source = String.join("\n", lines) + "\n";
    }
    return source;
  }

  // ---------------------------------------------------------------- helpers

  /**
   * A valid manifest of an unrelated layout: the fuzzed sources leave it stale or break its
   * published lines.
   */
  private static final String VALID_MANIFEST =
      String.join(
          "\n",
          "# abilock manifest 1",
          "continuable c1 class fz.Gone published 1.0",
          "  width 32 published 1.0",
          "  field count shifted bits 0..30 mask 0x7fffffff published 1.0",
          "# end",
          "");

  private static void assertNoGeneratedCode(Compilation c) {
    assertThat(c).failed();
    assertEquals(
        List.of(),
        Sources.generatedFilesEvenIfFailed(c).stream()
            .map(JavaFileObject::getName)
            .filter(n -> n.endsWith(".java"))
            .toList());
    for (Diagnostic<?> d : c.diagnostics()) {
      assertFalse(d.getMessage(Locale.ROOT).contains("[internal-error]"));
    }
  }

  private static String text(JavaFileObject f) {
    try {
      return f.getCharContent(true).toString();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private static String diagnostics(Compilation c) {
    return c.diagnostics().stream()
        .map(
            d ->
                d.getKind()
                    + " "
                    + (d.getSource() == null
                        ? ""
                        : d.getSource().getName() + ":" + d.getLineNumber() + ": ")
                    + d.getMessage(Locale.ROOT))
        .collect(Collectors.joining("\n"));
  }

  private static String quote(String replacement) {
    return java.util.regex.Matcher.quoteReplacement(replacement);
  }

  private static <T> T pick(SplittableRandom r, T[] items) {
    return items[r.nextInt(items.length)];
  }

  private static String pickWeighted(SplittableRandom r, String[] items) {
    return items[r.nextInt(items.length)];
  }
}
