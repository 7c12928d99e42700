package dev.abilock.examples.xen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.abilock.runtime.AbiViolationException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated C headers agree with the Java codecs: vectors made with the Java codecs (valid,
 * refused and compat words, in-range and out-of-range values) are compiled into a C program against
 * the headers with {@code gcc -std=c99 -Wall -Wextra -Werror}, which must give the same answer for
 * every one.
 */
class CHeaderAgreementTest {
  private static final int RANDOM_WORDS = 400;
  private static Path headers;

  @TempDir Path work;

  /** One codec seen through unsigned longs, as C sees it. */
  private interface Subject {
    String name();

    int fields();

    long validate(long word);

    long getter(int field, long word);

    long encode(long[] values);

    /** Unsigned bit width of each parameter's Java type. */
    int[] types();

    /** Structured words: an op code and values that are likely valid. */
    long[] opCodes();

    boolean compat();

    long validateCompat(long word);

    long encodeCompat(long[] values);
  }

  @BeforeAll
  static void findHeaders() throws URISyntaxException {
    var url = CHeaderAgreementTest.class.getResource("/abilock/memory_op.h");
    assertTrue(url != null, "the processor writes headers under CLASS_OUTPUT abilock/");
    headers = Path.of(url.toURI()).getParent();
  }

