package dev.abilock.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.testing.compile.Compilation;
import dev.abilock.core.generate.Budget;
import dev.abilock.core.generate.LayoutSpec;
import dev.abilock.core.model.Bits;
import dev.abilock.core.model.Reading;
import dev.abilock.processor.model.Binding;
import dev.abilock.processor.model.Declared;
import dev.abilock.runtime.AbiViolationException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The C header of random layouts: it compiles with {@code gcc -std=c99 -Wall -Wextra -Werror} and
 * its validate, getters and encode agree with the Java codec (and so with the model) on random
 * words and arguments. Skipped, and said so, without gcc.
 */
class HeaderAgreementPropertiesTest {
  private static final String PKG = "gen";

  @TempDir Path dir;

  @Test
  void randomLayoutsGiveHeadersThatCompileAndAgreeWithTheJavaCodec() throws Exception {
    String gcc = gcc();
    assumeTrue(
        gcc != null, "gcc is not installed: the C header properties are SKIPPED, not passed");
    long seed = Budget.seed("header-properties");
    int layouts = Budget.cases(8, 300);
    int words = Budget.cases(40, 200);
    long start = System.nanoTime();
    long cases = 0;
    SplittableRandom r = new SplittableRandom(seed);
    List<LayoutSpec> specs = new ArrayList<>();
    for (int i = 0; i < layouts; i++) {
      specs.add(JavaSource.random(r, "h" + i, "H" + i));
    }
    Compilation c = CodecPropertiesTest.compileBatch(specs, dir.resolve("abilock.manifest"), seed);
    cases += agree(gcc, r, specs, c, words, seed);
    Budget.report(
        "HeaderAgreementPropertiesTest (" + layouts + " headers through gcc)", cases, start);
  }

  /**
   * The same on layouts whose ops carry nothing but their code: the header's validate switches on
   * the whole word first ({@link dev.abilock.processor.write.CodecShape#WHOLE_WORD}), with the
   * opcode anywhere in the word.
   */
  @Test
  void layoutsWhoseOpsCarryNothingGiveHeadersThatAgreeWithTheJavaCodec() throws Exception {
    String gcc = gcc();
    assumeTrue(
        gcc != null, "gcc is not installed: the C header properties are SKIPPED, not passed");
    long seed = Budget.seed("header-whole-word");
    int layouts = Budget.cases(8, 100);
    int words = Budget.cases(40, 200);
    long start = System.nanoTime();
    SplittableRandom r = new SplittableRandom(seed);
    List<LayoutSpec> specs = CodecPropertiesTest.wholeWord(r, "w", layouts);
    Compilation c = CodecPropertiesTest.compileBatch(specs, dir.resolve("abilock.manifest"), seed);
    long cases = agree(gcc, r, specs, c, words, seed);
    Budget.report(
        "HeaderAgreementPropertiesTest (" + layouts + " whole-word headers through gcc)",
        cases,
        start);
  }

  /**
   * The same after retirements: retired ops, fields and continuables give ABILOCK_E_RETIRED where
   * Java refuses.
   */
  @Test
  void retiredLayoutsGiveHeadersThatAgreeWithTheJavaCodec() throws Exception {
    String gcc = gcc();
    assumeTrue(
        gcc != null, "gcc is not installed: the C header properties are SKIPPED, not passed");
    long seed = Budget.seed("header-retirements");
    int layouts = Budget.cases(8, 200);
    int words = Budget.cases(40, 200);
    long start = System.nanoTime();
    SplittableRandom r = new SplittableRandom(seed);
    List<LayoutSpec> specs = new ArrayList<>();
    Compilation c =
        CodecPropertiesTest.publishAndRetire(
            r, "h", layouts, dir.resolve("abilock.manifest"), specs);
    long cases = agree(gcc, r, specs, c, words, seed);
    Budget.report(
        "HeaderAgreementPropertiesTest ("
            + specs.stream().filter(CodecPropertiesTest::retiresAnything).count()
            + " retired headers through gcc)",
        cases,
        start);
  }

