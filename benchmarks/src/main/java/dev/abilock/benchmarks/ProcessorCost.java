package dev.abilock.benchmarks;

import dev.abilock.core.check.Compatibility;
import dev.abilock.core.manifest.Manifest;
import dev.abilock.core.manifest.ManifestException;
import dev.abilock.core.manifest.ManifestParser;
import dev.abilock.core.model.Layout;
import dev.abilock.processor.AbilockProcessor;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Completion;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.tools.FileObject;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * What abilock itself adds to a compile, apart from javac compiling what abilock generated. N
 * synthetic continuables (an 8-bit opcode, three fields, 16 ops, a compat word) are compiled
 * in-process by javac two ways, in alternating pairs:
 *
 * <ul>
 *   <li>(a) the handlers with abilock in check mode, against an in-sync, published manifest;
 *   <li>(b) with {@code -proc:none}, the handlers plus the codecs abilock generated for them,
 *       written out beforehand: the same classes, without the processor's own work.
 * </ul>
 *
 * <p>(a) - (b) is abilock's own cost: reading the elements, the gates, rendering the codecs,
 * headers and docs, and every file passing through javac's Filer. Inside (a), the processor's own
 * calls are timed too (a wrapper around {@link AbilockProcessor}). A third compile, (c), is the
 * floor of any processor that writes these files: the handlers with a processor that only writes
 * the same files, already rendered, in the first round: the codec sources through the Filer, the
 * headers, docs and index as abilock writes them (the first through the Filer, the rest beside it).
 * javac then runs a second round and a last one, entering the trees again in each, which (b) never
 * pays. (a) / (c) is what abilock's own work (reading, gates, rendering) costs.
 */
final class ProcessorCost {
  /**
   * One size's result: medians of the runs, in milliseconds of CPU time of the compiling thread.
   */
  record Row(
      int n,
      int runs,
      double withMs,
      double plainMs,
      double floorMs,
      double ratioLow,
      double ratio,
      double ratioHigh,
      double overFloorLow,
      double overFloor,
      double overFloorHigh,
      double insideMs,
      double checkMs) {
    /** abilock's milliseconds per continuable beyond the floor: (a) - (c), over N. */
    double beyondFloorPerContinuableMs() {
      return (withMs - floorMs) / n;
    }

    /** What any processor writing the same files costs: (c) / (b). */
    double floorRatio() {
      return floorMs / plainMs;
    }
  }

  /** The folder of the class output where abilock writes headers, docs and the index. */
  private static final String REFERENCES = "abilock";

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private ProcessorCost() {}

