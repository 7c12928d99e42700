package dev.abilock.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the codec benchmarks (with the GC profiler) and the processor-cost harness, and writes
 * {@code docs/benchmarks.md}: the machine, the JDK, the command, and ratios generated /
 * hand-written with error bars.
 *
 * <p>Usage: {@code Report <output.md> [quick|full]}; quick is a smoke run, not a measurement.
 */
public final class Report {
  private static final String COMMAND = "mvn -B -ntp -Pbench -DskipTests clean verify";

  /** The largest error bar of a ratio that the full run accepts. */
  private static final double ERROR_BUDGET = 0.05;

  /** Forks of a pair run again for its error bar. */
  private static final int FORKS_AGAIN = 6;

  private Report() {}

  public static void main(String[] args) throws IOException, InterruptedException, RunnerException {
    Path output = Path.of(args.length > 0 ? args[0] : "docs/benchmarks.md");
    boolean quick = args.length > 1 && args[1].equals("quick");

    ChainedOptionsBuilder options =
        new OptionsBuilder()
            .include(CodecBenchmark.class.getSimpleName())
            .include(MixedStreamBenchmark.class.getSimpleName())
            .include(StructStreamBenchmark.class.getSimpleName())
            .addProfiler("gc");
    if (quick) {
      // Enough iterations for an error bar, too few to trust it.
      options
          .forks(1)
          .warmupIterations(2)
          .measurementIterations(3)
          .warmupTime(TimeValue.milliseconds(300))
          .measurementTime(TimeValue.milliseconds(300));
    }
    Map<String, Score> scores = scores(new Runner(options.build()).run());
    List<String> again = new ArrayList<>();
    if (!quick) {
      // A pair whose ratio is not known to within the budget runs again, alone, with twice the
      // forks (with its VarHandle side, where it has one).
      for (String pair : pairs(scores)) {
        if (!(Ratio.of(scores, pair).error() < ERROR_BUDGET)
            || (scores.containsKey(pair + "VarHandle")
                && !(Ratio.of(scores, pair, "VarHandle").error() < ERROR_BUDGET))) {
          again.add(pair);
          scores.putAll(
              scores(
                  new Runner(
                          new OptionsBuilder()
                              .include("\\." + Pattern.quote(pair) + "(Generated|Hand|VarHandle)$")
                              .addProfiler("gc")
                              .forks(FORKS_AGAIN)
                              .build())
                      .run()));
        }
      }
    }

    CBench.Outcome c =
        CBench.measure(
            Path.of(System.getProperty("abilock.bench.c", "benchmarks/src/main/c/cbench.c")),
            Path.of(System.getProperty("abilock.bench.headers", "examples/abi/include")),
            Path.of(System.getProperty("abilock.bench.work", "benchmarks/target/cbench")));

    List<ProcessorCost.Row> cost = new ArrayList<>();
    for (int n : new int[] {10, 100, 1000}) {
      cost.add(ProcessorCost.measure(n, quick ? 1 : (n == 1000 ? 5 : 9)));
      System.out.println("processor cost, N = " + n + ": " + cost.get(cost.size() - 1));
    }

    Files.createDirectories(output.toAbsolutePath().getParent());
    Files.writeString(output, render(scores, again, c, cost, quick));
    System.out.println("wrote " + output);
  }

