package dev.abilock.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import dev.abilock.runtime.AbiViolationException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Declaration errors: each is reported with its stable id on the exact attribute it is about (or on
 * the annotation when the mistake is not an attribute), every error of a class in one compile, and
 * a class with a declaration error gets no codec; while any error stands, nothing else is written
 * either (manifest, headers, docs), though every class without errors gets its codec.
 */
class DeclarationErrorsTest {
  @TempDir Path dir;

  private Path manifest() {
    return dir.resolve("abilock.manifest");
  }

  /**
   * Compiles in update mode against a manifest in the temp dir, so that only the declarations can
   * fail.
   */
  private Compilation compile(JavaFileObject... files) {
    return Sources.compile(manifest(), "update", files);
  }

  /** The error {@code [id]} is reported in {@code src} on the line containing {@code line}. */
  private static void errorAt(Compilation c, JavaFileObject src, String id, String line) {
    assertThat(c).hadErrorContaining("[" + id + "]").inFile(src).onLineContaining(line);
  }

  /** A failed compile that wrote nothing: no codec, no manifest, and no processor crash. */
  private void nothingWritten(Compilation c) {
    assertThat(c).failed();
    assertEquals(List.of(), codecs(c), "no codec may be generated");
    assertFalse(Files.exists(manifest()), "no manifest may be written");
    noCrash(c);
  }

  /** Names of the generated codec sources, failed compile or not. */
  private static List<String> codecs(Compilation c) {
    return Sources.generatedFilesEvenIfFailed(c).stream()
        .map(JavaFileObject::getName)
        .filter(n -> n.endsWith("Codec.java"))
        .toList();
  }

  private static void noCrash(Compilation c) {
    for (Diagnostic<? extends JavaFileObject> d : c.diagnostics()) {
      String m = d.getMessage(Locale.ROOT);
      assertFalse(m.contains("[internal-error]"), m);
      assertFalse(m.contains("Exception"), m);
      assertFalse(m.contains("\tat "), m);
    }
  }

  // --- placement ---

  /** A field placed past the word by its written shift, the attribute on a line of its own. */
  static final JavaFileObject OUTSIDE =
      Sources.source(
          "Outside",
          "@Continuable(name = \"outside\")",
          "public class Outside {",
          "  @ContinuationField(",
          "      bits = 8,",
          "      shift = 60)",
          "  long a;",
          "}");

  @Test
  void fieldOutsideWordWithExplicitShift() {
    JavaFileObject src = OUTSIDE;
    Compilation c = compile(src);
    errorAt(c, src, "field-outside-word", "shift = 60");
    assertThat(c).hadErrorContaining("bits 60..67, outside the 64-bit word");
    assertThat(c).hadErrorCount(1);
    nothingWritten(c);
  }

  @Test
  void fieldOutsideWordWithImplicitShift() {
    JavaFileObject src =
        Sources.source(
            "Outside",
            "@Continuable(name = \"outside\", width = 32)",
            "public class Outside {",
            "  @ContinuationField(bits = 20) int a;",
            "  @ContinuationField(",
            "      bits = 16)",
            "  int b;",
            "}");
    Compilation c = compile(src);
    errorAt(c, src, "field-outside-word", "bits = 16");
    assertThat(c).hadErrorContaining("bits 20..35, outside the 32-bit word");
    assertThat(c).hadErrorContaining("shift is implicit");
    assertThat(c).hadErrorCount(1);
    nothingWritten(c);
  }

  @Test
  void overlapOfFieldsThatOneOpUsesTogether() {
    JavaFileObject src =
        Sources.source(
            "Ov",
            "@Continuable(name = \"ov\")",
            "public class Ov {",
            "  @Op(continues = {\"a\", \"b\"}) public static final int BOTH = 0;",
            "  @Opcode(bits = 4) int cmd;",
            "  @ContinuationField(bits = 8) long a;",
            "  @ContinuationField(",
            "      shift = 8,",
            "      bits = 8)",
            "  long b;",
            "}");
    Compilation c = compile(src);
    errorAt(c, src, "overlap", "shift = 8");
    assertThat(c)
        .hadErrorContaining("b (bits 8..15) overlaps a (bits 4..11), and op BOTH uses both");
    assertThat(c).hadErrorCount(1);
    nothingWritten(c);
  }

  @Test
  void overlapThroughImplicitShiftIsReportedOnBits() {
    JavaFileObject src =
        Sources.source(
            "Ov",
            "@Continuable(name = \"ov\")",
            "public class Ov {",
            "  @Op(continues = {\"a\", \"c\"}) public static final int AC = 0;",
            "  @Op(continues = \"b\") public static final int B = 1;",
            "  @Opcode(bits = 4) int cmd;",
            "  @ContinuationField(shift = 20, bits = 8) long a;",
            "  @ContinuationField(shift = 4, bits = 4) long b;",
            "  @ContinuationField(",
            "      bits = 16)",
            "  long c;",
            "}");
    Compilation c = compile(src);
    errorAt(c, src, "overlap", "bits = 16");
    assertThat(c)
        .hadErrorContaining("c (bits 8..23) overlaps a (bits 20..27), and op AC uses both");
    assertThat(c).hadErrorCount(1);
    nothingWritten(c);
  }

  @Test
  void overlapWithoutOpcode() {
    JavaFileObject src =
        Sources.source(
            "Flat",
            "@Continuable(name = \"flat\")",
            "public class Flat {",
            "  @ContinuationField(bits = 8) long a;",
            "  @ContinuationField(",
            "      shift = 4,",
            "      bits = 8)",
            "  long b;",
            "}");
    Compilation c = compile(src);
    errorAt(c, src, "overlap", "shift = 4");
    assertThat(c).hadErrorContaining("without an opcode every field is in use");
    assertThat(c).hadErrorCount(1);
    nothingWritten(c);
  }

  @Test
  void fieldsThatNoOpUsesTogetherMayShareBits() {
    JavaFileObject src =
        Sources.source(
            "Share",
            "@Continuable(name = \"share\")",
            "public class Share {",
            "  @Op(continues = \"a\") public static final int A = 0;",
            "  @Op(continues = \"b\") public static final int B = 1;",
            "  @Opcode(bits = 4) int cmd;",
            "  @ContinuationField(bits = 8) long a;",
            "  @ContinuationField(shift = 4, bits = 8) long b;",
            "}");
    Compilation c = compile(src);
    assertThat(c).succeeded();
    assertThat(c).generatedSourceFile("test.ShareCodec");
    // The helper that sees generated files of failed compiles sees them here too.
    assertEquals(List.of("/SOURCE_OUTPUT/test/ShareCodec.java"), codecs(c));
    assertTrue(Files.exists(manifest()));
  }

