package dev.abilock.processor;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.abilock.core.manifest.Manifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;

/** Test helpers: sources as text, compiled with the processor. */
final class Sources {
  private Sources() {}

  /**
   * A source file {@code test/<simpleName>.java} in package {@code test}, body after the imports.
   */
  static JavaFileObject source(String simpleName, String... lines) {
    return JavaFileObjects.forSourceLines("test." + simpleName, prepend(lines));
  }

  private static String[] prepend(String... lines) {
    List<String> all = new ArrayList<>(List.of("package test;", "import dev.abilock.*;"));
    all.addAll(List.of(lines));
    return all.toArray(String[]::new);
  }

  /** Compiles with the processor and the given {@code -A} options ({@code key=value}). */
  static Compilation compile(List<String> options, JavaFileObject... files) {
    List<String> args = new ArrayList<>();
    for (String o : options) {
      args.add("-A" + o);
    }
    return Compiler.javac().withProcessors(new AbilockProcessor()).withOptions(args).compile(files);
  }

  /**
   * Every file the compile generated, also when it failed ({@link Compilation#generatedFiles()}
   * refuses to answer for a failed compile, which is exactly when a test needs to know that nothing
   * was written). Reads compile-testing's private field; pinned to 0.23.
   */
  @SuppressWarnings("unchecked")
  static List<JavaFileObject> generatedFilesEvenIfFailed(Compilation c) {
    try {
      java.lang.reflect.Field f = Compilation.class.getDeclaredField("generatedFiles");
      f.setAccessible(true);
      return List.copyOf((List<JavaFileObject>) f.get(c));
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("compile-testing changed: no Compilation.generatedFiles field", e);
    }
  }

  /**
   * Writes a manifest with no lines at {@code manifest} unless there is one: a project that has its
   * manifest already. Random first versions may carry aliases or retirements, which a missing
   * manifest refuses (they need an earlier record), so property tests start from an empty one.
   */
  static Path emptyManifest(Path manifest) {
    try {
      if (!Files.exists(manifest)) {
        Files.writeString(manifest, Manifest.empty().render());
      }
      return manifest;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Compiles against a manifest at {@code manifest} in the given mode. */
  static Compilation compile(Path manifest, String mode, JavaFileObject... files) {
    return compile(List.of("abilock.manifest=" + manifest, "abilock.mode=" + mode), files);
  }

  /**
   * Like {@link #compile(Path, String, JavaFileObject...)}, with extra javac options passed as they
   * are (for example {@code --should-stop=ifError=FLOW}, which makes javac run processors despite
   * errors in the annotations, as Error Prone setups do).
   */
  static Compilation compileWithJavacOptions(
      List<String> javacOptions, Path manifest, String mode, JavaFileObject... files) {
    List<String> args = new ArrayList<>(javacOptions);
    args.add("-Aabilock.manifest=" + manifest);
    args.add("-Aabilock.mode=" + mode);
    return Compiler.javac().withProcessors(new AbilockProcessor()).withOptions(args).compile(files);
  }
}
