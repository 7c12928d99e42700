package dev.abilock.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.abilock.Compat;
import dev.abilock.core.model.Retirement;
import dev.abilock.core.model.struct.Abi;
import dev.abilock.core.model.struct.Member;
import dev.abilock.core.model.struct.StructDecl;
import dev.abilock.core.model.struct.StructLayout;
import dev.abilock.processor.write.StructCodecWriter;
import dev.abilock.processor.write.StructHeaderWriter;
import dev.abilock.runtime.AbiViolationException;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Struct headers through gcc: they compile as C99 {@code -pedantic}, C11, C++ and i386
 * freestanding, and agree with the generated Java codec on seeded random images in both ABIs.
 * Skipped, and said so, without gcc.
 */
class StructHeaderWriterTest {
  static final int IMAGES = 10_000;

  static final StructDecl RETIRED_HVM =
      new StructDecl(
          "retired_hvm",
          "org.example.xen.RetiredHvm",
          Compat.SAME,
          StructCodecWriterTest.HVM.slots(),
          List.of(),
          new Retirement("4.9", "moved to dm_op"));

  static final List<StructDecl> STRUCTS =
      List.of(
          StructCodecWriterTest.HVM,
          StructCodecWriterTest.ACCESS,
          StructCodecWriterTest.RESERVATION,
          RETIRED_HVM);

  @TempDir Path dir;

  @Test
  void headersCompileForEveryAbiAndLanguage() throws Exception {
    String gcc = tool("gcc");
    assumeTrue(
        gcc != null, "gcc is not installed: the struct header checks are SKIPPED, not passed");
    StringBuilder all = new StringBuilder();
    for (StructDecl s : STRUCTS) {
      Files.writeString(dir.resolve(StructHeaderWriter.fileName(s)), StructHeaderWriter.write(s));
      all.append("#include \"").append(StructHeaderWriter.fileName(s)).append("\"\n");
    }
    // Word headers define the same status codes behind the same guards.
    all.append("int main(void) { return ABILOCK_OK + ABILOCK_E_SHORT_IMAGE - 6; }\n");
    Files.writeString(dir.resolve("all.c"), all.toString());
    String[] common = {"-Wall", "-Wextra", "-Werror", "-pedantic", "-c", "all.c", "-o", "all.o"};
    run(dir, concat(List.of(gcc, "-std=c99"), common));
    run(dir, concat(List.of(gcc, "-std=c11"), common));
    run(dir, concat(List.of(gcc, "-std=c99", "-m32", "-ffreestanding"), common));
    run(dir, concat(List.of(gcc, "-std=c11", "-m32", "-ffreestanding"), common));
    String gpp = tool("g++");
    if (gpp != null) {
      Files.copy(dir.resolve("all.c"), dir.resolve("all.cc"));
      run(dir, gpp, "-std=c++11", "-Wall", "-Wextra", "-Werror", "-pedantic", "-c", "all.cc");
    }
  }

  @Test
  void aWrongLayoutFailsTheCompileTimeChecks() throws Exception {
    String gcc = tool("gcc");
    assumeTrue(
        gcc != null, "gcc is not installed: the struct header checks are SKIPPED, not passed");
    String header = StructHeaderWriter.write(StructCodecWriterTest.HVM);
    // A hand edit that moves nr: the frozen offsets no longer hold.
    String edited = header.replace("  uint32_t nr;", "  uint16_t nr;");
    assertTrue(!edited.equals(header));
    Files.writeString(dir.resolve("h.h"), edited);
    Files.writeString(dir.resolve("h.c"), "#include \"h.h\"\n");
    Process p =
        new ProcessBuilder(gcc, "-std=c99", "-c", "h.c", "-o", "h.o")
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertTrue(p.exitValue() != 0, "compiled despite a moved member:\n" + out);
  }

