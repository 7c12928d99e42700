package dev.abilock.processor;

import static dev.abilock.core.Message.*;

import dev.abilock.core.check.Break;
import dev.abilock.core.check.Compatibility;
import dev.abilock.core.check.InSync;
import dev.abilock.core.check.Target;
import dev.abilock.core.manifest.AtomicFile;
import dev.abilock.core.manifest.Manifest;
import dev.abilock.core.manifest.ManifestException;
import dev.abilock.core.manifest.ManifestParser;
import dev.abilock.core.manifest.Status;
import dev.abilock.core.model.Layout;
import dev.abilock.processor.read.LayoutReader;
import dev.abilock.processor.read.Site;
import dev.abilock.processor.read.SourceMap;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * The two gates of every compile, run once all layouts are read. Gate A: the manifest equals what
 * the sources declare ({@code check} mode), or is rewritten atomically to do so ({@code update}).
 * Gate B, in both modes: no published entry changed ({@link Compatibility#check(Manifest, Map)},
 * the rules every front end shares). A malformed manifest or a break writes nothing. This class
 * only runs them and places their findings on the sources.
 */
final class Gates {
  /** A layout read from source in this compile, with its source positions. */
  record Source(Layout layout, SourceMap sources) {}

  private final Elements elements;
  private final Options options;
  private final Reporter reporter;
  private final Map<String, Source> declared;
  private final Map<String, SourceMap> fresh = new TreeMap<>();

  Gates(Elements elements, Options options, Reporter reporter, Map<String, Source> declared) {
    this.elements = elements;
    this.options = options;
    this.reporter = reporter;
    this.declared = declared;
  }

  /**
   * Runs both gates; returns the manifest the sources call for when both pass (whether or not the
   * file had to be rewritten), empty when the build fails.
   */
  Optional<Manifest> run() {
    if (options.manifest() == null) {
      if (!declared.isEmpty()) {
        Source first = declared.values().iterator().next();
        reporter.report(sourcesNow(first).continuable(), MANIFEST_OPTION_MISSING, first.layout().className());
      }
      return Optional.empty();
    }
    if (!options.validMode()) {
      reporter.report(BAD_MODE, options.mode());
      return Optional.empty();
    }
    if (!options.validStale()) {
      reporter.report(BAD_STALE, options.stale());
      return Optional.empty();
    }
    String release = options.release();
    if (release != null && !Status.isValidLabel(release)) {
      reporter.report(BAD_RELEASE, release);
      return Optional.empty();
    }
    if (release != null && !options.update()) {
      reporter.report(RELEASE_NEEDS_UPDATE, release, release);
      return Optional.empty();
    }
    Path path;
    try {
      path = Path.of(options.manifest());
    } catch (InvalidPathException e) {
      reporter.report(MANIFEST_UNREADABLE, options.manifest(), e.getMessage());
      return Optional.empty();
    }
    if (declared.isEmpty() && !Files.exists(path)) {
      return Optional.empty(); // nothing declared, nothing frozen: a module that has no layout yet
    }

    String oldText = null;
    Manifest old = Manifest.empty();
    if (Files.exists(path)) {
      try {
        byte[] bytes = Files.readAllBytes(path);
        old = ManifestParser.parse(bytes);
        oldText = ManifestParser.normalize(new String(bytes, StandardCharsets.UTF_8));
      } catch (ManifestException e) {
        reporter.report(MANIFEST_MALFORMED, path, "  " + String.join("\n  ", e.rendered()));
        return Optional.empty();
      } catch (IOException e) {
        reporter.report(MANIFEST_UNREADABLE, path, e);
        return Optional.empty();
      }
    }

    Optional<Map<String, Layout>> current = currentLayouts(old);
    if (current.isEmpty()) {
      return Optional.empty();
    }
    List<Break> breaks = Compatibility.check(old, current.get());
    breaks.forEach(this::report);
    if (!breaks.isEmpty()) {
      return Optional.empty();
    }
    Manifest computed = Manifest.of(current.get().values(), old, options.update() ? release : null);
    String text = computed.render();
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
    try {
      AtomicFile.write(path, text);
    } catch (IOException | RuntimeException e) {
      reporter.report(MANIFEST_WRITE_FAILED, path, e);
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

  private void report(Break b) {
    Target t = b.target();
    Source d = declared.get(t.continuable());
    Site site = null;
    if (d != null) {
      SourceMap sources = sourcesNow(d);
      site = switch (t.kind()) {
        case CONTINUABLE -> sources.continuable();
        case FIELD -> sources.fields().get(t.name());
        case OP -> sources.ops().get(t.name());
      };
      if (t.onRetired()) {
        String kind = t.kind().name().toLowerCase(java.util.Locale.ROOT);
        site = sources.retired().getOrDefault(SourceMap.retiredKey(kind, t.name()), site);
      }
    }
    if (site == null) {
      reporter.print(b.rule(), b.render(), null, null);
      return;
    }
    AnnotationValue value = t.attribute() == null ? null : site.written(t.attribute());
    // A field that moved without a written shift was pushed by a change to a field before it.
    String note = b.rule() == FIELD_SHIFTED && t.kind() == Target.Kind.FIELD && value == null
        ? IMPLICIT_SHIFT_MOVED.text(t.name()) : null;
    reporter.print(b.rule(), b.render(note), site, value);
  }

  /**
   * Where a declared continuable is in the sources, as elements of the current round. The gates
   * run in the last round, and javac cannot place a message on an element kept from the round that
   * read the class (its tree is gone: the message would have no file and line), so the class is
   * looked up again by name and its sites re-read.
   */
  private SourceMap sourcesNow(Source d) {
    return fresh.computeIfAbsent(d.layout().name(), name -> {
      TypeElement type = elements.getTypeElement(d.layout().className());
      if (type != null && LayoutReader.site(type, LayoutReader.CONTINUABLE).isPresent()) {
        LayoutReader.Result again = LayoutReader.read(type);
        if (again.declared().map(l -> l.name().equals(name)).orElse(false)) {
          return again.sources();
        }
      }
      return d.sources();
    });
  }
}
