package dev.abilock.maven;

import dev.abilock.core.DeclarationMessage;
import dev.abilock.core.ProcessorOption;
import dev.abilock.core.ProcessorOption.Mode;
import dev.abilock.review.Census;
import dev.abilock.review.Inputs;
import dev.abilock.review.Inputs.InputException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * What {@code check} and {@code update} share: the module's sources and compile class path, the
 * manifest and the optional header and doc folders, and one {@link GateRun} over them.
 */
abstract class GateMojo extends AbilockMojo {
  /**
   * A folder for the generated C headers, typically checked in: {@code include} in the module's
   * folder.
   */
  @Parameter(property = "abilock.headers")
  File headers;

  /** A folder for the generated Markdown and SVG docs, typically checked in. */
  @Parameter(property = "abilock.docs")
  File docs;

  @Parameter(defaultValue = "${session}", readonly = true, required = true)
  MavenSession session;

  @Parameter(defaultValue = "${mojoExecution}", readonly = true, required = true)
  MojoExecution mojoExecution;

  /** The sources' encoding. */
  @Parameter(defaultValue = "${project.build.sourceEncoding}")
  String encoding;

  /**
   * Runs the gates in {@code mode}; fails the goal on any error, which is printed with its file and
   * line like a compiler error.
   */
  void runGates(String goal, Mode mode, String release)
      throws MojoExecutionException, MojoFailureException {
    if (skip || "pom".equals(project.getPackaging())) {
      getLog().debug("abilock:" + goal + " skipped");
      return;
    }
    String origin = ManifestSetting.origin(mojoExecution, session);
    String mismatch =
        ManifestSetting.mismatch(
            manifest, origin, ManifestSetting.compilerManifests(project), goal);
    if (mismatch != null) {
      throw new MojoFailureException(mismatch);
    }
    Charset charset =
        encoding == null || encoding.isBlank() ? StandardCharsets.UTF_8 : Charset.forName(encoding);
    Path generated =
        Path.of(project.getBuild().getDirectory(), "generated-sources", "annotations")
            .toAbsolutePath();
    List<Path> roots = new ArrayList<>();
    for (String root : project.getCompileSourceRoots()) {
      Path p = Path.of(root).toAbsolutePath();
      // maven-compiler-plugin's output for processors: this run generates the codecs again.
      if (!p.normalize().equals(generated.normalize()) && Files.isDirectory(p)) {
        roots.add(p);
      }
    }
    List<Path> files;
    try {
      files = GateRun.sources(roots);
    } catch (IOException e) {
      throw new MojoExecutionException(
          DeclarationMessage.INTERNAL_ERROR.format("the sources of " + project.getId(), e), e);
    }
    List<Path> declaring = GateRun.declaring(files, charset);
    if (!manifest.exists() && declaring.isEmpty()) {
      getLog().info(PluginMessage.PLUGIN_NOTHING_DECLARED.format(manifest));
      return;
    }
    List<String> options = new ArrayList<>();
    options.add(ProcessorOption.MANIFEST.is(manifest.getAbsolutePath()));
    options.add(ProcessorOption.MANIFEST_ORIGIN.is(origin));
    options.add(ProcessorOption.MODE.is(mode));
    if (release != null) {
      options.add(ProcessorOption.RELEASE.is(release)); // the processor refuses an empty one
    }
    if (headers != null) {
      options.add(ProcessorOption.HEADERS.is(headers.getAbsolutePath()));
    }
    if (docs != null) {
      options.add(ProcessorOption.DOCS.is(docs.getAbsolutePath()));
    }
    GateRun.Input input = new GateRun.Input(roots, classpath(), charset, options);
    if (unchanged(input, files)) {
      return;
    }
    GateRun.Outcome outcome = GateRun.run(input, declaring, getLog());
    if (outcome.errors() > 0) {
      throw new MojoFailureException(
          PluginMessage.PLUGIN_ERRORS.format(goal, outcome.errors(), project.getId()));
    }
    inSync();
    passed();
  }

  /**
   * Whether the gates may be left out because nothing they read changed since they last passed; a
   * goal that keeps no record always runs them.
   */
  boolean unchanged(GateRun.Input input, List<Path> sources) throws MojoExecutionException {
    return false;
  }

  /** The gates passed over the input {@link #unchanged} was last asked about. */
  void passed() throws MojoExecutionException {}

  /** Says what the manifest holds now that it matches the sources. */
  private void inSync() throws MojoExecutionException {
    if (!manifest.exists()) {
      return; // nothing declared, nothing recorded
    }
    try {
      Census census = Census.of(Inputs.file(manifest.toPath()));
      getLog()
          .info(
              PluginMessage.PLUGIN_IN_SYNC.format(
                  manifest, census.continuables(), census.published(), census.drafts()));
    } catch (InputException e) {
      throw new MojoExecutionException(e.getMessage(), e);
    }
  }

  /** The compile class path without the module's own classes, which may be stale. */
  private List<Path> classpath() throws MojoExecutionException {
    Path output = Path.of(project.getBuild().getOutputDirectory()).toAbsolutePath().normalize();
    List<Path> classpath = new ArrayList<>();
    try {
      for (String element : project.getCompileClasspathElements()) {
        Path p = Path.of(element).toAbsolutePath().normalize();
        if (!p.equals(output)) {
          classpath.add(p);
        }
      }
    } catch (DependencyResolutionRequiredException e) {
      throw new MojoExecutionException(
          DeclarationMessage.INTERNAL_ERROR.format("the class path of " + project.getId(), e), e);
    }
    return classpath;
  }
}
