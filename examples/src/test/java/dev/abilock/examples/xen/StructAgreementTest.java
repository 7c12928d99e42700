package dev.abilock.examples.xen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.abilock.runtime.AbiViolationException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated struct headers agree with the Java struct codecs on random images: for every
 * example struct and each of its ABIs, 10,000 images (random bytes, pads mostly zero, sub-ops
 * mostly declared, some one byte short) go through {@code validate}, every getter and, for {@code
 * xen_memory_reservation}, the translator, in Java and in a C program built against the headers
 * with {@code gcc -std=c99 -Wall -Wextra -Werror}; the answers must be the same line for line. The
 * headers' i386 layout checks are compiled with {@code -m32 -ffreestanding}.
 */
class StructAgreementTest {
  private static final int IMAGES = 10_000;
  private static Path headers;

  @TempDir Path work;

  /** A getter seen as C sees it: the member's raw bits, unsigned. */
  private record Getter(String c, ToLongFunction<ByteBuffer> java) {}

  /**
   * One struct on one ABI: its C prefix and suffix, size, how Java validates and translates, and
   * where its must-be-zero pads and sub-op byte are, to shape the random images.
   */
  private record Subject(
      String name,
      boolean compat,
      int size,
      Validator validate,
      List<Getter> getters,
      Translator translate,
      int translatedSize,
      int[] zeroBytes,
      int subOpByte,
      int[] highHalves) {
    String suffix() {
      return compat ? "_compat" : "";
    }

    String label() {
      return name + (compat ? " on x86_32" : " on x86_64");
    }
  }

  private interface Validator {
    void validate(ByteBuffer b);
  }

  private interface Translator {
    void translate(ByteBuffer src, ByteBuffer dst);
  }

  private static final Subject MODIFIED_MEMORY =
      new Subject(
          "xen_hvm_modified_memory",
          false,
          HvmModifiedMemoryCodec.SIZE,
          b -> HvmModifiedMemoryCodec.validate(b, 0),
          List.of(
              new Getter("domid", b -> Short.toUnsignedLong(HvmModifiedMemoryCodec.domid(b, 0))),
              new Getter("nr", b -> Integer.toUnsignedLong(HvmModifiedMemoryCodec.nr(b, 0))),
              new Getter("first_pfn", b -> HvmModifiedMemoryCodec.firstPfn(b, 0))),
          null,
          0,
          new int[] {2, 3},
          -1,
          new int[0]);

  private static final Subject ACCESS_OP =
      new Subject(
          "xen_mem_access_op",
          false,
          MemAccessOpCodec.SIZE,
          b -> MemAccessOpCodec.validate(b, 0),
          List.of(
              new Getter("op", b -> Byte.toUnsignedLong(MemAccessOpCodec.op(b, 0))),
              new Getter("access", b -> Byte.toUnsignedLong(MemAccessOpCodec.access(b, 0))),
              new Getter("domid", b -> Short.toUnsignedLong(MemAccessOpCodec.domid(b, 0))),
              new Getter("nr", b -> Integer.toUnsignedLong(MemAccessOpCodec.nr(b, 0))),
              new Getter("pfn", b -> MemAccessOpCodec.pfn(b, 0))),
          null,
          0,
          new int[0],
          0,
          new int[0]);

  private static final Subject RESERVATION =
      new Subject(
          "xen_memory_reservation",
          false,
          MemoryReservationCodec.SIZE,
          b -> MemoryReservationCodec.validate(b, 0),
          List.of(
              new Getter("extent_start", b -> MemoryReservationCodec.extentStart(b, 0)),
              new Getter("nr_extents", b -> MemoryReservationCodec.nrExtents(b, 0)),
              new Getter(
                  "extent_order",
                  b -> Integer.toUnsignedLong(MemoryReservationCodec.extentOrder(b, 0))),
              new Getter(
                  "mem_flags", b -> Integer.toUnsignedLong(MemoryReservationCodec.memFlags(b, 0))),
              new Getter("domid", b -> Short.toUnsignedLong(MemoryReservationCodec.domid(b, 0)))),
          (src, dst) -> MemoryReservationCodec.nativeToCompat(src, 0, dst, 0),
          MemoryReservationCodec.COMPAT_SIZE,
          new int[0],
          -1,
          new int[] {
            MemoryReservationCodec.EXTENT_START_OFFSET + 4,
            MemoryReservationCodec.NR_EXTENTS_OFFSET + 4
          });

