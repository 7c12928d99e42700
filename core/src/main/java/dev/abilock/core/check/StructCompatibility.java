package dev.abilock.core.check;

import static dev.abilock.core.DeclarationMessage.*;
import static dev.abilock.core.GateMessage.*;

import dev.abilock.core.GateMessage;
import dev.abilock.core.manifest.FactKey;
import dev.abilock.core.manifest.Manifest;
import dev.abilock.core.model.Retirement;
import dev.abilock.core.model.struct.Abi;
import dev.abilock.core.model.struct.ImageReading;
import dev.abilock.core.model.struct.Member;
import dev.abilock.core.model.struct.Pad;
import dev.abilock.core.model.struct.Slot;
import dev.abilock.core.model.struct.StructDecl;
import dev.abilock.core.model.struct.StructImage;
import dev.abilock.core.model.struct.StructLayout;
import dev.abilock.core.model.struct.StructLayout.Placed;
import dev.abilock.core.model.struct.StructTarget;
import dev.abilock.core.model.struct.SubOp;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Gate B for argument structs (design section 8): compares a published struct with what the sources
 * declare now, and names every change through which a saved image in guest memory could be misread,
 * with a witness image where one exists, or that rewrites a published constant or name. Compatible
 * changes produce nothing: a new struct, a new sub-op at an unused value, a new member claiming
 * bytes of a published mustBeZero pad (zero keeps the old meaning), a rename kept as an alias, a
 * deliberate retirement.
 *
 * <p>Members are matched by ABI name, sub-ops by value, as an image is read, and pads by their
 * bytes, not their names.
 */
public final class StructCompatibility {
  private final StructDecl published;
  private final StructDecl now;

  /** The published struct before its retirements: what a guest may have saved at any time. */
  private final StructDecl saved;

  private final List<StructBreak> breaks = new ArrayList<>();

  private StructCompatibility(StructDecl published, StructDecl now) {
    this.published = published;
    this.now = now;
    this.saved = withoutRetirements(published);
  }

  /**
   * Gate B over every struct: each published struct against the one declared now under its name, or
   * {@link #removed} when there is none, by struct name. A struct only declared now is new.
   */
  public static List<StructBreak> check(List<StructDecl> published, List<StructDecl> now) {
    Map<String, StructDecl> byName = new LinkedHashMap<>();
    now.forEach(s -> byName.put(s.name(), s));
    List<StructBreak> found = new ArrayList<>();
    for (StructDecl p :
        published.stream().sorted((a, b) -> a.name().compareTo(b.name())).toList()) {
      StructDecl n = byName.get(p.name());
      found.addAll(n == null ? List.of(removed(p)) : check(p, n));
    }
    return List.copyOf(found);
  }

  /**
   * Gate B for structs over a manifest: every struct {@code old} publishes ({@link
   * Manifest#publishedStructs}, retired ones and retired members and sub-ops included, so a
   * retirement's record is never lost) against the struct declared {@code now} under its name, or
   * {@link #removed} when there is none. A struct only declared now, or only as a draft, is new:
   * its lines are drafts.
   */
  public static List<StructBreak> check(Manifest old, Collection<StructDecl> now) {
    List<StructBreak> found = new ArrayList<>(check(old.publishedStructs(), List.copyOf(now)));
    for (StructDecl s : now.stream().sorted((a, b) -> a.name().compareTo(b.name())).toList()) {
      found.addAll(retiredDrafts(old, s));
    }
    return List.copyOf(found);
  }

  /**
   * What the sources retire now that {@code old} records as published but not yet retired: for
   * update mode's note, as {@link Compatibility#newRetirements} for continuables.
   */
  public static List<Note> newRetirements(Manifest old, Collection<StructDecl> now) {
    List<Note> notes = new ArrayList<>();
    for (StructDecl s : now.stream().sorted((a, b) -> a.name().compareTo(b.name())).toList()) {
      String n = s.name();
      if (s.isRetired() && !retiredIn(old, FactKey.struct(n))) {
        notes.add(note(n, "struct " + n, s.retired(), "name and layout", RETIRED_IMAGE_REFUSED));
      }
      for (Member m : s.members()) {
        if (m.isRetired() && !retiredIn(old, FactKey.member(n, m.name()))) {
          notes.add(note(n, "member " + m.name(), m.retired(), "bytes", RETIRED_MEMBER_IGNORED));
        }
      }
      for (SubOp o : s.subOps()) {
        if (o.isRetired()
            && !retiredIn(old, FactKey.subOp(n, o.name()))
            && o.aliases().stream().noneMatch(a -> retiredIn(old, FactKey.subOp(n, a)))) {
          notes.add(
              note(
                  n,
                  "sub-op " + o.name(),
                  o.retired(),
                  "value " + o.value(),
                  RETIRED_IMAGE_REFUSED));
        }
      }
    }
    return notes;
  }

