package dev.abilock.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.palantir.javapoet.JavaFile;
import dev.abilock.Continuable;
import dev.abilock.core.manifest.Manifest;
import dev.abilock.runtime.AbiViolationException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Xen examples compiled by the javac of a second JDK, of another feature release than the one
 * running the tests, with the processor on its processor path: the same codecs, headers, docs and
 * manifest byte for byte as this JDK's javac gives. The JDK is {@code -Dabilock.second.jdk=DIR} or
 * {@code $ABILOCK_SECOND_JDK} (a {@code JAVA_HOME}), else the first of another release found under
 * the usual install folders; without one the test is skipped and says so.
 */
class SecondJdkTest {
  @TempDir Path dir;

  private static final List<String> INSTALL_FOLDERS =
      List.of(
          "/usr/lib/jvm",
          "/usr/java",
          "/opt/java",
          "/Library/Java/JavaVirtualMachines",
          System.getProperty("user.home") + "/.sdkman/candidates/java");

  /** A JDK home of another feature release than this one, if one is configured or installed. */
  static Optional<Path> secondJdk() {
    String given = System.getProperty("abilock.second.jdk", System.getenv("ABILOCK_SECOND_JDK"));
    if (given != null && !given.isBlank()) {
      return Optional.of(Path.of(given));
    }
    int here = Runtime.version().feature();
    for (String folder : INSTALL_FOLDERS) {
      Path root = Path.of(folder);
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (Stream<Path> homes = Files.list(root)) {
        for (Path home : homes.sorted().toList()) {
          Path candidate =
              Files.isDirectory(home.resolve("Contents/Home"))
                  ? home.resolve("Contents/Home")
                  : home;
          int release = release(candidate);
          if (release > 0
              && release != here
              && Files.isExecutable(candidate.resolve("bin/javac"))) {
            return Optional.of(candidate);
          }
        }
      } catch (IOException e) {
        // an unreadable folder holds no JDK we can use
      }
    }
    return Optional.empty();
  }

  /**
   * The feature release a JDK home's {@code release} file names ({@code JAVA_VERSION="25.0.1"}), or
   * 0.
   */
  private static int release(Path home) {
    try {
      for (String line : Files.readAllLines(home.resolve("release"))) {
        if (line.startsWith("JAVA_VERSION=")) {
          String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
          String feature = v.startsWith("1.") ? v.substring(2) : v;
          return Integer.parseInt(feature.split("[.+-]")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return 0;
  }

  @Test
  void theXenExamplesGiveTheSameOutputsUnderASecondJdk() throws Exception {
    Optional<Path> jdk = secondJdk();
    Assumptions.assumeTrue(
        jdk.isPresent(),
        "no JDK of another release than "
            + Runtime.version().feature()
            + " found: set ABILOCK_SECOND_JDK to a JDK home to compare the processor's outputs under it");
    String checkedIn = Files.readString(Path.of("..", "examples", "abilock.manifest"));
    Path hereManifest =
        Files.createDirectories(dir.resolve("here-manifest")).resolve("abilock.manifest");
    Files.writeString(hereManifest, checkedIn);
    EclipseCompilerTest.Run here =
        EclipseCompilerTest.compile(
            ToolProvider.getSystemJavaCompiler(),
            Files.createDirectories(dir.resolve("here")),
            "javac " + Runtime.version().feature(),
            EclipseCompilerTest.xen(),
            hereManifest,
            "check");
    assertTrue(here.success(), here.log());

    Path root = Files.createDirectories(dir.resolve("there"));
    Path manifest =
        Files.createDirectories(dir.resolve("there-manifest")).resolve("abilock.manifest");
    Files.writeString(manifest, checkedIn);
    String processorPath =
        String.join(
            File.pathSeparator,
            Stream.of(AbilockProcessor.class, Manifest.class, Continuable.class, JavaFile.class)
                .map(c -> EclipseCompilerTest.location(c).toString())
                .toList());
    String classPath =
        EclipseCompilerTest.location(Continuable.class)
            + File.pathSeparator
            + EclipseCompilerTest.location(AbiViolationException.class);
    List<String> command =
        new ArrayList<>(
            List.of(
                jdk.get().resolve("bin/javac").toString(),
                "--release",
                "17",
                "-proc:full",
                "-processorpath",
                processorPath,
                "-cp",
                classPath,
                "-d",
                Files.createDirectories(root.resolve("classes")).toString(),
                "-s",
                Files.createDirectories(root.resolve("generated")).toString(),
                "-Aabilock.manifest=" + manifest,
                "-Aabilock.mode=check",
                "-Aabilock.headers=" + root.resolve("include"),
                "-Aabilock.docs=" + root.resolve("docs")));
    EclipseCompilerTest.xen().forEach(p -> command.add(p.toString()));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(2, TimeUnit.MINUTES), "javac of " + jdk.get() + " timed out");
    assertEquals(0, p.exitValue(), jdk.get() + ":\n" + log);
    Map<String, String> there = EclipseCompilerTest.outputs(root, manifest);
    assertEquals(here.outputs().keySet(), there.keySet(), jdk.get().toString());
    here.outputs()
        .forEach((file, text) -> assertEquals(text, there.get(file), file + " under " + jdk.get()));
    assertEquals(checkedIn, there.get("manifest"));
  }
}
