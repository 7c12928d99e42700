package dev.abilock.processor;

import dev.abilock.processor.check.Break;
import dev.abilock.processor.check.Compatibility;
import dev.abilock.processor.check.Target;
import dev.abilock.processor.manifest.Manifest;
import dev.abilock.processor.manifest.ManifestException;
import dev.abilock.processor.manifest.ManifestParser;
import dev.abilock.processor.manifest.Status;
import dev.abilock.processor.model.Layout;
import dev.abilock.processor.read.LayoutReader;
import dev.abilock.processor.read.Site;
import dev.abilock.processor.read.SourceMap;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * The two gates of every compile, run once all layouts are read. Gate A: the manifest equals what
 * the sources declare ({@code check} mode), or is rewritten atomically to do so ({@code update}).
 * Gate B, in both modes: no published entry changed. A malformed manifest or a break writes nothing.
 */
final class Gates {
  private static final int MAX_DIFF_LINES = 40;

  /** A layout read from source in this compile, with its source positions. */
  record Declared(Layout layout, SourceMap sources) {}

  private final ProcessingEnvironment env;
  private final Messager messager;
  private final Map<String, Declared> declared;
  private boolean unreadable;
  private final Map<String, SourceMap> fresh = new TreeMap<>();

  Gates(ProcessingEnvironment env, Map<String, Declared> declared) {
    this.env = env;
    this.messager = env.getMessager();
    this.declared = declared;
  }

  /**
   * Runs both gates; returns the manifest the sources call for when both pass (whether or not the
   * file had to be rewritten), empty when the build fails.
   */
  Optional<Manifest> run() {
    Map<String, String> options = env.getOptions();
    String manifestOption = blankToNull(options.get(AbilockProcessor.OPTION_MANIFEST));
    String mode = options.getOrDefault(AbilockProcessor.OPTION_MODE, "check").trim();
    String release = blankToNull(options.get(AbilockProcessor.OPTION_RELEASE));
    if (manifestOption == null) {
      if (!declared.isEmpty()) {
        Declared first = declared.values().iterator().next();
        error(Message.MANIFEST_OPTION_MISSING.format(first.layout().className()), sourcesNow(first).continuable());
      }
      return Optional.empty();
    }
    boolean update = mode.equals("update");
    if (!update && !mode.equals("check") && !mode.isEmpty()) {
      error(Message.BAD_MODE.format(mode), null);
      return Optional.empty();
    }
    if (release != null && !Status.isValidLabel(release)) {
      error(Message.BAD_RELEASE.format(release), null);
      return Optional.empty();
    }
    if (release != null && !update) {
      error(Message.RELEASE_NEEDS_UPDATE.format(release, release), null);
      return Optional.empty();
    }
    Path path;
    try {
      path = Path.of(manifestOption);
    } catch (InvalidPathException e) {
      error(Message.MANIFEST_UNREADABLE.format(manifestOption, e.getMessage()), null);
      return Optional.empty();
    }

    String oldText = null;
    Manifest old = Manifest.empty();
    if (declared.isEmpty() && !Files.exists(path)) {
      return Optional.empty(); // nothing declared, nothing frozen: a module that has no layout yet
    }
    if (Files.exists(path)) {
      try {
        byte[] bytes = Files.readAllBytes(path);
        old = ManifestParser.parse(bytes);
        if (!old.publishedOnDraft().isEmpty()) {
          throw new ManifestException(old.publishedOnDraft());
        }
        oldText = ManifestParser.normalize(new String(bytes, StandardCharsets.UTF_8));
      } catch (ManifestException e) {
        error(Message.MANIFEST_MALFORMED.format(path, "  " + String.join("\n  ", e.problems())), null);
        return Optional.empty();
      } catch (IOException e) {
        error(Message.MANIFEST_UNREADABLE.format(path, e), null);
        return Optional.empty();
      }
    }

    Map<String, Layout> current = currentLayouts(old);
    if (unreadable) {
      return Optional.empty();
    }
    List<Break> breaks = new ArrayList<>();
    for (String name : old.continuables()) {
      old.publishedLayout(name).ifPresent(published -> breaks.addAll(current.containsKey(name)
          ? Compatibility.check(published, current.get(name))
          : List.of(Compatibility.removed(published))));
    }
    breaks.forEach(this::report);

    Manifest computed = Manifest.of(current.values(), old, update ? release : null);
    String text = computed.render();
    if (!breaks.isEmpty()) {
      return Optional.empty();
    }
    if (!update) {
      if (oldText == null) {
        error(Message.MANIFEST_MISSING.format(path), null);
        return Optional.empty();
      } else if (!oldText.equals(text)) {
        List<String> diff = diff(oldText, text);
        error(Message.MANIFEST_STALE.format(path, diff.size(), "  " + String.join("\n  ", cap(diff))), null);
        return Optional.empty();
      }
      return Optional.of(computed);
    }
    if (text.equals(oldText)) {
      return Optional.of(computed);
    }
    try {
      writeAtomically(path, text);
      if (oldText == null) {
        messager.printMessage(Diagnostic.Kind.NOTE, Message.MANIFEST_CREATED.format(path, computed.lines().size()));
      } else {
        List<String> diff = diff(oldText, text);
        messager.printMessage(Diagnostic.Kind.NOTE, Message.MANIFEST_UPDATED.format(path,
            diff.size() + " line(s) changed" + (diff.isEmpty() ? "" : ":\n  " + String.join("\n  ", cap(diff)))));
      }
      return Optional.of(computed);
    } catch (IOException | RuntimeException e) {
      error(Message.MANIFEST_WRITE_FAILED.format(path, e), null);
      return Optional.empty();
    }
  }