  private static boolean retiredIn(Manifest old, FactKey key) {
    return old.line(key).map(l -> l.status().isRetired()).orElse(false);
  }

  private static Note note(
      String struct, String what, Retirement r, String kept, GateMessage consequence) {
    return new Note(
        RETIRED_NOTE, List.of(struct, what, r.release(), r.reason(), kept, consequence.text()));
  }

  /**
   * What {@code now} retires that {@code old} never published: the struct, a member or a sub-op
   * (matched by name or a former name with its value). A draft is deleted, not retired.
   */
  private static List<StructBreak> retiredDrafts(Manifest old, StructDecl now) {
    Optional<StructDecl> published = old.publishedStruct(now.name());
    List<StructBreak> found = new ArrayList<>();
    if (now.isRetired() && published.isEmpty()) {
      found.add(
          retiredDraft(StructTarget.struct(now.name()), "struct " + now.name(), now.retired()));
    }
    for (Member m : now.members()) {
      if (m.isRetired() && published.flatMap(p -> p.member(m.name())).isEmpty()) {
        found.add(
            retiredDraft(
                StructTarget.slot(now.name(), m, null), "member " + m.name(), m.retired()));
      }
    }
    for (SubOp o : now.subOps()) {
      boolean known =
          published
              .map(
                  p ->
                      p.subOps().stream()
                          .anyMatch(
                              x ->
                                  x.value() == o.value()
                                      && x.member().equals(o.member())
                                      && (x.name().equals(o.name())
                                          || o.aliases().contains(x.name()))))
              .orElse(false);
      if (o.isRetired() && !known) {
        found.add(
            retiredDraft(
                StructTarget.subOp(now.name(), o, null), "sub-op " + o.name(), o.retired()));
      }
    }
    return found;
  }

  private static StructBreak retiredDraft(StructTarget target, String what, Retirement r) {
    return new StructBreak(
        RETIRED_DRAFT,
        target,
        RETIRED_DRAFT.formatFor(target.struct(), what, r.release()),
        "draft or nothing",
        what + " " + r.describe(),
        Optional.empty(),
        RETIRED_DRAFT_CONSEQUENCE.text(),
        ADVICE_RETIRED_DRAFT.text());
  }

  /**
   * Every break between the {@code published} struct and the struct {@code now} declared under its
   * name.
   */
  public static List<StructBreak> check(StructDecl published, StructDecl now) {
    StructCompatibility c = new StructCompatibility(published, now);
    c.checkStruct();
    c.checkLayouts();
    c.checkMembers();
    c.checkPads();
    c.checkNewMembers();
    c.checkSubOps();
    c.checkEverySavedImage();
    return List.copyOf(c.breaks);
  }

  /** The break of a published struct that no source declares any more. */
  public static StructBreak removed(StructDecl published) {
    StructTarget target = StructTarget.struct(published.name());
    StructCompatibility c = new StructCompatibility(published, published);
    if (published.isRetired()) {
      return c.retiredRemoved(
          target, "struct " + published.name(), published.retired(), "name and layout");
    }
    return new StructBreak(
        STRUCT_REMOVED,
        target,
        STRUCT_REMOVED.formatFor(published.name(), published.name(), published.className()),
        "struct " + published.name() + " " + c.sizes(published),
        "nothing",
        Optional.empty(),
        NO_IMAGE_WITNESS.text(),
        ADVICE_STRUCT_REMOVED.text());
  }

  // ---------------------------------------------------------------- the struct