  private long agree(
      String gcc, SplittableRandom r, List<LayoutSpec> specs, Compilation c, int words, long seed)
      throws Exception {
    long cases = 0;
    LoadedCodec.MemoryLoader loader = new LoadedCodec.MemoryLoader(c);
    for (LayoutSpec spec : specs) {
      LoadedCodec codec = new LoadedCodec(loader, PKG, spec);
      String header =
          c.generatedFile(StandardLocation.CLASS_OUTPUT, "", "abilock/" + spec.name + ".h")
              .orElseThrow()
              .getCharContent(true)
              .toString();
      try {
        cases += agree(gcc, r, codec, header, words);
      } catch (AssertionError | IOException e) {
        throw new AssertionError(
            "header of a random layout disagrees (seed "
                + seed
                + ", "
                + Budget.replay()
                + "): "
                + e.getMessage()
                + "\n--- source:\n"
                + JavaSource.source(spec, PKG)
                + "--- header:\n"
                + header,
            e);
      }
    }
    return cases;
  }

  private long agree(String gcc, SplittableRandom r, LoadedCodec codec, String header, int count)
      throws IOException, InterruptedException {
    Declared m = codec.model;
    Path work = Files.createDirectories(dir.resolve(m.name()));
    Files.writeString(work.resolve(m.name() + ".h"), header);
    StringBuilder program =
        new StringBuilder(
            "#include <stdio.h>\n#include <inttypes.h>\n#include \""
                + m.name()
                + ".h\"\n\nint main(void)\n{\n    uint64_t w;\n    int r;\n"
                + (m.layout().hasCompat() ? "    uint32_t w32;\n" : ""));
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long word = CodecPropertiesTest.randomWord(r, m.layout(), false);
      program
          .append("    r = ")
          .append(m.name())
          .append("_validate(UINT64_C(")
          .append(Bits.hex(word, 64))
          .append("));\n    printf(\"%d");
      StringBuilder args = new StringBuilder();
      for (Binding f : m.live()) {
        program.append(" %\" PRIu64 \"");
        args.append(", ")
            .append(m.name())
            .append('_')
            .append(f.name())
            .append("(UINT64_C(")
            .append(Bits.hex(word, 64))
            .append("))");
      }
      program.append("\\n\", r").append(args).append(");\n");
      expected.add(validateLine(codec, word, false));
      if (m.layout().hasCompat()) {
        long compat = CodecPropertiesTest.randomWord(r, m.layout(), true);
        program
            .append("    printf(\"%d\\n\", ")
            .append(m.name())
            .append("_validate_compat(UINT32_C(")
            .append(Bits.hex(compat, 32))
            .append(")));\n");
        expected.add(validateLine(codec, compat, true).split(" ")[0]);
      }
      for (boolean compat :
          m.layout().hasCompat() ? new boolean[] {false, true} : new boolean[] {false}) {
        long[] values = arguments(r, codec, compat);
        program
            .append(compat ? "    w32 = 0;\n    r = " : "    w = 0;\n    r = ")
            .append(m.name())
            .append(compat ? "_encode_compat(" : "_encode(");
        for (int p = 0; p < values.length; p++) {
          // The C helpers take the fields in declaration order, like encode; values as unsigned
          // patterns.
          program
              .append("UINT64_C(")
              .append(Bits.hex(valueOf(codec, m.live().get(p), values), 64))
              .append("), ");
        }
        program
            .append(compat ? "&w32" : "&w")
            .append(");\n    printf(\"%d %\" PRIu64 \"\\n\", r, ")
            .append(compat ? "(uint64_t) w32" : "w")
            .append(");\n");
        expected.add(encodeLine(codec, values, compat));
      }
    }
    program.append("    return 0;\n}\n");
    Files.writeString(work.resolve("main.c"), program.toString());
    Path binary = work.resolve("main");
    String compile =
        run(
            work,
            gcc,
            "-std=c99",
            "-Wall",
            "-Wextra",
            "-Werror",
            "-o",
            binary.toString(),
            "main.c");
    String output = run(work, binary.toString());
    List<String> lines = output.lines().toList();
    assertEquals(expected.size(), lines.size(), "program output:\n" + output + compile);
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i), lines.get(i), "line " + (i + 1) + " of the C program's output");
    }
    return expected.size();
  }

  /**
   * What the C validate prints: 0 and every raw getter, or the error code the Java codec's refusal
   * maps to.
   */
  private static String validateLine(LoadedCodec codec, long word, boolean compat) {
    Declared m = codec.model;
    try {
      if (compat) {
        codec.validateCompat((int) word);
      } else {
        codec.validate(word);
      }
    } catch (AbiViolationException e) {
      StringBuilder line = new StringBuilder(Integer.toString(code(e)));
      if (!compat) {
        m.live()
            .forEach(f -> line.append(' ').append(Long.toUnsignedString(f.field().valueIn(word))));
      }
      return line.toString();
    }
    assertEquals(true, m.layout().read(word, compat) instanceof Reading.Accepted);
    StringBuilder line = new StringBuilder("0");
    if (!compat) {
      m.live()
          .forEach(f -> line.append(' ').append(Long.toUnsignedString(f.field().valueIn(word))));
    }
    return line.toString();
  }

  /**
   * What the C encode prints: 0 and the word, or the error code of the Java codec's refusal and 0.
   */
  private static String encodeLine(LoadedCodec codec, long[] values, boolean compat) {
    try {
      long word =
          compat ? Integer.toUnsignedLong(codec.encodeCompat(values)) : codec.encode(values);
      return "0 " + Long.toUnsignedString(word);
    } catch (AbiViolationException e) {
      return code(e) + " 0";
    }
  }

  private static int code(AbiViolationException e) {
    return switch (e.kind()) {
      case UNKNOWN_OP -> 1;
      case STRAY_BITS -> 2;
      case DOES_NOT_FIT -> 3;
      case NOT_CONTINUED -> 4;
      case RETIRED -> 5;
      case SHORT_IMAGE -> 6;
    };
  }

  /** Arguments in the codec's parameter order, valid or not. */
  private static long[] arguments(SplittableRandom r, LoadedCodec codec, boolean compat) {
    Declared m = codec.model;
    long[] values = new long[codec.params.size()];
    var op = CodecPropertiesTest.randomOp(r, m);
    for (int i = 0; i < values.length; i++) {
      Binding f = CodecPropertiesTest.field(m, codec.params.get(i));
      values[i] =
          f.opcode()
              ? (op != null && r.nextInt(4) != 0 ? op.code() : r.nextLong(f.max() + 2))
              : CodecPropertiesTest.arbitraryValue(
                  r,
                  f,
                  compat,
                  op == null || op.continues().contains(f.name()) || r.nextInt(6) == 0);
    }
    return values;
  }

  private static long valueOf(LoadedCodec codec, Binding f, long[] values) {
    for (int i = 0; i < values.length; i++) {
      if (codec.params.get(i).abiName.equals(f.name())) {
        // What the Java parameter receives: the value cut to its type's bit pattern. (A soak run
        // found 256 given to an 8-bit byte opcode: Java saw op 0, C saw 256 and refused it.)
        long v = values[i];
        return switch (f.type()) {
          case LONG -> v;
          case INT -> v & 0xffffffffL;
          case SHORT -> v & 0xffffL;
          case BYTE -> v & 0xffL;
          case BOOLEAN -> v != 0 ? 1 : 0;
        };
      }
    }
    throw new AssertionError(f.name());
  }

  private static String run(Path dir, String... command) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " hung");
    }
    assertEquals(0, p.exitValue(), String.join(" ", command) + " failed:\n" + out);
    return out;
  }

  private static String gcc() {
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(d, "gcc"))) {
        return Path.of(d, "gcc").toString();
      }
    }
    return null;
  }
}
