package dev.abilock.benchmarks;

import dev.abilock.processor.AbilockProcessor;
import dev.abilock.processor.check.Compatibility;
import dev.abilock.processor.manifest.Manifest;
import dev.abilock.processor.manifest.ManifestParser;
import dev.abilock.processor.model.Layout;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * What the processor adds to a compile: N synthetic continuables (4 fields, 16 ops each) compiled
 * in-process with and without abilock, in check mode against an in-sync, published manifest.
 */
final class ProcessorCost {
  /** One size's result, times in milliseconds (medians). */
  record Row(int n, double withoutMs, double withMs, double checkMs, int runs) {
    double perContinuableMs() {
      return (withMs - withoutMs) / n;
    }

    double checkShare() {
      return checkMs / withMs;
    }
  }

  private ProcessorCost() {}

  static Row measure(int n, int runs) throws IOException {
    Path dir = Files.createTempDirectory("abilock-cost-" + n + "-");
    try {
      List<Path> sources = writeSources(dir.resolve("src"), n);
      Path manifest = dir.resolve("abilock.manifest");
      compile(sources, dir.resolve("warm"), List.of("-Aabilock.manifest=" + manifest, "-Aabilock.mode=update",
          "-Aabilock.release=1.0"), true);
      double[] without = new double[runs];
      double[] with = new double[runs];
      double[] check = new double[runs];
      compile(sources, dir.resolve("warm"), List.of("-proc:none"), false); // warm the compiler itself
      for (int i = 0; i < runs; i++) {
        without[i] = compile(sources, dir.resolve("out-a" + i), List.of("-proc:none"), false);
        with[i] = compile(sources, dir.resolve("out-b" + i), List.of("-Aabilock.manifest=" + manifest), true);
        check[i] = checkOnly(manifest);
      }
      return new Row(n, median(without), median(with), median(check), runs);
    } finally {
      delete(dir);
    }
  }

  /**
   * The manifest check alone, on the same manifest: parse it, compare every published layout with
   * the declared one (gate B), compute and render the manifest the sources call for (gate A).
   */
  private static double checkOnly(Path manifestFile) throws IOException {
    byte[] bytes = Files.readAllBytes(manifestFile);
    long start = System.nanoTime();
    try {
      Manifest manifest = ManifestParser.parse(bytes);
      List<Layout> layouts = new ArrayList<>();
      int breaks = 0;
      for (String name : manifest.continuables()) {
        Layout declared = manifest.layout(name);
        layouts.add(declared);
        breaks += Compatibility.check(manifest.publishedLayout(name).orElseThrow(), declared).size();
      }
      String text = Manifest.of(layouts, manifest, null).render();
      if (breaks != 0 || !text.equals(new String(bytes, StandardCharsets.UTF_8))) {
        throw new IllegalStateException("the synthetic manifest should be in sync and compatible");
      }
    } catch (dev.abilock.processor.manifest.ManifestException e) {
      throw new IllegalStateException(e);
    }
    return (System.nanoTime() - start) / 1e6;
  }

  private static double compile(List<Path> sources, Path out, List<String> options, boolean processor)
      throws IOException {
    Files.createDirectories(out);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    try (StandardJavaFileManager files = javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8)) {
      Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(sources);
      List<String> args = new ArrayList<>(List.of("-d", out.toString(), "-s", out.toString(),
          "-classpath", System.getProperty("java.class.path"), "-proc:" + (processor ? "full" : "none")));
      args.addAll(options.stream().filter(o -> !o.startsWith("-proc")).toList());
      args.removeIf(a -> a.equals("-proc:full") && !processor);
      StringWriter diagnostics = new StringWriter();
      long start = System.nanoTime();
      JavaCompiler.CompilationTask task = javac.getTask(diagnostics, files, null, args, null, units);
      if (processor) {
        task.setProcessors(List.of(new AbilockProcessor()));
      }
      boolean ok = task.call();
      double ms = (System.nanoTime() - start) / 1e6;
      if (!ok) {
        throw new IllegalStateException("compile failed:\n" + diagnostics);
      }
      return ms;
    }
  }

  /** Class {@code C<i>}: an 8-bit opcode, two shifted fields, one in-place field, 16 ops. */
  static List<Path> writeSources(Path dir, int n) throws IOException {
    Path pkg = dir.resolve("bench");
    Files.createDirectories(pkg);
    List<Path> paths = new ArrayList<>();
    String[] continues = {"\"a\"", "{\"a\", \"b\"}", "\"c\"", "{}"};
    for (int i = 0; i < n; i++) {
      StringBuilder src = new StringBuilder("package bench;\nimport dev.abilock.*;\n\n");
      src.append("@Continuable(name = \"c").append(i).append("\", compatWidth = 32)\n");
      src.append("public final class C").append(i).append(" {\n");
      for (int op = 0; op < 16; op++) {
        src.append("  @Op(continues = ").append(continues[op % 4]).append(") static final int OP_").append(op)
            .append(" = ").append(op).append(";\n");
      }
      src.append("  @Opcode(bits = 8) int code;\n");
      src.append("  @ContinuationField(bits = 20, compatBits = 12) long a;\n");
      src.append("  @ContinuationField(bits = 20, compatBits = 0) int b;\n");
      src.append("  @ContinuationField(shift = 8, bits = 56, compatBits = 24, encoding = Encoding.IN_PLACE) long c;\n");
      src.append("}\n");
      Path file = pkg.resolve("C" + i + ".java");
      Files.writeString(file, src);
      paths.add(file);
    }
    return paths;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int m = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