  private void checkStruct() {
    if (published.isRetired()) {
      checkRetirementKept(
          StructTarget.struct(now.name()),
          "struct " + now.name(),
          published.retired(),
          now.retired());
    }
    if (published.compat() != now.compat()) {
      add(
          STRUCT_COMPAT_CHANGED,
          StructTarget.struct(now.name()),
          "compat " + published.compat(),
          "compat " + now.compat(),
          witness(null, null),
          ADVICE_STRUCT_COMPAT.text(published.compat()),
          now.name(),
          published.compat(),
          now.compat());
    }
  }

  private void checkLayouts() {
    if (!sizes(published).equals(sizes(now))) {
      add(
          STRUCT_SIZE_CHANGED,
          StructTarget.struct(now.name()),
          sizes(published),
          sizes(now),
          witness(null, null),
          ADVICE_STRUCT_LAYOUT.text(),
          now.name(),
          sizes(published),
          sizes(now));
    }
    if (!aligns(published).equals(aligns(now))) {
      add(
          STRUCT_ALIGN_CHANGED,
          StructTarget.struct(now.name()),
          aligns(published),
          aligns(now),
          witness(null, null),
          ADVICE_STRUCT_LAYOUT.text(),
          now.name(),
          aligns(published),
          aligns(now));
    }
  }

  // ---------------------------------------------------------------- members

  private void checkMembers() {
    for (Member old : published.members()) {
      Optional<Member> found = now.member(old.name());
      if (found.isEmpty()) {
        if (old.isRetired()) {
          breaks.add(
              retiredRemoved(
                  StructTarget.struct(now.name()),
                  "member " + old.name(),
                  old.retired(),
                  "bytes " + places(published, old.name())));
        } else {
          add(
              STRUCT_MEMBER_REMOVED,
              StructTarget.struct(now.name()),
              describe(published, old),
              "nothing",
              witness(old.name(), null),
              ADVICE_STRUCT_MEMBER_REMOVED.text(),
              old.name(),
              describe(published, old));
        }
        continue;
      }
      Member m = found.get();
      StructTarget target = StructTarget.slot(now.name(), m, null);
      if (old.isRetired()) {
        checkRetirementKept(target, "member " + old.name(), old.retired(), m.retired());
      }
      GateMessage rule =
          !offsetsOf(published, old.name()).equals(offsetsOf(now, m.name()))
              ? STRUCT_MEMBER_MOVED
              : !sizesOf(published, old.name()).equals(sizesOf(now, m.name()))
                  ? STRUCT_MEMBER_RESIZED
                  : old.type() != m.type() ? STRUCT_MEMBER_RETYPED : null;
      if (rule != null) {
        add(
            rule,
            rule == STRUCT_MEMBER_RETYPED ? at(target, "type") : target,
            describe(published, old),
            describe(now, m),
            old.isRetired() ? Optional.empty() : witness(old.name(), null),
            ADVICE_STRUCT_LAYOUT.text(),
            old.name(),
            describe(published, old),
            describe(now, m));
      }
    }
  }

  /**
   * New members: each of their bytes was a published pad's (checked with the pads) or breaks here.
   */
  private void checkNewMembers() {
    for (Member m : now.members()) {
      if (published.member(m.name()).isPresent()) {
        continue;
      }
      for (Abi abi : common()) {
        StructLayout before = published.layoutOn(abi);
        Optional<Placed> p = now.layoutOn(abi).placed(m.name());
        if (p.isEmpty()) {
          continue;
        }
        Optional<String> heldBy = heldBy(before, p.get());
        if (heldBy.isPresent()) {
          add(
              STRUCT_MEMBER_OVER_PUBLISHED,
              StructTarget.slot(now.name(), m, null),
              "bytes " + range(p.get()) + " on " + abi + ": " + heldBy.get(),
              describe(now, m),
              witness(m.name(), null),
              ADVICE_STRUCT_LAYOUT.text(),
              m.name(),
              range(p.get()),
              abi,
              heldBy.get());
          break;
        }
      }
    }
  }