  private static final Subject RESERVATION_COMPAT =
      new Subject(
          "xen_memory_reservation",
          true,
          MemoryReservationCodec.COMPAT_SIZE,
          b -> MemoryReservationCodec.validateCompat(b, 0),
          List.of(
              new Getter("extent_start", b -> MemoryReservationCodec.extentStartCompat(b, 0)),
              new Getter("nr_extents", b -> MemoryReservationCodec.nrExtentsCompat(b, 0)),
              new Getter(
                  "extent_order",
                  b -> Integer.toUnsignedLong(MemoryReservationCodec.extentOrderCompat(b, 0))),
              new Getter(
                  "mem_flags",
                  b -> Integer.toUnsignedLong(MemoryReservationCodec.memFlagsCompat(b, 0))),
              new Getter(
                  "domid", b -> Short.toUnsignedLong(MemoryReservationCodec.domidCompat(b, 0)))),
          (src, dst) -> MemoryReservationCodec.compatToNative(src, 0, dst, 0),
          MemoryReservationCodec.SIZE,
          new int[0],
          -1,
          new int[0]);

  /**
   * Every struct on every ABI it has: the {@code SAME} ones have one layout, which the i386 compile
   * below checks against x86_32.
   */
  private static final List<Subject> SUBJECTS =
      List.of(MODIFIED_MEMORY, ACCESS_OP, RESERVATION, RESERVATION_COMPAT);

  @BeforeAll
  static void findHeaders() throws URISyntaxException {
    var url = StructAgreementTest.class.getResource("/abilock/xen_memory_reservation.h");
    assertTrue(url != null, "the processor writes struct headers under CLASS_OUTPUT abilock/");
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

  /** A random image of {@code s}, and the length the test claims for it (one short at times). */
  private static byte[] image(Subject s, SplittableRandom random) {
    byte[] image = new byte[s.size()];
    random.nextBytes(image);
    if (random.nextInt(4) != 0) {
      for (int i : s.zeroBytes()) {
        image[i] = 0;
      }
    }
    if (s.subOpByte() >= 0 && random.nextInt(4) != 0) {
      int[] values = {0, 1, 2, 3, 4, 5, 255};
      image[s.subOpByte()] = (byte) values[random.nextInt(values.length)];
    }
    if (random.nextBoolean()) {
      for (int at : s.highHalves()) {
        for (int i = 0; i < 4; i++) {
          image[at + i] = 0;
        }
      }
    }
    return image;
  }

  /** What Java answers for one image: a line in the C program's format. */
  private static String javaLine(Subject s, byte[] image, int len) {
    StringBuilder line = new StringBuilder();
    ByteBuffer b = ByteBuffer.wrap(image.clone()).limit(len);
    line.append(code(() -> s.validate().validate(b)));
    if (len == s.size()) {
      for (Getter g : s.getters()) {
        line.append(' ').append(Long.toHexString(g.java().applyAsLong(b)));
      }
    }
    if (s.translate() != null) {
      ByteBuffer dst = ByteBuffer.allocate(s.translatedSize());
      int rc = code(() -> s.translate().translate(b, dst));
      line.append(" t").append(rc);
      if (rc == 0) {
        line.append(' ');
        for (byte x : dst.array()) {
          line.append(String.format(Locale.ROOT, "%02x", x & 0xff));
        }
      }
    }
    return line.toString();
  }

  private static int code(Runnable r) {
    try {
      r.run();
      return 0;
    } catch (AbiViolationException e) {
      return e.kind().ordinal() + 1;
    }
  }

  /** The C program: reads (length, image) records of one subject from stdin, prints a line each. */
  private static String program() {
    StringBuilder c = new StringBuilder();
    c.append("#include <stdio.h>\n#include <stdint.h>\n#include <string.h>\n");
    c.append("#include \"xen_hvm_modified_memory.h\"\n");
    c.append("#include \"xen_mem_access_op.h\"\n");
    c.append("#include \"xen_memory_reservation.h\"\n");
    c.append("_Static_assert(XENMEM_access_op_set_access == 0, \"Xen 4.6 numbering\");\n");
    c.append("_Static_assert(XENMEM_access_op_get_access == 1, \"Xen 4.6 numbering\");\n");
    c.append("_Static_assert(XENMEM_access_op_set_access_multi == 4, \"Xen 4.8\");\n");
    c.append("_Static_assert(sizeof(struct xen_memory_reservation) == 32, \"x86_64\");\n");
    c.append("_Static_assert(sizeof(struct compat_xen_memory_reservation) == 20, \"x86_32\");\n");
    c.append("int main(int argc, char **argv) {\n");
    c.append("  unsigned char image[64], out[64];\n  int len, i;\n");
    c.append("  if (argc != 2) { return 2; }\n");
    c.append("  while (fread(&len, sizeof len, 1, stdin) == 1) {\n");
    c.append("    if (fread(image, 1, 64, stdin) != 64) { return 3; }\n");
    for (int k = 0; k < SUBJECTS.size(); k++) {
      Subject s = SUBJECTS.get(k);
      c.append("    if (argv[1][0] == '").append(k).append("') {\n");
      c.append("      printf(\"%d\", ")
          .append(s.name())
          .append("_validate")
          .append(s.suffix())
          .append("(image, (size_t) len));\n");
      c.append("      if (len == ").append(s.size()).append(") {\n");
      for (Getter g : s.getters()) {
        c.append("        printf(\" %llx\", (unsigned long long) ")
            .append(s.name())
            .append('_')
            .append(g.c())
            .append(s.suffix())
            .append("(image));\n");
      }
      c.append("      }\n");
      if (s.translate() != null) {
        String fn = s.name() + (s.compat() ? "_compat_to_native" : "_native_to_compat");
        c.append("      memset(out, 0, sizeof out);\n");
        c.append("      {\n        int rc = ")
            .append(fn)
            .append("(image, (size_t) len, out, ")
            .append(s.translatedSize())
            .append(");\n");
        c.append("        printf(\" t%d\", rc);\n");
        c.append("        if (rc == 0) {\n          printf(\" \");\n");
        c.append("          for (i = 0; i < ")
            .append(s.translatedSize())
            .append("; i++) { printf(\"%02x\", out[i]); }\n        }\n      }\n");
      }
      c.append("    }\n");
    }
    c.append("    printf(\"\\n\");\n  }\n  return 0;\n}\n");
    return c.toString();
  }

  /** Runs {@code command} with {@code input} (a file, so that neither side waits on a pipe). */
  private String run(List<String> command, byte[] input) throws IOException, InterruptedException {
    Path in = Files.write(Files.createTempFile(work, "input", ".bin"), input);
    Process p =
        new ProcessBuilder(command).redirectInput(in.toFile()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), String.join(" ", command));
    assertEquals(0, p.exitValue(), String.join(" ", command) + ":\n" + output);
    return output;
  }

