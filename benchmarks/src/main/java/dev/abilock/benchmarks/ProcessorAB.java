package dev.abilock.benchmarks;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.annotation.processing.Processor;

/**
 * Two builds of the processor against each other, in one JVM: each loaded with its own core by a
 * class loader of its own, they compile the same N synthetic handlers ({@link
 * ProcessorCost#writeSources}) in check mode, in alternating pairs, each side first in half of
 * them. Alternating in one JVM cancels what makes separate runs of {@link ProcessorCost} unusable
 * for a change of a few percent on this machine: the CPU's speed drifts by up to 2x from run to
 * run, and with it every time in a run. Prints each pair, then the medians and ranges of new / old
 * for the processor's own CPU time and for the whole compile.
 *
 * <pre>
 * java -Xms4g -Xmx4g -Xmn3g -XX:+UseParallelGC -cp &lt;benchmarks classpath&gt; \
 *     dev.abilock.benchmarks.ProcessorAB N PAIRS OLD_JARS NEW_JARS
 * </pre>
 *
 * where each {@code *_JARS} is a path list of that build's processor, core and annotations jars
 * (for the old side, from a worktree of the baseline commit built with {@code mvn package -pl
 * processor -am -DskipTests}).
 */
final class ProcessorAB {
  private ProcessorAB() {}

  public static void main(String[] args) throws Exception {
    int n = Integer.parseInt(args[0]);
    int pairs = Integer.parseInt(args[1]);
    Path dir = Files.createTempDirectory("abilock-ab-" + n + "-");
    try (URLClassLoader old = loader(args[2]);
        URLClassLoader current = loader(args[3])) {
      List<Path> handlers = ProcessorCost.writeSources(dir.resolve("src"), n);
      Path manifest = dir.resolve("abilock.manifest");
      // Both builds write the same manifest: publish it once, with the new one.
      ProcessorCost.compile(
          handlers,
          dir.resolve("setup"),
          dir.resolve("setup-gen"),
          List.of(
              "-Aabilock.manifest=" + manifest, "-Aabilock.mode=update", "-Aabilock.release=1.0"),
          processor(current));
      List<String> check = List.of("-Aabilock.manifest=" + manifest);
      for (int w = 0; w < 2; w++) {
        compile(handlers, dir.resolve("warm-old-" + w), check, old);
        compile(handlers, dir.resolve("warm-new-" + w), check, current);
      }
      double[] inside = new double[pairs];
      double[] whole = new double[pairs];
      for (int i = 0; i < pairs; i++) {
        double[] before;
        double[] after;
        if (i % 2 == 0) {
          before = compile(handlers, dir.resolve("old-" + i), check, old);
          after = compile(handlers, dir.resolve("new-" + i), check, current);
        } else {
          after = compile(handlers, dir.resolve("new-" + i), check, current);
          before = compile(handlers, dir.resolve("old-" + i), check, old);
        }
        whole[i] = after[0] / before[0];
        inside[i] = after[1] / before[1];
        System.out.printf(
            Locale.ROOT,
            "pair %d: old compile %.0f ms, inside %.0f | new compile %.0f ms, inside %.0f%n",
            i,
            before[0],
            before[1],
            after[0],
            after[1]);
      }
      System.out.printf(
          Locale.ROOT,
          "N = %d, %d pairs, new / old: processor %s, whole compile %s%n",
          n,
          pairs,
          spread(inside),
          spread(whole));
    } finally {
      ProcessorCost.delete(dir);
    }
  }

  /** {compile ms, ms inside the processor}, CPU time of this thread; the output is deleted. */
  private static double[] compile(
      List<Path> handlers, Path out, List<String> options, ClassLoader l) throws Exception {
    ProcessorCost.Timed timed = new ProcessorCost.Timed(processor(l));
    double ms = ProcessorCost.compile(handlers, out, Path.of(out + "-gen"), options, timed);
    ProcessorCost.delete(out);
    ProcessorCost.delete(Path.of(out + "-gen"));
    return new double[] {ms, timed.nanos / 1e6};
  }

  private static String spread(double[] ratios) {
    double[] sorted = ratios.clone();
    Arrays.sort(sorted);
    return String.format(
        Locale.ROOT,
        "%.3f (%.3f-%.3f)",
        ProcessorCost.median(ratios),
        sorted[0],
        sorted[sorted.length - 1]);
  }

  private static Processor processor(ClassLoader l) throws ReflectiveOperationException {
    return (Processor)
        l.loadClass("dev.abilock.processor.AbilockProcessor")
            .getDeclaredConstructor()
            .newInstance();
  }

  /** A loader of {@code jars} alone, above the platform's: the two builds share no class. */
  private static URLClassLoader loader(String jars) throws IOException {
    String[] paths = jars.split(java.io.File.pathSeparator);
    URL[] urls = new URL[paths.length];
    for (int i = 0; i < paths.length; i++) {
      try {
        urls[i] = Path.of(paths[i]).toUri().toURL();
      } catch (MalformedURLException e) {
        throw new IOException(paths[i], e);
      }
    }
    return new URLClassLoader(urls, ClassLoader.getPlatformClassLoader());
  }
}
