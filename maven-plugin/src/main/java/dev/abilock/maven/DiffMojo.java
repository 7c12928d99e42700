package dev.abilock.maven;

import dev.abilock.core.ManifestMessage;
import dev.abilock.core.manifest.AtomicFile;
import dev.abilock.review.Inputs;
import dev.abilock.review.Inputs.InputException;
import dev.abilock.review.Report;
import dev.abilock.review.Review;
import dev.abilock.review.Review.Verdict;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * {@code abilock:diff}: the review classification (breaking, retired, compatible, draft-only) of
 * the manifest in the working tree against the manifest committed at a git revision, as {@code
 * abilock diff --git} prints it. Fails the build on a breaking change.
 */
@Mojo(name = "diff", threadSafe = true)
public final class DiffMojo extends AbilockMojo {
  /**
   * The git revision to compare with (a commit, branch or tag). Default: the merge base of {@code
   * HEAD} with the upstream branch, when one is set.
   */
  @Parameter(property = "abilock.base")
  String base;

  /** {@code text}, {@code markdown}, {@code json}, {@code sarif} or {@code github}. */
  @Parameter(property = "abilock.format", defaultValue = "text")
  String format;

  /** A file to write the report to; without it the report goes to standard output. */
  @Parameter(property = "abilock.output")
  File output;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      return;
    }
    Report.Format chosen;
    try {
      chosen = Report.Format.valueOf(format.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new MojoFailureException(PluginMessage.PLUGIN_BAD_FORMAT.format(format));
    }
    Path path = manifest.toPath();
    Report report;
    String revision;
    try {
      revision =
          base != null && !base.isBlank()
              ? base.trim()
              : Inputs.mergeBaseWithUpstream(project.getBasedir().toPath())
                  .orElseThrow(
                      () ->
                          new MojoFailureException(
                              PluginMessage.PLUGIN_NO_BASE.format(project.getBasedir())));
      Optional<Report> review = Review.sinceRevision(revision, path);
      if (review.isEmpty()) {
        getLog().debug("abilock:diff: no manifest at " + path + ", now or at " + revision);
        return;
      }
      report = review.get();
    } catch (InputException e) {
      throw new MojoFailureException(e.getMessage());
    }
    String text = report.render(chosen);
    if (output != null) {
      try {
        AtomicFile.write(output.toPath(), text);
      } catch (IOException e) {
        throw new MojoExecutionException(ManifestMessage.OUTPUT_WRITE_FAILED.format(output, e), e);
      }
      getLog()
          .info(
              PluginMessage.PLUGIN_REPORT_WRITTEN.format(
                  chosen.name().toLowerCase(Locale.ROOT), output));
    } else {
      // Unprefixed, so that GitHub's runner reads workflow commands and a redirect gets a clean
      // file.
      PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
      out.print(text);
      out.flush();
    }
    if (report.verdict() == Verdict.BREAKING) {
      throw new MojoFailureException(
          PluginMessage.PLUGIN_DIFF_BREAKS.format(
              report.breakingCount(), report.newLabel(), revision));
    }
  }
}