  @Test
  void headersAreDeterministicAndNameTheRetired() {
    String h = StructHeaderWriter.write(StructCodecWriterTest.ACCESS);
    assertEquals(h, StructHeaderWriter.write(StructCodecWriterTest.ACCESS));
    assertTrue(h.contains("#define XENMEM_access_op_set_access_multi 4"), h);
    assertTrue(
        h.contains(
            " *   XENMEM_access_op_enable_emulate 2: retired in 4.7: emulation moved to vm_event"),
        h);
    assertTrue(!h.contains("#define XENMEM_access_op_enable_emulate"), h);
    String r = StructHeaderWriter.write(StructCodecWriterTest.RESERVATION);
    assertTrue(r.contains("struct compat_xen_memory_reservation {"), r);
    assertTrue(r.contains("#if defined(__i386__)\n  uint8_t pad[2];"), r);
  }

  /**
   * C and Java agree on {@value #IMAGES} seeded images per struct and ABI, valid and corrupted: the
   * same verdict, the same member values, the same translations.
   */
  @Test
  void cAndJavaAgreeOnRandomImages() throws Exception {
    String gcc = tool("gcc");
    assumeTrue(gcc != null, "gcc is not installed: the C/Java agreement is SKIPPED, not passed");
    long cases = 0;
    for (StructDecl s : STRUCTS) {
      cases += agree(gcc, s);
    }
    System.out.println("StructHeaderWriterTest: " + cases + " images agreed through gcc");
  }

  private long agree(String gcc, StructDecl s) throws IOException, InterruptedException {
    StructCodecWriterTest.Loaded codec = new StructCodecWriterTest.Loaded(s);
    Path work = Files.createDirectories(dir.resolve(s.name()));
    Files.writeString(work.resolve(StructHeaderWriter.fileName(s)), StructHeaderWriter.write(s));
    boolean translated = s.compat() == Compat.TRANSLATED;
    List<Abi> abis = s.compat() == Compat.NONE ? List.of(Abi.X86_64) : s.abis();
    SplittableRandom r = new SplittableRandom(0x5eed21L);
    StringBuilder input = new StringBuilder();
    List<String> expected = new ArrayList<>();
    for (Abi abi : abis) {
      // SAME structs have one layout: their x86_32 images go through the native helpers.
      boolean compat = translated && abi == Abi.X86_32;
      StructLayout layout = s.layoutOn(abi);
      for (int n = 0; n < IMAGES; n++) {
        byte[] image = StructCodecWriterTest.randomImage(r, s, layout);
        input
            .append(compat ? 'c' : 'n')
            .append(' ')
            .append(image.length)
            .append(' ')
            .append(image.length == 0 ? "-" : HexFormat.of().formatHex(image))
            .append('\n');
        expected.add(javaLine(codec, s, image, compat, translated));
      }
    }
    Files.writeString(work.resolve("images.txt"), input.toString());
    Files.writeString(work.resolve("main.c"), harness(s, translated));
    run(work, gcc, "-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic", "-o", "main", "main.c");
    String output = run(work, work.resolve("main").toString(), "images.txt");
    List<String> lines = output.lines().toList();
    assertEquals(expected.size(), lines.size());
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(
          expected.get(i), lines.get(i), s.name() + ": image " + (i + 1) + " of images.txt");
    }
    return expected.size();
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

  /** What the harness prints for one image: verdict, member bits, translation. */
  private static String javaLine(
      StructCodecWriterTest.Loaded codec,
      StructDecl s,
      byte[] image,
      boolean compat,
      boolean translated) {
    String suffix = compat ? "Compat" : "";
    ByteBuffer b = ByteBuffer.wrap(image).order(ByteOrder.BIG_ENDIAN);
    StringBuilder line = new StringBuilder();
    try {
      codec.call("validate" + suffix, b, 0);
      line.append(0);
      for (Member m : s.members()) {
        if (m.isRetired()) {
          continue;
        }
        String getter = StructCodecWriter.defaultJava(m).name() + suffix;
        long v = ((Number) codec.call(getter, b, 0)).longValue();
        int size = s.layoutOn(compat ? Abi.X86_32 : Abi.X86_64).placed(m.name()).get().size();
        long mask = size == 8 ? -1L : (1L << (size * 8)) - 1;
        line.append(' ').append(Long.toHexString(v & mask));
      }
    } catch (AbiViolationException e) {
      line.append(code(e));
    }
    if (translated) {
      int toSize = s.layoutOn(compat ? Abi.X86_64 : Abi.X86_32).size();
      ByteBuffer dst = ByteBuffer.allocate(toSize);
      try {
        codec.call(compat ? "compatToNative" : "nativeToCompat", b, 0, dst, 0);
        line.append(" t0 ").append(HexFormat.of().formatHex(dst.array()));
      } catch (AbiViolationException e) {
        line.append(" t").append(code(e));
      }
    }
    return line.toString();
  }