  @Test
  void headersAgreeWithJavaOnRandomImagesOfEveryStructAndAbi()
      throws IOException, InterruptedException {
    String gcc = gcc();
    assumeTrue(
        gcc != null, "gcc is not installed: the struct agreement test is SKIPPED, not passed");
    Path source = work.resolve("structs.c");
    Files.writeString(source, program());
    Path binary = work.resolve("structs");
    String compiled =
        run(
            List.of(
                gcc,
                "-std=c99",
                "-Wall",
                "-Wextra",
                "-Werror",
                "-I",
                headers.toString(),
                "-o",
                binary.toString(),
                source.toString()),
            new byte[0]);
    assertEquals("", compiled, "the headers must compile without a single warning");

    SplittableRandom random = new SplittableRandom(20150701); // Xen 4.5 -> 4.6
    for (int k = 0; k < SUBJECTS.size(); k++) {
      Subject s = SUBJECTS.get(k);
      ByteBuffer records = ByteBuffer.allocate(IMAGES * 68).order(java.nio.ByteOrder.nativeOrder());
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < IMAGES; i++) {
        byte[] image = image(s, random);
        int len = random.nextInt(50) == 0 ? s.size() - 1 : s.size();
        records.putInt(len).put(image).put(new byte[64 - image.length]);
        expected.add(javaLine(s, image, len));
      }
      String output = run(List.of(binary.toString(), "" + k), records.array());
      List<String> got = List.of(output.split("\n"));
      assertEquals(IMAGES, got.size(), s.label());
      for (int i = 0; i < IMAGES; i++) {
        assertEquals(expected.get(i), got.get(i), s.label() + ", image " + i);
      }
      long valid = expected.stream().filter(l -> l.startsWith("0")).count();
      assertTrue(
          s == MODIFIED_MEMORY ? valid == 0 : valid > IMAGES / 4,
          s.label() + ": " + valid + " valid images");
    }
  }

  /** The i386 layout checks of every struct header hold: gcc -m32 -ffreestanding, no libc. */
  @Test
  void headersCompileForI386() throws IOException, InterruptedException {
    String gcc = gcc();
    assumeTrue(gcc != null, "gcc is not installed: the i386 header check is SKIPPED, not passed");
    Path source = work.resolve("i386.c");
    Files.writeString(
        source,
        "#include \"xen_hvm_modified_memory.h\"\n"
            + "#include \"xen_mem_access_op.h\"\n"
            + "#include \"xen_memory_reservation.h\"\n"
            + "_Static_assert(sizeof(struct xen_hvm_modified_memory) == 16, \"x86_32\");\n"
            + "_Static_assert(offsetof(struct xen_hvm_modified_memory, first_pfn) == 8, \"x86_32\");\n"
            + "_Static_assert(sizeof(struct xen_memory_reservation) == 20, \"x86_32\");\n"
            + "_Static_assert(offsetof(struct xen_memory_reservation, domid) == 16, \"x86_32\");\n"
            + "int abilock_i386_unit;\n");
    String compiled =
        run(
            List.of(
                gcc,
                "-std=c11",
                "-m32",
                "-ffreestanding",
                "-Wall",
                "-Wextra",
                "-Werror",
                "-pedantic",
                "-I",
                headers.toString(),
                "-c",
                "-o",
                work.resolve("i386.o").toString(),
                source.toString()),
            new byte[0]);
    assertEquals("", compiled);
  }
}