  @Test
  void shiftOutOfRange() {
    JavaFileObject src =
        Sources.source(
            "Shifty",
            "@Continuable(name = \"shifty\", width = 32)",
            "public class Shifty {",
            "  @ContinuationField(bits = 4,",
            "      shift = -2)",
            "  int a;",
            "  @ContinuationField(bits = 4,",
            "      shift = 32)",
            "  int b;",
            "}");
    Compilation c = compile(src);
    errorAt(c, src, "bad-shift", "shift = -2");
    errorAt(c, src, "bad-shift", "shift = 32");
    assertThat(c).hadErrorCount(2);
    nothingWritten(c);
  }

  @Test
  void invalidBitsOrShiftIsNotReportedAgainAsAnOverlap() {
    JavaFileObject src =
        Sources.source(
            "Once",
            "@Continuable(name = \"once\")",
            "public class Once {",
            "  @ContinuationField(shift = 0,",
            "      bits = 0)",
            "  long a;",
            "  @ContinuationField(shift = 0, bits = 8) long b;",
            "  @ContinuationField(bits = 8,",
            "      shift = 70)",
            "  long d;",
            "  @ContinuationField(shift = 63, bits = 1) long e;",
            "}");
    Compilation c = compile(src);
    errorAt(c, src, "bits-out-of-range", "bits = 0");
    errorAt(c, src, "bad-shift", "shift = 70");
    assertThat(c).hadErrorCount(2);
    nothingWritten(c);
  }

  // --- bits and types ---

  @Test
  void bitsBelowOne() {
    JavaFileObject src =
        Sources.source(
            "Few",
            "@Continuable(name = \"few\")",
            "public class Few {",
            "  @ContinuationField(",
            "      bits = 0)",
            "  long a;",
            "  @ContinuationField(",
            "      bits = -3)",
            "  long b;",
            "}");
    Compilation c = compile(src);
    errorAt(c, src, "bits-out-of-range", "bits = 0");
    errorAt(c, src, "bits-out-of-range", "bits = -3");
    assertThat(c).hadErrorCount(2);
    nothingWritten(c);
  }

  @Test
  void bitsLargerThanTheWord() {
    JavaFileObject wide =
        Sources.source(
            "Wide",
            "@Continuable(name = \"wide\")",
            "public class Wide {",
            "  @ContinuationField(",
            "      bits = 65)",
            "  long a;",
            "}");
    JavaFileObject narrow =
        Sources.source(
            "Narrow",
            "@Continuable(name = \"narrow\", width = 32)",
            "public class Narrow {",
            "  @Opcode(",
            "      bits = 32)",
            "  int cmd;",
            "  @ContinuationField(",
            "      bits = 33)",
            "  long a;",
            "}");
    Compilation c = compile(wide, narrow);
    errorAt(c, wide, "bits-out-of-range", "bits = 65");
    assertThat(c).hadErrorContaining("field a needs 1 to 64 bits");
    errorAt(c, narrow, "bits-out-of-range", "bits = 32");
    assertThat(c).hadErrorContaining("opcode cmd needs 1 to 31 bits");
    errorAt(c, narrow, "bits-out-of-range", "bits = 33");
    assertThat(c).hadErrorContaining("field a needs 1 to 32 bits");
    assertThat(c).hadErrorCount(3);
    nothingWritten(c);
  }

  @Test
  void fieldTypeTooNarrowForBits() {
    JavaFileObject src =
        Sources.source(
            "Tight",
            "@Continuable(name = \"tight\")",
            "public class Tight {",
            "  @ContinuationField(",
            "      bits = 9)",
            "  byte a;",
            "  @ContinuationField(",
            "      bits = 17)",
            "  short b;",
            "  @ContinuationField(",
            "      bits = 33)",
            "  int c;",
            "}");
    Compilation c = compile(src);
    errorAt(c, src, "type-too-narrow", "bits = 9");
    assertThat(c).hadErrorContaining("declare it as short");
    errorAt(c, src, "type-too-narrow", "bits = 17");
    assertThat(c).hadErrorContaining("declare it as int");
    errorAt(c, src, "type-too-narrow", "bits = 33");
    assertThat(c).hadErrorContaining("declare it as long");
    assertThat(c).hadErrorCount(3);
    nothingWritten(c);
  }

  @Test
  void unsupportedFieldTypes() {
    JavaFileObject src =
        Sources.source(
            "Types",
            "@Continuable(name = \"types\")",
            "public class Types {",
            "  @Opcode(bits = 1) boolean flagOpcode;",
            "  @ContinuationField(bits = 8) String text;",
            "  @ContinuationField(bits = 9) Long boxed;",
            "  @ContinuationField(bits = 10) char letter;",
            "}");
    Compilation c = compile(src);
    errorAt(c, src, "unsupported-type", "boolean flagOpcode");
    errorAt(c, src, "unsupported-type", "String text");
    errorAt(c, src, "unsupported-type", "Long boxed");
    errorAt(c, src, "unsupported-type", "char letter");
    assertThat(c)
        .hadErrorContaining("has type java.lang.String; use long, int, short, byte or boolean");
    assertThat(c)
        .hadErrorContaining(
            "@Opcode field flagOpcode has type boolean; use long, int, short or byte");
    assertThat(c).hadErrorCount(4);
    nothingWritten(c);
  }

  @Test
  void booleanWithBitsOtherThanOne() {
    JavaFileObject src =
        Sources.source(
            "Flag",
            "@Continuable(name = \"flag\")",
            "public class Flag {",
            "  @ContinuationField(",
            "      bits = 2)",
            "  boolean preempted;",
            "}");
    Compilation c = compile(src);
    errorAt(c, src, "boolean-bits", "bits = 2");
    assertThat(c).hadErrorCount(1);
    nothingWritten(c);
  }

  @Test
  void staticOrFinalFieldAnnotated() {
    JavaFileObject src =
        Sources.source(
            "Stat",
            "@Continuable(name = \"stat\")",
            "public class Stat {",
            "  @ContinuationField(bits = 8) static long shared;",
            "  @ContinuationField(bits = 8) final long fixed = 0;",
            "  @Opcode(bits = 4) static final int CMD = 0;",
            "}");
    Compilation c = compile(src);
    errorAt(c, src, "field-static-or-final", "static long shared");
    errorAt(c, src, "field-static-or-final", "final long fixed");
    errorAt(c, src, "field-static-or-final", "static final int CMD");
    assertThat(c).hadErrorContaining("shared is static");
    assertThat(c).hadErrorContaining("fixed is final");
    assertThat(c).hadErrorContaining("CMD is static final");
    assertThat(c).hadErrorCount(3);
    nothingWritten(c);
  }

  // --- opcode and ops ---

