package dev.abilock.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Argument structs" section, run as a newcomer would: its 4.4 declaration is
 * published, its 4.5 edit fails the build with the output the README shows, and its way out passes.
 * The snippets are read from the README itself, so the section cannot drift.
 */
class ReadmeStructsTest {
  private static final Pattern BLOCK = Pattern.compile("```(java|text)\\n(.*?)```", Pattern.DOTALL);

  @TempDir Path dir;

  private record Block(String lang, String body) {}

  private static List<Block> blocks() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    int start = readme.indexOf("\n## Argument structs\n");
    assertTrue(start >= 0, "the README has no \"Argument structs\" section");
    int end = readme.indexOf("\n## ", start + 1);
    Matcher m = BLOCK.matcher(readme.substring(start, end < 0 ? readme.length() : end));
    List<Block> blocks = new ArrayList<>();
    while (m.find()) {
      blocks.add(new Block(m.group(1), m.group(2)));
    }
    return blocks;
  }

  /** The top-level classes of a snippet, each as a source file of its own. */
  private static List<JavaFileObject> classes(String snippet) {
    List<JavaFileObject> files = new ArrayList<>();
    Matcher m =
        Pattern.compile("(?m)^(?:@[^\\n]*\\n)*public final class (\\w+) \\{\\n(?:.*\\n)*?\\}$")
            .matcher(snippet);
    while (m.find()) {
      files.add(Sources.source(m.group(1), m.group().split("\n")));
    }
    assertTrue(!files.isEmpty(), "no class in the snippet:\n" + snippet);
    return files;
  }

  private Compilation compile(String mode, String release, List<JavaFileObject> files) {
    Path manifest = dir.resolve("abilock.manifest");
    List<String> options = new ArrayList<>();
    options.add("abilock.manifest=" + manifest);
    options.add("abilock.mode=" + mode);
    if (release != null) {
      options.add("abilock.release=" + release);
    }
    return Sources.compile(options, files.toArray(JavaFileObject[]::new));
  }

  @Test
  void theSectionRunsAsShown() throws IOException {
    List<Block> blocks = blocks();
    List<Block> java = blocks.stream().filter(b -> b.lang().equals("java")).toList();
    List<Block> text = blocks.stream().filter(b -> b.lang().equals("text")).toList();
    assertEquals(3, java.size(), "4.4, 4.5 and the way out");
    assertEquals(1, text.size(), "the build's output");

    assertThat(compile("update", "4.4", classes(java.get(0).body()))).succeeded();
    Path manifest = dir.resolve("abilock.manifest");
    String published = Files.readString(manifest);

    Compilation broken = compile("update", "4.5", classes(java.get(1).body()));
    assertThat(broken).failed();
    StringBuilder errors = new StringBuilder();
    for (Diagnostic<? extends JavaFileObject> d : broken.errors()) {
      errors.append(d.getMessage(Locale.ROOT)).append('\n');
    }
    for (String line : text.get(0).body().split("\n")) {
      if (!line.isBlank() && !line.startsWith("...")) {
        assertTrue(
            errors.toString().contains(line.strip()),
            "the README shows a line the build does not print: " + line + "\n" + errors);
      }
    }
    assertEquals(published, Files.readString(manifest), "a break writes nothing");

    assertThat(compile("update", "4.5", classes(java.get(2).body()))).succeeded();
    assertThat(compile("check", null, classes(java.get(2).body()))).succeeded();
  }
}
