package dev.abilock.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.google.testing.compile.Compilation;
import dev.abilock.core.check.Compatibility;
import dev.abilock.core.check.GateOracle;
import dev.abilock.core.generate.Budget;
import dev.abilock.core.generate.LayoutSpec;
import dev.abilock.core.manifest.AtomicFile;
import dev.abilock.core.manifest.Manifest;
import dev.abilock.core.manifest.ManifestParser;
import dev.abilock.core.model.Layout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing is lost: a manifest update that cannot finish leaves the old manifest byte for byte and
 * no temp file behind, and update mode never drops a published line unless the build fails.
 */
class NothingLostTest {
  private static final String PKG = "gen";

  @TempDir Path dir;

  private static final JavaFileObject RING =
      Sources.source(
          "Ring",
          "@Continuable(name = \"ring\", width = 32)",
          "public class Ring {",
          "  @Op(continues = \"count\") public static final int RING_push = 0;",
          "  @Op public static final int RING_reset = 1;",
          "  @Opcode(bits = 8) int op;",
          "  @ContinuationField(shift = 8, bits = 24) int count;",
          "}");

  private static final JavaFileObject RING_GROWN =
      Sources.source(
          "Ring",
          "@Continuable(name = \"ring\", width = 32)",
          "public class Ring {",
          "  @Op(continues = \"count\") public static final int RING_push = 0;",
          "  @Op public static final int RING_reset = 1;",
          "  @Op public static final int RING_drain = 2;",
          "  @Opcode(bits = 8) int op;",
          "  @ContinuationField(shift = 8, bits = 24) int count;",
          "}");

  // ---------------------------------------------------------------- the write itself

  @Test
  void aMoveThatFailsLeavesTheOldManifestAndNoTempFile() throws IOException {
    Path manifest = dir.resolve("abilock.manifest");
    byte[] old = "old manifest\n".getBytes(StandardCharsets.UTF_8);
    Files.write(manifest, old);
    List<Path> temps = new ArrayList<>();
    // Interrupted between the temp file and the move: the temp file holds the whole new text, then
    // the move fails.
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                AtomicFile.write(
                    manifest,
                    "new manifest\n",
                    (temp, target) -> {
                      temps.add(temp);
                      assertEquals(
                          dir.toAbsolutePath(),
                          temp.getParent(),
                          "the temp file lives next to the manifest");
                      assertEquals("new manifest\n", Files.readString(temp));
                      throw new IOException("disk pulled");
                    }));
    assertEquals("disk pulled", e.getMessage());
    assertArrayEquals(old, Files.readAllBytes(manifest));
    assertEquals(1, temps.size());
    assertEquals(List.of(manifest), listDir(), "a temp file was left behind");

    // An unchecked failure in the move, too.
    assertThrows(
        IllegalStateException.class,
        () ->
            AtomicFile.write(
                manifest,
                "new manifest\n",
                (temp, target) -> {
                  throw new IllegalStateException("bug");
                }));
    assertArrayEquals(old, Files.readAllBytes(manifest));
    assertEquals(List.of(manifest), listDir());