  static Row measure(int n, int runs) throws IOException {
    Path dir = Files.createTempDirectory("abilock-cost-" + n + "-");
    try {
      List<Path> handlers = writeSources(dir.resolve("src"), n);
      Path manifest = dir.resolve("abilock.manifest");
      Path generated = dir.resolve("generated");
      // Publish the layouts, and keep the codecs abilock generates for (b).
      compile(
          handlers,
          dir.resolve("setup"),
          generated,
          List.of(
              "-Aabilock.manifest=" + manifest, "-Aabilock.mode=update", "-Aabilock.release=1.0"),
          new AbilockProcessor());
      List<Path> codecFiles;
      try (Stream<Path> files = Files.walk(generated)) {
        codecFiles = files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
      }
      if (codecFiles.size() != n) {
        throw new IllegalStateException("expected " + n + " codecs, found " + codecFiles.size());
      }
      // The headers, docs and index abilock wrote beside the classes, for the floor to write too.
      Path references = dir.resolve("setup").resolve(REFERENCES);
      Map<String, String> referenceFiles = files(references);
      List<Path> plainSources = new ArrayList<>(handlers);
      plainSources.addAll(codecFiles);
      // The floor's input, read once: each type name with its source.
      Map<String, String> codecs = new TreeMap<>();
      for (Path file : codecFiles) {
        String name =
            generated.relativize(file).toString().replace(file.getFileSystem().getSeparator(), ".");
        codecs.put(name.substring(0, name.length() - ".java".length()), Files.readString(file));
      }
      List<String> check = List.of("-Aabilock.manifest=" + manifest);
      // Warm javac and the processor's classes, then alternate which side goes first.
      compile(handlers, dir.resolve("warm-a"), dir.resolve("warm-a-gen"), check, new Timed());
      compile(plainSources, dir.resolve("warm-b"), null, List.of(), null);
      compile(
          handlers,
          dir.resolve("warm-c"),
          dir.resolve("warm-c-gen"),
          List.of(),
          new Floor(codecs, referenceFiles));
      if (!files(dir.resolve("warm-a")).equals(files(dir.resolve("warm-c")))
          || !files(dir.resolve("warm-a-gen")).equals(files(dir.resolve("warm-c-gen")))) {
        throw new IllegalStateException("the floor must write the files abilock writes");
      }
      double[] with = new double[runs];
      double[] plain = new double[runs];
      double[] floor = new double[runs];
      double[] ratios = new double[runs];
      double[] overFloor = new double[runs];
      double[] inside = new double[runs];
      double[] checks = new double[runs];
      for (int i = 0; i < runs; i++) {
        Timed timed = new Timed();
        if (i % 2 == 0) {
          with[i] =
              compile(handlers, dir.resolve("a" + i), dir.resolve("a" + i + "-gen"), check, timed);
          plain[i] = compile(plainSources, dir.resolve("b" + i), null, List.of(), null);
        } else {
          plain[i] = compile(plainSources, dir.resolve("b" + i), null, List.of(), null);
          with[i] =
              compile(handlers, dir.resolve("a" + i), dir.resolve("a" + i + "-gen"), check, timed);
        }
        floor[i] =
            compile(
                handlers,
                dir.resolve("c" + i),
                dir.resolve("c" + i + "-gen"),
                List.of(),
                new Floor(codecs, referenceFiles));
        ratios[i] = with[i] / plain[i];
        overFloor[i] = with[i] / floor[i];
        inside[i] = timed.nanos / 1e6;
        checks[i] = checkOnly(manifest);
        delete(dir.resolve("a" + i));
        delete(dir.resolve("a" + i + "-gen"));
        delete(dir.resolve("b" + i));
        delete(dir.resolve("c" + i));
        delete(dir.resolve("c" + i + "-gen"));
      }
      double[] sortedRatios = ratios.clone();
      Arrays.sort(sortedRatios);
      double[] sortedOverFloor = overFloor.clone();
      Arrays.sort(sortedOverFloor);
      return new Row(
          n,
          runs,
          median(with),
          median(plain),
          median(floor),
          sortedRatios[0],
          median(ratios),
          sortedRatios[runs - 1],
          sortedOverFloor[0],
          median(overFloor),
          sortedOverFloor[runs - 1],
          median(inside),
          median(checks));
    } finally {
      delete(dir);
    }
  }

  /**
   * The manifest check alone, on the same manifest: parse it, gate B for every published layout,
   * compute and render the manifest the sources call for (gate A).
   */
  private static double checkOnly(Path manifestFile) throws IOException {
    byte[] bytes = Files.readAllBytes(manifestFile);
    long start = THREADS.getCurrentThreadCpuTime();
    try {
      Manifest manifest = ManifestParser.parse(bytes);
      Map<String, Layout> now = new LinkedHashMap<>();
      for (String name : manifest.continuables()) {
        now.put(name, manifest.layout(name));
      }
      int breaks = Compatibility.check(manifest, now).size();
      String text = Manifest.of(now.values(), manifest, null).render();
      if (breaks != 0 || !text.equals(new String(bytes, StandardCharsets.UTF_8))) {
        throw new IllegalStateException("the synthetic manifest should be in sync and compatible");
      }
    } catch (ManifestException e) {
      throw new IllegalStateException(e);
    }
    return (THREADS.getCurrentThreadCpuTime() - start) / 1e6;
  }

