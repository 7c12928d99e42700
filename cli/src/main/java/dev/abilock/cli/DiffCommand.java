package dev.abilock.cli;

import dev.abilock.core.Message;
import dev.abilock.cli.Inputs.Input;
import dev.abilock.cli.Inputs.InputException;
import dev.abilock.core.review.ManifestDiff;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code abilock diff}: classifies every change between two manifests. */
@Command(name = "diff",
    customSynopsis = {
        "abilock diff [--format=FORMAT] OLD NEW",
        "       abilock diff [--format=FORMAT] --git=REV [--manifest=PATH]"},
    description = "Classify the changes between two manifests as breaking (the compiler's rule ids and"
        + " witnesses, and hand edits of published lines), compatible or draft-only. With --git, compare the"
        + " manifest as committed at REV with the working tree file.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:no breaking change", "1:breaking changes", "2:usage error, unreadable or malformed input"})
final class DiffCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "0..*", paramLabel = "FILE", description = "OLD and NEW: two manifest files.")
  List<Path> files = new ArrayList<>();

  @Option(names = "--git", paramLabel = "REV",
      description = "Compare the manifest as committed at git revision REV with the working tree file.")
  String revision;

  @Option(names = "--manifest", paramLabel = "PATH",
      description = "With --git: the manifest file (default: ${DEFAULT-VALUE}).", defaultValue = "abilock.manifest")
  Path manifest;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
      description = "text (default), markdown (a pull-request comment), json, sarif (GitHub code scanning) or"
          + " github (workflow-command annotations on the manifest lines).")
  Report.Format format;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Override
  public Integer call() {
    boolean manifestGiven = spec.commandLine().getParseResult().hasMatchedOption("--manifest");
    if (revision != null && !files.isEmpty() || revision == null && files.size() != 2) {
      throw new ParameterException(spec.commandLine(), Message.CLI_DIFF_ARGUMENTS.format(
          (revision == null ? "" : "--git " + revision + " and ") + files.size() + " file(s)"));
    }
    if (revision == null && manifestGiven) {
      throw new ParameterException(spec.commandLine(), Message.CLI_MANIFEST_WITHOUT_GIT.format(manifest));
    }
    List<String> notes = new ArrayList<>();
    Input before;
    Input after;
    try {
      if (revision != null) {
        after = Inputs.file(manifest);
        before = Inputs.gitRevision(revision, manifest, notes);
      } else {
        before = Inputs.file(files.get(0));
        after = Inputs.file(files.get(1));
      }
    } catch (InputException e) {
      spec.commandLine().getErr().print(e.getMessage() + "\n");
      return AbilockCli.INPUT_ERROR;
    }
    Path newManifest = revision != null ? manifest : files.get(1);
    Report report = new Report(before.label(), after.label(), ManifestDiff.diff(before.manifest(), after.manifest()),
        notes, Report.Artifact.of(Inputs.repositoryPath(newManifest), after.manifest()));
    spec.commandLine().getOut().print(report.render(format));
    spec.commandLine().getOut().flush();
    return report.hasBreak() ? AbilockCli.BREAKING : AbilockCli.OK;
  }
}
