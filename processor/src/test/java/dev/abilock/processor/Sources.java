package dev.abilock.processor;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;

/** Test helpers: sources as text, compiled with the processor. */
final class Sources {
  private Sources() {}

  /** A source file {@code test/<simpleName>.java} in package {@code test}, body after the imports. */
  static JavaFileObject source(String simpleName, String... lines) {
    return JavaFileObjects.forSourceLines("test." + simpleName, prepend(lines));
  }

  private static String[] prepend(String... lines) {
    List<String> all = new ArrayList<>(List.of(
        "package test;",
        "import dev.abilock.*;"));
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

  /** Compiles against a manifest at {@code manifest} in the given mode. */
  static Compilation compile(Path manifest, String mode, JavaFileObject... files) {
    return compile(List.of("abilock.manifest=" + manifest, "abilock.mode=" + mode), files);
  }
}
