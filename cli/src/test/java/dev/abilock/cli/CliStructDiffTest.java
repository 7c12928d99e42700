package dev.abilock.cli;

import static dev.abilock.core.model.struct.XenStructs.HVM_MODIFIED_MEMORY_44;
import static dev.abilock.core.model.struct.XenStructs.HVM_MODIFIED_MEMORY_45;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import dev.abilock.cli.CliHarness.Run;
import dev.abilock.core.manifest.Manifest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code abilock diff} over manifests with argument structs: Xen 4.4 -> 4.5's {@code
 * xen_hvm_modified_memory} is breaking in every format, with no new option.
 */
class CliStructDiffTest {
  @TempDir Path dir;

  private Run diff(String format) throws Exception {
    Manifest old = Manifest.of(List.of(), List.of(HVM_MODIFIED_MEMORY_44), Manifest.empty(), "4.4");
    Manifest now = Manifest.of(List.of(), List.of(HVM_MODIFIED_MEMORY_45), old, null);
    Path a = CliHarness.write(dir.resolve("old.manifest"), old.render());
    Path b = CliHarness.write(dir.resolve("new.manifest"), now.render());
    return CliHarness.run("diff", "--format", format, a.toString(), b.toString());
  }

  @Test
  void everyFormatReportsTheStructBreak() throws Exception {
    for (String format : List.of("text", "markdown", "json", "sarif", "github")) {
      Run run = diff(format);
      assertEquals(1, run.exit(), format + ": " + run);
      assertTrue(run.out().contains("struct-member-moved"), format + ": " + run.out());
      assertTrue(run.out().contains("xen_hvm_modified_memory"), format + ": " + run.out());
    }
  }

  @Test
  void theTextShowsTheWitnessImage() throws Exception {
    Run run = diff("text");
    assertTrue(run.out().contains("nr 5 at 16..23 -> nr 0 at 4..7"), run.out());
  }

  @Test
  void jsonAndSarifAreWellFormed() throws Exception {
    JsonParser.parseString(diff("json").out());
    assertTrue(
        JsonParser.parseString(diff("sarif").out()).getAsJsonObject().has("runs"), "a SARIF log");
  }
}
