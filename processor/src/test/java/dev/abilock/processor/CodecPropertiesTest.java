package dev.abilock.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import dev.abilock.Encoding;
import dev.abilock.core.generate.Budget;
import dev.abilock.core.generate.Evolution;
import dev.abilock.core.generate.LayoutSpec;
import dev.abilock.core.manifest.Manifest;
import dev.abilock.core.model.Bits;
import dev.abilock.core.model.Field;
import dev.abilock.core.model.Layout;
import dev.abilock.core.model.Op;
import dev.abilock.core.model.Reading;
import dev.abilock.processor.model.Binding;
import dev.abilock.processor.model.Declared;
import dev.abilock.processor.model.FieldType;
import dev.abilock.processor.write.CodecShape;
import dev.abilock.runtime.AbiViolationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Properties of generated codecs over random layouts, generated as sources, compiled with the
 * processor in batches (one compile, many classes), loaded from memory and driven reflectively:
 *
 * <ul>
 *   <li>the processor reads each source as the layout it was generated from (the manifest it writes
 *       equals the one the model calls for);
 *   <li>{@code encode} then {@code validate}, the getters and {@code decode} give back the inputs;
 *   <li>{@code encode} of arbitrary arguments returns exactly the model's word, or refuses with an
 *       {@link AbiViolationException} of a kind the model expects; it never truncates;
 *   <li>every word, valid or not, is accepted by {@code validate} exactly when the model ({@link
 *       Layout#read}) accepts it, with the same op and field values, and then {@code
 *       encode(decode(word)) == word}; else it is refused with an {@link AbiViolationException},
 *       never any other exception;
 *   <li>the same for the compat word.
 * </ul>
 */
class CodecPropertiesTest {
  private static final String PKG = "gen";

  @TempDir Path dir;

  @Test
  void randomLayoutsCompileToCodecsThatAgreeWithTheModelOnEveryWord() throws Exception {
    long seed = Budget.seed("codec-properties");
    int batches = Budget.cases(2, 12);
    int layoutsPerBatch = Budget.cases(24, 60);
    int wordsPerLayout = Budget.cases(120, 1200);
    long start = System.nanoTime();
    long cases = 0;
    int layouts = 0;
    for (int b = 0; b < batches; b++) {
      long batchSeed = seed + 0x9E3779B97F4A7C15L * b;
      SplittableRandom r = new SplittableRandom(batchSeed);
      List<LayoutSpec> specs = new ArrayList<>();
      for (int i = 0; i < layoutsPerBatch; i++) {
        specs.add(JavaSource.random(r, "l" + b + "_" + i, "L" + b + "x" + i));
      }
      Path manifest = dir.resolve("batch" + b + ".manifest");
      cases +=
          exerciseAll(
              compileBatch(specs, manifest, batchSeed), specs, r, wordsPerLayout, batchSeed);
      layouts += specs.size();
    }
    assertTrue(cases >= (long) layouts * wordsPerLayout);
    Budget.report("CodecPropertiesTest (" + layouts + " compiled layouts)", cases, start);
  }

  /**
   * The same properties after retirements: random layouts are published, then some of their ops,
   * continuation fields or whole continuables retired, and the codecs compiled from the retired
   * sources must refuse exactly the words the model reads as retired, with {@code RETIRED}, while
   * reading every other word as before. Words are drawn from the layouts before retirement too, so
   * that words of retired ops and words carrying retired fields are common.
   */
  @Test
  void retiredLayoutsCompileToCodecsThatRefuseRetiredWordsAsTheModelDoes() throws Exception {
    long seed = Budget.seed("codec-retirements");
    int batches = Budget.cases(1, 8);
    int layoutsPerBatch = Budget.cases(24, 60);
    int wordsPerLayout = Budget.cases(120, 1200);
    long start = System.nanoTime();
    long cases = 0;
    int retiredLayouts = 0;
    for (int b = 0; b < batches; b++) {
      long batchSeed = seed + 0x9E3779B97F4A7C15L * b;
      SplittableRandom r = new SplittableRandom(batchSeed);
      List<LayoutSpec> retired = new ArrayList<>();
      Compilation c =
          publishAndRetire(
              r, "r" + b + "_", layoutsPerBatch, dir.resolve("retired" + b + ".manifest"), retired);
      retiredLayouts += (int) retired.stream().filter(CodecPropertiesTest::retiresAnything).count();
      cases += exerciseAll(c, retired, r, wordsPerLayout, batchSeed);
    }
    assertTrue(
        retiredLayouts >= batches * layoutsPerBatch / 2,
        retiredLayouts + " layouts retired anything");
    Budget.report(
        "CodecPropertiesTest (" + retiredLayouts + " layouts with retirements)", cases, start);
  }

  /**
   * The same properties on layouts whose ops carry nothing but their code, which {@link
   * CodecShape#WHOLE_WORD} validates by comparing the whole word with the op codes: random layouts
   * are rarely drawn so, and the model says which word is which as for any other.
   */
  @Test
  void layoutsWhoseOpsCarryNothingCompileToCodecsThatAgreeWithTheModel() throws Exception {
    long seed = Budget.seed("codec-whole-word");
    int layouts = Budget.cases(16, 120);
    int wordsPerLayout = Budget.cases(120, 1200);
    long start = System.nanoTime();
    SplittableRandom r = new SplittableRandom(seed);
    List<LayoutSpec> specs = wholeWord(r, "w", layouts);
    long cases =
        exerciseAll(
            compileBatch(specs, dir.resolve("whole.manifest"), seed),
            specs,
            r,
            wordsPerLayout,
            seed);
    Budget.report("CodecPropertiesTest (" + layouts + " whole-word layouts)", cases, start);
  }

  /**
   * {@code count} random layouts with an opcode and ops that continue with nothing: the codecs of
   * {@link CodecShape#WHOLE_WORD}, with the opcode anywhere in the word, compat word or not.
   */
  static List<LayoutSpec> wholeWord(SplittableRandom r, String prefix, int count) {
    List<LayoutSpec> specs = new ArrayList<>();
    for (int attempt = 0; specs.size() < count; attempt++) {
      assertTrue(attempt < 100 * count, "too few whole-word layouts drawn: " + specs.size());
      int i = specs.size();
      LayoutSpec s = JavaSource.random(r, prefix + i, prefix.toUpperCase(Locale.ROOT) + "x" + i);
      s.ops.forEach(o -> o.continues.clear());
      if (s.problems(JavaSource.RULES).isEmpty()
          && CodecShape.of(s.layout(PKG)) == CodecShape.WHOLE_WORD) {
        specs.add(s);
      }
    }
    return specs;
  }

  /**
   * Runs every property on the codec of each of {@code specs}, compiled by {@code c}; returns the
   * number of cases.
   */
  private static long exerciseAll(
      Compilation c, List<LayoutSpec> specs, SplittableRandom r, int words, long batchSeed)
      throws ReflectiveOperationException {
    LoadedCodec.MemoryLoader loader = new LoadedCodec.MemoryLoader(c);
    long cases = 0;
    for (LayoutSpec spec : specs) {
      LoadedCodec codec = new LoadedCodec(loader, PKG, spec);
      try {
        cases += exercise(codec, r, words);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(
            "codec of a random layout disagrees (batch seed "
                + batchSeed
                + ", "
                + Budget.replay()
                + "):\n"
                + e.getMessage()
                + "\n--- source:\n"
                + JavaSource.source(spec, PKG),
            e);
      }
    }
    return cases;
  }

  /**
   * Publishes {@code count} random layouts in release 1.0, retires things in most of them, and
   * compiles the retired sources against that manifest; {@code retired} gets their specs.
   */
  static Compilation publishAndRetire(
      SplittableRandom r, String prefix, int count, Path manifest, List<LayoutSpec> retired) {
    List<LayoutSpec> published = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      published.add(JavaSource.random(r, prefix + i, prefix.toUpperCase(Locale.ROOT) + "x" + i));
    }
    assertThat(
            Sources.compile(
                List.of(
                    "abilock.manifest=" + Sources.emptyManifest(manifest),
                    "abilock.mode=update",
                    "abilock.release=1.0"),
                published.stream()
                    .map(s -> JavaSource.file(s, PKG))
                    .toArray(JavaFileObject[]::new)))
        .succeeded();
    published.forEach(s -> retired.add(retire(r, s)));
    Compilation c =
        Sources.compile(
            manifest,
            "update",
            retired.stream().map(s -> JavaSource.file(s, PKG)).toArray(JavaFileObject[]::new));
    assertThat(c).succeeded();
    return c;
  }

  static boolean retiresAnything(LayoutSpec s) {
    Layout layout = JavaSource.model(s, PKG).layout();
    return !layout.equals(layout.withoutRetirements());
  }

  /**
   * {@code spec} with one to three of its ops, continuation fields or itself retired, where that is
   * valid.
   */
  private static LayoutSpec retire(SplittableRandom r, LayoutSpec spec) {
    Evolution.Kind[] kinds = {
      Evolution.Kind.RETIRE_OP,
      Evolution.Kind.RETIRE_OP,
      Evolution.Kind.RETIRE_FIELD,
      Evolution.Kind.RETIRE_FIELD,
      Evolution.Kind.RETIRE_CONTINUABLE
    };
    for (int attempt = 0; attempt < 20; attempt++) {
      LayoutSpec s = spec.copy();
      int edits = 1 + r.nextInt(3);
      boolean applied = false;
      for (int i = 0; i < edits; i++) {
        // A whole continuable retired is drawn rarely: every word of it is refused alike.
        Evolution.Kind k = kinds[r.nextInt(kinds.length)];
        if (k == Evolution.Kind.RETIRE_CONTINUABLE && r.nextInt(4) != 0) {
          continue;
        }
        applied |= Evolution.apply(r, s, k);
      }
      if (applied && s.problems(JavaSource.RULES).isEmpty()) {
        return s;
      }
    }
    return spec.copy();
  }

  /**
   * Compiles {@code specs} in one compile, which must succeed and write the manifest the models
   * call for.
   */
  static Compilation compileBatch(List<LayoutSpec> specs, Path manifest, long batchSeed)
      throws Exception {
    JavaFileObject[] files =
        specs.stream().map(s -> JavaSource.file(s, PKG)).toArray(JavaFileObject[]::new);
    Compilation c = Sources.compile(Sources.emptyManifest(manifest), "update", files);
    if (c.status() != Compilation.Status.SUCCESS) {
      String errors =
          c.errors().stream()
              .map(
                  d ->
                      d.getSource() == null
                          ? d.getMessage(Locale.ROOT)
                          : d.getSource().getName()
                              + ":"
                              + d.getLineNumber()
                              + ": "
                              + d.getMessage(Locale.ROOT))
              .collect(Collectors.joining("\n"));
      String sources =
          specs.stream().map(s -> JavaSource.source(s, PKG)).collect(Collectors.joining("\n"));
      fail(
          "a batch of layouts the generator calls valid did not compile (batch seed "
              + batchSeed
              + "):\n"
              + errors
              + "\n--- sources:\n"
              + sources);
    }
    for (Diagnostic<?> d : c.diagnostics()) {
      assertTrue(d.getKind() == Diagnostic.Kind.NOTE, d.toString());
    }
    List<Declared> models = specs.stream().map(s -> JavaSource.model(s, PKG)).toList();
    assertEquals(
        Manifest.of(models.stream().map(Declared::layout).toList(), Manifest.empty(), null)
            .render(),
        Files.readString(manifest),
        "the processor read the sources as other layouts than they were generated from (batch seed "
            + batchSeed
            + ")");
    return c;
  }

  /** Runs every property on one codec; returns the number of cases. */
  static long exercise(LoadedCodec codec, SplittableRandom r, int words) {
    long cases = 0;
    boolean compat = codec.model.layout().hasCompat();
    for (int i = 0; i < words; i++) {
      roundTrip(codec, r, false);
      encodeArbitrary(codec, r, false);
      checkWord(codec, randomWord(r, codec.model.layout(), false));
      cases += 3;
      if (compat) {
        roundTrip(codec, r, true);
        encodeArbitrary(codec, r, true);
        checkCompatWord(codec, (int) randomWord(r, codec.model.layout(), true));
        cases += 3;
      }
    }
    return cases;
  }

  // ---------------------------------------------------------------- counterexamples, now
  // regressions

  /**
   * Found while probing edge cases for the fuzzer: a layout without fields generated {@code word &
   * ~()}, an opcode without ops a switch expression without a result; neither compiled.
   */
  @Test
  void aLayoutWithoutFieldsAndAnOpcodeWithoutOpsCompileToCodecsThatRefuseWhatTheyMust()
      throws Exception {
    JavaFileObject empty =
        Sources.source(
            "Empty", "@Continuable(name = \"empty\", compatWidth = 32)", "public class Empty {}");
    JavaFileObject noOps =
        Sources.source(
            "NoOps",
            "@Continuable(name = \"no_ops\", width = 32, compatWidth = 32)",
            "public class NoOps {",
            "  @Opcode(bits = 4) int cmd;",
            "  @ContinuationField(bits = 8) int count;",
            "}");
    Compilation c =
        Sources.compile(
            List.of(
                "abilock.manifest=" + dir.resolve("m"),
                "abilock.mode=update",
                "abilock.headers=" + dir.resolve("include")),
            empty,
            noOps);
    assertThat(c).succeededWithoutWarnings();
    LoadedCodec.MemoryLoader loader = new LoadedCodec.MemoryLoader(c);
    Class<?> e = loader.loadClass("test.EmptyCodec");
    assertEquals(0L, e.getMethod("encode").invoke(null));
    assertEquals(0L, e.getMethod("validate", long.class).invoke(null, 0L));
    assertEquals(0, e.getMethod("encodeCompat").invoke(null));
    assertRefused(
        () -> e.getMethod("validate", long.class).invoke(null, 1L),
        AbiViolationException.Kind.STRAY_BITS);
    assertRefused(
        () -> e.getMethod("validateCompat", int.class).invoke(null, -1),
        AbiViolationException.Kind.STRAY_BITS);
    Class<?> n = loader.loadClass("test.NoOpsCodec");
    for (long word : new long[] {0, 1, 0x10, -1}) {
      assertRefused(
          () -> n.getMethod("validate", long.class).invoke(null, word),
          AbiViolationException.Kind.UNKNOWN_OP);
      assertRefused(
          () -> n.getMethod("decode", long.class).invoke(null, word),
          AbiViolationException.Kind.UNKNOWN_OP);
    }
    assertRefused(
        () -> n.getMethod("encode", int.class, int.class).invoke(null, 0, 0),
        AbiViolationException.Kind.UNKNOWN_OP);
    // The C headers hold no empty expression either.
    String header = Files.readString(dir.resolve("include").resolve("empty.h"));
    assertTrue(
        header.contains("    return word != 0 ? ABILOCK_E_STRAY_BITS : ABILOCK_OK;\n"), header);
    assertTrue(header.contains("static inline int empty_encode(uint64_t *word)"), header);
    assertTrue(header.contains("    *word = 0;\n"), header);
  }

  /** Found by the property above on its first run: decode switched on the getter's signed byte. */
  @Test
  void aByteOrShortOpcodeThatFillsItsTypeDecodesCodesThatAreNegativeInJava() throws Exception {
    JavaFileObject src =
        Sources.source(
            "Full",
            "@Continuable(name = \"full\", compatWidth = 32)",
            "public class Full {",
            "  @Op(continues = \"count\") static final int TOP = 255;",
            "  @Op static final int LOW = 1;",
            "  @Opcode(bits = 8) byte cmd;",
            "  @ContinuationField(bits = 8) int count;",
            "}");
    JavaFileObject wide =
        Sources.source(
            "Wide",
            "@Continuable(name = \"wide\")",
            "public class Wide {",
            "  @Op static final int HIGH = 40000;",
            "  @Opcode(bits = 16) short cmd;",
            "}");
    Compilation c = Sources.compile(dir.resolve("m"), "update", src, wide);
    assertThat(c).succeeded();
    LoadedCodec.MemoryLoader loader = new LoadedCodec.MemoryLoader(c);
    Class<?> full = loader.loadClass("test.FullCodec");
    long word = (long) full.getMethod("encode", byte.class, int.class).invoke(null, (byte) 255, 7);
    assertEquals(0x7ffL, word);
    // decode switched on the getter's byte, (int) (byte) 0xff == -1, and threw
    // IllegalStateException.
    Object state = full.getMethod("decode", long.class).invoke(null, word);
    assertEquals("State[cmd=-1, count=7]", state.toString());
    Object compat = full.getMethod("decodeCompat", int.class).invoke(null, (int) word);
    assertEquals(state, compat);
    Class<?> w = loader.loadClass("test.WideCodec");
    assertEquals(
        "State[cmd=-25536]", w.getMethod("decode", long.class).invoke(null, 40000L).toString());
  }

  private interface Call {
    Object call() throws Exception;
  }

  private static void assertRefused(Call call, AbiViolationException.Kind kind) {
    try {
      Object result = call.call();
      fail("accepted: " + result);
    } catch (java.lang.reflect.InvocationTargetException e) {
      if (!(e.getCause() instanceof AbiViolationException a)) {
        throw new AssertionError("escaped: " + e.getCause(), e.getCause());
      }
      assertEquals(kind, a.kind(), a.getMessage());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  // ---------------------------------------------------------------- properties

  /** encode -> validate -> getters and decode give the inputs back. */
  static void roundTrip(LoadedCodec codec, SplittableRandom r, boolean compat) {
    Declared m = codec.model;
    Op op = randomOp(r, m);
    if (m.opcode().isPresent() && op == null) {
      return; // an opcode without ops: no word is valid
    }
    long[] values = new long[codec.params.size()];
    List<Binding> used = m.usedBy(op);
    for (int i = 0; i < values.length; i++) {
      Binding f = field(m, codec.params.get(i));
      values[i] =
          f.opcode() ? op.code() : used.contains(f) ? fittingValue(r, f.field(), compat) : 0;
    }
    String what = "encode" + (compat ? "Compat" : "") + "(" + show(values) + ")";
    long word;
    try {
      word = compat ? Integer.toUnsignedLong(codec.encodeCompat(values)) : codec.encode(values);
    } catch (AbiViolationException e) {
      if (m.layout().isRetired() || op != null && op.isRetired()) {
        assertEquals(AbiViolationException.Kind.RETIRED, e.kind(), what + ": " + e.getMessage());
        return;
      }
      throw new AssertionError(what + " of fitting values refused: " + e.getMessage(), e);
    }
    assertTrue(
        !m.layout().isRetired() && (op == null || !op.isRetired()),
        what + " encoded a retired word");
    long expected = 0;
    for (int i = 0; i < values.length; i++) {
      expected |= field(m, codec.params.get(i)).field().place(values[i]);
    }
    assertEquals(expected, word, what);
    long[] decoded;
    if (compat) {
      assertEquals((int) word, codec.validateCompat((int) word), what);
      decoded = codec.decodeCompat((int) word);
    } else {
      assertEquals(word, codec.validate(word), what);
      decoded = codec.decode(word);
    }
    assertEquals(show(values), show(decoded), "decode of " + what);
    for (int i = 0; i < values.length; i++) {
      Binding f = field(m, codec.params.get(i));
      if (used.contains(f)) {
        assertEquals(
            values[i], codec.get(f.name(), word), "getter " + f.javaName() + " after " + what);
      }
    }
    Reading reading = m.layout().read(word, compat);
    assertTrue(
        reading instanceof Reading.Accepted,
        what + ": the model refuses " + Bits.hex(word) + ": " + reading.describe());
  }

  /**
   * encode of arguments that may not fit, may carry a field the op does not continue with, or an
   * unknown op: exactly the model's word, or the refusal the model expects. Never truncates.
   */
  static void encodeArbitrary(LoadedCodec codec, SplittableRandom r, boolean compat) {
    Declared m = codec.model;
    Op op = randomOp(r, m);
    List<Binding> used = m.usedBy(op);
    long[] values = new long[codec.params.size()];
    for (int i = 0; i < values.length; i++) {
      Binding f = field(m, codec.params.get(i));
      if (f.opcode()) {
        values[i] =
            op != null && r.nextInt(4) != 0
                ? op.code()
                : r.nextBoolean()
                    ? r.nextLong() & Bits.mask(0, f.type().bits())
                    : r.nextLong(f.max() + 2) & Bits.mask(0, f.type().bits());
      } else {
        values[i] = arbitraryValue(r, f, compat, used.contains(f) || r.nextInt(8) == 0);
      }
    }
    Set<AbiViolationException.Kind> expected = EnumSet.noneOf(AbiViolationException.Kind.class);
    long word = 0;
    for (int i = 0; i < values.length; i++) {
      Binding f = field(m, codec.params.get(i));
      long max = compat ? f.compatMax() : f.max();
      if ((values[i] & ~max) != 0) {
        expected.add(AbiViolationException.Kind.DOES_NOT_FIT);
      }
      word |= f.field().place(values[i]);
    }
    if (m.opcode().isPresent()) {
      Binding oc = m.opcode().get();
      long code = values[codec.params.indexOf(codec.spec.opcode().get())];
      Op found = m.layout().opWithCode(code).orElse(null);
      if (found == null) {
        expected.add(AbiViolationException.Kind.UNKNOWN_OP);
      } else if (found.isRetired()) {
        expected.add(AbiViolationException.Kind.RETIRED);
      } else {
        for (int i = 0; i < values.length; i++) {
          Binding f = field(m, codec.params.get(i));
          if (!f.opcode() && !found.continues().contains(f.name()) && values[i] != 0) {
            expected.add(AbiViolationException.Kind.NOT_CONTINUED);
          }
        }
      }
      assertTrue(oc.opcode());
    }
    if (m.layout().isRetired()) {
      expected = EnumSet.of(AbiViolationException.Kind.RETIRED); // refused before any other check
    }
    String what = "encode" + (compat ? "Compat" : "") + "(" + show(values) + ")";
    long got;
    try {
      got = compat ? Integer.toUnsignedLong(codec.encodeCompat(values)) : codec.encode(values);
    } catch (AbiViolationException e) {
      assertTrue(
          expected.contains(e.kind()),
          what
              + " refused as "
              + e.kind()
              + " ("
              + e.getMessage()
              + "), the model expects "
              + (expected.isEmpty() ? "the word " + Bits.hex(word) : expected));
      assertEquals(m.name(), e.continuable());
      return;
    }
    assertTrue(
        expected.isEmpty(),
        what + " returned " + Bits.hex(got) + ", the model expects a refusal: " + expected);
    assertEquals(word, got, what);
  }

  /**
   * validate and decode agree with the model on {@code word}; an accepted word re-encodes to
   * itself.
   */
  static void checkWord(LoadedCodec codec, long word) {
    Reading expected = codec.model.layout().read(word, false);
    String what = "validate(" + Bits.hex(word, 64) + ")";
    long accepted;
    try {
      accepted = codec.validate(word);
    } catch (AbiViolationException e) {
      checkRefusal(codec, e, expected, word, what);
      checkDecodeRefuses(() -> codec.decode(word), e, "decode(" + Bits.hex(word, 64) + ")");
      return;
    }
    assertEquals(word, accepted, what);
    if (!(expected instanceof Reading.Accepted a)) {
      throw new AssertionError(what + " accepted, the model refuses: " + expected.describe());
    }
    long[] decoded = codec.decode(word);
    checkAccepted(codec, a, word, decoded, what);
    assertEquals(word, codec.encode(decoded), "encode(decode(" + Bits.hex(word) + "))");
  }

  static void checkCompatWord(LoadedCodec codec, int word) {
    long bits = Integer.toUnsignedLong(word);
    Reading expected = codec.model.layout().read(bits, true);
    String what = "validateCompat(" + Bits.hex(bits, 32) + ")";
    int accepted;
    try {
      accepted = codec.validateCompat(word);
    } catch (AbiViolationException e) {
      checkRefusal(codec, e, expected, bits, what);
      checkDecodeRefuses(
          () -> codec.decodeCompat(word), e, "decodeCompat(" + Bits.hex(bits, 32) + ")");
      return;
    }
    assertEquals(word, accepted, what);
    if (!(expected instanceof Reading.Accepted a)) {
      throw new AssertionError(what + " accepted, the model refuses: " + expected.describe());
    }
    long[] decoded = codec.decodeCompat(word);
    checkAccepted(codec, a, bits, decoded, what);
    assertEquals(
        word, codec.encodeCompat(decoded), "encodeCompat(decodeCompat(" + Bits.hex(bits) + "))");
  }

  /**
   * The refusal {@code e} is the one the model reads: a retired word as retired, else unknown op or
   * stray bits.
   */
  private static void checkRefusal(
      LoadedCodec codec, AbiViolationException e, Reading expected, long word, String what) {
    AbiViolationException.Kind kind;
    if (expected instanceof Reading.Retired) {
      kind = AbiViolationException.Kind.RETIRED;
    } else if (expected instanceof Reading.Refused refused) {
      kind =
          refused.reason().startsWith("unknown op code")
              ? AbiViolationException.Kind.UNKNOWN_OP
              : AbiViolationException.Kind.STRAY_BITS;
    } else {
      throw new AssertionError(
          what + " refused (" + e.getMessage() + "), the model reads " + expected.describe());
    }
    assertEquals(
        kind, e.kind(), what + ": " + e.getMessage() + "; the model: " + expected.describe());
    assertEquals(codec.model.name(), e.continuable(), what);
    assertEquals(word, e.word(), what + " names another word");
  }

  /**
   * decode, which validates inline rather than through validate, refuses a word validate refused,
   * with the same exception.
   */
  private static void checkDecodeRefuses(
      Runnable decode, AbiViolationException byValidate, String what) {
    try {
      decode.run();
    } catch (AbiViolationException e) {
      assertEquals(byValidate.kind(), e.kind(), what);
      assertEquals(byValidate.getMessage(), e.getMessage(), what);
      return;
    }
    throw new AssertionError(
        what + " accepted a word validate refuses: " + byValidate.getMessage());
  }

  /**
   * The decoded state and the getters say what the model read; fields the op does not carry are 0.
   */
  private static void checkAccepted(
      LoadedCodec codec, Reading.Accepted a, long word, long[] decoded, String what) {
    Declared m = codec.model;
    Op op = a.op() == null ? null : m.layout().op(a.op()).orElseThrow();
    List<Binding> used = m.usedBy(op);
    for (int i = 0; i < decoded.length; i++) {
      Binding f = field(m, codec.params.get(i));
      long want = f.opcode() ? op.code() : used.contains(f) ? a.values().get(f.name()) : 0;
      assertEquals(
          want, decoded[i], what + ": decode's " + f.javaName() + " (model: " + a.describe() + ")");
      if (used.contains(f)) {
        assertEquals(want, codec.get(f.name(), word), what + ": getter " + f.javaName());
      }
    }
  }

  // ---------------------------------------------------------------- generators

  static Binding field(Declared m, LayoutSpec.F f) {
    return m.bind(m.layout().field(f.abiName).orElseThrow());
  }

  /** A random op of the layout; null when it has no opcode (or, rarely, no ops). */
  static Op randomOp(SplittableRandom r, Declared m) {
    return m.layout().ops().isEmpty()
        ? null
        : m.layout().ops().get(r.nextInt(m.layout().ops().size()));
  }

  /** A value that fits {@code f} (native or compat): small, largest, one bit, or random. */
  static long fittingValue(SplittableRandom r, Field f, boolean compat) {
    long max = compat ? f.compatMax() : f.max();
    if (max == 0) {
      return 0;
    }
    int bits = 64 - Long.numberOfLeadingZeros(max);
    long v =
        switch (r.nextInt(7)) {
          case 0 -> 0;
          case 1 -> max;
          case 2 -> Long.lowestOneBit(max);
          case 3 -> Long.highestOneBit(max);
          case 4 -> 1L << r.nextInt(bits);
          case 5 -> r.nextLong(1, 9) << (f.encoding() == Encoding.IN_PLACE ? f.shift() : 0);
          default -> r.nextLong();
        };
    return v & max;
  }

  /**
   * A value of the field's Java type that may or may not fit; zero unless {@code nonZero} allows
   * more.
   */
  static long arbitraryValue(SplittableRandom r, Binding f, boolean compat, boolean nonZero) {
    if (!nonZero) {
      return 0;
    }
    if (f.type() == FieldType.BOOLEAN) {
      return r.nextInt(2);
    }
    long typeMask = Bits.mask(0, f.type().bits());
    long max = compat ? f.compatMax() : f.max();
    return switch (r.nextInt(6)) {
      case 0, 1 -> fittingValue(r, f.field(), compat);
      case 2 -> (max + 1) & typeMask; // one past the largest (0 when the type is full)
      case 3 -> typeMask; // -1 of the type
      case 4 -> (1L << r.nextInt(f.type().bits())) & typeMask;
      default -> r.nextLong() & typeMask;
    };
  }

  /**
   * A word a guest might hand back: valid ones, near misses, noise. For compat only the low 32 bits
   * count.
   */
  static long randomWord(SplittableRandom r, Layout m, boolean compat) {
    int width = compat ? 32 : m.width();
    long word =
        switch (r.nextInt(9)) {
          case 0, 1, 2 -> validWord(r, m, compat);
          case 3 -> validWord(r, m, compat) ^ (1L << r.nextInt(compat ? 32 : 64));
          case 4 -> validWord(r, m, compat) | (r.nextLong() & r.nextLong() & r.nextLong());
          case 5 -> r.nextLong();
          case 6 -> r.nextLong() & Bits.wordMask(width);
          case 7 ->
              m.opcode().map(oc -> oc.place(r.nextLong(oc.max() + 1))).orElse(r.nextLong(256));
          default ->
              switch (r.nextInt(4)) {
                case 0 -> 0L;
                case 1 -> -1L;
                case 2 -> 1L << r.nextInt(64);
                default -> Bits.wordMask(width);
              };
        };
    return compat ? word & 0xffffffffL : word;
  }

  /**
   * A word valid under the model: an op (if any), fitting values for the fields it continues with.
   */
  static long validWord(SplittableRandom r, Layout m, boolean compat) {
    // Half the time a word valid before any retirement: a retired op's, or one carrying a retired
    // field.
    if ((m.isRetired()
            || !m.retiredOps().isEmpty()
            || m.fields().stream().anyMatch(Field::isRetired))
        && r.nextBoolean()) {
      m = m.withoutRetirements();
    }
    Op op = m.ops().isEmpty() ? null : m.ops().get(r.nextInt(m.ops().size()));
    long word = 0;
    for (Field f : m.fieldsUsedBy(op)) {
      word |=
          f.opcode() ? (op == null ? 0 : f.place(op.code())) : f.place(fittingValue(r, f, compat));
    }
    return word;
  }

  static String show(long[] values) {
    StringBuilder b = new StringBuilder();
    for (long v : values) {
      b.append(b.length() == 0 ? "" : ", ").append(Bits.hex(v));
    }
    return b.toString();
  }
}
