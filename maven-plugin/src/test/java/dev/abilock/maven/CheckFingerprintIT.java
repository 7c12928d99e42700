package dev.abilock.maven;

import static dev.abilock.maven.MavenProjects.MEMORY_OP_33;
import static dev.abilock.maven.MavenProjects.mvn;
import static dev.abilock.maven.MavenProjects.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.abilock.maven.MavenProjects.Build;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.spi.ToolProvider;
import javax.tools.JavaCompiler;
import org.junit.jupiter.api.Test;

/**
 * {@code abilock:check} skips javac while nothing it reads changed, and never on a change: one
 * project, one input edited at a time (a handler, a file a handler takes a constant from, the
 * manifest, a jar on the class path, abilock itself, an option), each seen by a full check that
 * fails on the break it makes. After a failed check the edit is undone and the fingerprint of the
 * state before it put back, so that the next edit is seen alone without another passing build.
 */
class CheckFingerprintIT {
  private static final String SKIPPED =
      "[plugin-check-unchanged] abilock:check: nothing changed since the last"
          + " successful check (fingerprint target/abilock/check.fingerprint); skipped";
  private static final String IN_SYNC = "[plugin-in-sync]";

  /**
   * Xen 3.3's memory_op, with two op codes taken from elsewhere: a file of the module and a jar.
   */
  private static final String HANDLER =
      MEMORY_OP_33.replace(
          "@Op public static final int XENMEM_maximum_ram_page = 2;",
          "@Op public static final int XENMEM_maximum_ram_page = Codes.MAXIMUM_RAM_PAGE;\n"
              + "  @Op public static final int XENMEM_exchange = org.example.lib.Abi.EXCHANGE;");

  private static final String CODES =
      "package org.example.xen;\n\nfinal class Codes {\n"
          + "  static final int MAXIMUM_RAM_PAGE = 2;\n}\n";

  private Path project;
  private Path libJar;
  private Path fingerprint;
  private byte[] recorded;

