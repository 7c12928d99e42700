package dev.abilock.maven;

import dev.abilock.core.ProcessorOption.Mode;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * {@code abilock:check}, bound to {@code verify}: gate A (the manifest equals what the sources
 * declare) and gate B (no published entry changed) over the module's current sources, whatever
 * state {@code target/} is in. Errors carry the compiler's ids, positions and witnesses. After a
 * check passes, a {@link CheckFingerprint} under the build directory records what it read; while
 * that is unchanged, later builds skip javac.
 */
@Mojo(
    name = "check",
    defaultPhase = LifecyclePhase.VERIFY,
    requiresDependencyResolution = ResolutionScope.COMPILE,
    threadSafe = true)
public final class CheckMojo extends GateMojo {
  /** Runs the full check even when nothing changed since the last successful one. */
  @Parameter(property = "abilock.force", defaultValue = "false")
  boolean force;

  @Parameter(defaultValue = "${plugin}", readonly = true, required = true)
  PluginDescriptor plugin;

  /** What the check about to run reads, and the fingerprint to record once it passes. */
  private CheckFingerprint.Inputs inputs;

  private CheckFingerprint pending;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    runGates("check", Mode.CHECK, null);
  }

  @Override
  boolean unchanged(GateRun.Input input, List<Path> sources) {
    Path file = fingerprintFile();
    List<Path> jars = new ArrayList<>();
    for (Artifact a :
        Stream.concat(Stream.of(plugin.getPluginArtifact()), plugin.getArtifacts().stream())
            .toList()) {
      if (a.getFile() != null && !jars.contains(a.getFile().toPath())) {
        jars.add(a.getFile().toPath());
      }
    }
    inputs =
        new CheckFingerprint.Inputs(
            project.getBasedir().toPath(),
            input.sourceRoots(),
            sources,
            input.classpath(),
            manifest.toPath(),
            Stream.of(headers, docs).filter(Objects::nonNull).map(File::toPath).toList(),
            input.options(),
            input.encoding().name(),
            plugin.getVersion(),
            jars);
    try {
      CheckFingerprint recorded = CheckFingerprint.read(file);
      CheckFingerprint now = CheckFingerprint.of(inputs, recorded);
      if (!force && now.sameStateAs(recorded)) {
        if (now.knowsMoreThan(recorded)) {
          now.write(file);
        }
        getLog()
            .info(
                PluginMessage.PLUGIN_CHECK_UNCHANGED.format(
                    project.getBasedir().toPath().relativize(file)));
        return true;
      }
      // From here until the check passes, no fingerprint vouches for a state it has not seen.
      Files.deleteIfExists(file);
      pending = now;
      return false;
    } catch (IOException e) { // the fingerprint only saves time: without it, the full check
      getLog().debug("abilock:check runs in full: " + file + ": " + e);
      file.toFile().delete();
      pending = null;
      return false;
    }
  }

  @Override
  void passed() {
    if (pending == null) {
      return;
    }
    Path file = fingerprintFile();
    try {
      pending.withOutputsNow(inputs).write(file);
    } catch (IOException e) {
      getLog().debug("abilock:check recorded no fingerprint: " + file + ": " + e);
    }
  }

  private Path fingerprintFile() {
    return Path.of(project.getBuild().getDirectory())
        .toAbsolutePath()
        .resolve(CheckFingerprint.LOCATION);
  }
}