  @Test
  void twoOpcodes() {
    JavaFileObject src =
        Sources.source(
            "Two",
            "@Continuable(name = \"two\")",
            "public class Two {",
            "  @Opcode(bits = 4) int cmd;",
            "  @Opcode(bits = 4) int other;",
            "}");
    Compilation c = compile(src);
    errorAt(c, src, "two-opcodes", "int other");
    assertThat(c).hadErrorContaining("other is a second opcode; cmd already selects the op");
    assertThat(c).hadErrorCount(1);
    nothingWritten(c);
  }

  @Test
  void secondOpcodeIsNotReportedAgainAsAnOverlap() {
    JavaFileObject src =
        Sources.source(
            "Two",
            "@Continuable(name = \"two\")",
            "public class Two {",
            "  @Opcode(bits = 4) int cmd;",
            "  @Opcode(bits = 4, shift = 0) int other;",
            "  @Op public static final int A = 1;",
            "}");
    Compilation c = compile(src);
    errorAt(c, src, "two-opcodes", "int other");
    assertThat(c).hadErrorCount(1);
    nothingWritten(c);
  }

  @Test
  void opWithoutOpcode() {
    JavaFileObject src =
        Sources.source(
            "NoCode",
            "@Continuable(name = \"no_code\")",
            "public class NoCode {",
            "  @Op public static final int LONELY = 0;",
            "  @ContinuationField(bits = 8) long a;",
            "}");
    Compilation c = compile(src);
    errorAt(c, src, "op-without-opcode", "int LONELY");
    assertThat(c).hadErrorCount(1);
    nothingWritten(c);
  }

  @Test
  void opOnNonConstantNonStaticOrNonIntegralMember() {
    JavaFileObject src =
        Sources.source(
            "Ops",
            "@Continuable(name = \"ops\")",
            "public class Ops {",
            "  @Opcode(bits = 4) int cmd;",
            "  @Op public static final int COMPUTED = Integer.parseInt(\"1\");",
            "  @Op public final int INSTANCE = 2;",
            "  @Op public static int MUTABLE = 3;",
            "  @Op public static final String TEXT = \"4\";",
            "  @Op public static final char LETTER = 'e';",
            "  @Op public static final int GOOD = 0;",
            "}");
    Compilation c = compile(src);
    errorAt(c, src, "op-not-constant", "COMPUTED");
    assertThat(c)
        .hadErrorContaining(
            "COMPUTED must be a static final byte, short, int or long constant; it is not a compile-time constant");
    errorAt(c, src, "op-not-constant", "INSTANCE");
    assertThat(c).hadErrorContaining("it is not static");
    errorAt(c, src, "op-not-constant", "MUTABLE");
    assertThat(c).hadErrorContaining("it is not final");
    errorAt(c, src, "op-not-constant", "TEXT");
    assertThat(c).hadErrorContaining("it is of type java.lang.String");
    errorAt(c, src, "op-not-constant", "LETTER");
    assertThat(c).hadErrorContaining("it is of type char");
    assertThat(c).hadErrorCount(5);
    nothingWritten(c);
  }

  @Test
  void opCodeThatDoesNotFitTheOpcode() {
    JavaFileObject src =
        Sources.source(
            "Fit",
            "@Continuable(name = \"fit\")",
            "public class Fit {",
            "  @Opcode(bits = 2) int cmd;",
            "  @Op public static final int OK = 3;",
            "  @Op public static final int TOO_BIG = 4;",
            "  @Op public static final int NEGATIVE = -1;",
            "  @Op public static final long HUGE = 1L << 40;",
            "}");
    Compilation c = compile(src);
    errorAt(c, src, "op-code-does-not-fit", "TOO_BIG");
    assertThat(c)
        .hadErrorContaining("op TOO_BIG = 4 does not fit the 2-bit opcode cmd (codes 0..3)");
    errorAt(c, src, "op-code-does-not-fit", "NEGATIVE");
    assertThat(c).hadErrorContaining("op NEGATIVE = -1 does not fit");
    errorAt(c, src, "op-code-does-not-fit", "HUGE");
    assertThat(c).hadErrorCount(3);
    nothingWritten(c);
  }

  @Test
  void opCodesAreNotMeasuredAgainstAnOpcodeWithInvalidBits() {
    JavaFileObject src =
        Sources.source(
            "Fit",
            "@Continuable(name = \"fit\")",
            "public class Fit {",
            "  @Opcode(",
            "      bits = 32)",
            "  int cmd;",
            "  @Op public static final int FIVE = 5;",
            "}");
    Compilation c = compile(src);
    errorAt(c, src, "bits-out-of-range", "bits = 32");
    assertThat(c).hadErrorCount(1);
    nothingWritten(c);
  }

  @Test
  void duplicateOpCode() {
    JavaFileObject src =
        Sources.source(
            "Dup",
            "@Continuable(name = \"dup\")",
            "public class Dup {",
            "  @Opcode(bits = 4) int cmd;",
            "  @Op public static final int FIRST = 1;",
            "  @Op public static final int SECOND = 1;",
            "}");
    Compilation c = compile(src);
    errorAt(c, src, "duplicate-op-code", "SECOND");
    assertThat(c).hadErrorContaining("op SECOND has code 1, like op FIRST");
    assertThat(c).hadErrorCount(1);
    nothingWritten(c);
  }

  @Test
  void continuesNamingAnUnknownField() {
    JavaFileObject src =
        Sources.source(
            "Cont",
            "@Continuable(name = \"cont\")",
            "public class Cont {",
            "  @Op(continues = {",
            "      \"startExtent\",",
            "      \"nope\"})",
            "  public static final int LISTED = 0;",
            "  @Op(",
            "      continues = \"missing\")",
            "  public static final int BARE = 1;",
            "  @Opcode(bits = 4) int cmd;",
            "  @ContinuationField(bits = 8) long startExtent;",
            "}");
    Compilation c = compile(src);
    errorAt(c, src, "continues-unknown", "\"nope\"");
    assertThat(c)
        .hadErrorContaining(
            "op LISTED continues with \"nope\", which is not a continuation field of Cont (fields: [startExtent])");
    errorAt(c, src, "continues-unknown", "continues = \"missing\"");
    assertThat(c).hadErrorCount(2);
    nothingWritten(c);
  }

  @Test
  void continuesNamingTheOpcode() {
    JavaFileObject src =
        Sources.source(
            "Cont",
            "@Continuable(name = \"cont\")",
            "public class Cont {",
            "  @Op(continues = {",
            "      \"a\",",
            "      \"cmd\"})",
            "  public static final int JAVA_NAME = 0;",
            "  @Op(continues = {\"a\",",
            "      \"the_op\"})",
            "  public static final int ABI_NAME = 1;",
            "  @Opcode(bits = 4, name = \"the_op\") int cmd;",
            "  @ContinuationField(bits = 8) long a;",
            "}");
    Compilation c = compile(src);
    errorAt(c, src, "continues-opcode", "\"cmd\"})");
    errorAt(c, src, "continues-opcode", "\"the_op\"})");
    assertThat(c).hadErrorCount(2);
    nothingWritten(c);
  }

