package dev.abilock.cli;

import dev.abilock.core.Message;
import dev.abilock.core.check.Witness;
import dev.abilock.core.review.Change;
import dev.abilock.core.review.Change.Category;
import dev.abilock.core.model.Bits;
import java.util.List;
import java.util.Locale;

/**
 * Renders the changes between two manifests as plain text, Markdown (a pull-request comment) or
 * JSON (for tools). Every format lists the same changes in the same order; line ends are LF.
 */
final class Report {
  /** The output formats of {@code abilock diff --format}. */
  enum Format { TEXT, MARKDOWN, JSON }

  private final String oldLabel;
  private final String newLabel;
  private final List<Change> changes;
  private final List<String> notes;

  /**
   * @param oldLabel what the old manifest is ({@code old.manifest}, {@code HEAD:abilock.manifest})
   * @param newLabel what the new manifest is
   * @param notes remarks on the inputs, printed before the changes
   */
  Report(String oldLabel, String newLabel, List<Change> changes, List<String> notes) {
    this.oldLabel = oldLabel;
    this.newLabel = newLabel;
    this.changes = List.copyOf(changes);
    this.notes = List.copyOf(notes);
  }

  boolean hasBreak() {
    return count(Category.BREAKING) > 0;
  }

  String render(Format format) {
    return switch (format) {
      case TEXT -> text();
      case MARKDOWN -> markdown();
      case JSON -> json();
    };
  }

  /** {@code 2 retired, } when something was retired, else nothing: most diffs retire nothing. */
  private String retired() {
    long n = count(Category.RETIRED);
    return n == 0 ? "" : n + " retired, ";
  }

  private long count(Category category) {
    return changes.stream().filter(c -> c.category() == category).count();
  }

  private List<Change> of(Category category) {
    return changes.stream().filter(c -> c.category() == category).toList();
  }

  private String summary() {
    return changes.isEmpty()
        ? Message.CLI_NO_CHANGES.text(oldLabel, newLabel)
        : Message.CLI_DIFF_SUMMARY.text(oldLabel, newLabel, count(Category.BREAKING), retired(),
            count(Category.COMPATIBLE), count(Category.DRAFT_ONLY));
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
        out.append("  ").append(c.headline()).append('\n');
        out.append("    old: ").append(side(c.before(), c.oldLine())).append('\n');
        out.append("    new: ").append(side(c.after(), c.newLine())).append('\n');
        if (c.consequence() != null) {
          out.append("    ").append(c.consequence()).append('\n');
        }
      }
    }
    return out.toString();
  }

  private static String side(String entry, int line) {
    if (entry == null) {
      return "nothing";
    }
    return line > 0 ? "line " + line + ": " + entry : entry;
  }

  // -------------------------------------------------------------------------------- markdown

  private String markdown() {
    StringBuilder out = new StringBuilder();
    long breaking = count(Category.BREAKING);
    String verdict = changes.isEmpty() ? "no changes"
        : breaking > 0 ? breaking + " breaking change" + (breaking == 1 ? "" : "s") : "no breaking changes";
    out.append(Message.CLI_MARKDOWN_SUMMARY.text(verdict, retired(), count(Category.COMPATIBLE), count(Category.DRAFT_ONLY),
        code(oldLabel), code(newLabel))).append('\n');
    for (String note : notes) {
      out.append('\n').append("> ").append(escape(note)).append('\n');
    }
    for (Category category : Category.values()) {
      List<Change> list = of(category);
      if (list.isEmpty()) {
        continue;
      }
      boolean breaks = category == Category.BREAKING;
      out.append("\n### ").append(category.title()).append(" (").append(list.size()).append(")\n\n");
      out.append(breaks ? "| rule | continuable | change | old -> new | witness |\n|---|---|---|---|---|\n"
          : "| change | continuable | what | old -> new |\n|---|---|---|---|\n");
      for (Change c : list) {
        out.append("| ").append(code(c.rule().id()))
            .append(" | ").append(code(c.continuable()))
            .append(" | ").append(escape(c.text()))
            .append(" | ").append(mdSide(c.before(), c.oldLine())).append(" -> ").append(mdSide(c.after(), c.newLine()));
        if (breaks) {
          out.append(" | ").append(c.witness().isPresent()
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
      return "nothing";
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
          boolean inWord = i > 0 && i + 1 < s.length() && Character.isLetterOrDigit(s.charAt(i - 1))
              && (Character.isLetterOrDigit(s.charAt(i + 1)) || s.charAt(i + 1) == '_');
          out.append(inWord ? "_" : "\\_");
        }
        case '\n', '\r' -> out.append(' ');
        default -> out.append(ch);
      }
    }
    return out.toString();
  }

  // ------------------------------------------------------------------------------------ json

  private String json() {
    StringBuilder out = new StringBuilder("{\n");
    out.append("  \"old\": ").append(quote(oldLabel)).append(",\n");
    out.append("  \"new\": ").append(quote(newLabel)).append(",\n");
    out.append("  \"breaking\": ").append(hasBreak()).append(",\n");
    out.append("  \"summary\": {");
    Category[] categories = Category.values();
    for (int i = 0; i < categories.length; i++) {
      out.append(i == 0 ? "" : ", ").append(quote(categories[i].id())).append(": ").append(count(categories[i]));
    }
    out.append("},\n");
    out.append("  \"notes\": [");
    for (int i = 0; i < notes.size(); i++) {
      out.append(i == 0 ? "" : ", ").append(quote(notes.get(i)));
    }
    out.append("],\n");
    out.append("  \"changes\": [");
    for (int i = 0; i < changes.size(); i++) {
      Change c = changes.get(i);
      out.append(i == 0 ? "\n" : ",\n").append("    {");
      out.append("\"category\": ").append(quote(c.category().id()));
      out.append(", \"rule\": ").append(quote(c.rule().id()));
      out.append(", \"continuable\": ").append(quote(c.continuable()));
      out.append(", \"headline\": ").append(quote(c.headline()));
      out.append(", \"old\": ").append(quote(c.before()));
      out.append(", \"new\": ").append(quote(c.after()));
      out.append(", \"oldLine\": ").append(c.oldLine() > 0 ? String.valueOf(c.oldLine()) : "null");
      out.append(", \"newLine\": ").append(c.newLine() > 0 ? String.valueOf(c.newLine()) : "null");
      out.append(", \"witness\": ").append(c.witness().map(Report::witness).orElse("null"));
      out.append(", \"consequence\": ").append(quote(c.consequence()));
      out.append('}');
    }
    out.append(changes.isEmpty() ? "]\n" : "\n  ]\n");
    return out.append("}\n").toString();
  }

  private static String witness(Witness w) {
    return "{\"word\": " + quote(Bits.hex(w.word(), w.width())) + ", \"compat\": " + w.compat()
        + ", \"published\": " + quote(w.published().describe()) + ", \"now\": " + quote(w.now().describe())
        + ", \"text\": " + quote(w.describe()) + "}";
  }

  /** A JSON string literal ({@code null} for null): quotes, backslashes and control characters escaped. */
  static String quote(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (ch < 0x20 || ch == '\u2028' || ch == '\u2029' || Character.isSurrogate(ch) && !validSurrogate(s, i)) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
          } else {
            out.append(ch);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /** Whether the surrogate at {@code i} is half of a well-formed pair (else it is escaped). */
  private static boolean validSurrogate(String s, int i) {
    char ch = s.charAt(i);
    if (Character.isHighSurrogate(ch)) {
      return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }
}