  /**
   * What held the bytes of {@code p} in {@code before} other than a pad: a member, or nothing
   * (beyond its end).
   */
  private static Optional<String> heldBy(StructLayout before, Placed p) {
    if (p.end() > before.size()) {
      return Optional.of(STRUCT_BEYOND_SIZE.text(before.size()));
    }
    return before.placed().stream()
        .filter(q -> q.slot() instanceof Member && q.offset() < p.end() && p.offset() < q.end())
        .findFirst()
        .map(q -> STRUCT_HELD_BY.text(STRUCT_MEMBER.text(q.slot().name())));
  }

  // ---------------------------------------------------------------- pads, matched by their bytes

  private void checkPads() {
    Set<String> reported = new LinkedHashSet<>();
    for (Abi abi : published.abis()) {
      StructLayout before = published.layoutOn(abi);
      StructLayout after = now.abis().contains(abi) ? now.layoutOn(abi) : null;
      for (Placed p : before.placed()) {
        if (!(p.slot() instanceof Pad pad) || after == null) {
          continue;
        }
        for (int b = p.offset(); b < p.end(); b++) {
          Optional<Placed> q = slotAt(after, b);
          String key = pad.name() + "/";
          if (q.isEmpty() || q.get().end() > after.size()) {
            if (reported.add(key + "removed")) {
              add(
                  STRUCT_PAD_REMOVED,
                  StructTarget.struct(now.name()),
                  describe(published, pad),
                  "nothing there",
                  witness(null, null),
                  ADVICE_STRUCT_PAD.text(),
                  range(p),
                  abi,
                  pad.name());
            }
          } else if (q.get().slot() instanceof Pad newPad
              && newPad.mustBeZero() != pad.mustBeZero()) {
            if (reported.add(key + "zero")) {
              add(
                  STRUCT_PAD_ZERO_CHANGED,
                  StructTarget.slot(now.name(), newPad, "mustBeZero"),
                  describe(published, pad),
                  describe(now, newPad),
                  witness(null, null),
                  ADVICE_STRUCT_PAD.text(),
                  range(p),
                  abi,
                  pad.name(),
                  zero(pad),
                  zero(newPad));
            }
          } else if (q.get().slot() instanceof Member m
              && published.member(m.name()).isEmpty()
              && !pad.mustBeZero()) {
            if (reported.add(key + m.name())) {
              add(
                  STRUCT_PAD_CLAIM_NOT_ZERO,
                  StructTarget.slot(now.name(), m, null),
                  describe(published, pad),
                  describe(now, m),
                  witness(m.name(), null),
                  ADVICE_STRUCT_PAD_CLAIM.text(),
                  m.name(),
                  range(overlap(p, q.get())),
                  abi,
                  pad.name());
            }
          }
        }
      }
    }
  }

  private static Optional<Placed> slotAt(StructLayout layout, int b) {
    return layout.placed().stream().filter(q -> q.offset() <= b && b < q.end()).findFirst();
  }

  private static Placed overlap(Placed a, Placed b) {
    int from = Math.max(a.offset(), b.offset());
    return new Placed(a.slot(), from, Math.min(a.end(), b.end()) - from);
  }

  private static String zero(Pad pad) {
    return pad.mustBeZero() ? STRUCT_MUST_BE_ZERO.text() : STRUCT_FREE_PAD.text();
  }

  // ---------------------------------------------------------------- sub-ops, matched by value

