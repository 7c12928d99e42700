package dev.abilock.review;

import dev.abilock.core.manifest.FactKey;
import dev.abilock.core.manifest.Line;
import dev.abilock.core.manifest.Manifest;
import dev.abilock.core.review.Change;
import dev.abilock.core.review.Change.Category;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders the changes between two manifests as plain text, Markdown (a pull-request comment), JSON
 * (for tools), SARIF 2.1.0 (GitHub code scanning) or GitHub workflow-command annotations. Every
 * format lists the same changes in the same order; line ends are LF. Shared by {@code abilock diff}
 * and the Maven plugin's {@code diff} goal.
 */
public final class Report {
  /**
   * The output formats of {@code abilock diff --format} and the plugin's {@code abilock.format}.
   */
  public enum Format {
    TEXT,
    MARKDOWN,
    JSON,
    SARIF,
    GITHUB
  }

  /**
   * Where the new manifest is, for formats that point at its lines (SARIF, GitHub annotations).
   *
   * @param uri the manifest's path relative to the repository root, with {@code /} separators
   * @param continuableLines the line of each continuable in the new manifest: where a change that
   *     is not one line of it (a Gate B break, a deleted line) is shown
   */
  public record Artifact(String uri, Map<String, Integer> continuableLines) {
    public Artifact {
      continuableLines = Map.copyOf(continuableLines);
    }

    /** {@code manifest} (the new side) at {@code uri}. */
    public static Artifact of(String uri, Manifest manifest) {
      Map<String, Integer> lines = new TreeMap<>();
      for (String name : manifest.continuables()) {
        manifest
            .line(FactKey.continuable(name))
            .map(Line::number)
            .filter(n -> n > 0)
            .ifPresent(n -> lines.put(name, n));
      }
      for (String name : manifest.structs()) {
        manifest
            .line(FactKey.struct(name))
            .map(Line::number)
            .filter(n -> n > 0)
            .ifPresent(n -> lines.put(name, n));
      }
      return new Artifact(uri, lines);
    }

    /**
     * The line a change is shown at: its own in the new manifest, else its continuable's, else 1.
     */
    int lineOf(Change change) {
      return change.newLine() > 0
          ? change.newLine()
          : continuableLines.getOrDefault(change.continuable(), 1);
    }
  }

  private final String oldLabel;
  private final String newLabel;
  private final List<Change> changes;
  private final List<String> notes;
  private final Artifact artifact;

  /**
   * @param oldLabel what the old manifest is ({@code old.manifest}, {@code HEAD:abilock.manifest})
   * @param newLabel what the new manifest is
   * @param notes remarks on the inputs, printed before the changes
   * @param artifact where the new manifest is, for SARIF and GitHub annotations
   */
  public Report(
      String oldLabel,
      String newLabel,
      List<Change> changes,
      List<String> notes,
      Artifact artifact) {
    this.oldLabel = oldLabel;
    this.newLabel = newLabel;
    this.changes = List.copyOf(changes);
    this.notes = List.copyOf(notes);
    this.artifact = artifact;
  }

  /** Whether a change is breaking. */
  public boolean hasBreak() {
    return count(Category.BREAKING) > 0;
  }

  /** {@link Review.Verdict#BREAKING} when a change breaks, else {@link Review.Verdict#PASS}. */
  public Review.Verdict verdict() {
    return hasBreak() ? Review.Verdict.BREAKING : Review.Verdict.PASS;
  }

  /** How many changes are breaking. */
  public long breakingCount() {
    return count(Category.BREAKING);
  }

  /** The report in {@code format}, ending with a line break. */
  public String render(Format format) {
    return switch (format) {
      case TEXT -> text();
      case MARKDOWN -> markdown();
      case JSON -> JsonReports.json(this);
      case SARIF -> JsonReports.sarif(this);
      case GITHUB -> GithubAnnotations.render(this);
    };
  }

  /** {@code 2 retired, } when something was retired, else nothing: most diffs retire nothing. */
  private String retired() {
    long n = count(Category.RETIRED);
    return n == 0 ? "" : ReviewMessage.CLI_RETIRED_COUNT.text(n);
  }

  String oldLabel() {
    return oldLabel;
  }

  /** What the new manifest is called in the report. */
  public String newLabel() {
    return newLabel;
  }

  List<Change> changes() {
    return changes;
  }

  List<String> notes() {
    return notes;
  }

  Artifact artifact() {
    return artifact;
  }

  long count(Category category) {
    return changes.stream().filter(c -> c.category() == category).count();
  }

  private List<Change> of(Category category) {
    return changes.stream().filter(c -> c.category() == category).toList();
  }

