package dev.abilock.review;

import static dev.abilock.core.Severity.ERROR;
import static dev.abilock.core.Severity.NOTE;
import static dev.abilock.core.Severity.TEXT;

import dev.abilock.core.CatalogueEntry;
import dev.abilock.core.Severity;

/**
 * The review's own lines, for {@code abilock diff} and {@code check} and the Maven plugin's {@code
 * diff}: report summaries, input errors and the command line's usage errors. The classification's
 * rule ids ({@code line-added}, {@code published-line-edited}) are core's {@link
 * dev.abilock.core.DiffMessage} and {@link dev.abilock.core.GateMessage}, since the gates speak
 * them too.
 */
public enum ReviewMessage implements CatalogueEntry {
  CLI_DIFF_SUMMARY(TEXT, "%s -> %s: %d breaking, %s%d compatible, %d draft-only"),
  CLI_NO_CHANGES(TEXT, "%s -> %s: no changes"),
  CLI_MARKDOWN_SUMMARY(TEXT, "**abilock: %s** (%s%d compatible, %d draft-only) in %s -> %s"),
  CLI_NOT_AT_REVISION(NOTE, "%s does not exist at %s; every line counts as new"),
  CLI_CHECK_OK(TEXT, "%s: OK, %d continuable(s), %d line(s): %d published, %d draft"),
  CLI_CANNOT_READ(ERROR, "cannot read %s: %s"),
  CLI_MALFORMED(ERROR, "%s is not a valid abilock manifest:\n%s"),
  CLI_DIFF_ARGUMENTS(
      ERROR,
      "diff takes two manifest files (abilock diff OLD NEW) or a git revision"
          + " (abilock diff --git REV [--manifest PATH]), not both; got %s"),
  CLI_MANIFEST_WITHOUT_GIT(
      ERROR,
      "--manifest %s only applies with --git REV; to compare two files use: abilock diff OLD NEW"),
  CLI_BAD_REVISION(ERROR, "--git %s: %s"),
  CLI_GIT_UNAVAILABLE(ERROR, "cannot run git in %s (%s); --git needs git on the PATH"),
  CLI_GIT_FAILED(ERROR, "git %s failed in %s (exit %d): %s"),
  CLI_MISSING_COMMAND(
      ERROR,
      "missing command: abilock diff OLD NEW, abilock diff --git REV [--manifest PATH],"
          + " or abilock check [--manifest PATH]"),
  CLI_REASON_DIRECTORY(TEXT, "it is a directory"),
  CLI_REASON_NO_SUCH_FILE(TEXT, "no such file"),
  CLI_REASON_PERMISSION(TEXT, "permission denied"),
  CLI_REASON_NO_DIRECTORY(TEXT, "its directory does not exist"),
  CLI_REASON_GIT_SILENT(TEXT, "no message"),
  CLI_REASON_INTERRUPTED(TEXT, "interrupted"),
  CLI_VERDICT_NO_CHANGES(TEXT, "no changes"),
  CLI_VERDICT_ONE_BREAKING(TEXT, "1 breaking change"),
  CLI_VERDICT_BREAKING(TEXT, "%d breaking changes"),
  CLI_VERDICT_NONE_BREAKING(TEXT, "no breaking changes"),
  CLI_RETIRED_COUNT(TEXT, "%d retired, "),
  CLI_NO_ENTRY(TEXT, "nothing"),
  CLI_INTERNAL_ERROR(
      ERROR,
      "abilock failed (%s); this is a bug in abilock, please report it with the command line"),
  ;

  private final Text entry;

  ReviewMessage(Severity severity, String template) {
    entry = new Text(severity, template);
  }

  public Text entry() {
    return entry;
  }
}