    // And the real move does its job.
    AtomicFile.write(manifest, "new manifest\n");
    assertEquals("new manifest\n", Files.readString(manifest));
    assertEquals(List.of(manifest), listDir());
  }

  @Test
  void updateIntoAReadOnlyDirectoryFailsClearlyAndLeavesTheOldManifest() throws IOException {
    Path ro = Files.createDirectory(dir.resolve("ro"));
    Path manifest = ro.resolve("abilock.manifest");
    assertThat(Sources.compile(manifest, "update", RING)).succeeded();
    byte[] old = Files.readAllBytes(manifest);
    Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      assumeFalse(
          Files.isWritable(ro),
          "the directory is still writable after chmod 555: running as root"
              + " (uid 0 ignores permissions), so this cannot be tested here; the move seam test covers the failure");
      Compilation c = Sources.compile(manifest, "update", RING_GROWN);
      assertThat(c).failed();
      assertThat(c)
          .hadErrorContaining(
              "[manifest-write-failed] manifest "
                  + manifest
                  + " could not be written (the old one is intact)");
      assertArrayEquals(old, Files.readAllBytes(manifest));
      assertEquals(List.of(manifest), listDir(ro));
    } finally {
      Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void updateToAManifestWhoseDirectoryIsAFileFailsClearlyAndTouchesNothing() throws IOException {
    Path file = Files.writeString(dir.resolve("not-a-directory"), "precious\n");
    Path manifest = file.resolve("abilock.manifest");
    Compilation c = Sources.compile(manifest, "update", RING);
    assertThat(c).failed();
    assertThat(c)
        .hadErrorContaining(
            "[manifest-write-failed] manifest " + manifest + " could not be written");
    assertEquals("precious\n", Files.readString(file));
    assertEquals(List.of(file), listDir());
  }

  @Test
  void aManifestPathThatIsADirectoryIsUnreadableInEveryModeAndStaysUntouched() throws IOException {
    Path manifest = Files.createDirectory(dir.resolve("abilock.manifest"));
    Files.writeString(manifest.resolve("inside"), "keep\n");
    for (String mode : List.of("check", "update")) {
      Compilation c = Sources.compile(manifest, mode, RING);
      assertThat(c).failed();
      assertThat(c)
          .hadErrorContaining("[manifest-unreadable] manifest " + manifest + " cannot be read");
      assertTrue(Files.isDirectory(manifest), mode);
      assertEquals("keep\n", Files.readString(manifest.resolve("inside")), mode);
      assertEquals(List.of(manifest), listDir(), mode);
    }
  }

  // ---------------------------------------------------------------- published lines survive
  // updates

  /**
   * Chains of compiles in update mode over random evolutions (some published, some breaking): a
   * build that passes keeps every published line as it was; a build that fails leaves the manifest
   * byte for byte; it fails exactly when Gate B finds a break in the model.
   */
  @Test
  void randomEvolutionsInUpdateModeNeverDropAPublishedLineUnlessTheBuildFails() throws Exception {
    long seed = Budget.seed("nothing-lost");
    int chains = Budget.cases(4, 150);
    int steps = 5;
    long start = System.nanoTime();
    long cases = 0;
    int passed = 0;
    for (int k = 0; k < chains; k++) {
      long chainSeed = seed + 0x9E3779B97F4A7C15L * k;
      SplittableRandom r = new SplittableRandom(chainSeed);
      Path manifest = dir.resolve("chain" + k + ".manifest");
      List<LayoutSpec> specs = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        specs.add(JavaSource.random(r, "n" + k + "_" + i, "N" + k + "x" + i));
      }
      assertThat(
              Sources.compile(
                  List.of(
                      "abilock.manifest=" + Sources.emptyManifest(manifest),
                      "abilock.mode=update",
                      "abilock.release=1"),
                  files(specs)))
          .succeeded();
      for (int step = 0; step < steps; step++) {
        byte[] before = Files.readAllBytes(manifest);
        Manifest old = ManifestParser.parse(before);
        List<LayoutSpec> next = new ArrayList<>();
        Map<String, Layout> now = new TreeMap<>();
        for (LayoutSpec s : specs) {
          LayoutSpec e = r.nextBoolean() ? JavaSource.evolve(r, s, new ArrayList<>()) : s;
          next.add(e);
          now.put(e.name, e.layout(PKG));
        }
        // Gate B's one entry point, as the processor runs it: retiring a line that is still a draft
        // (added after the last release) breaks too (soak seed 4988173578097).
        boolean breaks = !Compatibility.check(old, now).isEmpty();
        List<String> options =
            new ArrayList<>(List.of("abilock.manifest=" + manifest, "abilock.mode=update"));
        if (r.nextInt(3) == 0) {
          options.add("abilock.release=" + (step + 2));
        }
        Compilation c = Sources.compile(options, files(next));
        String context = "chain seed " + chainSeed + " (" + Budget.replay() + "), step " + step;
        if (c.status() == Compilation.Status.SUCCESS) {
          assertTrue(!breaks, context + ": the build passed, the model finds a break");
          GateOracle.assertPublishedLinesKept(
              old, ManifestParser.parse(Files.readAllBytes(manifest)));
          specs = next;
          passed++;
        } else {
          assertTrue(
              breaks,
              context
                  + ": the build failed without a break in the model: "
                  + c.errors().stream().map(d -> d.getMessage(Locale.ROOT)).toList());
          assertArrayEquals(
              before,
              Files.readAllBytes(manifest),
              context + ": a failing update changed the manifest");
        }
        try (Stream<Path> files = Files.list(dir)) {
          assertTrue(
              files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")),
              context + ": temp file left");
        }
        cases++;
      }
    }
    assertTrue(passed > 0, "no update passed: the property was never exercised");
    Budget.report("NothingLostTest (update-mode compiles, " + passed + " passed)", cases, start);
  }

  private static JavaFileObject[] files(List<LayoutSpec> specs) {
    return specs.stream().map(s -> JavaSource.file(s, PKG)).toArray(JavaFileObject[]::new);
  }

  private List<Path> listDir() throws IOException {
    return listDir(dir);
  }

  private static List<Path> listDir(Path at) throws IOException {
    try (Stream<Path> files = Files.list(at)) {
      return files.sorted().toList();
    }
  }
}