  String summary() {
    return changes.isEmpty()
        ? ReviewMessage.CLI_NO_CHANGES.text(oldLabel, newLabel)
        : ReviewMessage.CLI_DIFF_SUMMARY.text(
            oldLabel,
            newLabel,
            count(Category.BREAKING),
            retired(),
            count(Category.COMPATIBLE),
            count(Category.DRAFT_ONLY));
  }

  // ------------------------------------------------------------------------------------ text

  private String text() {
    StringBuilder out = new StringBuilder();
    notes.forEach(n -> out.append("note: ").append(n).append('\n'));
    out.append("abilock diff ").append(summary()).append('\n');
    for (Category category : Category.values()) {
      List<Change> list = of(category);
      if (list.isEmpty()) {
        continue;
      }
      out.append('\n').append(category.id()).append(" (").append(list.size()).append("):\n");
      for (Change c : list) {
        out.append("  ").append(details(c).replace("\n", "\n    ")).append('\n');
      }
    }
    return out.toString();
  }

  /** A change in full, one fact a line: headline, old and new entry, and why it breaks. */
  static String details(Change c) {
    return c.headline()
        + "\nold: "
        + side(c.before(), c.oldLine())
        + "\nnew: "
        + side(c.after(), c.newLine())
        + (c.consequence() == null ? "" : "\n" + c.consequence());
  }

  private static String side(String entry, int line) {
    if (entry == null) {
      return ReviewMessage.CLI_NO_ENTRY.text();
    }
    return line > 0 ? "line " + line + ": " + entry : entry;
  }

  // -------------------------------------------------------------------------------- markdown

  private String markdown() {
    StringBuilder out = new StringBuilder();
    long breaking = count(Category.BREAKING);
    String verdict =
        changes.isEmpty()
            ? ReviewMessage.CLI_VERDICT_NO_CHANGES.text()
            : breaking == 1
                ? ReviewMessage.CLI_VERDICT_ONE_BREAKING.text()
                : breaking > 1
                    ? ReviewMessage.CLI_VERDICT_BREAKING.text(breaking)
                    : ReviewMessage.CLI_VERDICT_NONE_BREAKING.text();
    out.append(
            ReviewMessage.CLI_MARKDOWN_SUMMARY.text(
                verdict,
                retired(),
                count(Category.COMPATIBLE),
                count(Category.DRAFT_ONLY),
                code(oldLabel),
                code(newLabel)))
        .append('\n');
    for (String note : notes) {
      out.append('\n').append("> ").append(escape(note)).append('\n');
    }
    for (Category category : Category.values()) {
      List<Change> list = of(category);
      if (list.isEmpty()) {
        continue;
      }
      boolean breaks = category == Category.BREAKING;
      out.append("\n### ")
          .append(category.title())
          .append(" (")
          .append(list.size())
          .append(")\n\n");
      out.append(
          breaks
              ? "| rule | continuable | change | old -> new | witness |\n|---|---|---|---|---|\n"
              : "| change | continuable | what | old -> new |\n|---|---|---|---|\n");
      for (Change c : list) {
        out.append("| ")
            .append(code(c.rule().id()))
            .append(" | ")
            .append(code(c.continuable()))
            .append(" | ")
            .append(escape(c.text()))
            .append(" | ")
            .append(mdSide(c.before(), c.oldLine()))
            .append(" -> ")
            .append(mdSide(c.after(), c.newLine()));
        if (breaks) {
          out.append(" | ")
              .append(
                  c.witness().isPresent()
                      ? escape(c.witness().get().describe().replaceFirst("^witness: ", ""))
                      : "_" + escape(c.consequence()) + "_");
        }
        out.append(" |\n");
      }
    }
    return out.toString();
  }

  private static String mdSide(String entry, int line) {
    if (entry == null) {
      return ReviewMessage.CLI_NO_ENTRY.text();
    }
    return (line > 0 ? "L" + line + " " : "") + code(entry);
  }

  /** A code span, its content safe inside a table cell. */
  static String code(String s) {
    String body = s.replace("|", "\\|").replace("\n", " ");
    String fence = body.contains("`") ? "``" : "`";
    String pad = body.startsWith("`") || body.endsWith("`") ? " " : "";
    return fence + pad + body + pad + fence;
  }

  /**
   * Text safe in a Markdown table cell: no HTML, no emphasis, no links, no line breaks. An
   * underscore inside a word stays as it is (GitHub never reads it as emphasis there).
   */
  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '\\', '`', '*', '|', '<', '[', ']', '~' -> out.append('\\').append(ch);
        case '_' -> {
          boolean inWord =
              i > 0
                  && i + 1 < s.length()
                  && Character.isLetterOrDigit(s.charAt(i - 1))
                  && (Character.isLetterOrDigit(s.charAt(i + 1)) || s.charAt(i + 1) == '_');
          out.append(inWord ? "_" : "\\_");
        }
        case '\n', '\r' -> out.append(' ');
        default -> out.append(ch);
      }
    }
    return out.toString();
  }
}
