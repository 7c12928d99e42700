package dev.abilock.cli;

import dev.abilock.core.manifest.Manifest;
import dev.abilock.review.Census;
import dev.abilock.review.Inputs;
import dev.abilock.review.Inputs.InputException;
import dev.abilock.review.Review.Verdict;
import dev.abilock.review.ReviewMessage;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code abilock check}: validates one manifest on its own, as the compiler reads it. */
@Command(
    name = "check",
    description =
        "Validate one manifest file as the compiler reads it: format version, syntax, masks against"
            + " bit ranges, duplicates, overlapping fields of one op, merge-conflict markers, truncation."
            + " Fit for a pre-commit hook.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the manifest is valid",
      "2:it cannot be read or is malformed (each problem names its line)"
    })
final class CheckCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--manifest",
      paramLabel = "PATH",
      defaultValue = "abilock.manifest",
      description = "The manifest file (default: ${DEFAULT-VALUE}).")
  Path manifest;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;

  @Override
  public Integer call() {
    Manifest m;
    try {
      m = Inputs.file(manifest);
    } catch (InputException e) {
      spec.commandLine().getErr().print(e.getMessage() + "\n");
      return Verdict.INPUT_ERROR.exitCode();
    }
    Census census = Census.of(m);
    spec.commandLine()
        .getOut()
        .print(
            ReviewMessage.CLI_CHECK_OK.text(
                    manifest,
                    census.continuables(),
                    census.lines(),
                    census.published(),
                    census.drafts())
                + "\n");
    return Verdict.PASS.exitCode();
  }
}
