package dev.abilock.maven;

import dev.abilock.core.DeclarationMessage;
import dev.abilock.processor.AbilockProcessor;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.logging.Log;

/**
 * Gates A and B over a module's current sources: javac in process with {@code -proc:only} and the
 * abilock processor, exactly as a compile runs it, so with the same ids, positions and witnesses.
 * It reads every source of the module, never the compiled classes, so it does not depend on what
 * {@code target/} holds: a fresh clone, classes that javac skipped as up to date, a manifest edited
 * by hand. The module's own output folder is left off the class path, so a class deleted from the
 * sources is not found there as if it had only been left out of an incremental compile. Generated
 * codecs, headers and docs of this run go to a scratch folder that is deleted afterwards; only the
 * manifest (by {@code update}) and the configured header and doc folders are written.
 */
final class GateRun {
  /**
   * What to run over.
   *
   * @param sourceRoots the module's compile source roots that exist
   * @param classpath the compile class path without the module's own output folder
   * @param encoding the sources' encoding
   * @param options the processor options, {@code key=value} without {@code -A}
   */
  record Input(
      List<Path> sourceRoots, List<Path> classpath, Charset encoding, List<String> options) {}

  /** Errors and warnings found, each already printed. */
  record Outcome(int errors, int warnings) {}

  /** javac's code of a processor's message. */
  private static final String MESSAGER = "compiler.err.proc.messager";

  /** javac's codes of a name it cannot resolve. */
  private static final List<String> UNRESOLVED =
      List.of("compiler.err.cant.resolve", "compiler.err.doesnt.exist");

  private GateRun() {}

  /** The {@code .java} files under {@code roots}, sorted so that runs are repeatable. */
  static List<Path> sources(List<Path> roots) throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path root : roots) {
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (Stream<Path> walk = Files.walk(root)) {
        walk.filter(p -> p.toString().endsWith(".java") && Files.isRegularFile(p))
            .forEach(files::add);
      }
    }
    files.sort(Comparator.naturalOrder());
    return files;
  }

  /**
   * The files that mention {@code Continuable} or {@code AbiStruct}: only they can declare a layout
   * or a struct (neither annotation is inherited). javac reads the others from the source path when
   * a declaration refers to them, so a large module costs little more than its handlers.
   */
  static List<Path> declaring(List<Path> files, Charset encoding) {
    List<Path> declaring = new ArrayList<>();
    for (Path file : files) {
      try {
        String text = new String(Files.readAllBytes(file), encoding);
        if (text.contains("Continuable") || text.contains("AbiStruct")) {
          declaring.add(file);
        }
      } catch (IOException e) {
        declaring.add(file); // javac will say what is wrong with it
      }
    }
    return declaring;
  }

  /**
   * Runs javac over {@code files}, with the source roots as source path (no files: an empty unit,
   * so that a manifest still meets the sources: its classes are looked up there).
   */
  static Outcome run(Input input, List<Path> files, Log log) throws MojoExecutionException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new MojoExecutionException(
          PluginMessage.PLUGIN_NO_COMPILER.format(System.getProperty("java.home")));
    }
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    Path scratch = null;
    try (StandardJavaFileManager files0 =
        javac.getStandardFileManager(diagnostics, Locale.ROOT, input.encoding())) {
      scratch = Files.createTempDirectory("abilock-gates-");
      files0.setLocationFromPaths(
          StandardLocation.CLASS_OUTPUT,
          List.of(Files.createDirectory(scratch.resolve("classes"))));
      files0.setLocationFromPaths(
          StandardLocation.SOURCE_OUTPUT,
          List.of(Files.createDirectory(scratch.resolve("sources"))));
      // A module's dependencies go on the module path, as maven-compiler-plugin puts them.
      boolean modular =
          input.sourceRoots().stream()
              .anyMatch(r -> Files.isRegularFile(r.resolve("module-info.java")));
      files0.setLocationFromPaths(
          modular ? StandardLocation.MODULE_PATH : StandardLocation.CLASS_PATH, input.classpath());
      files0.setLocationFromPaths(StandardLocation.SOURCE_PATH, input.sourceRoots());
      List<JavaFileObject> units = new ArrayList<>();
      files0.getJavaFileObjectsFromPaths(files).forEach(units::add);
      if (units.isEmpty()) {
        units.add(
            new SimpleJavaFileObject(
                URI.create("string:///AbilockNoSources.java"), JavaFileObject.Kind.SOURCE) {
              @Override
              public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return "";
              }
            });
      }
      List<String> options = new ArrayList<>(List.of("-proc:only"));
      input.options().forEach(o -> options.add("-A" + o));
      StringWriter out = new StringWriter();
      JavaCompiler.CompilationTask task =
          javac.getTask(out, files0, diagnostics, options, null, units);
      task.setProcessors(List.of(new AbilockProcessor()));
      task.call();
      if (!out.toString().isBlank()) {
        log.info(out.toString().strip());
      }
    } catch (IOException | UncheckedIOException e) {
      throw new MojoExecutionException(
          DeclarationMessage.INTERNAL_ERROR.format("the module's sources", e), e);
    } finally {
      delete(scratch);
    }
    int errors = 0;
    int warnings = 0;
    // A declaration error writes no codec, so every import of one cannot be resolved: only noise
    // then.
    boolean abilockErrors =
        diagnostics.getDiagnostics().stream()
            .anyMatch(d -> d.getKind() == Diagnostic.Kind.ERROR && MESSAGER.equals(d.getCode()));
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      if (abilockErrors
          && d.getCode() != null
          && UNRESOLVED.stream().anyMatch(d.getCode()::startsWith)) {
        continue;
      }
      String text = describe(d);
      switch (d.getKind()) {
        case ERROR -> {
          errors++;
          log.error(text);
        }
        case WARNING, MANDATORY_WARNING -> {
          warnings++;
          log.warn(text);
        }
        default -> log.info(text);
      }
    }
    return new Outcome(errors, warnings);
  }

  /**
   * A diagnostic as maven-compiler-plugin prints javac's ({@code File.java:[9,18] message}), with
   * the source line and a caret under the column, as javac shows them.
   */
  static String describe(Diagnostic<? extends JavaFileObject> d) {
    String message = d.getMessage(Locale.ROOT);
    JavaFileObject source = d.getSource();
    if (source == null || d.getLineNumber() <= 0 || !"file".equals(source.toUri().getScheme())) {
      return message;
    }
    String where =
        Path.of(source.toUri()) + ":[" + d.getLineNumber() + "," + d.getColumnNumber() + "] ";
    int nl = message.indexOf('\n');
    String head = nl < 0 ? message : message.substring(0, nl);
    String rest = nl < 0 ? "" : message.substring(nl);
    return where + head + "\n" + excerpt(source, d) + rest;
  }

  private static String excerpt(JavaFileObject source, Diagnostic<? extends JavaFileObject> d) {
    try {
      List<String> lines = source.getCharContent(true).toString().lines().toList();
      String line = lines.get((int) d.getLineNumber() - 1);
      long column = Math.max(1, d.getColumnNumber());
      return line + "\n" + " ".repeat((int) Math.min(column - 1, line.length())) + "^";
    } catch (IOException | IndexOutOfBoundsException e) {
      return "";
    }
  }

  private static void delete(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a scratch folder under the temp directory; nothing depends on it
    }
  }
}
