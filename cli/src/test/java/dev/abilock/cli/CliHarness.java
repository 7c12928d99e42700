package dev.abilock.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Runs the CLI in process and builds manifest pairs by hand edits of small fixtures. */
final class CliHarness {
  private CliHarness() {}

  /** Exit code and captured output of one run. */
  record Run(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- out ---\n" + out + "--- err ---\n" + err;
    }
  }

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = AbilockCli.run(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(exit, out.toString(), err.toString());
  }

  /** A diff of {@code oldText} against {@code newText}, both written to {@code dir}. */
  static Run diff(Path dir, String oldText, String newText, String... options) throws IOException {
    Path old = write(dir.resolve("old.manifest"), oldText);
    Path now = write(dir.resolve("new.manifest"), newText);
    List<String> args = new ArrayList<>(List.of("diff"));
    args.addAll(Arrays.asList(options));
    args.add(old.toString());
    args.add(now.toString());
    return run(args.toArray(String[]::new));
  }

  /**
   * The problems a malformed-manifest message lists, as {@code "<line> <id>"}: {@code "12
   * manifest-bad-mask"}.
   */
  static List<String> problems(String err) {
    List<String> found = new ArrayList<>();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(?m)^  line (\\d+): \\[([a-z0-9-]+)\\] ").matcher(err);
    while (m.find()) {
      found.add(m.group(1) + " " + m.group(2));
    }
    return found;
  }

  static Path write(Path path, String text) throws IOException {
    Files.createDirectories(path.toAbsolutePath().getParent());
    Files.writeString(path, text, StandardCharsets.UTF_8);
    return path;
  }

  /** A manifest file: header, the lines, trailer. */
  static String manifest(String... blocks) {
    StringBuilder out = new StringBuilder("# abilock manifest 1\n# test fixture\n");
    for (String block : blocks) {
      out.append(block);
    }
    return out.append("# end\n").toString();
  }

  /**
   * {@code text} with the whole line {@code from} replaced by {@code to} (which must be there
   * once).
   */
  static String edit(String text, String from, String to) {
    String line = "\n" + from + "\n";
    int at = text.indexOf(line);
    assertTrue(
        at >= 0 && text.indexOf(line, at + 1) < 0, "fixture has exactly one line '" + from + "'");
    return text.substring(0, at) + "\n" + to + "\n" + text.substring(at + line.length());
  }

  /** {@code text} without the given whole lines. */
  static String without(String text, String... lines) {
    String result = text;
    for (String line : lines) {
      result = edit(result, line, "\u0000");
    }
    return result.replace("\n\u0000\n", "\n");
  }

  // A memory_op modelled on Xen 3.4 .. 4.5 (shift 6), an opcode-less batch word, a 64-bit word
  // that only uses its low 32 bits.
  static final String MEMORY_OP =
      """
      continuable memory_op class org.example.xen.MemoryOp published 3.4
        width 64 published 3.4
        compat-width 32 published 3.4
        opcode cmd bits 0..5 mask 0x000000000000003f published 3.4
        opcode cmd compat-bits 0..5 compat-mask 0x0000003f published 3.4
        field start_extent shifted bits 6..63 mask 0xffffffffffffffc0 published 3.4
        field start_extent shifted compat-bits 6..31 compat-mask 0xffffffc0 published 3.4
        field start_iter in-place bits 6..63 mask 0xffffffffffffffc0 published 4.5
        field start_iter in-place compat-bits 6..31 compat-mask 0xffffffc0 published 4.5
        op XENMEM_increase_reservation 0 published 3.4
        op XENMEM_increase_reservation 0 continues start_extent published 3.4
        op XENMEM_maximum_ram_page 2 published 3.4
        op XENMEM_access_op 21 published 4.5
        op XENMEM_access_op 21 continues start_iter published 4.5
      """;

  static final String BATCH_OP =
      """
      continuable batch_op class org.example.BatchOp published 1.0
        width 32 published 1.0
        field count shifted bits 0..15 mask 0x0000ffff published 1.0
        field preempted shifted bits 31..31 mask 0x80000000 published 1.0
      """;

  static final String LEGACY_OP =
      """
      continuable legacy_op class org.example.LegacyOp published 2.0
        width 64 published 2.0
        opcode cmd bits 0..11 mask 0x0000000000000fff published 2.0
        field arg in-place bits 12..31 mask 0x00000000fffff000 published 2.0
        op LEGACY_copy 5 published 2.0
        op LEGACY_flush 12 published 2.0
        op LEGACY_flush 12 continues arg published 2.0
      """;

  /** All three fixtures, every line published. */
  static final String BASE = manifest(BATCH_OP, LEGACY_OP, MEMORY_OP);
}
