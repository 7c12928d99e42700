package dev.abilock.maven;

import dev.abilock.core.ProcessorOption.Mode;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * {@code abilock:update}: rewrites the manifest from the module's current sources, atomically and
 * only if it changed; new entries are drafts. A gate B break fails the goal and leaves the manifest
 * as it was. No clean and no compile are needed.
 */
@Mojo(name = "update", requiresDependencyResolution = ResolutionScope.COMPILE, threadSafe = true)
public final class UpdateMojo extends GateMojo {
  /** Publishes every draft entry at this release label ({@code -Dabilock.release=4.5}). */
  @Parameter(property = "abilock.release")
  String release;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    // Maven leaves a parameter unset for -Dabilock.release= (empty): still given, and refused.
    String given =
        release != null ? release : session.getUserProperties().getProperty("abilock.release");
    runGates("update", Mode.UPDATE, given);
  }
}
