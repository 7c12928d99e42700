package dev.abilock.core.review;

import dev.abilock.core.CatalogueEntry;
import dev.abilock.core.DiffMessage;
import dev.abilock.core.GateMessage;
import dev.abilock.core.check.Break;
import dev.abilock.core.check.Compatibility;
import dev.abilock.core.check.StructBreak;
import dev.abilock.core.check.StructCompatibility;
import dev.abilock.core.manifest.Fact;
import dev.abilock.core.manifest.FactKey;
import dev.abilock.core.manifest.Line;
import dev.abilock.core.manifest.Manifest;
import dev.abilock.core.manifest.Status;
import dev.abilock.core.model.Layout;
import dev.abilock.core.model.struct.StructDecl;
import dev.abilock.core.review.Change.Category;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Classifies the changes between two manifests for review. Two passes, both over the processor's
 * own model:
 *
 * <ol>
 *   <li>Gate B, exactly as the compiler runs it: for every continuable published in the old
 *       manifest, {@link Compatibility#check} of its published layout against the new manifest's
 *       layout (drafts included, as the sources would declare it), or {@link Compatibility#removed}
 *       when the new manifest no longer has it. Same rule ids, same witnesses.
 *   <li>Line by line, matched by fact key: every published line that was deleted, edited or given
 *       another status is a break of its own ({@code published-line-*}). The compiler cannot see
 *       these: it trusts the manifest's published lines as the frozen ABI. Other line changes are
 *       retired (a published line retired, or a retired line new since the base), compatible (a new
 *       line, a draft published, an op renamed keeping its old name, a continuable's class moved)
 *       or draft-only (a draft line edited or deleted).
 * </ol>
 *
 * <p>Changes come out per continuable (by name), Gate B breaks first, then line changes in file
 * order.
 */
public final class ManifestDiff {
  private ManifestDiff() {}

  /** Every change from {@code before} to {@code after}; empty when they hold the same lines. */
  public static List<Change> diff(Manifest before, Manifest after) {
    TreeSet<String> names = new TreeSet<>(before.continuables());
    names.addAll(after.continuables());
    names.addAll(before.structs());
    names.addAll(after.structs());
    Map<String, Layout> declared = new TreeMap<>();
    after.continuables().forEach(name -> declared.put(name, after.layout(name)));
    Map<String, List<Change>> breaks = new TreeMap<>();
    for (Break b : Compatibility.check(before, declared)) {
      if (b.rule() == GateMessage.RETIRED_DRAFT) {
        // The parser lets only a published line be retired, so what gate B calls a retired draft
        // is,
        // between two manifests, a line published and retired since the base: an addition,
        // classified
        // line by line below, not a retirement of a draft.
        continue;
      }
      String name = b.target().continuable();
      breaks
          .computeIfAbsent(name, k -> new ArrayList<>())
          .add(
              new Change(
                  Category.BREAKING,
                  b.rule(),
                  name,
                  b.headline(),
                  b.published(),
                  b.now(),
                  0,
                  0,
                  b.witness(),
                  b.consequence()));
    }
    // Gate B for structs, as the compiler runs it: each published struct against the new
    // manifest's struct (drafts included), matched by tag.
    Set<String> sound = new HashSet<>(after.structs());
    List<StructDecl> declaredStructs = after.structs().stream().map(after::struct).toList();
    for (StructBreak b : StructCompatibility.check(before, declaredStructs)) {
      if (b.rule() == GateMessage.RETIRED_DRAFT) {
        continue; // as for continuables: a line published and retired since the base, an addition
      }
      String name = b.target().struct();
      sound.remove(name);
      breaks
          .computeIfAbsent(name, k -> new ArrayList<>())
          .add(
              new Change(
                  Category.BREAKING,
                  b.rule(),
                  name,
                  b.headline(),
                  b.published(),
                  b.now(),
                  0,
                  0,
                  Optional.empty(),
                  b.consequence()));
    }
    List<Change> changes = new ArrayList<>();
    for (String name : names) {
      changes.addAll(breaks.getOrDefault(name, List.of()));
      changes.addAll(lineChanges(name, declared.get(name), before, after, sound.contains(name)));
    }
    return List.copyOf(changes);
  }

  /**
   * @param now the continuable's layout in {@code after}, or {@code null} when it has none there
   * @param soundStruct whether {@code name} is a struct in which gate B finds no break: a published
   *     pad line deleted or edited there is a claim of its bytes by new members
   */
  private static List<Change> lineChanges(
      String name, Layout now, Manifest before, Manifest after, boolean soundStruct) {
    // Each line of the new manifest takes over the old line it is the predecessor of (renames
    // included).
    Map<FactKey, Line> successors = new HashMap<>();
    for (Line line : after.linesOf(name)) {
      before
          .predecessor(line.fact(), now)
          .ifPresent(old -> successors.putIfAbsent(old.fact().key(), line));
    }
    List<Change> changes = new ArrayList<>();
    Set<FactKey> taken = new HashSet<>();
    for (Line old : inFileOrder(before.linesOf(name))) {
      Line successor = successors.get(old.fact().key());
      if (successor != null) {
        taken.add(successor.fact().key());
      }
      if (soundStruct
          && old.fact() instanceof Fact.PadFact
          && old.status().isPublished()
          && (successor == null || !successor.fact().keepsStatusOf(old.fact()))) {
        changes.add(
            change(
                Category.COMPATIBLE,
                DiffMessage.STRUCT_PAD_CLAIMED,
                old,
                successor,
                Optional.empty(),
                old.fact().label()));
        continue;
      }
      changes.addAll(classify(old, successor));
    }
    inFileOrder(after.linesOf(name)).stream()
        .filter(added -> !taken.contains(added.fact().key()))
        .forEach(
            added ->
                changes.add(
                    change(
                        added.status().isRetired() ? Category.RETIRED : Category.COMPATIBLE,
                        DiffMessage.LINE_ADDED,
                        null,
                        added,
                        Optional.empty(),
                        added.fact().label(),
                        added.status())));
    return changes;
  }

  /**
   * The changes from {@code old} to {@code now} ({@code null}: deleted): none, one, or a retirement
   * and a rename.
   */
  private static List<Change> classify(Line old, Line now) {
    Fact fact = old.fact();
    String label = fact.label();
    if (old.status().isPublished()) {
      String restore = DiffMessage.HAND_EDIT_CONSEQUENCE.text();
      if (now == null) {
        return List.of(
            change(
                Category.BREAKING,
                DiffMessage.PUBLISHED_LINE_DELETED,
                old,
                null,
                Optional.of(restore),
                label));
      }
      boolean sameText = now.fact().text().equals(fact.text());
      if (!now.fact().keepsStatusOf(fact)) {
        return List.of(
            change(
                Category.BREAKING,
                DiffMessage.PUBLISHED_LINE_EDITED,
                old,
                now,
                Optional.of(restore),
                label));
      }
      Status was = old.status();
      Status is = now.status();
      if (!Objects.equals(is.release(), was.release())) {
        return List.of(
            is.isPublished()
                ? change(
                    Category.BREAKING,
                    DiffMessage.PUBLISHED_LINE_REPUBLISHED,
                    old,
                    now,
                    Optional.of(restore),
                    label,
                    was,
                    is)
                : change(
                    Category.BREAKING,
                    DiffMessage.PUBLISHED_LINE_UNPUBLISHED,
                    old,
                    now,
                    Optional.of(restore),
                    label,
                    was));
      }
      if (!Objects.equals(is.retired(), was.retired())) {
        if (was.isRetired()) {
          return List.of(
              change(
                  Category.BREAKING,
                  is.isRetired()
                      ? DiffMessage.PUBLISHED_RETIREMENT_EDITED
                      : DiffMessage.PUBLISHED_LINE_UNRETIRED,
                  old,
                  now,
                  Optional.of(restore),
                  label,
                  was.retired().describe()));
        }
        Change retired =
            change(
                Category.RETIRED,
                DiffMessage.LINE_RETIRED,
                old,
                now,
                Optional.empty(),
                label,
                is.retired().release(),
                is.retired().reason());
        // Retired and renamed (its old name kept) in one edit: both are news to a reviewer.
        return fact instanceof Fact.OpFact o && !sameText
            ? List.of(retired, opRenamed(o, (Fact.OpFact) now.fact(), old, now))
            : fact instanceof Fact.SubOpFact o && !sameText
                ? List.of(retired, subOpRenamed(o, (Fact.SubOpFact) now.fact(), old, now))
                : List.of(retired);
      }
      if ((fact instanceof Fact.ContinuableFact || fact instanceof Fact.StructFact) && !sameText) {
        return List.of(classMoved(old, now));
      }
      if (fact instanceof Fact.SubOpFact o && !sameText) {
        return List.of(subOpRenamed(o, (Fact.SubOpFact) now.fact(), old, now));
      }
      // A continues line under a renamed op says what the op's own line does: reported there.
      return fact instanceof Fact.OpFact o && !sameText
          ? List.of(opRenamed(o, (Fact.OpFact) now.fact(), old, now))
          : List.of();
    }
    if (now == null) {
      return List.of(
          change(
              Category.DRAFT_ONLY,
              DiffMessage.DRAFT_LINE_DELETED,
              old,
              null,
              Optional.empty(),
              label));
    }
    if (now.status().isPublished()) {
      return List.of(
          change(
              Category.COMPATIBLE,
              DiffMessage.DRAFT_LINE_PUBLISHED,
              old,
              now,
              Optional.empty(),
              label,
              now.status()));
    }
    if (!now.fact().text().equals(fact.text())) {
      return List.of(
          fact instanceof Fact.ContinuableFact || fact instanceof Fact.StructFact
              ? classMoved(old, now)
              : change(
                  Category.DRAFT_ONLY,
                  DiffMessage.DRAFT_LINE_EDITED,
                  old,
                  now,
                  Optional.empty(),
                  label));
    }
    return List.of();
  }

  /**
   * A published op line that keeps its status: renamed with its old name kept, or given more former
   * names.
   */
  private static Change opRenamed(Fact.OpFact was, Fact.OpFact is, Line old, Line now) {
    return was.name().equals(is.name())
        ? change(
            Category.COMPATIBLE,
            DiffMessage.OP_ALIAS_ADDED,
            old,
            now,
            Optional.empty(),
            is.name(),
            is.code(),
            String.join(", ", is.aliases()))
        : change(
            Category.COMPATIBLE,
            DiffMessage.OP_RENAMED_WITH_ALIAS,
            old,
            now,
            Optional.empty(),
            was.name(),
            is.code(),
            is.name());
  }

  /** A published sub-op line that keeps its status: renamed keeping its old name, or more names. */
  private static Change subOpRenamed(Fact.SubOpFact was, Fact.SubOpFact is, Line old, Line now) {
    return was.name().equals(is.name())
        ? change(
            Category.COMPATIBLE,
            DiffMessage.SUB_OP_ALIAS_ADDED,
            old,
            now,
            Optional.empty(),
            is.name(),
            is.value(),
            String.join(", ", is.aliases()))
        : change(
            Category.COMPATIBLE,
            DiffMessage.SUB_OP_RENAMED_WITH_ALIAS,
            old,
            now,
            Optional.empty(),
            was.name(),
            is.value(),
            is.name());
  }

  private static List<Line> inFileOrder(List<Line> lines) {
    return lines.stream().sorted(Comparator.comparingInt(Line::number)).toList();
  }

  private static Change classMoved(Line old, Line now) {
    if (old.fact() instanceof Fact.StructFact was) {
      Fact.StructFact is = (Fact.StructFact) now.fact();
      return change(
          Category.COMPATIBLE,
          DiffMessage.STRUCT_CLASS_MOVED,
          old,
          now,
          Optional.empty(),
          was.struct(),
          was.className(),
          is.className());
    }
    Fact.ContinuableFact was = (Fact.ContinuableFact) old.fact();
    Fact.ContinuableFact is = (Fact.ContinuableFact) now.fact();
    return change(
        Category.COMPATIBLE,
        DiffMessage.CONTINUABLE_CLASS_MOVED,
        old,
        now,
        Optional.empty(),
        was.continuable(),
        was.className(),
        is.className());
  }

  private static Change change(
      Category category,
      CatalogueEntry rule,
      Line old,
      Line now,
      Optional<String> consequence,
      Object... args) {
    String continuable = (old != null ? old : now).fact().continuable();
    String headline = rule.formatFor(continuable, args);
    return new Change(
        category,
        rule,
        continuable,
        headline,
        old == null ? null : old.render().trim(),
        now == null ? null : now.render().trim(),
        old == null ? 0 : old.number(),
        now == null ? 0 : now.number(),
        Optional.empty(),
        consequence.orElse(null));
  }
}