  /**
   * The layouts this compile declares, plus each manifest continuable missing from it whose class
   * is still on the class path: an incremental compile of other sources must not look like a removal.
   */
  private Map<String, Layout> currentLayouts(Manifest old) {
    Map<String, Layout> current = new TreeMap<>();
    declared.forEach((name, d) -> current.put(name, d.layout()));
    for (String name : old.continuables()) {
      if (current.containsKey(name)) {
        continue;
      }
      String className = old.className(name).orElseThrow();
      TypeElement type = env.getElementUtils().getTypeElement(className);
      if (type == null || LayoutReader.site(type, "dev.abilock.Continuable").isEmpty()) {
        continue;
      }
      LayoutReader.Result result = LayoutReader.read(type);
      if (!result.problems().isEmpty()) {
        // Compiled earlier, yet its layout no longer reads: neither "removed" nor silently dropped.
        error(Message.CLASSPATH_LAYOUT_UNREADABLE.format(name, className, result.problems().get(0).message()), null);
        unreadable = true;
        continue;
      }
      result.layout().filter(l -> l.name().equals(name)).ifPresent(l -> current.put(name, l));
    }
    return current;
  }

  private void report(Break b) {
    Target t = b.target();
    Declared d = declared.get(t.continuable());
    Site site = null;
    if (d != null) {
      SourceMap sources = sourcesNow(d);
      site = switch (t.kind()) {
        case CONTINUABLE -> sources.continuable();
        case FIELD -> sources.fields().get(t.name());
        case OP -> sources.ops().get(t.name());
      };
    }
    if (site == null) {
      messager.printMessage(Diagnostic.Kind.ERROR, b.render());
      return;
    }
    var value = t.attribute() == null ? null : site.written(t.attribute());
    // A field that moved without a written shift was pushed by a change to a field before it.
    String note = b.rule() == Message.FIELD_SHIFTED && t.kind() == Target.Kind.FIELD && value == null
        ? Message.IMPLICIT_SHIFT_MOVED.text(t.name()) : null;
    messager.printMessage(Diagnostic.Kind.ERROR, b.render(note), site.element(), site.annotation(), value);
  }

  /**
   * Where a declared continuable is in the sources, as elements of the current round. The gates
   * run in the last round, and javac cannot place a message on an element kept from the round that
   * read the class (its tree is gone: the message would have no file and line), so the class is
   * looked up again by name and its sites re-read.
   */
  private SourceMap sourcesNow(Declared d) {
    return fresh.computeIfAbsent(d.layout().name(), name -> {
      TypeElement type = env.getElementUtils().getTypeElement(d.layout().className());
      if (type != null && LayoutReader.site(type, "dev.abilock.Continuable").isPresent()) {
        LayoutReader.Result again = LayoutReader.read(type);
        if (again.layout().map(l -> l.name().equals(name)).orElse(false)) {
          return again.sources();
        }
      }
      return d.sources();
    });
  }

  private void error(String message, Site site) {
    if (site == null) {
      messager.printMessage(Diagnostic.Kind.ERROR, message);
    } else {
      messager.printMessage(Diagnostic.Kind.ERROR, message, site.element(), site.annotation());
    }
  }

  /**
   * Lines only in {@code before} ({@code - }) and only in {@code after} ({@code + }), in file order;
   * comments are left out, they carry no fact.
   */
  static List<String> diff(String before, String after) {
    List<String> a = List.of(before.split("\n"));
    List<String> b = List.of(after.split("\n"));
    Set<String> inA = new HashSet<>(a);
    Set<String> inB = new HashSet<>(b);
    List<String> out = new ArrayList<>();
    a.stream().filter(l -> !inB.contains(l) && isFact(l)).forEach(l -> out.add("- " + l));
    b.stream().filter(l -> !inA.contains(l) && isFact(l)).forEach(l -> out.add("+ " + l));
    return out;
  }

  private static boolean isFact(String line) {
    return !line.isBlank() && !line.startsWith("#");
  }

  private static List<String> cap(List<String> lines) {
    if (lines.size() <= MAX_DIFF_LINES) {
      return lines;
    }
    List<String> out = new ArrayList<>(lines.subList(0, MAX_DIFF_LINES));
    out.add("... and " + (lines.size() - MAX_DIFF_LINES) + " more");
    return out;
  }

  /** The last step of {@link #writeAtomically}: puts the finished temp file in place of the target. */
  @FunctionalInterface
  interface Mover {
    void move(Path temp, Path target) throws IOException;
  }

  /** A rename, atomic where the file system can, else a plain replace. */
  static final Mover RENAME = (temp, target) -> {
    try {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  };

  /** Temp file in the same directory, then a rename: a reader sees the old file or the new, never half. */
  static void writeAtomically(Path path, String text) throws IOException {
    writeAtomically(path, text, RENAME);
  }

  /**
   * {@link #writeAtomically(Path, String)} with the final step given: whatever fails, before or
   * during the move, the old file is untouched and the temp file is gone.
   */
  static void writeAtomically(Path path, String text, Mover mover) throws IOException {
    Path dir = path.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, "." + path.getFileName() + ".", ".tmp");
    try {
      Files.writeString(temp, text, StandardCharsets.UTF_8);
      mover.move(temp, path);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