  @Test
  void continuesListingAFieldTwice() {
    JavaFileObject src =
        Sources.source(
            "Cont",
            "@Continuable(name = \"cont\")",
            "public class Cont {",
            "  @Op(continues = {\"startExtent\",",
            "      \"start_extent\"})",
            "  public static final int TWICE = 0;",
            "  @Opcode(bits = 4) int cmd;",
            "  @ContinuationField(bits = 8) long startExtent;",
            "}");
    Compilation c = compile(src);
    errorAt(c, src, "continues-twice", "\"start_extent\"})");
    assertThat(c).hadErrorCount(1);
    nothingWritten(c);
  }

  @Test
  void conflictingAnnotationsOnOneField() {
    JavaFileObject src =
        Sources.source(
            "Both",
            "@Continuable(name = \"both\")",
            "public class Both {",
            "  @Opcode(bits = 4)",
            "  @ContinuationField(bits = 4) int cmd;",
            "  @ContinuationField(bits = 8) long a;",
            "}");
    Compilation c = compile(src);
    errorAt(c, src, "conflicting-annotations", "@ContinuationField(bits = 4) int cmd;");
    assertThat(c).hadErrorCount(1);
    nothingWritten(c);
  }

  // --- compat ---

  @Test
  void compatFieldBeyond32BitsNeedsCompatBits() {
    JavaFileObject src =
        Sources.source(
            "Compat",
            "@Continuable(name = \"compat\", compatWidth = 32)",
            "public class Compat {",
            "  @Opcode(bits = 6) int cmd;",
            "  @Op(continues = \"start\") public static final int GO = 0;",
            "  @ContinuationField(",
            "      bits = 58)",
            "  long start;",
            "}");
    Compilation c = compile(src);
    errorAt(c, src, "compat-bits-required", "bits = 58");
    assertThat(c)
        .hadErrorContaining(
            "start takes bits 6..63, beyond the 32-bit compat word; set compatBits (at most 26 here");
    assertThat(c).hadErrorCount(1);
    nothingWritten(c);
  }

  @Test
  void compatBitsLargerThanBits() {
    JavaFileObject src =
        Sources.source(
            "Compat",
            "@Continuable(name = \"compat\", compatWidth = 32)",
            "public class Compat {",
            "  @ContinuationField(bits = 8,",
            "      compatBits = 10)",
            "  long start;",
            "}");
    Compilation c = compile(src);
    errorAt(c, src, "compat-bits-too-large", "compatBits = 10");
    assertThat(c).hadErrorCount(1);
    nothingWritten(c);
  }

  @Test
  void compatBitsBeyondTheCompatWordOrNegative() {
    JavaFileObject src =
        Sources.source(
            "Compat",
            "@Continuable(name = \"compat\", compatWidth = 32)",
            "public class Compat {",
            "  @ContinuationField(bits = 8, compatBits = 8) long a;",
            "  @ContinuationField(bits = 40,",
            "      compatBits = 30)",
            "  long b;",
            "  @ContinuationField(bits = 8,",
            "      compatBits = -2)",
            "  long c;",
            "}");
    Compilation c = compile(src);
    errorAt(c, src, "compat-bits-outside", "compatBits = 30");
    assertThat(c)
        .hadErrorContaining(
            "field b takes bits 8..37, beyond the 32-bit compat word: give it at most 24 bits"
                + " there, or leave it out of compat words");
    errorAt(c, src, "bad-compat-bits", "compatBits = -2");
    assertThat(c).hadErrorCount(2);
    nothingWritten(c);
  }

  @Test
  void compatBitsAreNotJudgedAtAnInvalidPosition() {
    JavaFileObject src =
        Sources.source(
            "Compat",
            "@Continuable(name = \"compat\", compatWidth = 32)",
            "public class Compat {",
            "  @ContinuationField(compatBits = 30,",
            "      bits = 99)",
            "  long a;",
            "  @ContinuationField(bits = 8, compatBits = 8,",
            "      shift = 64)",
            "  long b;",
            "  @ContinuationField(bits = 8, shift = 8,",
            "      compatBits = 9)",
            "  long c;",
            "}");
    Compilation c = compile(src);
    errorAt(c, src, "bits-out-of-range", "bits = 99");
    errorAt(c, src, "bad-shift", "shift = 64");
    errorAt(c, src, "compat-bits-too-large", "compatBits = 9");
    assertThat(c).hadErrorCount(3);
    nothingWritten(c);
  }

  @Test
  void fieldsWhoseGeneratedConstantsWouldCollide() {
    JavaFileObject clash =
        Sources.source(
            "Clash",
            "@Continuable(name = \"clash\", compatWidth = 32)",
            "public class Clash {",
            "  @ContinuationField(bits = 4) int x;",
            "  @ContinuationField(bits = 4) int xCompat;",
            "}");
    Compilation c = compile(clash);
    errorAt(c, clash, "generated-name-clash", "int xCompat;");
    assertThat(c).hadErrorContaining("X_COMPAT_MASK");
    nothingWritten(c);
  }

  @Test
  void defaultNamesAreCheckedToo() {
    JavaFileObject src =
        Sources.source(
            "Odd",
            "@Continuable(name = \"odd\")",
            "public class Odd {",
            "  @ContinuationField(bits = 4) int _pad;",
            "  @ContinuationField(bits = 4) int x$y;",
            "  @ContinuationField(bits = 4,",
            "      name = \"validate\")",
            "  int check;",
            "}");
    Compilation c = compile(src);
    errorAt(c, src, "bad-name", "int _pad;");
    assertThat(c)
        .hadErrorContaining(
            "[bad-name] field name \"_pad\" must be lower_snake_case: a lower-case letter, then"
                + " lower-case letters, digits or single underscores; it is derived from the Java field _pad: set name = \"...\""
                + " to choose one");
    errorAt(c, src, "bad-name", "int x$y;");
    errorAt(c, src, "reserved-c-name", "name = \"validate\")");
    assertThat(c).hadErrorCount(3);
    nothingWritten(c);
  }

  @Test
  void opcodeBeyondTheCompatWord() {
    JavaFileObject src =
        Sources.source(
            "Compat",
            "@Continuable(name = \"compat\", compatWidth = 32)",
            "public class Compat {",
            "  @ContinuationField(bits = 30, compatBits = 30) long a;",
            "  @Opcode(",
            "      bits = 4)",
            "  int cmd;",
            "}");
    Compilation c = compile(src);
    errorAt(c, src, "opcode-beyond-compat", "bits = 4");
    assertThat(c).hadErrorCount(1);
    nothingWritten(c);
  }