  private void checkSubOps() {
    for (Member m : now.members()) {
      List<SubOp> added = now.subOps().stream().filter(s -> s.member().equals(m.name())).toList();
      boolean claimed = published.member(m.name()).isEmpty();
      if (added.isEmpty()
          || m.isRetired()
          || !claimed && published.subOps().stream().anyMatch(s -> s.member().equals(m.name()))
          || claimed && added.stream().anyMatch(s -> !s.isRetired() && s.value() == 0)) {
        continue;
      }
      String values =
          added.stream()
              .filter(s -> !s.isRetired())
              .map(s -> s.name() + " = " + s.value())
              .collect(Collectors.joining(", "));
      add(
          SUB_OPS_ADDED,
          StructTarget.subOp(now.name(), added.get(0), "member"),
          describe(published, m.name()),
          describe(now, m),
          witness(m.name(), null),
          ADVICE_SUB_OPS_ADDED.text(),
          m.name(),
          values.isEmpty() ? STRUCT_NO_MEMBERS.text() : values,
          claimed ? SUB_OPS_ZERO.text() : SUB_OPS_ANY_VALUE.text());
    }
    for (SubOp old : published.subOps()) {
      Optional<SubOp> byValue =
          now.subOps().stream()
              .filter(s -> s.member().equals(old.member()) && s.value() == old.value())
              .sorted((a, b) -> Boolean.compare(!sharesName(a, old), !sharesName(b, old)))
              .findFirst();
      Optional<SubOp> byName =
          now.subOps().stream()
              .filter(s -> s.member().equals(old.member()) && sharesName(s, old))
              .findFirst();
      if (old.isRetired()) {
        checkRetiredSubOp(old, byValue);
      } else if (byValue.isPresent() && sharesName(byValue.get(), old)) {
        checkSameSubOp(old, byValue.get());
      } else if (byValue.isPresent()
          && !byValue.get().isRetired()
          && !isAnotherPublishedSubOp(byValue.get())) {
        // Still the sub-op of this value, as saved images read it, under a new name: the name is
        // the break.
        checkSameSubOp(old, byValue.get());
      } else if (byName.isPresent()) {
        SubOp moved = byName.get();
        add(
            SUB_OP_RENUMBERED,
            StructTarget.subOp(now.name(), moved, null),
            describe(old),
            describe(moved),
            witness(old.member(), old.value()),
            ADVICE_SUB_OP_RENUMBERED.text(old.value()),
            old.name(),
            old.member(),
            old.value(),
            moved.value());
      } else {
        add(
            SUB_OP_REMOVED,
            StructTarget.struct(now.name()),
            describe(old),
            byValue.map(StructCompatibility::describe).orElse("nothing"),
            witness(old.member(), old.value()),
            ADVICE_SUB_OP_REMOVED.text(old.value()),
            old.name(),
            old.value(),
            old.member());
      }
    }
  }

  /**
   * A published sub-op still at its value under one of its names: its names stay, its retirement is
   * decided.
   */
  private void checkSameSubOp(SubOp old, SubOp s) {
    StructTarget target = StructTarget.subOp(now.name(), s, null);
    if (!s.name().equals(old.name()) && !s.aliases().contains(old.name())) {
      explain(
          SUB_OP_RENAMED,
          at(target, "aliases"),
          describe(old),
          describe(s),
          SUB_OP_NAME_PUBLISHED.text(old.name()),
          ADVICE_SUB_OP_RENAMED.text(old.name()),
          old.name(),
          old.value(),
          old.member(),
          s.name());
    }
    for (String alias : old.aliases()) {
      if (!s.name().equals(alias) && !s.aliases().contains(alias)) {
        explain(
            SUB_OP_ALIAS_REMOVED,
            at(target, "aliases"),
            describe(old),
            describe(s),
            SUB_OP_NAME_PUBLISHED.text(alias),
            ADVICE_SUB_OP_RENAMED.text(alias),
            s.name(),
            s.value(),
            s.member(),
            alias);
      }
    }
  }

  /** A published retired sub-op: its value stays reserved, under its names and its retirement. */
  private void checkRetiredSubOp(SubOp old, Optional<SubOp> byValue) {
    if (byValue.isEmpty()) {
      breaks.add(
          retiredRemoved(
              StructTarget.struct(now.name()),
              "sub-op " + old.name(),
              old.retired(),
              "value " + old.value() + " of member " + old.member()));
    } else if (sharesName(byValue.get(), old)) {
      checkRetirementKept(
          StructTarget.subOp(now.name(), byValue.get(), null),
          "sub-op " + old.name(),
          old.retired(),
          byValue.get().retired());
      checkSameSubOp(old, byValue.get());
    } else {
      SubOp reuser = byValue.get();
      add(
          RETIRED_SUB_OP_REUSED,
          StructTarget.subOp(now.name(), reuser, null),
          describe(old),
          describe(reuser),
          witness(old.member(), old.value()),
          ADVICE_REUSE.text(
              "Value " + old.value() + " of member " + old.member(),
              "sub-op " + old.name(),
              old.retired().release(),
              "value"),
          reuser.name(),
          old.value(),
          old.member(),
          old.name(),
          old.retired().release());
    }
  }

