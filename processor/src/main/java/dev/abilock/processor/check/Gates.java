package dev.abilock.processor.check;

import static dev.abilock.core.ManifestMessage.CLASSPATH_LAYOUT_UNREADABLE;
import static dev.abilock.core.ManifestMessage.MANIFEST_CREATED;
import static dev.abilock.core.ManifestMessage.MANIFEST_MISSING;
import static dev.abilock.core.ManifestMessage.MANIFEST_MISSING_LATER;
import static dev.abilock.core.ManifestMessage.MANIFEST_MISSING_LOST;
import static dev.abilock.core.ManifestMessage.MANIFEST_MISSING_NEW;
import static dev.abilock.core.ManifestMessage.MANIFEST_OPTION_MISSING;
import static dev.abilock.core.ManifestMessage.MANIFEST_STALE;
import static dev.abilock.core.ManifestMessage.MANIFEST_STALE_LATER;
import static dev.abilock.core.ManifestMessage.MANIFEST_UPDATED;
import static dev.abilock.core.ManifestMessage.RECORD_ALIASES;
import static dev.abilock.core.ManifestMessage.RECORD_MORE;
import static dev.abilock.core.ManifestMessage.RECORD_RETIRED;
import static dev.abilock.core.ManifestMessage.RECORD_SUB_OP_ALIASES;
import static dev.abilock.core.ManifestMessage.RELEASE_BEFORE_PUBLISHED;

