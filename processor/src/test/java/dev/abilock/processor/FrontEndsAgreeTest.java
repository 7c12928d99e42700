package dev.abilock.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import dev.abilock.cli.AbilockCli;
import dev.abilock.core.manifest.CorruptionCorpus;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compiler, {@code abilock check} and {@code abilock diff} (the manifest as the old side and as
 * the new side) accept and refuse exactly the same files, with the same problems on the same lines:
 * every rule of the manifest text lives in its one parser.
 */
class FrontEndsAgreeTest {
  @TempDir Path dir;

  /**
   * What one front end made of a file: {@code "<line> <id>"} per problem, empty when it read the
   * file.
   */
  private record Verdict(String frontEnd, List<String> problems) {}

  @Test
  void everyFrontEndReadsOrRefusesEachCorpusFileAlike() throws IOException {
    Path valid = Files.write(dir.resolve("valid.manifest"), CorruptionCorpus.valid());
    for (CorruptionCorpus.Entry e : CorruptionCorpus.entries()) {
      Path file = Files.write(dir.resolve("abilock.manifest"), e.bytes());
      Map<String, List<String>> verdicts = new LinkedHashMap<>();
      verdicts.put("compiler", compiler(file));
      verdicts.put("abilock check", cli(2, "check", "--manifest", file.toString()));
      verdicts.put("abilock diff FILE VALID", cli(1, "diff", file.toString(), valid.toString()));
      verdicts.put("abilock diff VALID FILE", cli(1, "diff", valid.toString(), file.toString()));
      for (Map.Entry<String, List<String>> v : verdicts.entrySet()) {
        assertEquals(e.problems(), v.getValue(), e.name() + " through " + v.getKey());
      }
    }
  }

  private List<String> compiler(Path manifest) {
    Compilation c = Sources.compile(manifest, "check", ManifestCorruptionTest.RING);
    return CorruptionCorpus.problemsIn(
        c.errors().stream().map(d -> d.getMessage(Locale.ROOT)).reduce("", (a, b) -> a + "\n" + b));
  }

  /**
   * The problems the CLI printed on standard error. A file it read exits 0 (or 1 for a diff with
   * breaks, {@code readExit}); one it refused exits 2.
   */
  private static List<String> cli(int readExit, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = AbilockCli.run(new PrintWriter(out), new PrintWriter(err), args);
    List<String> problems = CorruptionCorpus.problemsIn(err.toString());
    List<Integer> allowed = new ArrayList<>(List.of(problems.isEmpty() ? 0 : 2));
    if (problems.isEmpty()) {
      allowed.add(readExit);
    }
    if (!allowed.contains(exit)) {
      throw new AssertionError(
          "exit " + exit + " for " + String.join(" ", args) + "\n" + out + err);
    }
    return problems;
  }
}