  @Test
  void compatBitsWithoutACompatWord() {
    JavaFileObject src =
        Sources.source(
            "Native",
            "@Continuable(name = \"native\")",
            "public class Native {",
            "  @ContinuationField(bits = 8,",
            "      compatBits = 8)",
            "  long start;",
            "}");
    Compilation c = compile(src);
    errorAt(c, src, "compat-bits-without-compat", "compatBits = 8");
    assertThat(c).hadErrorContaining("set compatWidth = 32 on @Continuable");
    assertThat(c).hadErrorCount(1);
    nothingWritten(c);
  }

  // --- the class ---

  @Test
  void compatWidthOtherThanZeroOr32() {
    JavaFileObject src =
        Sources.source(
            "Cw",
            "@Continuable(name = \"cw\",",
            "    compatWidth = 16)",
            "public class Cw {",
            "  @ContinuationField(bits = 8) long a;",
            "}");
    Compilation c = compile(src);
    errorAt(c, src, "bad-compat-width", "compatWidth = 16");
    assertThat(c).hadErrorCount(1);
    nothingWritten(c);
  }

  @Test
  void widthOtherThan32Or64() {
    JavaFileObject src =
        Sources.source(
            "W",
            "@Continuable(name = \"w\",",
            "    width = 48)",
            "public class W {",
            "  @ContinuationField(bits = 8) long a;",
            "}");
    Compilation c = compile(src);
    errorAt(c, src, "bad-width", "width = 48");
    assertThat(c).hadErrorCount(1);
    nothingWritten(c);
  }

  @Test
  void namesThatAreNotLowerSnakeCase() {
    JavaFileObject src =
        Sources.source(
            "Names",
            "@Continuable(",
            "    name = \"MemOp\")",
            "public class Names {",
            "  @Opcode(bits = 4,",
            "      name = \"op-code\")",
            "  int cmd;",
            "  @ContinuationField(bits = 8,",
            "      name = \"start__extent\")",
            "  long a;",
            "  @ContinuationField(bits = 8,",
            "      name = \"_lead\")",
            "  long b;",
            "  @ContinuationField(bits = 8,",
            "      name = \"9lives\")",
            "  long c;",
            "}");
    Compilation c = compile(src);
    errorAt(c, src, "bad-name", "name = \"MemOp\"");
    errorAt(c, src, "bad-name", "name = \"op-code\"");
    errorAt(c, src, "bad-name", "name = \"start__extent\"");
    errorAt(c, src, "bad-name", "name = \"_lead\"");
    errorAt(c, src, "bad-name", "name = \"9lives\"");
    assertThat(c).hadErrorCount(5);
    nothingWritten(c);
  }

  @Test
  void continuableNameUsedByTwoClasses() {
    JavaFileObject first =
        Sources.source(
            "First",
            "@Continuable(",
            "    name = \"same\")",
            "public class First {",
            "  @ContinuationField(bits = 8) long a;",
            "}");
    JavaFileObject second =
        Sources.source(
            "Second",
            "@Continuable(",
            "    name = \"same\")",
            "public class Second {",
            "  @ContinuationField(bits = 8) long a;",
            "}");
    Compilation c = compile(first, second);
    errorAt(c, second, "duplicate-name", "name = \"same\"");
    assertThat(c).hadErrorContaining("continuable name \"same\" is already used by test.First");
    assertThat(c).hadErrorCount(1);
    // The class that took the name first is not at fault: it keeps its codec.
    assertEquals(List.of("/SOURCE_OUTPUT/test/FirstCodec.java"), codecs(c));
    assertFalse(Files.exists(manifest()), "no manifest may be written");
    noCrash(c);
  }

  @Test
  void namesThatWouldClashInTheCodecOrTheHeader() {
    JavaFileObject src =
        Sources.source(
            "Clash",
            "@Continuable(name = \"clash\")",
            "public class Clash {",
            "  @ContinuationField(bits = 8) long encode;",
            "  @ContinuationField(bits = 8) long word;",
            "  @ContinuationField(bits = 8,",
            "      name = \"switch\")",
            "  long c;",
            "}");
    Compilation c = compile(src);
    errorAt(c, src, "reserved-java-name", "long encode;");
    assertThat(c)
        .hadErrorContaining(
            "encode cannot be the Java name of a field: its getter encode(long) would clash");
    errorAt(c, src, "reserved-c-name", "long word;");
    assertThat(c)
        .hadErrorContaining(
            "field word has ABI name \"word\", which is a C keyword or a name the header");
    errorAt(c, src, "reserved-c-name", "name = \"switch\")");
    assertThat(c).hadErrorCount(4); // encode is both a codec method and a C helper's name
    nothingWritten(c);
  }

  /**
   * A soak run (-Dabilock.seed=3229279592080 -Dabilock.soak=true) drew {@code @Opcode long NAME}:
   * encode's parameter NAME hid the codec's constant NAME, and the codec did not compile. Every
   * Java name encode's body refers to is now refused, read from the codec writer that emits them.
   */
  @Test
  void javaNamesThatWouldHideAConstantOrTypeInEncode() {
    JavaFileObject src =
        Sources.source(
            "Shadow",
            "@Continuable(name = \"shadow\", compatWidth = 32)",
            "public class Shadow {",
            "  @Op(continues = \"count\") public static final int SHADOW_go = 1;",
            "  @Opcode(bits = 4) long NAME;",
            "  @ContinuationField(bits = 8) int COUNT_MAX;",
            "  @ContinuationField(bits = 8, name = \"count\") int Integer;",
            "  @ContinuationField(bits = 8) int WIDTH;",
            "}");
    Compilation c = compile(src);
    errorAt(c, src, "reserved-java-name", "long NAME;");
    assertThat(c)
        .hadErrorContaining(
            "NAME cannot be the Java name of a field: as a parameter of the codec's encode it"
                + " would hide NAME");
    errorAt(c, src, "reserved-java-name", "int COUNT_MAX;");
    errorAt(c, src, "reserved-java-name", "int Integer;");
    errorAt(c, src, "reserved-java-name", "int WIDTH;");
    assertThat(c).hadErrorCount(4);
    nothingWritten(c);
  }

