package dev.abilock.processor.check;

import static dev.abilock.core.Message.CLASSPATH_LAYOUT_UNREADABLE;
import static dev.abilock.core.Message.MANIFEST_CREATED;
import static dev.abilock.core.Message.MANIFEST_MISSING;
import static dev.abilock.core.Message.MANIFEST_MISSING_LATER;
import static dev.abilock.core.Message.MANIFEST_OPTION_MISSING;
import static dev.abilock.core.Message.MANIFEST_STALE;
import static dev.abilock.core.Message.MANIFEST_STALE_LATER;
import static dev.abilock.core.Message.MANIFEST_UPDATED;

import dev.abilock.core.check.Break;
import dev.abilock.core.check.Compatibility;
import dev.abilock.core.check.InSync;
import dev.abilock.core.manifest.Manifest;
import dev.abilock.core.model.Layout;
import dev.abilock.processor.Reporter;
import dev.abilock.processor.read.LayoutReader;
import dev.abilock.processor.read.SourceMap;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * The two gates of every compile, run once all layouts are read. Gate A: the manifest equals what
 * the sources declare ({@code check} mode), or is rewritten to do so ({@code update}). Gate B, in
 * both modes: no published entry changed ({@link Compatibility#check(Manifest, Map)}, the rules
 * every front end shares). A malformed manifest or a break writes nothing. This class only runs
 * them; {@link ManifestFile} reads and writes the file, {@link SourceSites} places the findings.
 */
public final class Gates {
  /** A layout read from source in this compile, with its source positions. */
  public record Source(Layout layout, SourceMap sources) {}

  private final Elements elements;
  private final Options options;
  private final Reporter reporter;
  private final Map<String, Source> declared;
  private final SourceSites sites;

  public Gates(Elements elements, Options options, Reporter reporter, Map<String, Source> declared) {
    this.elements = elements;
    this.options = options;
    this.reporter = reporter;
    this.declared = declared;
    this.sites = new SourceSites(elements, reporter, declared);
  }

  /**
   * Runs both gates; returns the manifest the sources call for when both pass (whether or not the
   * file had to be rewritten), empty when the build fails.
   */
  public Optional<Manifest> run() {
    if (options.manifest() == null) {
      if (!declared.isEmpty()) {
        Source first = declared.values().iterator().next();
        reporter.report(sites.now(first).continuable(), MANIFEST_OPTION_MISSING, first.layout().className());
      }
      return Optional.empty();
    }
    if (!options.valid(reporter)) {
      return Optional.empty();
    }
    Optional<ManifestFile> file = ManifestFile.of(options, reporter);
    if (file.isEmpty()) {
      return Optional.empty();
    }
    if (declared.isEmpty() && !file.get().exists()) {
      return Optional.empty(); // nothing declared, nothing frozen: a module that has no layout yet
    }
    Optional<ManifestFile.Contents> contents = file.get().read(reporter);
    if (contents.isEmpty()) {
      return Optional.empty();
    }
    Manifest old = contents.get().manifest();
    String oldText = contents.get().text();
    Optional<Map<String, Layout>> current = currentLayouts(old);
    if (current.isEmpty()) {
      return Optional.empty();
    }
    List<Break> breaks = Compatibility.check(old, current.get());
    breaks.forEach(sites::report);
    if (!breaks.isEmpty()) {
      return Optional.empty();
    }
    String release = options.release();
    Manifest computed = Manifest.of(current.get().values(), old, options.update() ? release : null);
    String text = computed.render();
    Path path = file.get().path();
    if (!options.update()) {
      // With abilock.stale=warning the compile goes on with the layouts the sources declare (their
      // headers and docs show new entries as drafts, as update would write them).
      boolean warn = options.staleWarns();
      if (oldText == null) {
        reporter.report(warn ? MANIFEST_MISSING_LATER : MANIFEST_MISSING, path);
        return warn ? Optional.of(computed) : Optional.empty();
      } else if (!oldText.equals(text)) {
        List<String> diff = InSync.diff(oldText, text);
        reporter.report(warn ? MANIFEST_STALE_LATER : MANIFEST_STALE, path, diff.size(), InSync.show(diff));
        return warn ? Optional.of(computed) : Optional.empty();
      }
      return Optional.of(computed);
    }
    if (text.equals(oldText)) {
      return Optional.of(computed);
    }
    if (!file.get().write(text, reporter)) {
      return Optional.empty();
    }
    Compatibility.newRetirements(old, current.get()).forEach(n -> reporter.report(n.rule(), n.args().toArray()));
    if (oldText == null) {
      reporter.report(MANIFEST_CREATED, path, computed.lines().size());
    } else {
      List<String> diff = InSync.diff(oldText, text);
      reporter.report(MANIFEST_UPDATED, path, diff.size(), InSync.show(diff));
    }
    return Optional.of(computed);
  }

  /**
   * The layouts this compile declares, plus each manifest continuable missing from it whose class
   * is still on the class path: an incremental compile of other sources must not look like a
   * removal. Empty (after reporting it) when such a class no longer reads as a layout.
   */
  private Optional<Map<String, Layout>> currentLayouts(Manifest old) {
    Map<String, Layout> current = new TreeMap<>();
    declared.forEach((name, d) -> current.put(name, d.layout()));
    boolean readable = true;
    for (String name : old.continuables()) {
      if (current.containsKey(name)) {
        continue;
      }
      String className = old.className(name).orElseThrow();
      TypeElement type = elements.getTypeElement(className);
      if (type == null || LayoutReader.site(type, LayoutReader.CONTINUABLE).isEmpty()) {
        continue;
      }
      LayoutReader.Result result = LayoutReader.read(type);
      if (!result.problems().isEmpty()) {
        // Compiled earlier, yet its layout no longer reads: neither "removed" nor silently dropped.
        reporter.report(CLASSPATH_LAYOUT_UNREADABLE, name, className, result.problems().get(0).message());
        readable = false;
        continue;
      }
      result.declared().map(d -> d.layout()).filter(l -> l.name().equals(name)).ifPresent(l -> current.put(name, l));
    }
    return readable ? Optional.of(current) : Optional.empty();
  }
}