  private static String gcc() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, "gcc"))) {
        return Path.of(dir, "gcc").toString();
      }
    }
    return null;
  }

  private static final Subject MEMORY_OP =
      new Subject() {
        public String name() {
          return "memory_op";
        }

        public int fields() {
          return 3;
        }

        public long validate(long w) {
          return MemoryOpCodec.validate(w);
        }

        public long getter(int f, long w) {
          return switch (f) {
            case 0 -> Integer.toUnsignedLong(MemoryOpCodec.cmd(w));
            case 1 -> MemoryOpCodec.startExtent(w);
            default -> MemoryOpCodec.startIter(w);
          };
        }

        public long encode(long[] v) {
          return MemoryOpCodec.encode((int) v[0], v[1], v[2]);
        }

        public int[] types() {
          return new int[] {32, 64, 64};
        }

        public long[] opCodes() {
          return new long[] {0, 1, 2, 3, 4, 5, 6, 7, 11, 15, 21, 23, 24, 26, 28};
        }

        public boolean compat() {
          return true;
        }

        public long validateCompat(long w) {
          return Integer.toUnsignedLong(MemoryOpCodec.validateCompat((int) w));
        }

        public long encodeCompat(long[] v) {
          return Integer.toUnsignedLong(MemoryOpCodec.encodeCompat((int) v[0], v[1], v[2]));
        }
      };

  private static final Subject HVM_OP =
      new Subject() {
        public String name() {
          return "hvm_op";
        }

        // start_iter is retired since 4.9: no longer a getter or an encode parameter, in Java or in
        // C.
        public int fields() {
          return 1;
        }

        public long validate(long w) {
          return HvmOpCodec.validate(w);
        }

        public long getter(int f, long w) {
          return Integer.toUnsignedLong(HvmOpCodec.op(w));
        }

        public long encode(long[] v) {
          return HvmOpCodec.encode((int) v[0]);
        }

        public int[] types() {
          return new int[] {32};
        }

        public long[] opCodes() {
          return new long[] {0, 1, 6, 7, 8};
        }

        public boolean compat() {
          return false;
        }

        public long validateCompat(long w) {
          throw new UnsupportedOperationException();
        }

        public long encodeCompat(long[] v) {
          throw new UnsupportedOperationException();
        }
      };

  private static final Subject GRANT_TABLE_OP =
      new Subject() {
        public String name() {
          return "grant_table_op";
        }

        public int fields() {
          return 2;
        }

        public long validate(long w) {
          return GrantTableOpCodec.validate(w);
        }

        public long getter(int f, long w) {
          return Integer.toUnsignedLong(
              f == 0 ? GrantTableOpCodec.cmd(w) : GrantTableOpCodec.arg(w));
        }

        public long encode(long[] v) {
          return GrantTableOpCodec.encode((int) v[0], (int) v[1]);
        }

        public int[] types() {
          return new int[] {32, 32};
        }

        public long[] opCodes() {
          return new long[] {0, 1, 2, 5, 12};
        }

        public boolean compat() {
          return false;
        }

        public long validateCompat(long w) {
          throw new UnsupportedOperationException();
        }

        public long encodeCompat(long[] v) {
          throw new UnsupportedOperationException();
        }
      };

  private static final Subject MMU_UPDATE =
      new Subject() {
        public String name() {
          return "mmu_update";
        }

        public int fields() {
          return 2;
        }

        public long validate(long w) {
          return MmuUpdateCodec.validate(w);
        }

        public long getter(int f, long w) {
          return f == 0
              ? Integer.toUnsignedLong(MmuUpdateCodec.count(w))
              : (MmuUpdateCodec.preempted(w) ? 1 : 0);
        }

        public long encode(long[] v) {
          return MmuUpdateCodec.encode((int) v[0], v[1] != 0);
        }

        public int[] types() {
          return new int[] {32, 1};
        }

        public long[] opCodes() {
          return new long[0];
        }

        public boolean compat() {
          return false;
        }

        public long validateCompat(long w) {
          throw new UnsupportedOperationException();
        }

        public long encodeCompat(long[] v) {
          throw new UnsupportedOperationException();
        }
      };

  /** C's answer for a Java call: 0 and the word, or the error code of the refusal. */
  private record Outcome(int code, long word) {}

  private static Outcome outcome(LongUnaryOperator call, long input) {
    try {
      return new Outcome(0, call.applyAsLong(input));
    } catch (AbiViolationException e) {
      return new Outcome(e.kind().ordinal() + 1, 0);
    }
  }

  private static Outcome encodeOutcome(
      java.util.function.ToLongFunction<long[]> call, long[] values) {
    try {
      return new Outcome(0, call.applyAsLong(values));
    } catch (AbiViolationException e) {
      return new Outcome(e.kind().ordinal() + 1, 0);
    }
  }

  @Test
  void errorCodesFollowTheJavaKinds() {
    // The C header's codes are the Java kinds' ordinals + 1; a reorder would silently break
    // agreement. SHORT_IMAGE (6) is the struct headers' code for an image out of its buffer.
    assertEquals(
        List.of(
            "UNKNOWN_OP", "STRAY_BITS", "DOES_NOT_FIT", "NOT_CONTINUED", "RETIRED", "SHORT_IMAGE"),
        java.util.Arrays.stream(AbiViolationException.Kind.values()).map(Enum::name).toList());
  }

  @Test
  void headersAgreeWithJavaOnEveryVector() throws IOException, InterruptedException {
    String gcc = gcc();
    assumeTrue(
        gcc != null, "gcc is not installed: the C header agreement test is SKIPPED, not passed");
    SplittableRandom random = new SplittableRandom(20141211); // the day Xen locked its masks down
    StringBuilder c = new StringBuilder();
    c.append("#include <stdio.h>\n#include <stdint.h>\n");
    for (Subject s : List.of(MEMORY_OP, HVM_OP, GRANT_TABLE_OP, MMU_UPDATE)) {
      c.append("#include \"").append(s.name()).append(".h\"\n");
    }
    c.append("_Static_assert(MEMOP_CMD_MASK == 0x3f, \"Xen's MEMOP_CMD_MASK\");\n");
    c.append("_Static_assert(MEMOP_EXTENT_SHIFT == 6, \"Xen's MEMOP_EXTENT_SHIFT\");\n");
    c.append("_Static_assert(HVMOP_OP_MASK == 0xff, \"Xen's HVMOP_op_mask\");\n");
    c.append("_Static_assert(GNTTABOP_CMD_MASK == 0xfff, \"Xen's GNTTABOP_CMD_MASK\");\n");
    c.append("_Static_assert(GNTTABOP_ARG_MASK == 0xfffff000u, \"Xen's GNTTABOP_ARG_MASK\");\n");
    c.append(
        "_Static_assert(MMU_UPDATE_PREEMPTED_MASK == 0x80000000u, \"Xen's MMU_UPDATE_PREEMPTED\");\n");
    c.append("static int failures;\nstatic int checks;\n");
    c.append(
        "static void expect(const char *what, int i, uint64_t got, uint64_t want) {\n"
            + "  checks++;\n"
            + "  if (got != want) { failures++; printf(\"MISMATCH %s #%d: C 0x%llx, Java 0x%llx\\n\", what, i,"
            + " (unsigned long long) got, (unsigned long long) want); }\n}\n");
    c.append("int main(void) {\n  uint64_t w64; uint32_t w32; int rc;\n");
    int vectors = 0;
    for (Subject s : List.of(MEMORY_OP, HVM_OP, GRANT_TABLE_OP, MMU_UPDATE)) {
      vectors += validateVectors(c, s, random, false);
      vectors += encodeVectors(c, s, random, false);
      if (s.compat()) {
        vectors += validateVectors(c, s, random, true);
        vectors += encodeVectors(c, s, random, true);
      }
    }
    c.append(
        "  printf(\"%d checks, %d failures\\n\", checks, failures);\n  return failures != 0;\n}\n");
    Path program = work.resolve("agree.c");
    Files.writeString(program, c.toString());

    Path binary = work.resolve("agree");
    Process compile =
        new ProcessBuilder(
                gcc,
                "-std=c99",
                "-Wall",
                "-Wextra",
                "-Werror",
                "-I",
                headers.toString(),
                "-o",
                binary.toString(),
                program.toString())
            .redirectErrorStream(true)
            .start();
    String compileOutput =
        new String(compile.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(compile.waitFor(120, TimeUnit.SECONDS));
    assertEquals(
        0, compile.exitValue(), "gcc -std=c99 -Wall -Wextra -Werror failed:\n" + compileOutput);
    assertEquals("", compileOutput, "the headers must compile without a single warning");

    Process run = new ProcessBuilder(binary.toString()).redirectErrorStream(true).start();
    String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(run.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, run.exitValue(), output);
    assertTrue(output.endsWith(" checks, 0 failures\n"), output);
    assertTrue(vectors > 4000, "only " + vectors + " vectors");
  }

  /** Words for validate: structured ones (known op, random progress), random ones, edge ones. */
  private static int validateVectors(
      StringBuilder c, Subject s, SplittableRandom random, boolean compat) {
    List<Long> words = new ArrayList<>(List.of(0L, -1L, 1L << 31, 1L << 32, 0xffffffffL));
    for (int i = 0; i < RANDOM_WORDS; i++) {
      long noise = random.nextLong() >>> random.nextInt(64);
      long[] ops = s.opCodes();
      words.add(
          ops.length == 0 || random.nextBoolean()
              ? noise
              : (noise << random.nextInt(8, 13)) | ops[random.nextInt(ops.length)]);
    }
    String fn = s.name() + (compat ? "_validate_compat" : "_validate");
    for (int i = 0; i < words.size(); i++) {
      long word = compat ? words.get(i) & 0xffffffffL : words.get(i);
      Outcome o = outcome(compat ? s::validateCompat : s::validate, word);
      c.append(
          String.format(
              Locale.ROOT,
              "  expect(\"%s\", %d, (uint64_t) %s((%s) UINT64_C(0x%x)), %d);%n",
              fn,
              i,
              fn,
              compat ? "uint32_t" : "uint64_t",
              word,
              o.code()));
      if (o.code() == 0) {
        for (int f = 0; f < s.fields(); f++) {
          c.append(
              String.format(
                  Locale.ROOT,
                  "  expect(\"%s getter %d\", %d, %s_%s(UINT64_C(0x%x)), UINT64_C(0x%x));%n",
                  s.name(),
                  f,
                  i,
                  s.name(),
                  getterName(s, f),
                  word,
                  s.getter(f, word)));
        }
      }
    }
    return words.size();
  }

  /** Values for encode: in range, out of range by one bit, and random patterns of each type. */
  private static int encodeVectors(
      StringBuilder c, Subject s, SplittableRandom random, boolean compat) {
    String fn = s.name() + (compat ? "_encode_compat" : "_encode");
    int n = RANDOM_WORDS;
    for (int i = 0; i < n; i++) {
      long[] values = new long[s.fields()];
      long[] ops = s.opCodes();
      for (int f = 0; f < values.length; f++) {
        int bits = s.types()[f];
        long typeMask = bits == 64 ? -1L : (1L << bits) - 1;
        long v =
            switch (random.nextInt(4)) {
              case 0 -> 0;
              case 1 -> random.nextLong() & typeMask;
              case 2 -> (1L << random.nextInt(bits)) & typeMask;
              default -> (random.nextLong() >>> random.nextInt(64)) & typeMask;
            };
        values[f] =
            f == 0 && ops.length > 0 && random.nextInt(4) != 0
                ? ops[random.nextInt(ops.length)]
                : v;
      }
      Outcome o = encodeOutcome(compat ? s::encodeCompat : s::encode, values);
      StringBuilder args = new StringBuilder();
      for (long v : values) {
        args.append(String.format(Locale.ROOT, "UINT64_C(0x%x), ", v));
      }
      String out = compat ? "w32" : "w64";
      c.append(
          String.format(
              Locale.ROOT,
              "  %s = 0; rc = %s(%s&%s); expect(\"%s rc\", %d, (uint64_t) rc, %d);%n",
              out,
              fn,
              args,
              out,
              fn,
              i,
              o.code()));
      if (o.code() == 0) {
        c.append(
            String.format(
                Locale.ROOT,
                "  expect(\"%s word\", %d, %s, UINT64_C(0x%x));%n",
                fn,
                i,
                out,
                o.word()));
      }
    }
    return n;
  }

  private static String getterName(Subject s, int field) {
    return switch (s.name()) {
      case "memory_op" -> new String[] {"cmd", "start_extent", "start_iter"}[field];
      case "hvm_op" -> new String[] {"op", "start_iter"}[field];
      case "grant_table_op" -> new String[] {"cmd", "arg"}[field];
      default -> new String[] {"count", "preempted"}[field];
    };
  }
}
