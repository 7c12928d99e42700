package dev.abilock.maven;

import static dev.abilock.core.Severity.ERROR;
import static dev.abilock.core.Severity.NOTE;
import static dev.abilock.core.Severity.TEXT;

import dev.abilock.core.CatalogueEntry;
import dev.abilock.core.Severity;

/**
 * The Maven plugin's own lines; the gates' findings are the processor's, printed as javac reports
 * them.
 */
enum PluginMessage implements CatalogueEntry {
  PLUGIN_NO_COMPILER(
      ERROR,
      "no Java compiler in the JVM that runs Maven (%s); abilock's goals run javac: run Maven on a JDK"),
  PLUGIN_ERRORS(ERROR, "abilock:%s found %d error(s) in %s (listed above)"),
  PLUGIN_IN_SYNC(
      NOTE,
      "manifest %s is in sync with the sources: %d continuable(s), %d published line(s), %d draft"),
  PLUGIN_NOTHING_DECLARED(
      NOTE, "no @Continuable or @AbiStruct in the sources and no manifest at %s: nothing to check"),
  PLUGIN_CHECK_UNCHANGED(
      NOTE,
      "abilock:check: nothing changed since the last successful check (fingerprint %s);"
          + " skipped. -Dabilock.force=true runs it anyway"),
  PLUGIN_NO_BASE(
      ERROR,
      "no base revision to diff against: the branch checked out in %s has no upstream; pass"
          + " -Dabilock.base=<commit, branch or tag>, for example -Dabilock.base=origin/main"),
  PLUGIN_DIFF_BREAKS(ERROR, "abilock:diff found %d breaking change(s) in %s since %s"),
  PLUGIN_REPORT_WRITTEN(NOTE, "abilock:diff report (%s) written to %s"),
  PLUGIN_MANIFEST_MISMATCH(
      ERROR,
      "abilock-maven-plugin reads the manifest %s (set by %s), but maven-compiler-plugin"
          + " compiles with -Aabilock.manifest=%s (its <compilerArgs>): the compile and abilock:%s would check two"
          + " different files; name the same file in both"),
  PLUGIN_MANIFEST_DEFAULT(
      TEXT,
      "abilock-maven-plugin's manifest parameter, default ${project.basedir}/abilock.manifest"),
  PLUGIN_MANIFEST_PROPERTY(TEXT, "-Dabilock.manifest"),
  PLUGIN_MANIFEST_CONFIGURED(TEXT, "<manifest> in abilock-maven-plugin's <configuration>"),
  PLUGIN_BAD_FORMAT(ERROR, "abilock.format = \"%s\": use text, markdown, json, sarif or github"),
  ;

  private final Text entry;

  PluginMessage(Severity severity, String template) {
    entry = new Text(severity, template);
  }

  public Text entry() {
    return entry;
  }
}
