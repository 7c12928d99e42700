package dev.abilock.maven;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;

/**
 * Where the manifest's path comes from, on both sides: the plugin's {@code manifest} parameter, and
 * the {@code -Aabilock.manifest} that maven-compiler-plugin gives javac. The two are set apart, so
 * nothing else makes them agree; a compile that checks one file and a goal that checks another
 * would each pass while the other's file goes stale or missing.
 */
final class ManifestSetting {
  private static final String OPTION = "-Aabilock.manifest=";

  private ManifestSetting() {}

  /** How the plugin's {@code manifest} parameter got its value, as messages name it. */
  static String origin(MojoExecution execution, MavenSession session) {
    Xpp3Dom configured =
        execution.getConfiguration() == null
            ? null
            : execution.getConfiguration().getChild("manifest");
    // Without <manifest> in the pom, the merged configuration holds the parameter's expression.
    if (configured != null
        && configured.getValue() != null
        && !configured.getValue().contains("${abilock.manifest}")) {
      return PluginMessage.PLUGIN_MANIFEST_CONFIGURED.text();
    }
    if (session.getUserProperties().containsKey("abilock.manifest")
        || session.getSystemProperties().containsKey("abilock.manifest")) {
      return PluginMessage.PLUGIN_MANIFEST_PROPERTY.text();
    }
    return PluginMessage.PLUGIN_MANIFEST_DEFAULT.text();
  }

  /**
   * The manifests maven-compiler-plugin's main compile names with {@code -Aabilock.manifest}, in
   * its plugin-wide and its compile executions' {@code compilerArgs}, as absolute paths: a relative
   * one is read by javac, which runs in Maven's own process, against Maven's working directory.
   */
  static Set<Path> compilerManifests(MavenProject project) {
    Set<Path> found = new LinkedHashSet<>();
    for (Plugin plugin : project.getBuildPlugins()) {
      if (!"maven-compiler-plugin".equals(plugin.getArtifactId())
          || !"org.apache.maven.plugins".equals(plugin.getGroupId())) {
        continue;
      }
      List<Object> configurations = new ArrayList<>();
      configurations.add(plugin.getConfiguration());
      for (PluginExecution execution : plugin.getExecutions()) {
        if (execution.getGoals().contains("compile")) {
          configurations.add(execution.getConfiguration());
        }
      }
      for (Object configuration : configurations) {
        if (configuration instanceof Xpp3Dom dom) {
          arguments(dom).stream()
              .filter(a -> a.startsWith(OPTION))
              .map(a -> Path.of(a.substring(OPTION.length()).trim()).toAbsolutePath().normalize())
              .forEach(found::add);
        }
      }
    }
    return found;
  }

  /**
   * The failure message when the compiler names another manifest than {@code manifest}, else {@code
   * null}.
   */
  static String mismatch(File manifest, String origin, Set<Path> compiler, String goal) {
    Path ours = manifest.toPath().toAbsolutePath().normalize();
    return compiler.stream()
        .filter(p -> !p.equals(ours))
        .findFirst()
        .map(p -> PluginMessage.PLUGIN_MANIFEST_MISMATCH.format(ours, origin, p, goal))
        .orElse(null);
  }

  private static List<String> arguments(Xpp3Dom configuration) {
    List<String> args = new ArrayList<>();
    Xpp3Dom compilerArgs = configuration.getChild("compilerArgs");
    if (compilerArgs != null) {
      for (Xpp3Dom arg : compilerArgs.getChildren()) {
        if (arg.getValue() != null) {
          args.add(arg.getValue().trim());
        }
      }
    }
    Xpp3Dom compilerArgument = configuration.getChild("compilerArgument");
    if (compilerArgument != null && compilerArgument.getValue() != null) {
      args.addAll(List.of(compilerArgument.getValue().trim().split("\\s+")));
    }
    return args;
  }
}