  /**
   * Whether {@code s}, declared now, is a published sub-op of another value: not the sub-op its
   * value had.
   */
  private boolean isAnotherPublishedSubOp(SubOp s) {
    return published.subOps().stream()
        .anyMatch(p -> p.member().equals(s.member()) && p.value() != s.value() && sharesName(p, s));
  }

  private static boolean sharesName(SubOp a, SubOp b) {
    Set<String> names = new LinkedHashSet<>(a.aliases());
    names.add(a.name());
    return names.contains(b.name()) || b.aliases().stream().anyMatch(names::contains);
  }

  // ---------------------------------------------------------------- retirements

  private void checkRetirementKept(
      StructTarget target, String what, Retirement was, Retirement is) {
    if (is == null) {
      explain(
          UNRETIRED,
          target,
          what + " " + was.describe(),
          what + " in use",
          RETIREMENT_RECORDED.text(),
          ADVICE_RETIREMENT.text(was.release(), was.reason()),
          what,
          was.release());
    } else if (!is.equals(was)) {
      explain(
          RETIREMENT_CHANGED,
          target,
          what + " " + was.describe(),
          what + " " + is.describe(),
          RETIREMENT_RECORDED.text(),
          ADVICE_RETIREMENT.text(was.release(), was.reason()),
          what,
          was.release(),
          was.reason(),
          is.release(),
          is.reason());
    }
  }

  private StructBreak retiredRemoved(
      StructTarget target, String what, Retirement r, String reserved) {
    return new StructBreak(
        RETIRED_REMOVED,
        target,
        RETIRED_REMOVED.formatFor(published.name(), what, r.release(), reserved),
        what + " " + r.describe(),
        "nothing",
        Optional.empty(),
        RETIREMENT_RECORDED.text(),
        ADVICE_RETIREMENT.text(r.release(), r.reason()));
  }

  // ---------------------------------------------------------------- every image

  /**
   * The net under the rules above: a misread image that no rule named still breaks, with its
   * witness.
   */
  private void checkEverySavedImage() {
    if (!breaks.isEmpty()) {
      return;
    }
    Optional<ImageWitness> w = witness(null, null);
    if (w.isPresent()) {
      add(
          STRUCT_IMAGE_MISREAD,
          StructTarget.struct(now.name()),
          sizes(published),
          sizes(now),
          w,
          ADVICE_STRUCT_LAYOUT.text(),
          now.name());
    }
  }

  // ---------------------------------------------------------------- witnesses

  /**
   * Searches images a guest may hold under the published layout, on each of its ABIs, for one the
   * layout declared now reads differently.
   *
   * @param member the member the break is about, whose reading must differ, or {@code null} for any
   * @param subOpValue the value that member holds in every image (a sub-op's), or {@code null} to
   *     vary it
   */
  private Optional<ImageWitness> witness(String member, Long subOpValue) {
    List<ImageWitness.Image> images = new ArrayList<>();
    String retiredIn = null;
    for (Abi abi : published.abis()) {
      for (byte[] image : savedImages(saved, abi, member, subOpValue)) {
        ImageReading before = StructImage.read(published, abi, image);
        ImageReading original = StructImage.read(saved, abi, image);
        ImageReading after = StructImage.read(now, abi, image);
        String retired = null;
        if (before instanceof ImageReading.Retired r && !published.isRetired()) {
          retired = r.retirement().release();
          before = original;
          if (after instanceof ImageReading.Retired) {
            continue;
          }
        }
        if (!(before instanceof ImageReading.Accepted b) || readsAlike(b, after, member)) {
          continue;
        }
        images.add(new ImageWitness.Image(List.of(abi), image, before, after));
        retiredIn = retired;
        break;
      }
    }
    if (images.size() == 2 && images.get(0).agreesWith(images.get(1))) {
      ImageWitness.Image one = images.get(0);
      images =
          List.of(
              new ImageWitness.Image(published.abis(), one.bytes(), one.published(), one.now()));
    }
    return images.isEmpty() ? Optional.empty() : Optional.of(new ImageWitness(images, retiredIn));
  }

