package dev.abilock.core.manifest;

import dev.abilock.core.CatalogueEntry;
import java.util.List;

/** A manifest that cannot be read; each problem names its line and its rule. */
public final class ManifestException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * One reason the manifest is refused.
   *
   * @param line 1-based line number of the file
   * @param rule the catalogue entry, whose id is printed
   * @param text the entry's text with its facts
   */
  public record Problem(int line, CatalogueEntry rule, String text) {
    /**
     * A problem with its facts; text quoted from the file shows control characters escaped ({@code
     * \u0000}).
     */
    static Problem of(int line, CatalogueEntry rule, Object... args) {
      Object[] shown = args.clone();
      for (int i = 0; i < shown.length; i++) {
        if (shown[i] instanceof String s) {
          shown[i] = visible(s);
        }
      }
      return new Problem(line, rule, rule.text(shown));
    }

    private static String visible(String s) {
      StringBuilder out = new StringBuilder(s.length());
      s.codePoints()
          .forEach(
              c -> {
                if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                  out.append(String.format(java.util.Locale.ROOT, "\\u%04x", c));
                } else {
                  out.appendCodePoint(c);
                }
              });
      return out.toString();
    }

    /** {@code line 12: [manifest-mask-mismatch] mask 0x... does not match bits 6..63 (...)}. */
    public String render() {
      return "line " + line + ": [" + rule.id() + "] " + text;
    }
  }

  private final transient List<Problem> problems;

  public ManifestException(List<Problem> problems) {
    super(String.join("\n", problems.stream().map(Problem::render).toList()));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }

  /** Every problem rendered, one per line of the list. */
  public List<String> rendered() {
    return problems.stream().map(Problem::render).toList();
  }
}
