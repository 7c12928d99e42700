package dev.abilock.maven;

import java.io.File;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/** What every abilock goal takes: the module, its manifest, and a way to skip. */
abstract class AbilockMojo extends AbstractMojo {
  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  MavenProject project;

  /** The checked-in manifest of this module. */
  @Parameter(
      property = "abilock.manifest",
      defaultValue = "${project.basedir}/abilock.manifest",
      required = true)
  File manifest;

  /** Skips the goal. */
  @Parameter(property = "abilock.skip", defaultValue = "false")
  boolean skip;
}