  /**
   * A struct's retirements keep the rule a word's keep, on the {@code @Retired} of the struct, a
   * member or a sub-op: before, a bad release or reason went into the manifest, the header's
   * comments and the codec unchecked.
   */
  @Test
  void structRetirementsThatCannotBeRecorded() {
    JavaFileObject src =
        Sources.source(
            "Arg",
            "@AbiStruct(name = \"arg\", compat = Compat.SAME)",
            "@Retired(release = \"4.9\", reason = \"struct ends */ a comment\")",
            "public final class Arg {",
            "  @SubOp(member = \"op\") public static final int ARG_a = 0;",
            "  @Retired(release = \"4.6 beta\", reason = \"gone\")",
            "  @SubOp(member = \"op\") public static final int ARG_b = 1;",
            "  @Member(type = CType.U32) int op;",
            "  @Retired(release = \"4.6\", reason = \"member ends */ a comment\")",
            "  @Member(type = CType.U32) int old;",
            "}");
    Compilation c = compile(src);
    errorAt(c, src, "retired-bad-reason", "struct ends */ a comment");
    errorAt(c, src, "retired-bad-release", "release = \"4.6 beta\"");
    errorAt(c, src, "retired-bad-reason", "member ends */ a comment");
    assertThat(c)
        .hadErrorContaining(
            "sub-op ARG_b is retired in \"4.6 beta\", which is not a release label");
    assertThat(c).hadErrorCount(3);
    nothingWritten(c);
  }

  @Test
  void retirementsThatCannotBeRecorded() {
    JavaFileObject src =
        Sources.source(
            "Retire",
            "@Continuable(name = \"retire\")",
            "public class Retire {",
            "  @Retired(release = \"\", reason = \"moved\")",
            "  @Op public static final int A = 1;",
            "  @Retired(release = \"4.9 beta\", reason = \"moved\")",
            "  @Op public static final int B = 2;",
            "  @Retired(release = \"4.9\", reason = \"ends a C comment */ early\")",
            "  @Op public static final int C = 3;",
            "  @Retired(release = \"4.9\", reason = \"opcode\")",
            "  @Opcode(bits = 4) int cmd;",
            "  @Retired(release = \"4.9\", reason = \"nothing to retire\")",
            "  int helper;",
            "}");
    Compilation c = compile(src);
    errorAt(c, src, "retired-blank", "release = \"\", reason = \"moved\"");
    errorAt(c, src, "retired-bad-release", "release = \"4.9 beta\"");
    errorAt(c, src, "retired-bad-reason", "ends a C comment");
    errorAt(c, src, "retired-opcode", "reason = \"opcode\"");
    assertThat(c).hadErrorContaining("an opcode cannot be retired alone; retire the continuable");
    errorAt(c, src, "retired-not-abi", "nothing to retire");
    assertThat(c).hadErrorCount(5);
    nothingWritten(c);
  }

  @Test
  void aliasesMustBeNewNamesOfTheirOwn() {
    JavaFileObject src =
        Sources.source(
            "Alias",
            "@Continuable(name = \"alias\")",
            "public class Alias {",
            "  @Op(aliases = {\"OLD_A\", \"A\"}) public static final int A = 1;",
            "  @Op(aliases = {\"1bad\"}) public static final int B = 2;",
            "  @Op(aliases = {\"OLD_A\"}) public static final int C = 3;",
            "  @Opcode(bits = 4) int cmd;",
            "}");
    Compilation c = compile(src);
    errorAt(c, src, "bad-alias", "int A = 1;");
    assertThat(c)
        .hadErrorContaining("alias \"A\" of op A must be a Java name, other than the op's own");
    errorAt(c, src, "bad-alias", "int B = 2;");
    errorAt(c, src, "duplicate-op-name", "int C = 3;");
    assertThat(c).hadErrorContaining("op C takes the name OLD_A, already a name of op A");
    assertThat(c).hadErrorCount(3);
    nothingWritten(c);
  }

  @Test
  void duplicateFieldAbiName() {
    JavaFileObject src =
        Sources.source(
            "Fields",
            "@Continuable(name = \"fields\")",
            "public class Fields {",
            "  @ContinuationField(name = \"x\", bits = 8) long a;",
            "  @ContinuationField(bits = 8,",
            "      name = \"x\")",
            "  long b;",
            "  @ContinuationField(bits = 8) long startExtent;",
            "  @ContinuationField(bits = 8,",
            "      name = \"start_extent\")",
            "  long c;",
            "}");
    Compilation c = compile(src);
    errorAt(c, src, "duplicate-field-name", "name = \"x\")");
    assertThat(c)
        .hadErrorContaining(
            "[duplicate-field-name] field b has ABI name \"x\", already the name of field a;"
                + " each field of a continuable needs a name of its own: rename one of them");
    errorAt(c, src, "duplicate-field-name", "name = \"start_extent\")");
    assertThat(c)
        .hadErrorContaining(
            "field c has ABI name \"start_extent\", already the name of field startExtent");
    assertThat(c).hadErrorCount(2);
    nothingWritten(c);
  }

  @Test
  void continuableOnInterfaceEnumAndRecord() {
    JavaFileObject iface =
        Sources.source("Iface", "@Continuable(name = \"iface\")", "public interface Iface {}");
    JavaFileObject enumType =
        Sources.source("Kind", "@Continuable(name = \"kind\")", "public enum Kind { A }");
    JavaFileObject record =
        Sources.source(
            "Rec",
            "@Continuable(name = \"rec\")",
            "public record Rec(@ContinuationField(bits = 8) long a) {}");
    Compilation c = compile(iface, enumType, record);
    errorAt(c, iface, "not-a-class", "@Continuable(name = \"iface\")");
    assertThat(c).hadErrorContaining("@Continuable goes on a class; Iface is an interface");
    errorAt(c, enumType, "not-a-class", "@Continuable(name = \"kind\")");
    assertThat(c).hadErrorContaining("Kind is an enum");
    errorAt(c, record, "not-a-class", "@Continuable(name = \"rec\")");
    assertThat(c).hadErrorContaining("Rec is a record");
    assertThat(c).hadErrorCount(3);
    nothingWritten(c);
  }

  @Test
  void inPlaceFieldsWhoseAlignmentCannotBeHonoured() {
    JavaFileObject src =
        Sources.source(
            "Aligned",
            "@Continuable(name = \"aligned\")",
            "public class Aligned {",
            "  @ContinuationField(shift = 0, bits = 1,",
            "      encoding = Encoding.IN_PLACE) boolean flag;",
            "  @ContinuationField(bits = 7,",
            "      encoding = Encoding.IN_PLACE) long derived;",
            "  @ContinuationField(shift = 8, bits = 10,",
            "      encoding = Encoding.IN_PLACE) short narrow;",
            "}");
    Compilation c = compile(src);
    errorAt(c, src, "in-place-alignment", "boolean flag;");
    assertThat(c).hadErrorContaining("a boolean holds a flag");
    errorAt(c, src, "in-place-alignment", "long derived;");
    assertThat(c).hadErrorContaining("the shift must be written (shift = 1)");
    errorAt(c, src, "in-place-alignment", "short narrow;");
    assertThat(c)
        .hadErrorContaining("up to bit 17, which short (16 bits) cannot hold; declare it as int");
    assertThat(c).hadErrorCount(3);
    nothingWritten(c);
  }

