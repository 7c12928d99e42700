package dev.abilock.maven;

import dev.abilock.core.ProcessorOption.Mode;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * {@code abilock:check}, bound to {@code verify}: gate A (the manifest equals what the sources
 * declare) and gate B (no published entry changed) over the module's current sources, whatever
 * state {@code target/} is in. Errors carry the compiler's ids, positions and witnesses.
 */
@Mojo(name = "check", defaultPhase = LifecyclePhase.VERIFY, requiresDependencyResolution = ResolutionScope.COMPILE,
    threadSafe = true)
public final class CheckMojo extends GateMojo {
  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    runGates("check", Mode.CHECK, null);
  }
}
