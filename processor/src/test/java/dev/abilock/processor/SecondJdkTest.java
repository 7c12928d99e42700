package dev.abilock.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.palantir.javapoet.JavaFile;
import dev.abilock.Continuable;
import dev.abilock.core.generate.Budget;
import dev.abilock.core.manifest.Manifest;
import dev.abilock.runtime.AbiViolationException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
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

  /** The processor and what it needs, as javac's {@code -processorpath} takes them. */
  private static String processorPath() {
    return String.join(
        File.pathSeparator,
        Stream.of(AbilockProcessor.class, Manifest.class, Continuable.class, JavaFile.class)
            .map(c -> EclipseCompilerTest.location(c).toString())
            .toList());
  }

  /**
   * The annotations and the runtime, which the sources and the generated codecs compile against.
   */
  private static String classPath() {
    return EclipseCompilerTest.location(Continuable.class)
        + File.pathSeparator
        + EclipseCompilerTest.location(AbiViolationException.class);
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
    List<String> command =
        new ArrayList<>(
            List.of(
                jdk.get().resolve("bin/javac").toString(),
                "--release",
                "17",
                "-proc:full",
                "-processorpath",
                processorPath(),
                "-cp",
                classPath(),
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

  /** The struct codecs the agreement run calls: the Xen examples' and two probes'. */
  private static final List<String> STRUCT_CODECS =
      List.of(
          "dev.abilock.examples.xen.HvmModifiedMemoryCodec",
          "dev.abilock.examples.xen.MemAccessOpCodec",
          "dev.abilock.examples.xen.MemoryReservationCodec",
          "probe.ProbeOpCodec",
          "probe.ProbeXlatCodec");

  /**
   * Compiled by the second JDK's javac for {@code --release 22} with the processor, the Xen
   * examples' structs and two probes (a {@code U16} sub-op, pads, signed members in wider fields; a
   * translated struct with a handle, an unsigned long and a 7-byte pad) get {@code MemorySegment}
   * methods and {@code LAYOUT} constants; run under that JDK, each agrees with its {@code
   * ByteBuffer} twin on seeded random images (values, refusals and their messages, bytes written,
   * translations), and the layouts with {@code SIZE}, {@code ALIGN} and every {@code _OFFSET}.
   */
  @Test
  void structCodecsForJava22AgreeOnMemorySegmentsAndByteBuffers() throws Exception {
    Optional<Path> jdk = secondJdk();
    Assumptions.assumeTrue(
        jdk.isPresent(),
        "no second JDK found: set ABILOCK_SECOND_JDK to a JDK 22 or later to test the"
            + " MemorySegment side of struct codecs");
    int release = release(jdk.get());
    Assumptions.assumeTrue(
        release >= 22,
        "the second JDK, "
            + jdk.get()
            + ", is Java "
            + release
            + ": the MemorySegment side of struct codecs needs 22 or later");
    long start = System.nanoTime();
    Path classes = Files.createDirectories(dir.resolve("classes"));
    Path generated = Files.createDirectories(dir.resolve("generated"));
    Path xenManifest = dir.resolve("xen.manifest");
    Files.writeString(xenManifest, Files.readString(Path.of("..", "examples", "abilock.manifest")));
    run(
        jdk.get(),
        javac(jdk.get(), classes, generated, xenManifest, "check", EclipseCompilerTest.xen()));
    Path segment = resource("segment");
    run(
        jdk.get(),
        javac(
            jdk.get(),
            classes,
            generated,
            dir.resolve("probe.manifest"),
            "update",
            List.of(
                segment.resolve("probe/ProbeOp.java"), segment.resolve("probe/ProbeXlat.java"))));
    String probe = Files.readString(generated.resolve("probe/ProbeOpCodec.java"));
    assertTrue(
        probe.contains("MemoryLayout.paddingLayout(2).withName(\"pad0\")")
            && probe.contains("public static long pfn(MemorySegment s, long at)"),
        probe);

    Path harness = Files.createDirectories(dir.resolve("harness"));
    run(
        jdk.get(),
        List.of(
            jdk.get().resolve("bin/javac").toString(),
            "--release",
            "22",
            "-cp",
            classes + File.pathSeparator + classPath(),
            "-d",
            harness.toString(),
            segment.resolve("SegmentAgreement.java").toString()));
    int images = Budget.cases(2_000, 50_000);
    List<String> command =
        new ArrayList<>(
            List.of(
                jdk.get().resolve("bin/java").toString(),
                "-cp",
                String.join(
                    File.pathSeparator, harness.toString(), classes.toString(), classPath()),
                "SegmentAgreement",
                Long.toString(Budget.seed("SecondJdkTest segments")),
                Integer.toString(images)));
    command.addAll(STRUCT_CODECS);
    String out = run(jdk.get(), command);
    Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
    for (String line : out.lines().filter(l -> l.startsWith("ok ")).toList()) {
      String[] words = line.split(" ");
      Map<String, Integer> c = new HashMap<>();
      for (int i = 2; i < words.length; i++) {
        String[] kv = words[i].split("=");
        c.put(kv[0], Integer.parseInt(kv[1]));
      }
      counts.put(words[1], c);
    }
    assertEquals(STRUCT_CODECS, List.copyOf(counts.keySet()), out);
    counts.forEach(
        (codec, c) -> {
          assertEquals(images, c.get("images"), codec);
          assertTrue(c.get("refused") > 0, codec + " refused no image: " + out);
          if (!codec.endsWith("HvmModifiedMemoryCodec")) { // retired: every image is refused
            assertTrue(c.get("accepted") > images / 20, codec + " accepted too few images: " + out);
          }
        });
    for (String codec :
        List.of(
            "probe.ProbeOpCodec",
            "probe.ProbeXlatCodec",
            "dev.abilock.examples.xen.MemoryReservationCodec")) {
      assertTrue(
          counts.get(codec).get("setterRefusals") > 0, codec + ": no setter refused: " + out);
    }
    Budget.report(
        "SecondJdkTest MemorySegment agreement (" + STRUCT_CODECS.size() + " codecs)",
        (long) images * STRUCT_CODECS.size(),
        start);
  }

  /** The javac command of {@code jdk} for {@code --release 22} with the processor. */
  private static List<String> javac(
      Path jdk, Path classes, Path generated, Path manifest, String mode, List<Path> sources) {
    List<String> command =
        new ArrayList<>(
            List.of(
                jdk.resolve("bin/javac").toString(),
                "--release",
                "22",
                "-proc:full",
                "-processorpath",
                processorPath(),
                "-cp",
                classes + File.pathSeparator + classPath(),
                "-d",
                classes.toString(),
                "-s",
                generated.toString(),
                "-Aabilock.manifest=" + manifest,
                "-Aabilock.mode=" + mode));
    sources.forEach(p -> command.add(p.toString()));
    return command;
  }

  /** Runs a tool of {@code jdk}, expecting it to succeed; its output. */
  private static String run(Path jdk, List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), command.get(0) + " of " + jdk + " timed out");
    assertEquals(0, p.exitValue(), String.join(" ", command) + ":\n" + log);
    return log;
  }

  private static Path resource(String name) throws Exception {
    return Path.of(SecondJdkTest.class.getResource("/" + name).toURI());
  }
}
