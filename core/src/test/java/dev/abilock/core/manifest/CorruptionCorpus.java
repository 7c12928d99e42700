package dev.abilock.core.manifest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The corruption corpus ({@code corpus/} beside this class): broken manifests, each with the
 * problems every reader must report for it. The compiler, {@code abilock check} and {@code abilock
 * diff} are held to the same list (the processor's and the CLI's tests read it through core's test
 * jar), and the parser fuzz test starts from these files.
 */
public final class CorruptionCorpus {
  private CorruptionCorpus() {}

  /**
   * One file of the corpus.
   *
   * @param name file name without {@code .manifest}
   * @param bytes the file
   * @param problems what a reader reports, {@code "<line> <id>"} in order; empty for a valid file
   */
  public record Entry(String name, byte[] bytes, List<String> problems) {
    public boolean valid() {
      return problems.isEmpty();
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** Every entry, in the order of {@code corpus/index.tsv}. */
  public static List<Entry> entries() {
    List<Entry> entries = new ArrayList<>();
    for (String line : new String(resource("index.tsv"), StandardCharsets.UTF_8).split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] cells = line.split("\t");
      List<String> problems =
          cells[1].equals("valid") ? List.of() : Arrays.asList(cells[1].split(", "));
      entries.add(new Entry(cells[0], resource(cells[0] + ".manifest"), List.copyOf(problems)));
    }
    return entries;
  }

  /** The valid manifest every corruption starts from: {@code test.Ring}, published at 1.0. */
  public static byte[] valid() {
    return resource("valid.manifest");
  }

  /** The source of {@code test.Ring}, whose published manifest is {@link #valid()}. */
  public static final String[] RING = {
    "package test;",
    "import dev.abilock.*;",
    "@Continuable(name = \"ring\", width = 32)",
    "public class Ring {",
    "  @Op(continues = \"count\") public static final int RING_push = 0;",
    "  @Op(continues = \"flag\") public static final int RING_reset = 1;",
    "  @Op public static final int RING_drain = 2;",
    "  @Opcode(bits = 8) int op;",
    "  @ContinuationField(shift = 8, bits = 24) int count;",
    "  @ContinuationField(shift = 8, bits = 1) boolean flag;",
    "}"
  };

  /**
   * The problems of a malformed-manifest message, as {@code "<line> <id>"}, in the order printed.
   */
  public static List<String> problemsIn(String message) {
    List<String> found = new ArrayList<>();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(?m)^\\s*line (\\d+): \\[([a-z0-9-]+)\\] ")
            .matcher(message);
    while (m.find()) {
      found.add(m.group(1) + " " + m.group(2));
    }
    return found;
  }

  private static byte[] resource(String name) {
    try (InputStream in = CorruptionCorpus.class.getResourceAsStream("corpus/" + name)) {
      if (in == null) {
        throw new IllegalStateException("no corpus file " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
