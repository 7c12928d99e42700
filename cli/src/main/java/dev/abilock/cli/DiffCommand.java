package dev.abilock.cli;

import dev.abilock.review.Inputs.InputException;
import dev.abilock.review.Report;
import dev.abilock.review.Review;
import dev.abilock.review.Review.Verdict;
import dev.abilock.review.ReviewMessage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code abilock diff}: classifies every change between two manifests. */
@Command(
    name = "diff",
    customSynopsis = {
      "abilock diff [--format=FORMAT] OLD NEW",
      "       abilock diff [--format=FORMAT] --git=REV [--manifest=PATH]"
    },
    description =
        "Classify the changes between two manifests as breaking (the compiler's rule ids and"
            + " witnesses, and hand edits of published lines), retired, compatible or draft-only. With --git, compare the"
            + " manifest as committed at REV with the working tree file.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:no breaking change",
      "1:breaking changes",
      "2:usage error, unreadable or malformed input"
    })
final class DiffCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "0..*", paramLabel = "FILE", description = "OLD and NEW: two manifest files.")
  List<Path> files = new ArrayList<>();

  @Option(
      names = "--git",
      paramLabel = "REV",
      description =
          "Compare the manifest as committed at git revision REV with the working tree file.")
  String revision;

  @Option(
      names = "--manifest",
      paramLabel = "PATH",
      description = "With --git: the manifest file (default: ${DEFAULT-VALUE}).",
      defaultValue = "abilock.manifest")
  Path manifest;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description =
          "text (default), markdown (a pull-request comment), json, sarif (GitHub code scanning) or"
              + " github (workflow-command annotations on the manifest lines).")
  Report.Format format;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;

  @Override
  public Integer call() {
    boolean manifestGiven = spec.commandLine().getParseResult().hasMatchedOption("--manifest");
    if (revision != null && !files.isEmpty() || revision == null && files.size() != 2) {
      throw new ParameterException(
          spec.commandLine(),
          ReviewMessage.CLI_DIFF_ARGUMENTS.format(
              (revision == null ? "" : "--git " + revision + " and ") + files.size() + " file(s)"));
    }
    if (revision == null && manifestGiven) {
      throw new ParameterException(
          spec.commandLine(), ReviewMessage.CLI_MANIFEST_WITHOUT_GIT.format(manifest));
    }
    Report report;
    try {
      if (revision == null) {
        report = Review.files(files.get(0), files.get(1));
      } else {
        Optional<Report> review = Review.sinceRevision(revision, manifest);
        if (review.isEmpty()) {
          spec.commandLine()
              .getErr()
              .print(
                  ReviewMessage.CLI_CANNOT_READ.format(
                          manifest, ReviewMessage.CLI_REASON_NO_SUCH_FILE.text())
                      + "\n");
          return Verdict.INPUT_ERROR.exitCode();
        }
        report = review.get();
      }
    } catch (InputException e) {
      spec.commandLine().getErr().print(e.getMessage() + "\n");
      return Verdict.INPUT_ERROR.exitCode();
    }
    spec.commandLine().getOut().print(report.render(format));
    spec.commandLine().getOut().flush();
    return report.verdict().exitCode();
  }
}
