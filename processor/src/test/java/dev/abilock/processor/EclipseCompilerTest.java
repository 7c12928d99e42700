package dev.abilock.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.abilock.Continuable;
import dev.abilock.runtime.AbiViolationException;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.eclipse.jdt.internal.compiler.tool.EclipseCompiler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The processor under the Eclipse compiler (ecj: what Eclipse and VS Code's Java tooling run),
 * driven through {@code javax.tools} as AutoValue's {@code CompileWithEclipseTest} drives it, side
 * by side with javac: the same codecs, headers, docs and manifest byte for byte, and the same error
 * ids on the same elements (file and line) for a sample of declaration errors and gate B breaks.
 *
 * <p>One difference is real and left as it is, so columns are not compared: for an error on an
 * annotation attribute javac puts the column on the value ({@code width = 48} at {@code 48}), ecj
 * on the attribute's name ({@code width}); for one element of an array ({@code continues = {"a",
 * "nope"}}) javac on that element, ecj on the annotation. The line is the same.
 */
class EclipseCompilerTest {
  @TempDir Path dir;

  private static final Pattern ID = Pattern.compile("^\\[([a-z0-9-]+)\\]");

  /**
   * What one compile produced: its abilock errors as {@code "<id> <file>:<line>"}, and every output
   * file.
   */
  record Run(
      String compiler,
      boolean success,
      List<String> errors,
      Map<String, String> outputs,
      String log) {}

  private Run compile(
      JavaCompiler compiler, String name, List<Path> sources, Path manifest, String mode)
      throws IOException {
    return compile(
        compiler, Files.createDirectories(dir.resolve(name)), name, sources, manifest, mode);
  }