  /** The flags of this JVM that bear on the compiles timed in it: heap and collector. */
  private static List<String> jvmFlags() {
    return java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("-X") && !a.startsWith("-XX:Flight"))
        .toList();
  }

  /** A benchmark's time and allocation, with the 99.9% confidence half-width JMH reports. */
  private record Score(double ns, double error, double bytesPerOp) {}

  /** Generated / hand-written time of a pair, and the error bar combining both errors. */
  private record Ratio(double value, double error) {
    static Ratio of(Map<String, Score> scores, String pair) {
      return of(scores, pair, "Hand");
    }

    /** Generated / {@code baseline} time ({@code Hand} or {@code VarHandle}). */
    static Ratio of(Map<String, Score> scores, String pair, String baseline) {
      Score gen = scores.get(pair + "Generated");
      Score hand = scores.get(pair + baseline);
      double ratio = gen.ns() / hand.ns();
      return new Ratio(
          ratio, ratio * Math.sqrt(sq(gen.error() / gen.ns()) + sq(hand.error() / hand.ns())));
    }
  }

  /**
   * Scores keyed by simple class name and method: {@code CodecBenchmark.memoryOpValidateGenerated}.
   */
  private static Map<String, Score> scores(Collection<RunResult> results) {
    Map<String, Score> scores = new TreeMap<>();
    for (RunResult r : results) {
      String name = r.getParams().getBenchmark();
      name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
      Result<?> alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
      scores.put(
          name,
          new Score(
              r.getPrimaryResult().getScore(),
              r.getPrimaryResult().getScoreError(),
              alloc == null ? Double.NaN : alloc.getScore()));
    }
    return scores;
  }

  /** The pairs, by name without the suffix: {@code MixedStreamBenchmark.memoryOpValidate}. */
  private static List<String> pairs(Map<String, Score> scores) {
    List<String> pairs = new ArrayList<>();
    for (String name : scores.keySet()) {
      String base =
          name.endsWith("Generated")
              ? name.substring(0, name.length() - "Generated".length())
              : null;
      if (base != null && scores.containsKey(base + "Hand")) {
        pairs.add(base);
      }
    }
    return pairs;
  }

  private static String render(
      Map<String, Score> scores,
      List<String> again,
      CBench.Outcome c,
      List<ProcessorCost.Row> cost,
      boolean quick)
      throws IOException {
    StringBuilder md = new StringBuilder("# Benchmarks\n\n");
    if (quick) {
      md.append(
              "**Smoke run (`-Dbench.quick=quick`): one fork of three short iterations, not a measurement; ")
          .append("error bars are not held to the budget.**\n\n");
    }
    md.append("Produced by `")
        .append(COMMAND)
        .append("` (the `bench` profile builds `benchmarks/` and runs ")
        .append("`dev.abilock.benchmarks.Report`, which rewrites this file).\n\n");
    md.append("- machine: ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" cores")
        .append(cpuModel())
        .append(", ")
        .append(System.getProperty("os.name"))
        .append(' ')
        .append(System.getProperty("os.arch"))
        .append('\n');
    md.append("- JDK: ")
        .append(System.getProperty("java.vm.name"))
        .append(' ')
        .append(System.getProperty("java.runtime.version"))
        .append('\n');
    md.append(
        "- JMH 1.37, AverageTime, `-prof gc`; the error is JMH's 99.9% confidence half-width.");
    if (!quick) {
      md.append(
              " Each class runs 3 forks of 8 one-second iterations after 5 of warm-up; a pair whose ratio's ")
          .append("error bar is ")
          .append(ERROR_BUDGET)
          .append(" or more runs again, alone, with ")
          .append(FORKS_AGAIN)
          .append(" forks")
          .append(again.isEmpty() ? " (none did)" : ": " + String.join(", ", again))
          .append('.');
    }
    md.append("\n\n");

    md.append("## Generated codecs against hand-written shifts and masks\n\n");
    md.append(
            "Each row pairs `<case>Generated` with `<case>Hand` from the same class, run, and JVM flags. ")
        .append(
            "Ratio = generated / hand-written time (lower is better; 1.00 is parity); its error bar ")
        .append(
            "combines both errors. Target: every ratio <= 1.05, and 0 B/op wherever the hand-written ")
        .append("code allocates nothing.\n\n");
    md.append("### Mixed streams\n\n");
    md.append("`MixedStreamBenchmark`: each case runs over a batch of ")
        .append(Streams.BATCH)
        .append(" valid words (seed ")
        .append(Streams.SEED)
        .append(") whose ops are drawn uniformly from the ")
        .append(
            "layout's ops, continuing or not, with progress of random magnitude; times are per word. ")
        .append(
            "`Validate` reads every getter after `validate`; `DecodeFields` reads the record's components ")
        .append(
            "in place; `Decode` lets the record escape into a Blackhole; `Encode` encodes the same words' ")
        .append("fields.\n\n");
    pairs(md, scores, "MixedStreamBenchmark.", quick);
    md.append("\n### One constant word\n\n");
    md.append(
            "`CodecBenchmark`: the same word every call, so one switch arm is hot and every branch ")
        .append(
            "predicts: the best case of a switch. The generated `validate` looks the op up in a table ")
        .append(
            "instead (where op codes are below 256), so as not to depend on prediction, and pays a few ")
        .append(
            "tenths of a nanosecond for it here; the notes below have both sides of that trade.\n\n");
    pairs(md, scores, "CodecBenchmark.", quick);
    md.append("\n### Argument structs\n\n");
    md.append("`StructStreamBenchmark`: each case runs over a batch of ")
        .append(StructStreams.IMAGES)
        .append(" valid images (seed ")
        .append(StructStreams.SEED)
        .append(
            ") of xen_mem_access_op (its live sub-ops drawn at random) and xen_memory_reservation, ")
        .append(
            "with the retired xen_hvm_modified_memory for the getters, packed in one little-endian heap ")
        .append(
            "buffer at irregular offsets (0 to 15 bytes apart, mostly unaligned); times are per image. ")
        .append(
            "Two baselines: hand-written `ByteBuffer` code (`HandWrittenStructs`: absolute gets, a ")
        .append(
            "byte swap unless the buffer is little-endian, a pad checked as one word) and hand-written ")
        .append(
            "`VarHandle` code (`VarHandleStructs`: `byteBufferViewVarHandle` views, little-endian). ")
        .append(
            "`Getters` reads every member; `Validate` validates and reads every member; `DecodeFields` ")
        .append(
            "reads the record's components in place; `Decode` lets the record escape into a Blackhole; ")
        .append(
            "`CompatToNative` and `NativeToCompat` translate reservation images into a scratch area.\n\n");
    triples(md, scores, "StructStreamBenchmark.", quick);

    md.append("\n## The naive generic alternative\n\n");
    md.append(
            "A table-driven decoder (`TableDriven`: op masks in a `HashMap`, field values in a `LinkedHashMap`), ")
        .append("what a user might write instead of generating code.\n\n");
    md.append(
        "| case | table-driven ns/op | generated ns/op | table-driven / generated | table-driven B/op |\n");
    md.append("|---|---|---|---|---|\n");
    for (Map.Entry<String, Score> e : scores.entrySet()) {
      if (!e.getKey().endsWith("TableDriven")) {
        continue;
      }
      String base = e.getKey().substring(0, e.getKey().length() - "TableDriven".length());
      Score table = e.getValue();
      Score gen = scores.get(base + "Generated");
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %.3f ± %.3f | %.3f | %.1fx | %.1f |%n",
              base,
              table.ns(),
              table.error(),
              gen.ns(),
              table.ns() / gen.ns(),
              table.bytesPerOp()));
    }

    md.append("\n## Generated C helpers against hand-written C\n\n");
    md.append(
            "The headers' `static inline` validate (with every getter) and encode, native and compat, against ")
        .append(
            "hand-written C doing Xen's checks (a switch on the op, literal shifts and masks, `-EINVAL` / ")
        .append("`-ENOSYS`), over mixed streams of ")
        .append(Streams.BATCH)
        .append(" valid words like the ones above ")
        .append(
            "(`benchmarks/src/main/c/cbench.c`); the `struct` rows run the argument structs' validate (with ")
        .append(
            "every getter) over mixed xen_mem_access_op and xen_memory_reservation images, and the ")
        .append(
            "reservation's translators, against hand-written C that copies the image into a struct and ")
        .append(
            "translates field by field as Xen's XLAT does, per image. Instructions counted by callgrind, so ")
        .append(
            "exact whatever else the machine runs; per word (image), with whatever gcc splits out of a helper ")
        .append("and calls, less the same loop doing no work. Ratio = generated / hand-written. ")
        .append("Target: <= 1.05.\n\n");
    if (c.skipped() != null) {
      md.append("Skipped: ").append(c.skipped()).append(".\n");
    } else {
      md.append("`gcc ")
          .append(CBench.GCC_FLAGS)
          .append(" -I examples/abi/include benchmarks/src/main/c/cbench.c ")
          .append("-o cbench && valgrind --tool=callgrind ./cbench` (")
          .append(c.gcc())
          .append("; ")
          .append(c.valgrind())
          .append(")\n\n");
      md.append(
          "| case | generated instructions/word | hand-written instructions/word | ratio |\n");
      md.append("|---|---|---|---|\n");
      List<String> missed = new ArrayList<>();
      for (CBench.Row row : c.rows()) {
        md.append(
            String.format(
                Locale.ROOT,
                "| %s | %.2f | %.2f | **%.2f** |%n",
                row.name(),
                row.generated(),
                row.hand(),
                row.ratio()));
        if (row.ratio() > 1.05) {
          missed.add(row.name() + String.format(Locale.ROOT, " %.2f", row.ratio()));
        }
      }
      md.append('\n')
          .append(
              missed.isEmpty() ? "Every target met." : "Missed: " + String.join("; ", missed) + ".")
          .append('\n');
    }

    md.append("\n## The processor's own cost\n\n");
    md.append(
            "N synthetic continuables (an 8-bit opcode, three fields, 16 ops, a compat word) compiled in-process ")
        .append(
            "by javac two ways, in alternating pairs: (a) the handlers with abilock in check mode against an ")
        .append(
            "in-sync, published manifest; (b) `-proc:none` over the handlers plus the codecs abilock generated ")
        .append(
            "for them, written out beforehand. (a) - (b) is abilock's own work: reading, both gates, rendering ")
        .append(
            "codecs, headers and docs, and every file through javac's Filer. (c) is the floor of any processor ")
        .append(
            "that writes these files: the handlers with a processor that writes the same files, already ")
        .append(
            "rendered, in the first round and does nothing else (the codecs through the Filer; headers, docs ")
        .append(
            "and index as abilock writes them, the first through the Filer and the rest beside it); javac ")
        .append(
            "then runs a second round and a last one, entering every tree again in each. (a)/(c) is what ")
        .append(
            "abilock's own work costs over that floor. Times are CPU milliseconds of the compiling thread, ")
        .append(
            "medians of the runs; a ratio is the median of the runs' ratios, with the lowest and highest. ")
        .append("The compiles run in the report's JVM (`")
        .append(String.join(" ", jvmFlags()))
        .append("`). \"Inside the processor\" adds up the CPU time of abilock's own `init` and ")
        .append(
            "`process` calls in (a). The manifest check is timed alone on the same manifest: parse, gate B for ")
        .append("every published layout, compute and render gate A's manifest.\n\n");
    md.append(
            "| N | runs | (a) with abilock ms | (b) javac alone ms | (c) floor ms | (a)/(c) | (a)/(b) ")
        .append(
            "| (c)/(b) | abilock beyond the floor, ms per continuable | inside the processor ms ")
        .append("| manifest check ms |\n");
    md.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (ProcessorCost.Row row : cost) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %d | %d | %.0f | %.0f | %.0f | **%.2f** (%.2f-%.2f) | %.2f (%.2f-%.2f) | %.2f "
                  + "| %.2f | %.0f | %.1f |%n",
              row.n(),
              row.runs(),
              row.withMs(),
              row.plainMs(),
              row.floorMs(),
              row.overFloor(),
              row.overFloorLow(),
              row.overFloorHigh(),
              row.ratio(),
              row.ratioLow(),
              row.ratioHigh(),
              row.floorRatio(),
              row.beyondFloorPerContinuableMs(),
              row.insideMs(),
              row.checkMs()));
    }
    ProcessorCost.Row hundred = cost.get(1);
    ProcessorCost.Row thousand = cost.get(2);
    md.append(
        String.format(
            Locale.ROOT,
            "%n(a)/(c) at N = 1000: **%.2f**, at N = 100: **%.2f** (target <= 1.10 at both).%n",
            thousand.overFloor(),
            hundred.overFloor()));
    Path notes = Path.of(System.getProperty("abilock.bench.notes", "benchmarks/profiling.md"));
    if (Files.exists(notes)) {
      md.append('\n').append(Files.readString(notes));
    }
    return md.toString();
  }

  /**
   * The table of generated / hand-written pairs of one benchmark class, and what misses the
   * targets.
   */
  private static void pairs(
      StringBuilder md, Map<String, Score> scores, String benchmarkClass, boolean quick) {
    md.append(
        "| case | generated ns/op | hand-written ns/op | ratio | generated B/op | hand-written B/op |\n");
    md.append("|---|---|---|---|---|---|\n");
    List<String> missed = new ArrayList<>();
    for (String pair : pairs(scores)) {
      if (!pair.startsWith(benchmarkClass)) {
        continue;
      }
      Score gen = scores.get(pair + "Generated");
      Score hand = scores.get(pair + "Hand");
      Ratio ratio = Ratio.of(scores, pair);
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %.3f ± %.3f | %.3f ± %.3f | **%.2f ± %.2f** | %.1f | %.1f |%n",
              label(pair),
              gen.ns(),
              gen.error(),
              hand.ns(),
              hand.error(),
              ratio.value(),
              ratio.error(),
              gen.bytesPerOp(),
              hand.bytesPerOp()));
      if (ratio.value() > 1.05) {
        missed.add(label(pair) + " ratio " + String.format(Locale.ROOT, "%.2f", ratio.value()));
      }
      if (!quick && !(ratio.error() < ERROR_BUDGET)) {
        missed.add(label(pair) + " error bar " + String.format(Locale.ROOT, "%.2f", ratio.error()));
      }
      if (hand.bytesPerOp() < 0.5 && !(gen.bytesPerOp() < 0.5)) {
        missed.add(
            label(pair)
                + " allocates "
                + String.format(Locale.ROOT, "%.1f", gen.bytesPerOp())
                + " B/op");
      }
    }
    md.append('\n')
        .append(
            missed.isEmpty() ? "Every target met." : "Missed: " + String.join("; ", missed) + ".")
        .append('\n');
  }

  /**
   * The table of a benchmark class whose cases have two baselines, hand-written {@code ByteBuffer}
   * code and {@code VarHandle} code: generated / each, and what misses the targets (both ratios <=
   * 1.05, 0 B/op where a baseline allocates nothing).
   */
  private static void triples(
      StringBuilder md, Map<String, Score> scores, String benchmarkClass, boolean quick) {
    md.append(
            "| case | generated ns/op | ByteBuffer ns/op | VarHandle ns/op | generated / ByteBuffer ")
        .append("| generated / VarHandle | B/op (generated, ByteBuffer, VarHandle) |\n");
    md.append("|---|---|---|---|---|---|---|\n");
    List<String> missed = new ArrayList<>();
    for (String pair : pairs(scores)) {
      if (!pair.startsWith(benchmarkClass) || !scores.containsKey(pair + "VarHandle")) {
        continue;
      }
      Score gen = scores.get(pair + "Generated");
      Score hand = scores.get(pair + "Hand");
      Score vh = scores.get(pair + "VarHandle");
      Ratio toHand = Ratio.of(scores, pair);
      Ratio toVh = Ratio.of(scores, pair, "VarHandle");
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %.3f ± %.3f | %.3f ± %.3f | %.3f ± %.3f | **%.2f ± %.2f** | **%.2f ± %.2f** "
                  + "| %.1f, %.1f, %.1f |%n",
              label(pair),
              gen.ns(),
              gen.error(),
              hand.ns(),
              hand.error(),
              vh.ns(),
              vh.error(),
              toHand.value(),
              toHand.error(),
              toVh.value(),
              toVh.error(),
              gen.bytesPerOp(),
              hand.bytesPerOp(),
              vh.bytesPerOp()));
      // In the table's column order, so that the list reads the same in every run.
      for (Map.Entry<String, Ratio> e :
          List.of(Map.entry("ByteBuffer", toHand), Map.entry("VarHandle", toVh))) {
        if (e.getValue().value() > 1.05) {
          missed.add(
              label(pair)
                  + " / "
                  + e.getKey()
                  + " "
                  + String.format(Locale.ROOT, "%.2f", e.getValue().value()));
        }
        if (!quick && !(e.getValue().error() < ERROR_BUDGET)) {
          missed.add(
              label(pair)
                  + " / "
                  + e.getKey()
                  + " error bar "
                  + String.format(Locale.ROOT, "%.2f", e.getValue().error()));
        }
      }
      if ((hand.bytesPerOp() < 0.5 || vh.bytesPerOp() < 0.5) && !(gen.bytesPerOp() < 0.5)) {
        missed.add(
            label(pair)
                + " allocates "
                + String.format(Locale.ROOT, "%.1f", gen.bytesPerOp())
                + " B/op");
      }
    }
    Collections.sort(missed);
    md.append('\n')
        .append(
            missed.isEmpty() ? "Every target met." : "Missed: " + String.join("; ", missed) + ".")
        .append('\n');
  }

  /**
   * A case without its benchmark class: {@code MixedStreamBenchmark.memoryOpValidate} -> {@code
   * memoryOpValidate}.
   */
  private static String label(String key) {
    return key.substring(key.indexOf('.') + 1);
  }

  /** The CPU's model name where Linux tells it, for comparing runs across machines. */
  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name"))
          .map(l -> " (" + l.substring(l.indexOf(':') + 1).trim() + ")")
          .findFirst()
          .orElse("");
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  private static double sq(double x) {
    return x * x;
  }
}