import dev.abilock.core.check.Compatibility;
import dev.abilock.core.check.InSync;
import dev.abilock.core.check.StructCompatibility;
import dev.abilock.core.manifest.Line;
import dev.abilock.core.manifest.Manifest;
import dev.abilock.core.manifest.Release;
import dev.abilock.core.model.Field;
import dev.abilock.core.model.Layout;
import dev.abilock.core.model.Op;
import dev.abilock.core.model.struct.StructDecl;
import dev.abilock.core.model.struct.SubOp;
import dev.abilock.processor.Reporter;
import dev.abilock.processor.read.LayoutReader;
import dev.abilock.processor.read.SourceMap;
import dev.abilock.processor.read.StructReader;
import dev.abilock.processor.read.StructSources;
import java.nio.file.Path;
import java.util.ArrayList;
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

  /** A struct read from source in this compile, with its source positions. */
  public record StructSource(StructDecl struct, StructSources sources) {}

  private final Elements elements;
  private final Options options;
  private final Reporter reporter;
  private final Map<String, Source> declared;
  private final Map<String, StructSource> structs;
  private final SourceSites sites;

  public Gates(
      Elements elements, Options options, Reporter reporter, Map<String, Source> declared) {
    this(elements, options, reporter, declared, Map.of());
  }

  public Gates(
      Elements elements,
      Options options,
      Reporter reporter,
      Map<String, Source> declared,
      Map<String, StructSource> structs) {
    this.elements = elements;
    this.options = options;
    this.reporter = reporter;
    this.declared = declared;
    this.structs = structs;
    this.sites = new SourceSites(elements, reporter, declared, structs);
  }

  /**
   * Runs both gates; returns the manifest the sources call for when both pass (whether or not the
   * file had to be rewritten), empty when the build fails.
   */
  public Optional<Manifest> run() {
    if (options.manifest() == null) {
      if (!declared.isEmpty()) {
        Source first = declared.values().iterator().next();
        reporter.report(
            sites.now(first).continuable(), MANIFEST_OPTION_MISSING, first.layout().className());
      } else if (!structs.isEmpty()) {
        StructSource first = structs.values().iterator().next();
        reporter.report(
            sites.now(first).struct(), MANIFEST_OPTION_MISSING, first.struct().className());
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
    if (declared.isEmpty() && structs.isEmpty() && !file.get().exists()) {
      return Optional.empty(); // nothing declared, nothing frozen: a module that has no layout yet
    }
    Optional<ManifestFile.Contents> contents = file.get().read(reporter);
    if (contents.isEmpty()) {
      return Optional.empty();
    }
    Manifest old = contents.get().manifest();
    String oldText = contents.get().text();
    if (oldText == null) {
      List<String> record = earlierRecord();
      if (!record.isEmpty()) {
        // Gate B against no manifest would call each retirement a draft's and advise deleting it.
        reporter.report(
            MANIFEST_MISSING,
            file.get().path(),
            options.manifestOrigin(),
            MANIFEST_MISSING_LOST.text(String.join(", ", record)));
        return Optional.empty();
      }
    }
    String release = options.release();
    if (release != null) {
      Optional<Line> newer = Release.newerPublished(old, release);
      if (newer.isPresent()) {
        String label = newer.get().status().release();
        reporter.report(
            RELEASE_BEFORE_PUBLISHED, release, label, newer.get().render().strip(), label);
        return Optional.empty();
      }
    }
    Optional<Map<String, Layout>> current = currentLayouts(old);
    if (current.isEmpty()) {
      return Optional.empty();
    }
    Optional<Map<String, StructDecl>> currentStructs = currentStructs(old);
    if (currentStructs.isEmpty()) {
      return Optional.empty();
    }
    Compatibility.Breaks breaks =
        Compatibility.check(old, current.get(), currentStructs.get().values());
    breaks.words().forEach(b -> sites.report(b, file.get().path()));
    breaks.structs().forEach(b -> sites.report(b, file.get().path()));
    if (!breaks.isEmpty()) {
      return Optional.empty();
    }
    Manifest computed =
        Manifest.of(
            current.get().values(),
            currentStructs.get().values(),
            old,
            options.update() ? release : null);
    String text = computed.render();
    Path path = file.get().path();
    if (!options.update()) {
      // With abilock.stale=warning the compile goes on with the layouts the sources declare (their
      // headers and docs show new entries as drafts, as update would write them).
      boolean warn = options.staleWarns();
      if (oldText == null) {
        if (warn) {
          reporter.report(MANIFEST_MISSING_LATER, path);
        } else {
          reporter.report(
              MANIFEST_MISSING, path, options.manifestOrigin(), MANIFEST_MISSING_NEW.text());
        }
        return warn ? Optional.of(computed) : Optional.empty();
      } else if (!oldText.equals(text)) {
        List<String> diff = InSync.diff(oldText, text);
        reporter.report(
            warn ? MANIFEST_STALE_LATER : MANIFEST_STALE, path, diff.size(), InSync.show(diff));
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
    Compatibility.newRetirements(old, current.get())
        .forEach(n -> reporter.report(n.rule(), n.args().toArray()));
    StructCompatibility.newRetirements(old, currentStructs.get().values())
        .forEach(n -> reporter.report(n.rule(), n.args().toArray()));
    if (oldText == null) {
      reporter.report(MANIFEST_CREATED, path, computed.lines().size());
    } else {
      List<String> diff = InSync.diff(oldText, text);
      reporter.report(MANIFEST_UPDATED, path, diff.size(), InSync.show(diff));
    }
    return Optional.of(computed);
  }

  /**
   * What the declared sources hold that only an earlier manifest can justify: retirements (only
   * published things are retired) and aliases (former names of a published op). At most three are
   * named; the rest are counted.
   */
  private List<String> earlierRecord() {
    List<String> record = new ArrayList<>();
    for (Source d : declared.values()) {
      Layout l = d.layout();
      if (l.isRetired()) {
        record.add(RECORD_RETIRED.text("continuable " + l.name()));
      }
      for (Field f : l.fields()) {
        if (f.isRetired()) {
          record.add(
              RECORD_RETIRED.text(
                  (f.opcode() ? "opcode " : "field ") + f.name() + " in " + l.name()));
        }
      }
      for (Op o : l.ops()) {
        if (o.isRetired()) {
          record.add(RECORD_RETIRED.text("op " + o.name() + " in " + l.name()));
        }
        if (!o.aliases().isEmpty()) {
          record.add(RECORD_ALIASES.text(o.name(), l.name()));
        }
      }
    }
    for (StructSource d : structs.values()) {
      StructDecl s = d.struct();
      if (s.isRetired()) {
        record.add(RECORD_RETIRED.text("struct " + s.name()));
      }
      for (dev.abilock.core.model.struct.Member m : s.members()) {
        if (m.isRetired()) {
          record.add(RECORD_RETIRED.text("member " + m.name() + " in " + s.name()));
        }
      }
      for (SubOp o : s.subOps()) {
        if (o.isRetired()) {
          record.add(RECORD_RETIRED.text("sub-op " + o.name() + " in " + s.name()));
        }
        if (!o.aliases().isEmpty()) {
          record.add(RECORD_SUB_OP_ALIASES.text(o.name(), s.name()));
        }
      }
    }
    if (record.size() > 3) {
      int more = record.size() - 3;
      record.subList(3, record.size()).clear();
      record.add(RECORD_MORE.text(more));
    }
    return record;
  }

  /**
   * The structs this compile declares, plus each manifest struct missing from it whose class is
   * still on the class path, as for continuables.
   */
  private Optional<Map<String, StructDecl>> currentStructs(Manifest old) {
    Map<String, StructDecl> current = new TreeMap<>();
    structs.forEach((name, d) -> current.put(name, d.struct()));
    boolean readable = true;
    for (String name : old.structs()) {
      if (current.containsKey(name)) {
        continue;
      }
      String className = old.struct(name).className();
      TypeElement type = className.isEmpty() ? null : elements.getTypeElement(className);
      if (type == null || LayoutReader.site(type, StructReader.ABI_STRUCT).isEmpty()) {
        continue;
      }
      StructReader.Result result = StructReader.read(type);
      if (!result.problems().isEmpty()) {
        reporter.report(
            CLASSPATH_LAYOUT_UNREADABLE, name, className, result.problems().get(0).message());
        readable = false;
        continue;
      }
      result.struct().filter(s -> s.name().equals(name)).ifPresent(s -> current.put(name, s));
    }
    return readable ? Optional.of(current) : Optional.empty();
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
        reporter.report(
            CLASSPATH_LAYOUT_UNREADABLE, name, className, result.problems().get(0).message());
        readable = false;
        continue;
      }
      result
          .declared()
          .map(d -> d.layout())
          .filter(l -> l.name().equals(name))
          .ifPresent(l -> current.put(name, l));
    }
    return readable ? Optional.of(current) : Optional.empty();
  }
}
