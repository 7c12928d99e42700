package dev.abilock.review;

import dev.abilock.core.review.Change;
import dev.abilock.core.review.Change.Category;

/**
 * A {@link Report} as GitHub Actions workflow commands: one {@code ::error} (breaking) or {@code
 * ::notice} (any other change) annotation per change on its line of the new manifest, so that the
 * pull request shows it beside the diff; notes as {@code ::notice} without a file; the summary as a
 * plain log line.
 */
final class GithubAnnotations {
  private GithubAnnotations() {}

  static String render(Report report) {
    StringBuilder out = new StringBuilder();
    report
        .notes()
        .forEach(n -> out.append("::notice title=abilock::").append(data(n)).append('\n'));
    for (Change c : report.changes()) {
      out.append("::")
          .append(c.category() == Category.BREAKING ? "error" : "notice")
          .append(" file=")
          .append(property(report.artifact().uri()))
          .append(",line=")
          .append(report.artifact().lineOf(c))
          .append(",title=")
          .append(property("abilock " + c.rule().id()))
          .append("::")
          .append(data(Report.details(c)))
          .append('\n');
    }
    return out.append("abilock diff ").append(report.summary()).append('\n').toString();
  }

  /** A command's message: {@code %}, CR and LF escaped as GitHub's runner decodes them. */
  static String data(String s) {
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
  }

  /** A command's property value: also {@code :} and {@code ,}, which would end it. */
  static String property(String s) {
    return data(s).replace(":", "%3A").replace(",", "%2C");
  }
}