  @Test
  void theCheckRunsAgainOnEveryChangeAndOnlyThen() throws Exception {
    project = MavenProjects.freshProject("fingerprint");
    libJar = project.resolveSibling("fingerprint-lib").resolve("abi.jar");
    MavenProjects.delete(libJar.getParent());
    buildLib(11);
    String pom =
        MavenProjects.readmePom()
            .replace(
                "  </dependencies>",
                "    <dependency>\n      <groupId>org.example</groupId>\n      <artifactId>abi</artifactId>\n"
                    + "      <version>1.0</version>\n      <scope>system</scope>\n"
                    + "      <systemPath>${project.basedir}/../fingerprint-lib/abi.jar</systemPath>\n    </dependency>\n"
                    + "  </dependencies>");
    write(project.resolve("pom.xml"), pom);
    Path handler = write(project.resolve("src/main/java/org/example/xen/MemoryOp.java"), HANDLER);
    Path codes = write(project.resolve("src/main/java/org/example/xen/Codes.java"), CODES);
    Path manifest = project.resolve("abilock.manifest");
    fingerprint = project.resolve("target/abilock/check.fingerprint");

    mvn(project, "abilock:update", "-Dabilock.release=1.0").succeeded();
    assertFalse(Files.exists(fingerprint), "update records no fingerprint");
    ran(mvn(project, "verify").succeeded());
    Build skipped = mvn(project, "verify").succeeded().logs(SKIPPED);
    assertFalse(skipped.log().contains(IN_SYNC), skipped.toString());
    recorded = Files.readAllBytes(fingerprint);

    // A handler: the failed check leaves no fingerprint; undone, a full check passes again.
    Files.writeString(
        handler,
        HANDLER.replace("XENMEM_decrease_reservation = 1", "XENMEM_decrease_reservation = 7"));
    breaks(
        "[op-code-changed] memory_op: published op XENMEM_decrease_reservation changed code: 1 -> 7");
    assertFalse(Files.exists(fingerprint), "a failed check leaves no fingerprint");
    Files.writeString(handler, HANDLER);
    ran(mvn(project, "abilock:check").succeeded());
    recorded = Files.readAllBytes(fingerprint);

    // A file that declares nothing, only a constant a handler takes.
    Files.writeString(codes, CODES.replace("= 2;", "= 5;"));
    breaks(
        "[op-code-changed] memory_op: published op XENMEM_maximum_ram_page changed code: 2 -> 5");
    Files.writeString(codes, CODES);
    restoreFingerprint();

    // The manifest, by hand.
    byte[] released = Files.readAllBytes(manifest);
    Files.writeString(
        manifest,
        new String(released, StandardCharsets.UTF_8)
            .replace("  op XENMEM_exchange 11 published 1.0\n", ""));
    breaks("[manifest-stale] manifest " + manifest + " is out of date with the sources");
    Files.write(manifest, released);
    restoreFingerprint();

    // A jar on the class path: jarred again from the same classes (new entry times) it is the same;
    // with another
    // constant, a break.
    buildLib(11);
    mvn(project, "abilock:check").succeeded().logs(SKIPPED);
    buildLib(12);
    breaks("[op-code-changed] memory_op: published op XENMEM_exchange changed code: 11 -> 12");
    buildLib(11);
    restoreFingerprint();

    // abilock itself: a fingerprint another version wrote, and a rebuilt snapshot of the same
    // version.
    String text = Files.readString(fingerprint);
    String version = MavenProjects.version();
    assertTrue(text.contains("\nabilock " + version + "\n"), text);
    Files.writeString(
        fingerprint, text.replace("\nabilock " + version + "\n", "\nabilock 0.0.9\n"));
    ran(mvn(project, "abilock:check").succeeded());
    Path pluginJar =
        Path.of(
            System.getProperty("abilock.it.repo"),
            "dev/abilock/abilock-maven-plugin/"
                + version
                + "/abilock-maven-plugin-"
                + version
                + ".jar");
    byte[] plugin = Files.readAllBytes(pluginJar);
    try {
      Path marker =
          write(project.resolveSibling("fingerprint-lib").resolve("rebuilt.txt"), "rebuilt\n");
      jar(
          "--update",
          "--file",
          pluginJar.toString(),
          "-C",
          marker.getParent().toString(),
          "rebuilt.txt");
      ran(mvn(project, "abilock:check").succeeded());
    } finally {
      Files.write(pluginJar, plugin);
    }

    // An option: a header folder. The check writes it, then vouches for it; a deleted header brings
    // the check back.
    String headers = "-Dabilock.headers=" + project.resolve("include");
    ran(mvn(project, "abilock:check", headers).succeeded());
    Path header = project.resolve("include/memory_op.h");
    assertTrue(Files.exists(header));
    mvn(project, "abilock:check", headers).succeeded().logs(SKIPPED);
    Files.delete(header);
    ran(mvn(project, "abilock:check", headers).succeeded());
    assertTrue(Files.exists(header), "the check wrote the deleted header again");
    ran(mvn(project, "abilock:check", headers, "-Dabilock.force=true").succeeded());
  }

  private void breaks(String finding) throws Exception {
    mvn(project, "abilock:check")
        .failed()
        .logs(finding, "[plugin-errors] abilock:check found 1 error(s)");
    assertFalse(Files.exists(fingerprint), "a failed check leaves no fingerprint");
  }

  /** The edit undone, the state is the one recorded before it. */
  private void restoreFingerprint() throws IOException {
    Files.createDirectories(fingerprint.getParent());
    Files.write(fingerprint, recorded);
  }

  /** The check ran in full and recorded its fingerprint. */
  private void ran(Build build) {
    assertFalse(build.log().contains("[plugin-check-unchanged]"), build.toString());
    build.logs(IN_SYNC);
    assertTrue(Files.exists(fingerprint), build.toString());
  }

  /** A jar with {@code org.example.lib.Abi.EXCHANGE}, built again from scratch each time. */
  private void buildLib(int exchange) throws IOException {
    Path dir = libJar.resolveSibling("build");
    MavenProjects.delete(dir);
    Path source =
        write(
            dir.resolve("src/org/example/lib/Abi.java"),
            "package org.example.lib;\n\npublic final class Abi {\n  public static final int EXCHANGE = "
                + exchange
                + ";\n}\n");
    Path classes = Files.createDirectories(dir.resolve("classes"));
    JavaCompiler javac = javax.tools.ToolProvider.getSystemJavaCompiler();
    assertEquals(0, javac.run(null, null, null, "-d", classes.toString(), source.toString()));
    Files.deleteIfExists(libJar);
    jar("--create", "--file", libJar.toString(), "-C", classes.toString(), ".");
  }

  private static void jar(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
    int exit = ToolProvider.findFirst("jar").orElseThrow().run(print, print, args);
    assertEquals(0, exit, "jar " + List.of(args) + ": " + out.toString(StandardCharsets.UTF_8));
  }
}
