package dev.abilock.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Real Maven builds of small projects, as a user runs them: the Maven that runs this build ({@code
 * maven.home}), its own local repository under {@code target/} where maven-invoker-plugin's {@code
 * install} goal staged this build's artifacts, and this build's local repository as a file
 * repository for the third-party plugins (so nothing is downloaded twice). The projects' pom is the
 * one the README shows.
 */
final class MavenProjects {
  private MavenProjects() {}

  /** Exit code and the build's whole output. */
  record Build(List<String> args, int exit, String log) {
    Build succeeded() {
      assertEquals(0, exit, this::toString);
      return this;
    }

    Build failed() {
      assertEquals(1, exit, this::toString);
      return this;
    }

    Build logs(String... parts) {
      for (String part : parts) {
        assertTrue(log.contains(part), "expected in the log: " + part + "\n" + this);
      }
      return this;
    }

    @Override
    public String toString() {
      return "mvn " + String.join(" ", args) + " -> exit " + exit + "\n" + log;
    }
  }

  /** This build's version, as the pom passes it: what a project's pom names to use abilock. */
  static String version() {
    return required("abilock.version");
  }

  static Path readme() {
    return Path.of(System.getProperty("abilock.readme", "../README.md"));
  }

  /** The pom of the README's "Adding abilock to a Maven project": its first xml block. */
  static String readmePom() throws IOException {
    String text = Files.readString(readme(), StandardCharsets.UTF_8);
    int section = text.indexOf("## Adding abilock to a Maven project");
    assertTrue(section >= 0, "the README has no adoption section");
    Matcher m = Pattern.compile("```xml\n(.*?)```", Pattern.DOTALL).matcher(text);
    assertTrue(m.find(section), "the adoption section shows no pom");
    return m.group(1);
  }

  /** The README's pom with another artifactId: a module of a reactor. */
  static String readmePom(String artifactId) throws IOException {
    String pom = readmePom();
    String from = "<artifactId>xen-handlers</artifactId>";
    assertTrue(pom.contains(from), pom);
    return pom.replace(from, "<artifactId>" + artifactId + "</artifactId>");
  }

  /** A fresh, empty project folder under {@code target/it-projects}. */
  static Path freshProject(String name) throws IOException {
    Path dir = Path.of("target", "it-projects", name).toAbsolutePath();
    delete(dir);
    return Files.createDirectories(dir);
  }

  static Path write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  /** Runs {@code mvn -B -ntp <args>} in {@code dir}. */
  static Build mvn(Path dir, String... args) throws IOException, InterruptedException {
    Path repo = Path.of(required("abilock.it.repo"));
    Path settings = settings(repo.getParent());
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(required("maven.home"), "bin", "mvn").toString(),
                "-B",
                "-ntp",
                "-s",
                settings.toString(),
                "-Dmaven.repo.local=" + repo));
    command.addAll(List.of(args));
    Path log = Files.createTempFile(dir.getParent(), "mvn-", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().remove("MAVEN_ARGS");
    Process p = builder.start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("mvn " + args + " timed out:\n" + Files.readString(log));
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    Files.delete(log);
    return new Build(List.of(args), p.exitValue(), output);
  }

  /**
   * Settings that add this build's local repository as a read-only file repository for releases
   * (the plugins the projects use are there already); snapshots, abilock's, come only from the
   * staged repository.
   */
  private static Path settings(Path dir) throws IOException {
    Path file = dir.resolve("it-settings.xml");
    String outer = Path.of(required("abilock.outer.repo")).toUri().toString();
    String repository =
        "<id>%s</id><url>"
            + outer
            + "</url>"
            + "<releases><enabled>true</enabled></releases><snapshots><enabled>false</enabled></snapshots>";
    String text =
        "<settings><profiles><profile><id>outer</id>"
            + "<repositories><repository>"
            + repository.formatted("outer")
            + "</repository></repositories>"
            + "<pluginRepositories><pluginRepository>"
            + repository.formatted("outer-plugins")
            + "</pluginRepository></pluginRepositories>"
            + "</profile></profiles><activeProfiles><activeProfile>outer</activeProfile></activeProfiles></settings>\n";
    if (!Files.exists(file) || !Files.readString(file).equals(text)) {
      Files.writeString(file, text);
    }
    return file;
  }

  /** Runs git in {@code dir} with a fixed identity; returns its output. */
  static String git(Path dir, String... args) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                "git",
                "-c",
                "user.name=abilock it",
                "-c",
                "user.email=it@abilock.invalid",
                "-c",
                "commit.gpgsign=false",
                "-c",
                "init.defaultBranch=main"));
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "git timed out");
    assertEquals(0, p.exitValue(), "git " + String.join(" ", args) + ": " + out);
    return out.strip();
  }

  static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static String required(String property) {
    String value = System.getProperty(property);
    assertTrue(
        value != null && !value.isBlank(),
        "system property " + property + " is not set (run through Maven: the pom sets it)");
    return value;
  }

  /** Xen 3.3's memory_op: a 4-bit op, start_extent right after it. */
  static final String MEMORY_OP_33 =
      """
      package org.example.xen;

      import dev.abilock.Continuable;
      import dev.abilock.ContinuationField;
      import dev.abilock.Op;
      import dev.abilock.Opcode;

      @Continuable(name = "memory_op", width = 64, compatWidth = 32, headerPrefix = "MEMOP")
      public final class MemoryOp {
        @Op(continues = "startExtent") public static final int XENMEM_increase_reservation = 0;
        @Op(continues = "startExtent") public static final int XENMEM_decrease_reservation = 1;
        @Op public static final int XENMEM_maximum_ram_page = 2;

        @Opcode(bits = 4) int cmd;
        @ContinuationField(bits = 60, compatBits = 28) long startExtent;
      }
      """;

  /**
   * What Xen 3.4 did: a 6-bit op to make room for XENMEM_set_pod_target 16, which moves
   * start_extent.
   */
  static final String MEMORY_OP_34 =
      MEMORY_OP_33
          .replace(
              "  @Op public static final int XENMEM_maximum_ram_page = 2;\n",
              "  @Op public static final int XENMEM_maximum_ram_page = 2;\n"
                  + "  @Op public static final int XENMEM_set_pod_target = 16;\n")
          .replace("@Opcode(bits = 4)", "@Opcode(bits = 6)")
          .replace("bits = 60, compatBits = 28", "bits = 58, compatBits = 26");

  /** A compatible change: a new op whose code fits the 4-bit opcode. */
  static final String MEMORY_OP_33_EXCHANGE =
      MEMORY_OP_33.replace(
          "  @Op public static final int XENMEM_maximum_ram_page = 2;\n",
          "  @Op public static final int XENMEM_maximum_ram_page = 2;\n"
              + "  @Op public static final int XENMEM_exchange = 11;\n");
}
