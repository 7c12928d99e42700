package dev.abilock.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckFingerprintTest {
  @TempDir Path dir;
  private Path module;
  private Path handler;
  private Path constants;
  private Path jar;
  private Path classes;
  private Path headers;
  private CheckFingerprint.Inputs inputs;

  @BeforeEach
  void module() throws IOException {
    module = dir.resolve("module");
    handler = write(module.resolve("src/main/java/org/example/Handler.java"), "class Handler {}\n");
    constants =
        write(
            module.resolve("src/main/java/org/example/Codes.java"),
            "class Codes { static final int A = 1; }\n");
    write(module.resolve("abilock.manifest"), "# abilock manifest 1\n");
    jar = write(dir.resolve("repo/lib-1.0.jar"), "a jar");
    classes = dir.resolve("sibling/target/classes");
    write(classes.resolve("org/example/Lib.class"), "a class");
    headers = module.resolve("include");
    write(headers.resolve("memory_op.h"), "#define MEMOP 1\n");
    inputs =
        new CheckFingerprint.Inputs(
            module,
            List.of(module.resolve("src/main/java")),
            List.of(handler, constants),
            List.of(jar, classes),
            module.resolve("abilock.manifest"),
            List.of(headers),
            List.of("abilock.manifest=" + module.resolve("abilock.manifest"), "abilock.mode=check"),
            "UTF-8",
            "0.1.0",
            List.of(
                write(dir.resolve("plugin/abilock-maven-plugin.jar"), "plugin"),
                write(dir.resolve("plugin/abilock-processor.jar"), "processor")));
  }

  @Test
  void theSameStateGivesTheSameFileRunAfterRun() throws Exception {
    Path file = module.resolve("target/abilock/check.fingerprint");
    CheckFingerprint first = fingerprint();
    first.write(file);
    String text = Files.readString(file);
    CheckFingerprint second = CheckFingerprint.of(inputs, CheckFingerprint.read(file));
    assertTrue(second.sameStateAs(CheckFingerprint.read(file)));
    second.write(file);
    assertEquals(text, Files.readString(file));
    assertTrue(text.startsWith(CheckFingerprint.FORMAT + "\n"), text);
    assertTrue(
        text.contains(
            "source " + sha256("class Handler {}\n") + " src/main/java/org/example/Handler.java\n"),
        text);
    assertTrue(
        text.contains("\nmanifest " + sha256("# abilock manifest 1\n") + " abilock.manifest\n"),
        text);
    assertTrue(
        text.contains("\noutput-file " + sha256("#define MEMOP 1\n") + " include/memory_op.h\n"),
        text);
    try (var left = Files.list(file.getParent())) {
      assertEquals(List.of(file), left.toList(), "no temporary file is left");
    }
  }

  @Test
  void theOrderFilesAreFoundInDoesNotMatterButTheClassPathOrderDoes() throws Exception {
    CheckFingerprint before = fingerprint();
    assertTrue(
        CheckFingerprint.of(
                with(
                    i ->
                        new CheckFingerprint.Inputs(
                            i.module(),
                            i.sourceRoots(),
                            List.of(constants, handler),
                            i.classpath(),
                            i.manifest(),
                            i.outputs(),
                            i.options(),
                            i.encoding(),
                            i.abilockVersion(),
                            List.of(i.abilockJars().get(1), i.abilockJars().get(0)))),
                before)
            .sameStateAs(before));
    // javac takes the first class of a name it finds on the class path
    assertFalse(
        CheckFingerprint.of(
                with(
                    i ->
                        new CheckFingerprint.Inputs(
                            i.module(),
                            i.sourceRoots(),
                            i.sources(),
                            List.of(classes, jar),
                            i.manifest(),
                            i.outputs(),
                            i.options(),
                            i.encoding(),
                            i.abilockVersion(),
                            i.abilockJars())),
                before)
            .sameStateAs(before));
  }

  @Test
  void aMissingCorruptTruncatedOrOtherFormatFileMatchesNothing() throws Exception {
    Path file = module.resolve("target/abilock/check.fingerprint");
    CheckFingerprint now = fingerprint();
    assertFalse(now.sameStateAs(CheckFingerprint.read(file)), "missing");
    now.write(file);
    assertTrue(now.sameStateAs(CheckFingerprint.read(file)));
    List<String> lines = Files.readAllLines(file);

    Files.write(file, lines.subList(0, lines.size() - 1));
    assertFalse(now.sameStateAs(CheckFingerprint.read(file)), "the end line cut off");
    Files.write(file, lines.subList(0, lines.size() / 2));
    assertFalse(now.sameStateAs(CheckFingerprint.read(file)), "cut in the middle");
    Files.writeString(file, String.join("\n", lines).substring(0, 5));
    assertFalse(now.sameStateAs(CheckFingerprint.read(file)), "cut inside the first line");
    Files.write(file, new byte[0]);
    assertFalse(now.sameStateAs(CheckFingerprint.read(file)), "empty");
    Files.write(file, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
    assertFalse(now.sameStateAs(CheckFingerprint.read(file)), "not text");
    List<String> otherFormat = new ArrayList<>(lines);
    otherFormat.set(0, "abilock check fingerprint 0");
    Files.write(file, otherFormat);
    assertFalse(now.sameStateAs(CheckFingerprint.read(file)), "another format");
    List<String> edited = new ArrayList<>(lines);
    edited.set(3, edited.get(3) + "x");
    Files.write(file, edited);
    assertFalse(now.sameStateAs(CheckFingerprint.read(file)), "a fact edited");
    List<String> dropped = new ArrayList<>(lines);
    dropped.remove(3);
    dropped.set(dropped.size() - 1, "end " + (dropped.size() - 2));
    Files.write(file, dropped);
    assertFalse(
        now.sameStateAs(CheckFingerprint.read(file)), "a fact dropped, the line count fixed up");
  }

  @Test
  void everyInputChangesIt() throws Exception {
    CheckFingerprint before = fingerprint();
    changes(before, () -> Files.writeString(handler, "class Handler { }\n"), "a handler edited");
    changes(
        before,
        () -> Files.writeString(constants, "class Codes { static final int A = 2; }\n"),
        "a file a handler takes a constant from");
    changes(
        before,
        () -> Files.writeString(module.resolve("abilock.manifest"), "# abilock manifest 1\n\n"),
        "the manifest edited by hand");
    changes(before, () -> Files.delete(module.resolve("abilock.manifest")), "the manifest deleted");
    changes(before, () -> Files.writeString(jar, "A jar"), "a jar of the same size");
    changes(
        before,
        () -> Files.writeString(classes.resolve("org/example/Lib.class"), "a class!"),
        "a class in a class folder");
    changes(
        before,
        () -> write(classes.resolve("org/example/More.class"), "more"),
        "a class added to a class folder");
    changes(
        before,
        () -> Files.writeString(inputs.abilockJars().get(1), "Processor"),
        "a rebuilt snapshot of abilock's processor");
    changes(before, () -> Files.delete(headers.resolve("memory_op.h")), "a header deleted");
    changes(
        before,
        () -> Files.writeString(headers.resolve("memory_op.h"), "#define MEMOP 2\n"),
        "a header edited");

    assertFalse(
        CheckFingerprint.of(
                with(
                    i ->
                        new CheckFingerprint.Inputs(
                            i.module(),
                            i.sourceRoots(),
                            i.sources(),
                            i.classpath(),
                            i.manifest(),
                            i.outputs(),
                            i.options(),
                            i.encoding(),
                            "0.1.1",
                            i.abilockJars())),
                before)
            .sameStateAs(before),
        "another abilock version");
    assertFalse(
        CheckFingerprint.of(
                with(
                    i ->
                        new CheckFingerprint.Inputs(
                            i.module(),
                            i.sourceRoots(),
                            i.sources(),
                            i.classpath(),
                            i.manifest(),
                            List.of(),
                            i.options(),
                            i.encoding(),
                            i.abilockVersion(),
                            i.abilockJars())),
                before)
            .sameStateAs(before),
        "no header folder any more");
    assertFalse(
        CheckFingerprint.of(
                with(
                    i ->
                        new CheckFingerprint.Inputs(
                            i.module(),
                            i.sourceRoots(),
                            i.sources(),
                            i.classpath(),
                            i.manifest(),
                            i.outputs(),
                            List.of("abilock.mode=check"),
                            i.encoding(),
                            i.abilockVersion(),
                            i.abilockJars())),
                before)
            .sameStateAs(before),
        "an option");
    assertFalse(
        CheckFingerprint.of(
                with(
                    i ->
                        new CheckFingerprint.Inputs(
                            i.module(),
                            i.sourceRoots(),
                            i.sources(),
                            i.classpath(),
                            i.manifest(),
                            i.outputs(),
                            i.options(),
                            "ISO-8859-1",
                            i.abilockVersion(),
                            i.abilockJars())),
                before)
            .sameStateAs(before),
        "the encoding");
  }

  @Test
  void aJarTouchedOrCopiedWithItsContentIsNoChange() throws Exception {
    CheckFingerprint before = fingerprint();
    Files.setLastModifiedTime(jar, FileTime.fromMillis(0));
    Files.writeString(classes.resolve("org/example/Lib.class"), "a class");
    CheckFingerprint after = CheckFingerprint.of(inputs, before);
    assertTrue(after.sameStateAs(before));
  }

  /**
   * A jar is what javac reads from it: its entries' names and contents, not their times or order.
   */
  @Test
  void aJarIsItsEntries() throws Exception {
    zip(jar, 1_000, "org/example/A.class", "a", "org/example/B.class", "b");
    CheckFingerprint before = fingerprint();
    zip(jar, 2_000_000, "org/example/B.class", "b", "org/example/A.class", "a");
    assertTrue(
        CheckFingerprint.of(inputs, before).sameStateAs(before), "jarred again, in another order");
    zip(jar, 1_000, "org/example/A.class", "a", "org/example/B.class", "B");
    assertFalse(CheckFingerprint.of(inputs, before).sameStateAs(before), "an entry's content");
    zip(jar, 1_000, "org/example/A.class", "a", "org/example/C.class", "b");
    assertFalse(CheckFingerprint.of(inputs, before).sameStateAs(before), "an entry's name");
    zip(
        jar,
        1_000,
        "org/example/A.class",
        "a",
        "org/example/B.class",
        "b",
        "META-INF/MANIFEST.MF",
        "Class-Path: x.jar");
    assertFalse(CheckFingerprint.of(inputs, before).sameStateAs(before), "an entry added");
  }

  /**
   * Once a jar is old enough for its stat data to be trusted, a rewrite that keeps its size and
   * restores its modification time is still seen: the change time moved.
   */
  @Test
  void aJarRewrittenBehindItsModificationTimeIsSeen() throws Exception {
    FileTime modified = Files.getLastModifiedTime(jar);
    Thread.sleep(3_200); // past the racy window, so that the stat cache is used
    CheckFingerprint trusted = fingerprint();
    Path file = module.resolve("target/abilock/check.fingerprint");
    trusted.write(file);
    assertTrue(Files.readString(file).contains("\nstat "), "the jar's stat data is recorded");
    assertTrue(CheckFingerprint.of(inputs, CheckFingerprint.read(file)).sameStateAs(trusted));

    Files.writeString(jar, "A jar");
    Files.setLastModifiedTime(jar, modified);
    assertFalse(CheckFingerprint.of(inputs, CheckFingerprint.read(file)).sameStateAs(trusted));
  }

  @Test
  void theOutputFoldersAreTakenAgainAfterTheCheckWroteThem() throws Exception {
    Files.delete(headers.resolve("memory_op.h"));
    CheckFingerprint beforeTheCheck = fingerprint();
    write(headers.resolve("memory_op.h"), "#define MEMOP 1\n");
    CheckFingerprint recorded = beforeTheCheck.withOutputsNow(inputs);
    assertFalse(beforeTheCheck.sameStateAs(recorded));
    assertTrue(fingerprint().sameStateAs(recorded));
  }

  private interface Edit {
    void run() throws IOException;
  }

  private void changes(CheckFingerprint before, Edit edit, String what) throws IOException {
    edit.run();
    assertFalse(CheckFingerprint.of(inputs, before).sameStateAs(before), what);
    // the module made again from scratch, so that each edit is seen alone
    MavenProjects.delete(dir);
    module();
    assertTrue(
        CheckFingerprint.of(inputs, before).sameStateAs(before), "made again after: " + what);
  }

  private CheckFingerprint fingerprint() throws IOException {
    return CheckFingerprint.of(inputs, CheckFingerprint.read(dir.resolve("none")));
  }

  private CheckFingerprint.Inputs with(UnaryOperator<CheckFingerprint.Inputs> change) {
    return change.apply(inputs);
  }

  private static Path write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  /** A zip of {@code namesAndContents}, every entry at {@code time}. */
  private static void zip(Path file, long time, String... namesAndContents) throws IOException {
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file))) {
      for (int i = 0; i < namesAndContents.length; i += 2) {
        ZipEntry entry = new ZipEntry(namesAndContents[i]);
        entry.setTime(time);
        out.putNextEntry(entry);
        out.write(namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
    }
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