  @Test
  void inPlaceExtentIsNotJudgedWithInvalidBits() {
    JavaFileObject src =
        Sources.source(
            "Aligned",
            "@Continuable(name = \"aligned\")",
            "public class Aligned {",
            "  @ContinuationField(shift = 8, encoding = Encoding.IN_PLACE,",
            "      bits = 70)",
            "  long x;",
            "}");
    Compilation c = compile(src);
    errorAt(c, src, "bits-out-of-range", "bits = 70");
    assertThat(c).hadErrorCount(1);
    nothingWritten(c);
  }

  @Test
  void headerPrefixAndMacrosThatAreNotCIdentifiers() {
    JavaFileObject src =
        Sources.source(
            "Macros",
            "@Continuable(name = \"macros\",",
            "    headerPrefix = \"MEM-OP\")",
            "public class Macros {",
            "  @Opcode(bits = 4,",
            "      macro = \"OP CODE\")",
            "  int cmd;",
            "  @ContinuationField(bits = 8,",
            "      macro = \"9LIVES\")",
            "  long a;",
            "}");
    Compilation c = compile(src);
    errorAt(c, src, "bad-c-identifier", "headerPrefix = \"MEM-OP\"");
    errorAt(c, src, "bad-c-identifier", "macro = \"OP CODE\"");
    errorAt(c, src, "bad-c-identifier", "macro = \"9LIVES\"");
    assertThat(c).hadErrorCount(3);
    nothingWritten(c);
  }

  // --- all at once, and nothing written ---

  @Test
  void fiveMistakesInOneClassAreAllReportedInOneCompile() {
    JavaFileObject src =
        Sources.source(
            "Five",
            "@Continuable(",
            "    name = \"Five\",",
            "    headerPrefix = \"5IVE\")",
            "public class Five {",
            "  @Op public static final int LONELY = 0;",
            "  @ContinuationField(",
            "      bits = 0)",
            "  long empty;",
            "  @ContinuationField(bits = 8) String text;",
            "}");
    Compilation c = compile(src);
    errorAt(c, src, "bad-name", "name = \"Five\"");
    errorAt(c, src, "bad-c-identifier", "headerPrefix = \"5IVE\"");
    errorAt(c, src, "op-without-opcode", "int LONELY");
    errorAt(c, src, "bits-out-of-range", "bits = 0");
    errorAt(c, src, "unsupported-type", "String text");
    assertThat(c).hadErrorCount(5);
    nothingWritten(c);
  }

  @Test
  void declarationErrorWritesNoCodecAndNoManifest() {
    JavaFileObject src =
        Sources.source(
            "Broken",
            "@Continuable(name = \"broken\")",
            "public class Broken {",
            "  @ContinuationField(",
            "      bits = 65)",
            "  long a;",
            "}");
    Compilation c = compile(src);
    errorAt(c, src, "bits-out-of-range", "bits = 65");
    nothingWritten(c);
  }

  @Test
  void declarationErrorLeavesAnExistingManifestUntouched() throws Exception {
    JavaFileObject valid =
        Sources.source(
            "Mmu",
            "@Continuable(name = \"mmu\", width = 32)",
            "public class Mmu {",
            "  @ContinuationField(bits = 31) int count;",
            "  @ContinuationField(bits = 1) boolean preempted;",
            "}");
    assertThat(compile(valid)).succeeded();
    byte[] before = Files.readAllBytes(manifest());

    JavaFileObject broken =
        Sources.source(
            "Mmu",
            "@Continuable(name = \"mmu\", width = 32)",
            "public class Mmu {",
            "  @ContinuationField(bits = 31) int count;",
            "  @ContinuationField(",
            "      bits = 0)",
            "  boolean preempted;",
            "}");
    Compilation c = compile(broken);
    errorAt(c, broken, "bits-out-of-range", "bits = 0");
    assertThat(c).hadErrorCount(1);
    assertEquals(List.of(), codecs(c));
    noCrash(c);
    assertArrayEquals(before, Files.readAllBytes(manifest()), "the manifest must not change");
  }

  /**
   * No cascade: a handler with a declaration error gets no codec, and every other handler still
   * gets its own (as AutoValue drops only the failing class), so that their codec references
   * resolve while the user fixes the one mistake. The manifest records every layout at once, so it,
   * the headers and the docs wait until no error stands.
   */
  @Test
  void anInvalidClassLeavesTheOthersTheirCodecsButWritesNoManifestHeaderOrDocs() throws Exception {
    JavaFileObject valid =
        Sources.source(
            "Good",
            "@Continuable(name = \"good\")",
            "public class Good {",
            "  @ContinuationField(bits = 8) long a;",
            "}");
    // Sorted before and after the valid class: the order in which classes are read does not matter.
    for (String name : List.of("Bad", "Worse")) {
      JavaFileObject invalid =
          Sources.source(
              name,
              "@Continuable(name = \"" + name.toLowerCase(Locale.ROOT) + "\")",
              "public class " + name + " {",
              "  @ContinuationField(",
              "      bits = 9)",
              "  byte a;",
              "}");
      Path headers = Files.createDirectories(dir.resolve(name + "-include"));
      Path docs = Files.createDirectories(dir.resolve(name + "-docs"));
      Compilation c =
          Sources.compile(
              List.of(
                  "abilock.manifest=" + manifest(),
                  "abilock.mode=update",
                  "abilock.headers=" + headers,
                  "abilock.docs=" + docs),
              valid,
              invalid);

      errorAt(c, invalid, "type-too-narrow", "bits = 9");
      assertThat(c).hadErrorCount(1);
      noCrash(c);
      assertEquals(List.of("/SOURCE_OUTPUT/test/GoodCodec.java"), codecs(c));
      assertFalse(Files.exists(manifest()), "no manifest while an error stands");
      assertEquals(
          List.of(),
          Sources.generatedFilesEvenIfFailed(c).stream()
              .map(JavaFileObject::getName)
              .filter(n -> n.contains("/abilock/"))
              .toList(),
          "no header or docs under CLASS_OUTPUT");
      try (var written = Files.list(headers);
          var writtenDocs = Files.list(docs)) {
        assertEquals(
            0,
            written.count() + writtenDocs.count(),
            "no header or docs in the configured folders");
      }

      // The codec written is the one a clean compile writes: it compiles, loads and works.
      JavaFileObject codec =
          Sources.generatedFilesEvenIfFailed(c).stream()
              .filter(f -> f.getName().endsWith("GoodCodec.java"))
              .findFirst()
              .orElseThrow();
      Compilation alone = Compiler.javac().withOptions("-proc:none").compile(valid, codec);
      assertThat(alone).succeeded();
      Class<?> loaded = new LoadedCodec.MemoryLoader(alone).loadClass("test.GoodCodec");
      assertEquals(0xabL, loaded.getMethod("encode", long.class).invoke(null, 0xabL));
      var refused =
          assertThrows(
              InvocationTargetException.class,
              () -> loaded.getMethod("validate", long.class).invoke(null, 0x100L));
      assertTrue(refused.getCause() instanceof AbiViolationException, refused.getCause()::toString);
    }
  }

