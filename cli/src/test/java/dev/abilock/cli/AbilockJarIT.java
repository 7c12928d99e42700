package dev.abilock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end, after {@code package}: the shaded jar runs with one {@code java -jar} command. */
class AbilockJarIT {
  /** The packaged main artifact, {@code target/abilock-cli-<version>.jar}, as failsafe names it. */
  private static final Path JAR =
      Path.of(System.getProperty("abilock.cli.jar", "target/abilock-cli.jar")).toAbsolutePath();

  @TempDir Path dir;

  record Result(int exit, String out, String err) {}

  private Result java(String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                JAR.toString()));
    command.addAll(List.of(args));
    Path out = dir.resolve("stdout");
    Path err = dir.resolve("stderr");
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "java -jar timed out");
    return new Result(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void jarHasMainClassAndNoProcessorRegistration() throws Exception {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      assertEquals(
          "dev.abilock.cli.AbilockCli",
          jar.getManifest().getMainAttributes().getValue("Main-Class"));
      assertNull(jar.getEntry("META-INF/services/javax.annotation.processing.Processor"));
      assertTrue(jar.getEntry("picocli/CommandLine.class") != null, "picocli is inside");
      assertTrue(
          jar.getEntry("dev/abilock/Encoding.class") != null,
          "the annotations' Encoding is inside");
      assertTrue(
          jar.getEntry("dev/abilock/review/Review.class") != null, "the review flow is inside");
      assertTrue(
          jar.stream().noneMatch(e -> e.getName().startsWith("com/palantir/javapoet/")),
          "the code generator is not needed by the CLI");
    }
  }

  @Test
  void versionIsThePomsVersion() throws Exception {
    Result r = java("--version");
    assertEquals(0, r.exit(), r.err());
    assertEquals("abilock " + System.getProperty("abilock.version") + "\n", r.out());
  }

  @Test
  void markdownDiffOfXen34() throws Exception {
    Files.writeString(dir.resolve("memory_op-3.3.manifest"), CliFormatsTest.XEN_33);
    Files.writeString(dir.resolve("memory_op-3.4.manifest"), CliFormatsTest.XEN_34);
    Result r =
        java("diff", "--format", "markdown", "memory_op-3.3.manifest", "memory_op-3.4.manifest");
    assertEquals(1, r.exit(), r.err());
    assertEquals(CliFormatsTest.resource("memory_op-3.3-to-3.4.md"), r.out());
  }

  @Test
  void checkTheExamplesManifest() throws Exception {
    Path examples =
        Path.of(System.getProperty("abilock.examples.manifest", "../examples/abilock.manifest"))
            .toAbsolutePath()
            .normalize();
    Result r = java("check", "--manifest", examples.toString());
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().startsWith(examples + ": OK, 4 continuable(s), "), r.out());
  }

  @Test
  void usageErrorExitsTwo() throws Exception {
    Result r = java("diff", "only-one.manifest");
    assertEquals(2, r.exit());
    assertEquals("", r.out());
    assertTrue(r.err().startsWith("[cli-diff-arguments] "), r.err());
  }
}