  /**
   * Whether {@code after} reads an image as {@code before} did: the same value of every member in
   * use (of {@code member} alone, when given), the same sub-op by one of its names, and zero in
   * every new member. A member retired now, or a refusal as retired, is the decided reading, no
   * misread.
   */
  private boolean readsAlike(ImageReading.Accepted before, ImageReading after, String member) {
    if (after instanceof ImageReading.Retired) {
      return true;
    }
    if (!(after instanceof ImageReading.Accepted a)) {
      return false;
    }
    for (ImageReading.Value b : before.values()) {
      if (member != null && !b.member().equals(member)) {
        continue;
      }
      Optional<ImageReading.Value> v = a.value(b.member());
      if (v.isEmpty()) {
        if (now.member(b.member()).map(Member::isRetired).orElse(false)) {
          continue;
        }
        return false;
      }
      if (!b.value().equals(v.get().value())
          || b.subOp() != null
              && (v.get().subOp() == null || !sharesName(v.get().subOp(), b.subOp()))) {
        return false;
      }
    }
    return a.values().stream()
        .filter(v -> member == null || v.member().equals(member))
        .allMatch(v -> before.value(v.member()).isPresent() || v.value().signum() == 0);
  }

  /**
   * Images valid under {@code layout} on {@code abi} (pads that must be zero are, sub-op members
   * hold a sub-op): first the base image, where the k-th member in use holds 2k-1, distinct and
   * non-zero, so that a member read from another's bytes shows; then the same with free pads all
   * ones; then {@code member} (every member when {@code null}) through small values, every single
   * bit and all ones, or through every sub-op value when it holds sub-ops.
   */
  private static List<byte[]> savedImages(
      StructDecl layout, Abi abi, String member, Long subOpValue) {
    StructLayout l = layout.layoutOn(abi);
    byte[] base = new byte[l.size()];
    int k = 0;
    for (Placed p : l.placed()) {
      if (p.slot() instanceof Member m && !m.isRetired()) {
        k++;
        List<Long> subOps = subOpValues(layout, m.name());
        long v =
            m.name().equals(member) && subOpValue != null
                ? subOpValue
                : subOps.isEmpty() ? 2L * k - 1 : subOps.get(0);
        StructImage.write(base, p.offset(), p.size(), BigInteger.valueOf(v));
      }
    }
    List<byte[]> images = new ArrayList<>(List.of(base));
    byte[] junk = base.clone();
    for (Placed p : l.placed()) {
      if (p.slot() instanceof Pad pad && !pad.mustBeZero()) {
        for (int i = p.offset(); i < p.end(); i++) {
          junk[i] = (byte) 0xff;
        }
      }
    }
    images.add(junk);
    if (subOpValue != null) {
      return images;
    }
    for (Placed p : l.placed()) {
      if (!(p.slot() instanceof Member m)
          || m.isRetired()
          || member != null && !m.name().equals(member)) {
        continue;
      }
      List<Long> subOps = subOpValues(layout, m.name());
      for (BigInteger v :
          subOps.isEmpty()
              ? samples(p.size())
              : subOps.stream().map(BigInteger::valueOf).toList()) {
        byte[] image = base.clone();
        StructImage.write(image, p.offset(), p.size(), v);
        images.add(image);
      }
    }
    return images;
  }

  private static List<Long> subOpValues(StructDecl layout, String member) {
    return layout.subOps().stream()
        .filter(s -> s.member().equals(member))
        .map(SubOp::value)
        .distinct()
        .toList();
  }

  /** Small values first (what a guest most likely holds), then every single bit, then all ones. */
  private static List<BigInteger> samples(int size) {
    Set<BigInteger> values = new LinkedHashSet<>();
    for (long v = 1; v <= 8; v++) {
      values.add(BigInteger.valueOf(v));
    }
    for (int bit = 0; bit < 8 * size; bit++) {
      values.add(BigInteger.ONE.shiftLeft(bit));
    }
    values.add(BigInteger.ONE.shiftLeft(8 * size).subtract(BigInteger.ONE));
    return List.copyOf(values);
  }