  // --- javac's own errors: no crash, no noise ---

  @Test
  void missingRequiredAttributeGivesJavacsErrorWithoutCrash() {
    JavaFileObject src =
        Sources.source(
            "Missing",
            "@Continuable(name = \"missing\")",
            "public class Missing {",
            "  @Opcode(bits = 4) int cmd;",
            "  @ContinuationField int x;",
            "}");
    Compilation c = compile(src);
    assertThat(c)
        .hadErrorContaining("bits")
        .inFile(src)
        .onLineContaining("@ContinuationField int x;");
    nothingWritten(c);
  }

  @Test
  void missingRequiredAttributeOnTheClassGivesJavacsErrorWithoutCrash() {
    JavaFileObject src =
        Sources.source(
            "Missing",
            "@Continuable",
            "public class Missing {",
            "  @ContinuationField(bits = 8) long x;",
            "}");
    Compilation c = compile(src);
    assertThat(c).hadErrorContaining("name").inFile(src).onLineContaining("@Continuable");
    nothingWritten(c);
  }

  /** javac runs processors despite errors in annotations (Error Prone's recommended setting). */
  private Compilation compileDespiteErrors(JavaFileObject... files) {
    return Sources.compileWithJavacOptions(
        List.of("--should-stop=ifError=FLOW"), manifest(), "update", files);
  }

  @Test
  void missingRequiredAttributesWhenJavacStillRunsTheProcessor() {
    JavaFileObject field =
        Sources.source(
            "Missing",
            "@Continuable(name = \"missing\")",
            "public class Missing {",
            "  @Opcode(bits = 4) int cmd;",
            "  @ContinuationField int x;",
            "}");
    JavaFileObject cls =
        Sources.source(
            "Nameless",
            "@Continuable",
            "public class Nameless {",
            "  @ContinuationField(bits = 8) long x;",
            "}");
    Compilation c = compileDespiteErrors(field, cls);
    assertThat(c)
        .hadErrorContaining("missing a default value for the element 'bits'")
        .inFile(field)
        .onLineContaining("@ContinuationField int x;");
    errorAt(c, field, "unreadable-attribute", "@ContinuationField int x;");
    assertThat(c)
        .hadErrorContaining(
            "@ContinuationField on x has no usable value for bits (it is required and not written)");
    assertThat(c)
        .hadErrorContaining("missing a default value for the element 'name'")
        .inFile(cls)
        .onLineContaining("@Continuable");
    errorAt(c, cls, "unreadable-attribute", "@Continuable");
    assertThat(c).hadErrorCount(4);
    nothingWritten(c);
  }

  @Test
  void erroneousAttributeValuesWhenJavacStillRunsTheProcessor() {
    JavaFileObject bits =
        Sources.source(
            "Bits",
            "@Continuable(name = \"bits\")",
            "public class Bits {",
            "  @ContinuationField(",
            "      bits = \"eight\")",
            "  long x;",
            "}");
    JavaFileObject name =
        Sources.source(
            "Name",
            "@Continuable(",
            "    name = 5)",
            "public class Name {",
            "  @ContinuationField(bits = 8) long x;",
            "}");
    JavaFileObject encoding =
        Sources.source(
            "Enc",
            "@Continuable(name = \"enc\")",
            "public class Enc {",
            "  @ContinuationField(bits = 8,",
            "      encoding = NoSuchEncoding.X)",
            "  long y;",
            "}");
    JavaFileObject continues =
        Sources.source(
            "Cont",
            "@Continuable(name = \"cont\")",
            "public class Cont {",
            "  @Opcode(bits = 4) int cmd;",
            "  @ContinuationField(bits = 8) long x;",
            "  @Op(continues = {\"x\",",
            "      NoSuchClass.NOPE})",
            "  public static final int A = 0;",
            "}");
    Compilation c = compileDespiteErrors(bits, name, encoding, continues);
    assertThat(c)
        .hadErrorContaining("incompatible types")
        .inFile(bits)
        .onLineContaining("bits = \"eight\"");
    errorAt(c, bits, "unreadable-attribute", "bits = \"eight\"");
    assertThat(c)
        .hadErrorContaining("incompatible types")
        .inFile(name)
        .onLineContaining("name = 5");
    errorAt(c, name, "unreadable-attribute", "name = 5");
    assertThat(c)
        .hadErrorContaining("cannot find symbol")
        .inFile(encoding)
        .onLineContaining("NoSuchEncoding.X");
    errorAt(c, encoding, "unreadable-attribute", "NoSuchEncoding.X");
    assertThat(c)
        .hadErrorContaining("cannot find symbol")
        .inFile(continues)
        .onLineContaining("NoSuchClass.NOPE");
    assertThat(c)
        .hadErrorContaining("[unreadable-attribute] @Op on A has no usable value for continues")
        .inFile(continues)
        .onLineContaining("@Op(continues = {");
    nothingWritten(c);
  }

  @Test
  void unresolvableFieldTypeGivesJavacsErrorWithoutCrash() {
    JavaFileObject src =
        Sources.source(
            "Unknown",
            "@Continuable(name = \"unknown\")",
            "public class Unknown {",
            "  @ContinuationField(bits = 8) NoSuchType x;",
            "}");
    Compilation c = compile(src);
    assertThat(c)
        .hadErrorContaining("cannot find symbol")
        .inFile(src)
        .onLineContaining("NoSuchType x;");
    // Whatever NoSuchType would be, it is not a primitive: abilock says so on the same line.
    errorAt(c, src, "unsupported-type", "NoSuchType x;");
    assertThat(c).hadErrorCount(2);
    nothingWritten(c);
  }

  @Test
  void wrongAttributeTypeGivesJavacsErrorWithoutCrash() {
    JavaFileObject src =
        Sources.source(
            "Typed",
            "@Continuable(name = \"typed\")",
            "public class Typed {",
            "  @ContinuationField(bits = \"eight\") long x;",
            "  @ContinuationField(bits = 8, encoding = NoSuchEncoding.X) long y;",
            "}");
    Compilation c = compile(src);
    assertThat(c)
        .hadErrorContaining("incompatible types")
        .inFile(src)
        .onLineContaining("bits = \"eight\"");
    assertThat(c)
        .hadErrorContaining("cannot find symbol")
        .inFile(src)
        .onLineContaining("NoSuchEncoding");
    nothingWritten(c);
  }
}