  /**
   * One in-process compile, with {@code processor} (its generated sources under {@code
   * generatedSources}) or with {@code -proc:none} when it is null; returns the CPU milliseconds of
   * this thread (javac compiles on the calling thread), which other processes on a shared machine
   * do not lengthen as they do wall time.
   */
  static double compile(
      List<Path> sources,
      Path out,
      Path generatedSources,
      List<String> options,
      Processor processor)
      throws IOException {
    Files.createDirectories(out);
    List<String> args =
        new ArrayList<>(
            List.of(
                "-d",
                out.toString(),
                "-classpath",
                System.getProperty("java.class.path"),
                "-encoding",
                "UTF-8"));
    if (processor == null) {
      args.add("-proc:none");
    } else {
      Files.createDirectories(generatedSources);
      args.addAll(List.of("-s", generatedSources.toString()));
    }
    args.addAll(options);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    System.gc(); // the garbage of the previous compile is not this one's cost
    try (StandardJavaFileManager files =
        javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8)) {
      StringWriter diagnostics = new StringWriter();
      long start = THREADS.getCurrentThreadCpuTime();
      JavaCompiler.CompilationTask task =
          javac.getTask(
              diagnostics, files, null, args, null, files.getJavaFileObjectsFromPaths(sources));
      if (processor != null) {
        task.setProcessors(List.of(processor));
      }
      boolean ok = task.call();
      double ms = (THREADS.getCurrentThreadCpuTime() - start) / 1e6;
      if (!ok) {
        throw new IllegalStateException("compile failed:\n" + diagnostics);
      }
      return ms;
    }
  }

  /** A processor, {@link AbilockProcessor} unless given, with the CPU time inside its calls. */
  static final class Timed implements Processor {
    private final Processor inner;
    long nanos;

    Timed() {
      this(new AbilockProcessor());
    }

    Timed(Processor inner) {
      this.inner = inner;
    }

    @Override
    public void init(ProcessingEnvironment env) {
      long start = THREADS.getCurrentThreadCpuTime();
      inner.init(env);
      nanos += THREADS.getCurrentThreadCpuTime() - start;
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      long start = THREADS.getCurrentThreadCpuTime();
      boolean claimed = inner.process(annotations, round);
      nanos += THREADS.getCurrentThreadCpuTime() - start;
      return claimed;
    }

    @Override
    public Set<String> getSupportedOptions() {
      return inner.getSupportedOptions();
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return inner.getSupportedAnnotationTypes();
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return inner.getSupportedSourceVersion();
    }

    @Override
    public Iterable<? extends Completion> getCompletions(
        Element element, AnnotationMirror annotation, ExecutableElement member, String userText) {
      return inner.getCompletions(element, annotation, member, userText);
    }
  }

  /**
   * The floor: writes the codecs abilock generated, read beforehand, in the first round, and does
   * nothing else.
   */
  private static final class Floor extends AbstractProcessor {
    private final Map<String, String> codecs;
    private final Map<String, String> references;

    /**
     * {@code codecs}: each type name with its source; {@code references}: each header, doc and
     * index by its name under {@code abilock/} in the class output.
     */
    Floor(Map<String, String> codecs, Map<String, String> references) {
      this.codecs = new TreeMap<>(codecs);
      this.references = new TreeMap<>(references);
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return Set.of("*");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      if (round.getRootElements().isEmpty() || codecs.isEmpty()) {
        return false;
      }
      try {
        for (Map.Entry<String, String> codec : codecs.entrySet()) {
          try (Writer w = processingEnv.getFiler().createSourceFile(codec.getKey()).openWriter()) {
            w.write(codec.getValue());
          }
        }
        // As abilock writes them: the first through the Filer, the rest beside it on disk.
        Path folder = null;
        for (Map.Entry<String, String> reference : references.entrySet()) {
          if (folder == null) {
            FileObject first =
                processingEnv
                    .getFiler()
                    .createResource(
                        StandardLocation.CLASS_OUTPUT, "", REFERENCES + "/" + reference.getKey());
            try (Writer w = first.openWriter()) {
              w.write(reference.getValue());
            }
            folder = Path.of(first.toUri());
            for (int i = 0; i < Path.of(reference.getKey()).getNameCount(); i++) {
              folder = folder.getParent();
            }
          } else {
            Path file = folder.resolve(reference.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, reference.getValue(), StandardCharsets.UTF_8);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      codecs.clear();
      references.clear();
      return false;
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
        src.append("  @Op(continues = ")
            .append(continues[op % 4])
            .append(") static final int OP_")
            .append(op)
            .append(" = ")
            .append(op)
            .append(";\n");
      }
      src.append("  @Opcode(bits = 8) int code;\n");
      src.append("  @ContinuationField(bits = 20, compatBits = 12) long a;\n");
      src.append("  @ContinuationField(bits = 20, compatBits = 0) int b;\n");
      src.append(
          "  @ContinuationField(shift = 8, bits = 56, compatBits = 24, encoding = Encoding.IN_PLACE) long c;\n");
      src.append("}\n");
      Path file = pkg.resolve("C" + i + ".java");
      Files.writeString(file, src);
      paths.add(file);
    }
    return paths;
  }

  /**
   * Every file under {@code dir} but classes, by its relative name (with {@code /}), with its text.
   */
  private static Map<String, String> files(Path dir) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        if (!file.toString().endsWith(".class")) {
          files.put(
              dir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/"),
              Files.readString(file));
        }
      }
    }
    return files;
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int m = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
  }

  static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }

  /** {@code ProcessorCost N runs}: one size, printed; for profiling by hand. */
  public static void main(String[] args) throws IOException {
    Row row = measure(Integer.parseInt(args[0]), Integer.parseInt(args[1]));
    System.out.printf(
        Locale.ROOT,
        "%s%nbeyond the floor, ms per continuable %.3f%n",
        row,
        row.beyondFloorPerContinuableMs());
  }
}