  /** Compiles {@code sources} in process with the processor; outputs under {@code root}. */
  static Run compile(
      JavaCompiler compiler, Path root, String name, List<Path> sources, Path manifest, String mode)
      throws IOException {
    Path classes = Files.createDirectories(root.resolve("classes"));
    Path generated = Files.createDirectories(root.resolve("generated"));
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    StringWriter log = new StringWriter();
    boolean success;
    try (StandardJavaFileManager files =
        compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      files.setLocationFromPaths(StandardLocation.CLASS_OUTPUT, List.of(classes));
      files.setLocationFromPaths(StandardLocation.SOURCE_OUTPUT, List.of(generated));
      files.setLocationFromPaths(
          StandardLocation.CLASS_PATH,
          List.of(location(Continuable.class), location(AbiViolationException.class)));
      List<String> options = new ArrayList<>(List.of("-source", "17", "-target", "17"));
      options.add("-Aabilock.manifest=" + manifest);
      options.add("-Aabilock.mode=" + mode);
      options.add("-Aabilock.headers=" + root.resolve("include"));
      options.add("-Aabilock.docs=" + root.resolve("docs"));
      JavaCompiler.CompilationTask task =
          compiler.getTask(
              log, files, diagnostics, options, null, files.getJavaFileObjectsFromPaths(sources));
      task.setProcessors(List.of(new AbilockProcessor()));
      success = task.call();
    }
    List<String> errors = new ArrayList<>();
    StringBuilder all = new StringBuilder(log.toString());
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      String message = d.getMessage(Locale.ROOT);
      all.append(d.getKind())
          .append(' ')
          .append(d.getSource() == null ? "" : d.getSource().getName())
          .append(':')
          .append(d.getLineNumber())
          .append(":")
          .append(d.getColumnNumber())
          .append(" ")
          .append(message)
          .append("\n");
      Matcher m = ID.matcher(message);
      if (d.getKind() == Diagnostic.Kind.ERROR && m.find()) {
        String file =
            d.getSource() == null ? "-" : Path.of(d.getSource().getName()).getFileName().toString();
        errors.add(m.group(1) + " " + file + ":" + (d.getSource() == null ? 0 : d.getLineNumber()));
      }
    }
    errors.sort(null);
    return new Run(name, success, errors, outputs(root, manifest), all.toString());
  }

  /**
   * Every file a compile under {@code root} wrote: generated sources, the headers and docs under
   * CLASS_OUTPUT and in their folders, and the manifest.
   */
  static Map<String, String> outputs(Path root, Path manifest) throws IOException {
    Map<String, String> outputs = new TreeMap<>();
    collect(root.resolve("generated"), "generated/", outputs);
    collect(root.resolve("classes").resolve("abilock"), "classes/abilock/", outputs);
    collect(root.resolve("include"), "include/", outputs);
    collect(root.resolve("docs"), "docs/", outputs);
    if (Files.exists(manifest)) {
      outputs.put("manifest", Files.readString(manifest));
    }
    return outputs;
  }

  static Path location(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new AssertionError(e);
    }
  }

  private static void collect(Path folder, String prefix, Map<String, String> into)
      throws IOException {
    if (!Files.isDirectory(folder)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(folder)) {
      for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
        into.put(prefix + folder.relativize(p).toString().replace('\\', '/'), Files.readString(p));
      }
    }
  }

  /** The Xen handlers and argument structs of the examples module, as checked in. */
  static List<Path> xen() {
    Path folder =
        Path.of("..", "examples", "src", "main", "java", "dev", "abilock", "examples", "xen");
    return Stream.of(
            "GrantTableOp",
            "HvmModifiedMemory",
            "HvmOp",
            "MemAccessOp",
            "MemoryOp",
            "MemoryReservation",
            "MmuUpdate")
        .map(n -> folder.resolve(n + ".java"))
        .toList();
  }

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve("src").resolve(name);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }

  /**
   * javac and ecj over the same sources, each against its own copy of {@code manifest} (absent:
   * none).
   */
  private List<Run> both(String name, List<Path> sources, String manifest, String mode)
      throws IOException {
    List<Run> runs = new ArrayList<>();
    for (JavaCompiler compiler :
        List.of(ToolProvider.getSystemJavaCompiler(), new EclipseCompiler())) {
      String which = compiler instanceof EclipseCompiler ? "ecj" : "javac";
      Path copy =
          Files.createDirectories(dir.resolve("manifests").resolve(name + "-" + which))
              .resolve("abilock.manifest");
      if (manifest != null) {
        Files.writeString(copy, manifest);
      }
      runs.add(compile(compiler, name + "-" + which, sources, copy, mode));
    }
    return runs;
  }

  @Test
  void theXenExamplesGiveByteIdenticalCodecsHeadersDocsAndManifest() throws IOException {
    String checkedIn = Files.readString(Path.of("..", "examples", "abilock.manifest"));
    for (String mode : List.of("update", "check")) {
      // Update mode over the checked-in manifest too: the examples retire published ops, and a
      // retirement needs the publication it retires (from scratch it is a retired draft).
      List<Run> runs = both("xen-" + mode, xen(), checkedIn, mode);
      Run javac = runs.get(0);
      Run ecj = runs.get(1);
      assertTrue(javac.success(), javac.log());
      assertTrue(ecj.success(), ecj.log());
      assertTrue(
          javac
              .outputs()
              .keySet()
              .containsAll(
                  List.of(
                      "generated/dev/abilock/examples/xen/MemoryOpCodec.java",
                      "classes/abilock/memory_op.h",
                      "include/hvm_op.h",
                      "docs/index.md",
                      "docs/mmu_update.svg",
                      "manifest")),
          javac.outputs().keySet().toString());
      assertEquals(javac.outputs().keySet(), ecj.outputs().keySet());
      javac
          .outputs()
          .forEach(
              (file, text) ->
                  assertEquals(text, ecj.outputs().get(file), file + " under ecj (" + mode + ")"));
      assertEquals(checkedIn, ecj.outputs().get("manifest"), mode);
      for (Run run : runs) {
        assertReferencesUnderClassOutputMatchTheirFolders(run);
      }
    }
  }

  /**
   * Every header and doc is under CLASS_OUTPUT {@code abilock/} with the same bytes as in its
   * folder, and nothing else is: past the first, the processor writes them beside the Filer's file.
   */
  private static void assertReferencesUnderClassOutputMatchTheirFolders(Run run) {
    Map<String, String> inFolders = new TreeMap<>();
    Map<String, String> underClassOutput = new TreeMap<>();
    run.outputs()
        .forEach(
            (file, text) -> {
              if (file.startsWith("include/") || file.startsWith("docs/")) {
                inFolders.put(file.substring(file.indexOf('/') + 1), text);
              } else if (file.startsWith("classes/abilock/")) {
                underClassOutput.put(file.substring("classes/abilock/".length()), text);
              }
            });
    // 4 continuables and 3 structs: a header, a page and a diagram each, and the index.
    assertEquals(22, inFolders.size(), run.compiler() + ": " + inFolders.keySet());
    assertEquals(inFolders, underClassOutput, run.compiler());
  }

  /** Declaration errors with their ids on the same file and line under both compilers. */
  @Test
  void declarationErrorsHaveTheSameIdsOnTheSameElements() throws IOException {
    List<Path> sources =
        List.of(
            write(
                "test/Outside.java", DeclarationErrorsTest.OUTSIDE.getCharContent(true).toString()),
            write(
                "test/Codes.java",
                String.join(
                    "\n",
                    "package test;",
                    "import dev.abilock.*;",
                    "@Continuable(name = \"Codes\", width = 48)",
                    "public class Codes {",
                    "  @Op public static final int A = 1;",
                    "  @Op public static final int B = 1;",
                    "  @Op public static final int C = 99;",
                    "  @Opcode(bits = 4) int op;",
                    "  @ContinuationField(bits = 0) int n;",
                    "  @ContinuationField(bits = 2) boolean flag;",
                    "}",
                    "")),
            write(
                "test/Overlap.java",
                String.join(
                    "\n",
                    "package test;",
                    "import dev.abilock.*;",
                    "@Continuable(name = \"overlap\", width = 32, compatWidth = 32)",
                    "public class Overlap {",
                    "  @Op(continues = {\"a\", \"b\", \"nope\"}) public static final int X = 0;",
                    "  @Opcode(bits = 4) int op;",
                    "  @ContinuationField(bits = 8) int a;",
                    "  @ContinuationField(shift = 8, bits = 8, compatBits = 9) int b;",
                    "}",
                    "")));
    List<Run> runs = both("declarations", sources, null, "update");
    assertFalse(runs.get(0).success());
    assertFalse(runs.get(1).success());
    assertTrue(runs.get(0).errors().size() >= 8, runs.get(0).log());
    assertEquals(
        runs.get(0).errors(),
        runs.get(1).errors(),
        "javac:\n" + runs.get(0).log() + "\necj:\n" + runs.get(1).log());
    for (Run r : runs) {
      assertFalse(
          Files.exists(
              dir.resolve(
                      "manifests/declarations-" + r.compiler().substring("declarations-".length()))
                  .resolve("abilock.manifest")),
          r.compiler() + " wrote a manifest after declaration errors");
      assertFalse(
          r.outputs().keySet().stream().anyMatch(f -> f.endsWith("Codec.java")),
          r.compiler() + " wrote a codec");
    }
  }

  /**
   * Xen 3.3's published memory_op against the 3.4 sources: the same gate B breaks, same lines, same
   * witness.
   */
  @Test
  void gateBBreaksHaveTheSameIdsElementsAndWitnesses() throws IOException {
    String v33 =
        String.join(
            "\n",
            "package test;",
            "import dev.abilock.*;",
            "@Continuable(name = \"memory_op\", width = 64, compatWidth = 32)",
            "public class MemoryOp {",
            "  @Op(continues = \"startExtent\") public static final int XENMEM_increase_reservation = 0;",
            "  @Op public static final int XENMEM_maximum_ram_page = 2;",
            "  @Opcode(bits = 4) int cmd;",
            "  @ContinuationField(bits = 60, compatBits = 28) long startExtent;",
            "}",
            "");
    Path source = write("test/MemoryOp.java", v33);
    List<Run> published = both("published", List.of(source), null, "update");
    assertTrue(published.get(0).success(), published.get(0).log());
    String manifest = Manifests.publish(published.get(0).outputs().get("manifest"), "3.3");
    Files.writeString(
        source,
        v33.replace("@Opcode(bits = 4)", "@Opcode(bits = 6)")
            .replace("bits = 60, compatBits = 28", "bits = 58, compatBits = 26")
            .replace(
                "  @Op public static final int XENMEM_maximum_ram_page = 2;",
                "  @Op public static final int XENMEM_maximum_ram_page = 2;\n"
                    + "  @Op public static final int XENMEM_set_pod_target = 16;"));
    List<Run> runs = both("break", List.of(source), manifest, "check");
    assertEquals(
        List.of("field-shifted MemoryOp.java:9", "field-widened MemoryOp.java:8"),
        runs.get(0).errors(),
        runs.get(0).log());
    assertEquals(runs.get(0).errors(), runs.get(1).errors(), runs.get(1).log());
    String witness =
        "witness: word 0x0000000000000010 is op XENMEM_increase_reservation, start_extent = 1 under the"
            + " published layout, but the sources now read it as op XENMEM_set_pod_target";
    assertTrue(runs.get(0).log().contains(witness), runs.get(0).log());
    assertTrue(runs.get(1).log().contains(witness), runs.get(1).log());
  }

  /** Manifest text helpers. */
  private static final class Manifests {
    /** Every {@code draft} line of {@code text} published at {@code release}. */
    static String publish(String text, String release) {
      return text.replace(" draft\n", " published " + release + "\n");
    }
  }
}