  private static String harness(StructDecl s, boolean translated) {
    String n = s.name();
    StringBuilder c = new StringBuilder();
    c.append("#include <stdio.h>\n#include <string.h>\n#include \"").append(n).append(".h\"\n\n");
    c.append("static void values(const unsigned char *p, int compat) {\n");
    for (Member m : s.members()) {
      if (m.isRetired()) {
        continue;
      }
      if (translated) {
        c.append("  printf(\" %llx\", (unsigned long long)(compat ? ")
            .append(n)
            .append('_')
            .append(m.name())
            .append("_compat(p) : ")
            .append(n)
            .append('_')
            .append(m.name())
            .append("(p)));\n");
      } else {
        c.append("  printf(\" %llx\", (unsigned long long)")
            .append(n)
            .append('_')
            .append(m.name())
            .append("(p));\n");
      }
    }
    c.append("  (void)p;\n  (void)compat;\n}\n\n");
    c.append("int main(int argc, char **argv) {\n");
    c.append(
        "  static char hex[4096];\n  unsigned char image[1024];\n  unsigned char out[1024];\n");
    c.append("  char kind;\n  size_t len, i;\n  int rc;\n  (void)out;\n");
    c.append("  FILE *f = argc > 1 ? fopen(argv[1], \"r\") : NULL;\n");
    c.append("  if (f == NULL) {\n    return 2;\n  }\n");
    c.append("  while (fscanf(f, \" %c %lu %4095s\", &kind, (unsigned long *)&len, hex) == 3) {\n");
    c.append("    for (i = 0; i < len; i++) {\n");
    c.append("      unsigned int byte;\n      sscanf(hex + 2 * i, \"%2x\", &byte);\n");
    c.append("      image[i] = (unsigned char)byte;\n    }\n");
    if (translated) {
      c.append("    rc = kind == 'c' ? ")
          .append(n)
          .append("_validate_compat(image, len) : ")
          .append(n)
          .append("_validate(image, len);\n");
    } else {
      c.append("    rc = ").append(n).append("_validate(image, len);\n");
    }
    c.append("    printf(\"%d\", rc);\n");
    c.append("    if (rc == ABILOCK_OK) {\n      values(image, kind == 'c');\n    }\n");
    if (translated) {
      String up = n.toUpperCase(java.util.Locale.ROOT);
      c.append("    memset(out, 0, sizeof out);\n");
      c.append("    rc = kind == 'c' ? ")
          .append(n)
          .append("_compat_to_native(image, len, out, ")
          .append(up)
          .append("_SIZE) : ")
          .append(n)
          .append("_native_to_compat(image, len, out, ")
          .append(up)
          .append("_COMPAT_SIZE);\n");
      c.append("    printf(\" t%d\", rc);\n");
      c.append("    if (rc == ABILOCK_OK) {\n      size_t to = kind == 'c' ? ")
          .append(up)
          .append("_SIZE : ")
          .append(up)
          .append("_COMPAT_SIZE;\n      printf(\" \");\n");
      c.append(
          "      for (i = 0; i < to; i++) {\n        printf(\"%02x\", out[i]);\n      }\n    }\n");
    }
    c.append("    printf(\"\\n\");\n  }\n  fclose(f);\n  return 0;\n}\n");
    return c.toString();
  }

  private static List<String> concat(List<String> head, String... tail) {
    List<String> all = new ArrayList<>(head);
    all.addAll(List.of(tail));
    return all;
  }

  private static String run(Path dir, List<String> command)
      throws IOException, InterruptedException {
    return run(dir, command.toArray(String[]::new));
  }

  private static String run(Path dir, String... command) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " hung");
    }
    assertEquals(0, p.exitValue(), String.join(" ", command) + " failed:\n" + out);
    return out;
  }

  private static String tool(String name) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(d, name))) {
        return Path.of(d, name).toString();
      }
    }
    return null;
  }
}