  /** {@code struct} as a guest may have saved it before any of its retirements. */
  private static StructDecl withoutRetirements(StructDecl struct) {
    List<Slot> slots =
        struct.slots().stream()
            .map(
                s ->
                    s instanceof Member m && m.isRetired()
                        ? (Slot) new Member(m.name(), m.type(), m.align(), m.offset(), null)
                        : s)
            .toList();
    List<SubOp> subOps = struct.subOps().stream().map(s -> s.withRetirement(null)).toList();
    return new StructDecl(struct.name(), struct.className(), struct.compat(), slots, subOps, null);
  }

  // ---------------------------------------------------------------- helpers

  private void add(
      GateMessage rule,
      StructTarget target,
      String was,
      String is,
      Optional<ImageWitness> witness,
      String advice,
      Object... args) {
    breaks.add(
        new StructBreak(
            rule,
            target,
            rule.formatFor(now.name(), args),
            was,
            is,
            witness,
            witness.map(ImageWitness::describe).orElse(NO_IMAGE_WITNESS.text()),
            advice));
  }

  private void explain(
      GateMessage rule,
      StructTarget target,
      String was,
      String is,
      String consequence,
      String advice,
      Object... args) {
    breaks.add(
        new StructBreak(
            rule,
            target,
            rule.formatFor(now.name(), args),
            was,
            is,
            Optional.empty(),
            consequence,
            advice));
  }

  private static StructTarget at(StructTarget target, String attribute) {
    return new StructTarget(target.struct(), target.kind(), target.name(), attribute);
  }

  /** The ABIs both have a layout on. */
  private List<Abi> common() {
    return published.abis().stream().filter(now.abis()::contains).toList();
  }

  /** {@code 24 bytes on x86_64 and x86_32}, or per ABI where they differ. */
  private String sizes(StructDecl s) {
    return perAbi(s, abi -> STRUCT_BYTES.text(s.layoutOn(abi).size()));
  }

  private String aligns(StructDecl s) {
    return perAbi(s, abi -> "aligned to " + s.layoutOn(abi).align());
  }

  /** {@code 16..23 on x86_64 and x86_32}: where the member or pad named {@code name} falls. */
  private static String places(StructDecl s, String name) {
    return perAbi(
        s, abi -> s.layoutOn(abi).placed(name).map(StructCompatibility::range).orElse("no bytes"));
  }

  private static String offsetsOf(StructDecl s, String name) {
    return perAbi(s, abi -> s.layoutOn(abi).placed(name).map(p -> p.offset() + "").orElse("none"));
  }

  private static String sizesOf(StructDecl s, String name) {
    return perAbi(s, abi -> s.layoutOn(abi).placed(name).map(p -> p.size() + "").orElse("0"));
  }

  private static String describe(StructDecl s, Slot slot) {
    String what =
        slot instanceof Member m
            ? STRUCT_MEMBER.text(m.name())
                + " "
                + m.type()
                + (m.align() == 0 ? "" : " align " + m.align())
                + (m.isRetired() ? " " + m.retired().describe() : "")
            : STRUCT_PAD.text(slot.name()) + (((Pad) slot).mustBeZero() ? " mustBeZero" : "");
    return what + " at " + places(s, slot.name());
  }

  private static String describe(StructDecl s, String member) {
    return s.member(member).map(m -> describe(s, m)).orElse("no member " + member);
  }

  private static String describe(SubOp s) {
    return "sub-op "
        + s.name()
        + " = "
        + s.value()
        + " of member "
        + s.member()
        + (s.aliases().isEmpty() ? "" : " (formerly " + String.join(", ", s.aliases()) + ")")
        + (s.isRetired() ? " " + s.retired().describe() : "");
  }

  private static String range(Placed p) {
    return p.offset() + ".." + (p.end() - 1);
  }

  /**
   * One text per ABI, {@code x on x86_64 and x86_32} when both agree, else {@code x on x86_64, y on
   * x86_32}.
   */
  private static String perAbi(StructDecl s, Function<Abi, String> text) {
    Map<String, List<String>> byText = new LinkedHashMap<>();
    for (Abi abi : s.abis()) {
      byText.computeIfAbsent(text.apply(abi), t -> new ArrayList<>()).add(abi.label());
    }
    return byText.entrySet().stream()
        .map(e -> e.getKey() + " on " + String.join(" and ", e.getValue()))
        .collect(Collectors.joining(", "));
  }
}
