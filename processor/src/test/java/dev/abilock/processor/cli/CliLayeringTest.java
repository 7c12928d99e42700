package dev.abilock.processor.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The CLI shares the processor's model and rules but none of its compiler plumbing, and picocli
 * stays inside the CLI package (it is an optional dependency: javac users never get it).
 */
class CliLayeringTest {
  private static final Path MAIN = Path.of("src", "main", "java", "dev", "abilock", "processor");

  private static List<Path> sources(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
  }

  @Test
  void cliImportsNoCompilerApiAndNoProcessorInternals() throws IOException {
    List<Path> cli = sources(MAIN.resolve("cli"));
    assertTrue(cli.size() >= 5, "found the CLI sources: " + cli);
    for (Path file : cli) {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      for (String banned : List.of("javax.annotation.processing", "javax.lang.model", "javax.tools",
          "dev.abilock.processor.read", "dev.abilock.processor.write", "AbilockProcessor", "Gates")) {
        assertFalse(text.contains(banned), file + " uses " + banned);
      }
    }
  }

  @Test
  void picocliIsUsedOnlyByTheCli() throws IOException {
    for (Path file : sources(MAIN)) {
      if (!file.startsWith(MAIN.resolve("cli"))) {
        assertFalse(Files.readString(file, StandardCharsets.UTF_8).contains("picocli"), file + " uses picocli");
      }
    }
  }
}
