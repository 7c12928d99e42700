package dev.abilock.processor.check;

import static dev.abilock.core.GateMessage.FIELD_SHIFTED;
import static dev.abilock.core.GateMessage.HAND_EDIT_HINT;
import static dev.abilock.core.GateMessage.IMPLICIT_SHIFT_MOVED;
import static dev.abilock.core.GateMessage.RETIRED_DRAFT;
import static dev.abilock.core.GateMessage.RETIREMENT_CHANGED;

import dev.abilock.core.check.Break;
import dev.abilock.core.check.StructBreak;
import dev.abilock.core.check.Target;
import dev.abilock.core.model.struct.StructTarget;
import dev.abilock.processor.Reporter;
import dev.abilock.processor.read.LayoutReader;
import dev.abilock.processor.read.Site;
import dev.abilock.processor.read.SourceMap;
import dev.abilock.processor.read.StructReader;
import dev.abilock.processor.read.StructSources;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * Places the gates' findings, which know only ABI names, on the source elements that declare them:
 * a break lands on the attribute that changed when the source writes it.
 */
final class SourceSites {
  private final Elements elements;
  private final Reporter reporter;
  private final Map<String, Gates.Source> declared;
  private final Map<String, SourceMap> fresh = new TreeMap<>();

  private final Map<String, Gates.StructSource> structs;
  private final Map<String, StructSources> freshStructs = new TreeMap<>();

  SourceSites(
      Elements elements,
      Reporter reporter,
      Map<String, Gates.Source> declared,
      Map<String, Gates.StructSource> structs) {
    this.elements = elements;
    this.reporter = reporter;
    this.declared = declared;
    this.structs = structs;
  }

  /**
   * Reports struct break {@code b} on the struct class, member or pad field or sub-op constant it
   * is about (its {@code @Retired} when it is about a retirement), on the attribute that changed
   * when the source writes it.
   */
  void report(StructBreak b, Path manifest) {
    StructTarget t = b.target();
    Gates.StructSource d = structs.get(t.struct());
    Site site = null;
    if (d != null) {
      StructSources sources = now(d);
      site =
          switch (t.kind()) {
            case STRUCT -> sources.struct();
            case MEMBER, PAD -> sources.slots().get(t.name());
            case SUB_OP -> sources.subOps().get(t.name());
          };
      if (b.rule() == RETIRED_DRAFT || b.rule() == RETIREMENT_CHANGED) {
        site = sources.retired().getOrDefault(StructSources.retiredKey(t.kind(), t.name()), site);
      }
      if (site == null) {
        site = sources.struct();
      }
    }
    String hint = b.rule() == RETIRED_DRAFT ? "" : "\n  " + HAND_EDIT_HINT.text(manifest);
    if (site == null) {
      reporter.print(b.rule(), b.render() + hint, null, null);
      return;
    }
    AnnotationValue value = t.attribute() == null ? null : site.written(t.attribute());
    reporter.print(b.rule(), b.render() + hint, site, value);
  }

  /** Where a declared struct is in the sources, as elements of the current round (see below). */
  StructSources now(Gates.StructSource d) {
    return freshStructs.computeIfAbsent(
        d.struct().name(),
        name -> {
          TypeElement type = elements.getTypeElement(d.struct().className());
          if (type != null && LayoutReader.site(type, StructReader.ABI_STRUCT).isPresent()) {
            StructReader.Result again = StructReader.read(type);
            if (again.struct().map(s -> s.name().equals(name)).orElse(false)) {
              return again.sources();
            }
          }
          return d.sources();
        });
  }

  /**
   * Reports {@code b} on its source site. A break of a published line ends with a hint at a hand
   * edit of {@code manifest}: a consistent edit (bits and mask together; a mask alone is a parser
   * error) reads exactly like a published layout, and only history tells them apart, which the
   * compiler does not read (no git in an IDE's compile, nor in every build); the review names it.
   */
  void report(Break b, Path manifest) {
    Target t = b.target();
    Gates.Source d = declared.get(t.continuable());
    Site site = null;
    if (d != null) {
      SourceMap sources = now(d);
      site =
          switch (t.kind()) {
            case CONTINUABLE -> sources.continuable();
            case FIELD -> sources.fields().get(t.name());
            case OP -> sources.ops().get(t.name());
          };
      if (t.onRetired()) {
        String kind = t.kind().name().toLowerCase(Locale.ROOT);
        site = sources.retired().getOrDefault(SourceMap.retiredKey(kind, t.name()), site);
      }
    }
    String hint = b.rule() == RETIRED_DRAFT ? "" : "\n  " + HAND_EDIT_HINT.text(manifest);
    if (site == null) {
      reporter.print(b.rule(), b.render() + hint, null, null);
      return;
    }
    AnnotationValue value = t.attribute() == null ? null : site.written(t.attribute());
    // A field that moved without a written shift was pushed by a change to a field before it.
    String note =
        b.rule() == FIELD_SHIFTED && t.kind() == Target.Kind.FIELD && value == null
            ? IMPLICIT_SHIFT_MOVED.text(t.name())
            : null;
    reporter.print(b.rule(), b.render(note) + hint, site, value);
  }

  /**
   * Where a declared continuable is in the sources, as elements of the current round. The gates run
   * in the last round, and javac cannot place a message on an element kept from the round that read
   * the class (its tree is gone: the message would have no file and line), so the class is looked
   * up again by name and its sites re-read.
   */
  SourceMap now(Gates.Source d) {
    return fresh.computeIfAbsent(
        d.layout().name(),
        name -> {
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
