package dev.abilock.core.review;

import dev.abilock.core.Message;
import dev.abilock.core.check.Break;
import dev.abilock.core.check.Compatibility;
import dev.abilock.core.check.Witness;
import dev.abilock.core.review.Change.Category;
import dev.abilock.core.manifest.Fact;
import dev.abilock.core.manifest.FactKey;
import dev.abilock.core.manifest.Line;
import dev.abilock.core.manifest.Manifest;
import dev.abilock.core.model.Layout;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 *       compatible (a new line, a draft published, a continuable's class moved) or draft-only (a
 *       draft line edited or deleted).
 * </ol>
 *
 * <p>Changes come out per continuable (by name), Gate B breaks first, then line changes in file order.
 */
public final class ManifestDiff {
  private ManifestDiff() {}

  /** Every change from {@code before} to {@code after}; empty when they hold the same lines. */
  public static List<Change> diff(Manifest before, Manifest after) {
    TreeSet<String> names = new TreeSet<>(before.continuables());
    names.addAll(after.continuables());
    Map<String, Layout> declared = new TreeMap<>();
    after.continuables().forEach(name -> declared.put(name, after.layout(name)));
    Map<String, List<Change>> breaks = new TreeMap<>();
    for (Break b : Compatibility.check(before, declared)) {
      String name = b.target().continuable();
      breaks.computeIfAbsent(name, k -> new ArrayList<>()).add(new Change(Category.BREAKING, b.rule(), name,
          b.headline(), b.published(), b.now(), 0, 0, b.witness(),
          b.witness().map(Witness::describe).orElse(Message.NO_WITNESS.text())));
    }
    Map<FactKey, Line> oldLines = byKey(before);
    Map<FactKey, Line> newLines = byKey(after);
    List<Change> changes = new ArrayList<>();
    for (String name : names) {
      changes.addAll(breaks.getOrDefault(name, List.of()));
      changes.addAll(lineChanges(name, oldLines, newLines));
    }
    return List.copyOf(changes);
  }

  private static List<Change> lineChanges(String name, Map<FactKey, Line> oldLines, Map<FactKey, Line> newLines) {
    List<Change> changes = new ArrayList<>();
    for (Map.Entry<FactKey, Line> e : oldLines.entrySet()) {
      Line old = e.getValue();
      if (old.fact().continuable().equals(name)) {
        classify(old, newLines.get(e.getKey())).ifPresent(changes::add);
      }
    }
    newLines.entrySet().stream()
        .filter(e -> e.getValue().fact().continuable().equals(name) && !oldLines.containsKey(e.getKey()))
        .map(Map.Entry::getValue)
        .sorted(Comparator.comparingInt(Line::number))
        .forEach(added -> changes.add(change(Category.COMPATIBLE, Message.LINE_ADDED, null, added, Optional.empty(),
            label(added.fact()), added.status())));
    return changes;
  }

  /** The change from {@code old} to {@code now} ({@code null}: deleted), if any. */
  private static Optional<Change> classify(Line old, Line now) {
    Fact fact = old.fact();
    String label = label(fact);
    if (old.status().isPublished()) {
      String restore = Message.HAND_EDIT_CONSEQUENCE.text();
      if (now == null) {
        return Optional.of(change(Category.BREAKING, Message.PUBLISHED_LINE_DELETED, old, null, Optional.of(restore),
            label));
      }
      boolean sameText = now.fact().text().equals(fact.text());
      boolean classMoved = !sameText && fact instanceof Fact.ContinuableFact;
      if (!sameText && !classMoved) {
        return Optional.of(change(Category.BREAKING, Message.PUBLISHED_LINE_EDITED, old, now, Optional.of(restore),
            label));
      }
      if (!now.status().equals(old.status())) {
        return Optional.of(now.status().isPublished()
            ? change(Category.BREAKING, Message.PUBLISHED_LINE_REPUBLISHED, old, now, Optional.of(restore), label,
                old.status(), now.status())
            : change(Category.BREAKING, Message.PUBLISHED_LINE_UNPUBLISHED, old, now, Optional.of(restore), label,
                old.status()));
      }
      return classMoved ? Optional.of(classMoved(old, now)) : Optional.empty();
    }
    if (now == null) {
      return Optional.of(change(Category.DRAFT_ONLY, Message.DRAFT_LINE_DELETED, old, null, Optional.empty(), label));
    }
    if (now.status().isPublished()) {
      return Optional.of(change(Category.COMPATIBLE, Message.DRAFT_LINE_PUBLISHED, old, now, Optional.empty(), label,
          now.status()));
    }
    if (!now.fact().text().equals(fact.text())) {
      return Optional.of(fact instanceof Fact.ContinuableFact
          ? classMoved(old, now)
          : change(Category.DRAFT_ONLY, Message.DRAFT_LINE_EDITED, old, now, Optional.empty(), label));
    }
    return Optional.empty();
  }

  private static Change classMoved(Line old, Line now) {
    Fact.ContinuableFact was = (Fact.ContinuableFact) old.fact();
    Fact.ContinuableFact is = (Fact.ContinuableFact) now.fact();
    return change(Category.COMPATIBLE, Message.CONTINUABLE_CLASS_MOVED, old, now, Optional.empty(), was.continuable(),
        was.className(), is.className());
  }

  private static Change change(Category category, Message rule, Line old, Line now, Optional<String> consequence,
      Object... args) {
    String continuable = (old != null ? old : now).fact().continuable();
    String headline = rule.formatFor(continuable, args);
    return new Change(category, rule, continuable, headline, old == null ? null : old.render().trim(),
        now == null ? null : now.render().trim(), old == null ? 0 : old.number(), now == null ? 0 : now.number(),
        Optional.empty(), consequence.orElse(null));
  }

  /** What a line is about, for headlines: its key with the op code ({@code op XENMEM_exchange 11}). */
  private static String label(Fact fact) {
    if (fact instanceof Fact.OpFact o) {
      return "op " + o.name() + " " + o.code();
    }
    if (fact instanceof Fact.ContinuesFact c) {
      return "op " + c.op() + " continues " + c.field();
    }
    if (fact instanceof Fact.FieldFact f) {
      return (f.opcode() ? "opcode " : "field ") + f.name() + (f.compat() ? " (compat word)" : "");
    }
    if (fact instanceof Fact.ContinuableFact c) {
      return "continuable " + c.continuable();
    }
    return fact.key().toString();
  }

  /** Lines by continuable and fact key, in file order: the identity the processor keeps statuses by. */
  private static Map<FactKey, Line> byKey(Manifest manifest) {
    Map<FactKey, Line> lines = new LinkedHashMap<>();
    manifest.lines().stream().sorted(Comparator.comparingInt(Line::number))
        .forEach(l -> lines.put(l.fact().key(), l));
    return lines;
  }
}
