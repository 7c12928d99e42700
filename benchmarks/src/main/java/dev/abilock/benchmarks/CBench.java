package dev.abilock.benchmarks;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The generated C helpers against hand-written C, by instruction count: compiles {@code
 * src/main/c/cbench.c} against the headers with gcc -O2 and runs it under valgrind's callgrind,
 * which counts instructions exactly whatever else the machine runs. Each measured loop is a
 * function of its own, and its cost is inclusive: what it spends itself and in what it calls (gcc
 * splits part of a large inline helper out into a {@code .part} function it calls); the pair's
 * empty loop over the same arrays is subtracted, leaving the helpers' instructions per word.
 */
final class CBench {
  static final String GCC_FLAGS = "-O2 -std=c99 -Wall -Wextra -Werror";

  /** One pair: instructions per word of the generated and the hand-written helpers. */
  record Row(String name, double generated, double hand) {
    double ratio() {
      return generated / hand;
    }
  }

  /** The rows, or why there are none. */
  record Outcome(List<Row> rows, String gcc, String valgrind, String skipped) {}

  private CBench() {}

  static Outcome measure(Path source, Path headers, Path work)
      throws IOException, InterruptedException {
    Optional<Path> gcc = onPath("gcc");
    Optional<Path> valgrind = onPath("valgrind");
    if (gcc.isEmpty() || valgrind.isEmpty()) {
      return new Outcome(
          List.of(), "", "", (gcc.isEmpty() ? "gcc" : "valgrind") + " is not on the PATH");
    }
    Files.createDirectories(work);
    Path binary = work.resolve("cbench");
    Path profile = work.resolve("cbench.callgrind");
    List<String> compile = new ArrayList<>(List.of(gcc.get().toString()));
    compile.addAll(List.of(GCC_FLAGS.split(" ")));
    compile.addAll(List.of("-I", headers.toString(), source.toString(), "-o", binary.toString()));
    run(compile);
    String out =
        run(
            List.of(
                valgrind.get().toString(),
                "-q",
                "--tool=callgrind",
                "--callgrind-out-file=" + profile,
                "--compress-strings=no",
                "--compress-pos=no",
                binary.toString()));

    int words = 0;
    List<String> pairs = new ArrayList<>();
    for (String line : out.split("\n")) {
      if (line.startsWith("words ")) {
        words = Integer.parseInt(line.substring(6).trim());
      } else if (line.startsWith("pair ")) {
        pairs.add(line.substring(5).trim());
      }
    }
    Map<String, Long> cost = inclusiveCost(Files.readAllLines(profile));
    List<Row> rows = new ArrayList<>();
    for (String pair : pairs) {
      long empty = cost.get(pair + "Empty");
      rows.add(
          new Row(
              pair,
              (cost.get(pair + "Generated") - empty) / (double) words,
              (cost.get(pair + "Hand") - empty) / (double) words));
    }
    return new Outcome(
        rows,
        firstLine(run(List.of(gcc.get().toString(), "--version"))),
        firstLine(run(List.of(valgrind.get().toString(), "--version"))),
        null);
  }

  /**
   * Instructions spent in each function and in what it calls, from an uncompressed callgrind
   * profile: cost lines ({@code <line> <Ir>}) add to the function named by the last {@code fn=},
   * the line after {@code calls=} being the callee's inclusive cost. A loop that calls nothing
   * costs what it spends itself.
   */
  static Map<String, Long> inclusiveCost(List<String> profile) {
    Map<String, Long> cost = new HashMap<>();
    String function = null;
    for (String line : profile) {
      if (line.startsWith("fn=")) {
        function = line.substring(3);
      } else if (!line.isEmpty() && Character.isDigit(line.charAt(0)) && function != null) {
        String[] parts = line.trim().split("\\s+");
        cost.merge(function, Long.parseLong(parts[parts.length - 1]), Long::sum);
      }
    }
    return cost;
  }

  static Optional<Path> onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, tool);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * Runs a command, returning its standard output; its failure (the harness's disagreement
   * included) is an error.
   */
  private static String run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", command) + " exited " + p.exitValue());
    }
    return out;
  }

  private static String firstLine(String text) {
    return text.lines().findFirst().orElse("").trim();
  }
}
