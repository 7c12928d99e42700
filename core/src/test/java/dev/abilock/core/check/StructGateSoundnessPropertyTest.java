package dev.abilock.core.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.abilock.CType;
import dev.abilock.Compat;
import dev.abilock.core.generate.Budget;
import dev.abilock.core.manifest.Manifest;
import dev.abilock.core.manifest.ManifestException;
import dev.abilock.core.manifest.ManifestParser;
import dev.abilock.core.model.Retirement;
import dev.abilock.core.model.rules.StructRules;
import dev.abilock.core.model.struct.Abi;
import dev.abilock.core.model.struct.Member;
import dev.abilock.core.model.struct.Pad;
import dev.abilock.core.model.struct.Slot;
import dev.abilock.core.model.struct.StructDecl;
import dev.abilock.core.model.struct.StructLayout;
import dev.abilock.core.model.struct.SubOp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Gate B's soundness for structs: a random published struct evolves over a few releases by random
 * edits (reorder, resize, retype, realign, pad claims and changes, members added, removed and
 * retired, sub-ops renumbered, removed, retired, reused and renamed with or without an alias, the
 * compat mode, the struct retired), and at each step that the declaration rules accept,
 *
 * <ul>
 *   <li>no break: no random image a guest may have saved under the published struct, on any of its
 *       ABIs, is misread now, by {@link StructOracle}, which decodes images on its own;
 *   <li>every witness image is valid under the published struct (before its retirements) and is
 *       misread now, by the oracle.
 * </ul>
 *
 * {@code -Dabilock.soak=true} runs a hundred times more chains; {@code -Dabilock.seed=<n>} replays.
 */
class StructGateSoundnessPropertyTest {
  private static final CType[] TYPES = CType.values();
  private static final Retirement RETIRED = new Retirement("r9", "gone");

  private static final class Stats {
    long steps;
    long passed;
    long broke;
    long witnesses;
    long images;
    final Map<String, Long> rules = new TreeMap<>();
  }

  @Test
  void aStructPassingGateBNeverMisreadsASavedImageAndEveryWitnessIsReal() {
    long seed = Budget.seed("core-gate-b-structs");
    int chains = Budget.cases(400, 40_000);
    SplittableRandom seeds = new SplittableRandom(seed);
    Stats stats = new Stats();
    long start = System.nanoTime();
    for (int i = 0; i < chains; i++) {
      chain(seeds.nextLong(), stats);
    }
    String seen =
        stats.steps
            + " evolutions, "
            + stats.passed
            + " passed, "
            + stats.broke
            + " broke ("
            + stats.witnesses
            + " witness images), "
            + stats.images
            + " saved images read; rules: "
            + stats.rules;
    System.out.println("[abilock-cases] core gate B structs: " + seen);
    assertTrue(stats.passed > stats.steps / 10, seen);
    assertTrue(stats.broke > stats.steps / 5, seen);
    assertTrue(stats.witnesses > stats.broke / 4, seen);
    assertTrue(
        stats
            .rules
            .keySet()
            .containsAll(
                List.of(
                    "struct-member-moved",
                    "struct-member-resized",
                    "struct-member-retyped",
                    "struct-member-removed",
                    "struct-size-changed",
                    "struct-align-changed",
                    "struct-pad-claim-not-zero",
                    "struct-pad-zero-changed",
                    "struct-compat-changed",
                    "sub-op-renumbered",
                    "sub-op-removed",
                    "sub-op-renamed",
                    "retired-sub-op-reused",
                    "unretired",
                    "sub-ops-added")),
        seen);
    Budget.report("StructGateSoundnessPropertyTest (evolution steps)", stats.steps, start);
  }

  /**
   * Soak seed 18648440322145, case 92220499734923518: two sub-ops added in one step, 6 before 5.
   * The manifest gives them back by value; the property compared them in source order.
   */
  @Test
  void subOpsAddedOutOfValueOrderReadBackByValue() {
    Stats stats = new Stats();
    chain(92220499734923518L, stats);
    assertTrue(stats.passed > 0, "the step adding both sub-ops passes gate B and is read back");
  }

  private static void chain(long caseSeed, Stats stats) {
    SplittableRandom r = new SplittableRandom(caseSeed);
    StructDecl published = randomStruct(r);
    Manifest manifest = throughTheManifest(published, Manifest.empty(), caseSeed);
    List<String> history = new ArrayList<>(List.of("r0: " + published));
    for (int step = 1, steps = 1 + r.nextInt(4); step <= steps; step++) {
      List<String> edits = new ArrayList<>();
      StructDecl now = evolve(r, published, edits);
      if (now == null || !StructRules.check(now).isEmpty()) {
        continue;
      }
      try {
        // Gate B as the front ends run it: over the manifest written and read back.
        List<StructBreak> breaks = StructCompatibility.check(manifest, List.of(now));
        stats.steps++;
        breaks.forEach(b -> stats.rules.merge(b.rule().id(), 1L, Long::sum));
        for (StructBreak b : breaks) {
          for (ImageWitness.Image image : b.witness().map(ImageWitness::images).orElse(List.of())) {
            stats.witnesses++;
            for (Abi abi : image.abis()) {
              assertTrue(
                  StructOracle.valid(published, abi, image.bytes()),
                  "witness not valid under the published struct on " + abi + ":\n" + b.render());
              assertTrue(
                  StructOracle.misreads(published, now, abi, image.bytes()),
                  "witness not misread on " + abi + ":\n" + b.render());
            }
          }
        }
        if (!breaks.isEmpty()) {
          stats.broke++;
          continue;
        }
        for (Abi abi : published.abis()) {
          for (int i = 0; i < 40; i++) {
            byte[] image = StructOracle.randomImage(r, published, abi);
            stats.images++;
            assertFalse(
                StructOracle.misreads(published, now, abi, image),
                "gate B passed, but the image "
                    + dev.abilock.core.model.struct.StructImage.hex(image)
                    + " on "
                    + abi
                    + " is misread");
          }
        }
        stats.passed++;
        published = now;
        manifest = throughTheManifest(now, manifest, caseSeed);
        history.add("r" + step + " " + edits + ": " + now);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(
            e.getMessage()
                + "\ncase seed "
                + caseSeed
                + " ("
                + Budget.replay()
                + "), step "
                + step
                + ", edits "
                + edits
                + "\n--- history:\n"
                + String.join("\n", history)
                + "\n--- now: "
                + now,
            e);
      }
    }
  }

  /**
   * {@code struct} published into a manifest after {@code previous}, rendered and parsed back: the
   * text renders back byte for byte, and the published view is {@code struct} (written offsets
   * aside, which the manifest records as computed places).
   */
  private static Manifest throughTheManifest(StructDecl struct, Manifest previous, long caseSeed) {
    Manifest written =
        Manifest.of(List.of(), List.of(struct), previous, "1." + previous.lines().size());
    Manifest read;
    try {
      read = ManifestParser.parse(written.render());
    } catch (ManifestException e) {
      throw new AssertionError(
          "case seed " + caseSeed + ": the parser refuses\n" + written.render() + e.getMessage(),
          e);
    }
    assertEquals(written.render(), read.render(), "case seed " + caseSeed);
    assertEquals(
        asPublished(struct),
        read.publishedStruct(struct.name()).orElseThrow(),
        "case seed " + caseSeed);
    return read;
  }

  /**
   * {@code s} as the manifest's published view gives it back: written offsets aside (the manifest
   * records computed places), and sub-ops in the order of their values (they are keyed by value, as
   * an image is read, so the manifest sorts them; soak seed 18648440322145 added 6 before 5).
   */
  private static StructDecl asPublished(StructDecl s) {
    StructDecl placed =
        with(
            s,
            s.slots().stream()
                .map(
                    x ->
                        x instanceof Member m
                            ? (Slot) new Member(m.name(), m.type(), m.align(), -1, m.retired())
                            : x)
                .toList());
    return new StructDecl(
        placed.name(),
        placed.className(),
        placed.compat(),
        placed.slots(),
        placed.subOps().stream().sorted(java.util.Comparator.comparingLong(SubOp::value)).toList(),
        placed.retired());
  }

  // ---------------------------------------------------------------- random structs

  private static StructDecl randomStruct(SplittableRandom r) {
    while (true) {
      Compat compat = Compat.values()[r.nextInt(3)];
      List<Slot> slots = new ArrayList<>();
      int n = 1 + r.nextInt(5);
      for (int i = 0; i < n; i++) {
        if (r.nextInt(4) == 0) {
          slots.add(new Pad("p" + i, 1 + r.nextInt(4), r.nextInt(3) > 0, false));
        }
        CType type = TYPES[r.nextInt(TYPES.length)];
        int align = (type == CType.U64 || type == CType.S64) && compat == Compat.SAME ? 8 : 0;
        slots.add(new Member("m" + i, type, align, -1, null));
      }
      List<SubOp> subOps = new ArrayList<>();
      Member holder =
          (Member)
              slots.stream()
                  .filter(s -> s instanceof Member m && isSmall(m.type()))
                  .findFirst()
                  .orElse(null);
      if (holder != null && r.nextBoolean()) {
        for (int v = 0, k = 1 + r.nextInt(4); v < k; v++) {
          subOps.add(
              new SubOp("S" + v, v, holder.name(), List.of(), r.nextInt(5) == 0 ? RETIRED : null));
        }
      }
      StructDecl s = filled(new StructDecl("s", "p.S", compat, slots, subOps), r);
      if (s != null && StructRules.check(s).isEmpty()) {
        return s;
      }
    }
  }

  private static boolean isSmall(CType type) {
    return type == CType.U8 || type == CType.U16 || type == CType.U32;
  }

  /**
   * {@code s} with a pad declared for each hole, when the hole is the same on every ABI; null
   * otherwise.
   */
  private static StructDecl filled(StructDecl s, SplittableRandom r) {
    List<Slot> slots =
        new ArrayList<>(
            s.slots().stream().filter(x -> !(x instanceof Pad p && p.trailing())).toList());
    for (int guard = 0; guard < 20; guard++) {
      StructDecl d = with(s, slots);
      List<StructLayout> layouts = d.abis().stream().map(d::layoutOn).toList();
      StructLayout.Hole hole =
          layouts.stream()
              .flatMap(l -> l.holes().stream())
              .filter(h -> h.next() != null)
              .findFirst()
              .orElse(null);
      if (hole == null) {
        if (layouts.stream().anyMatch(l -> !l.holes().isEmpty())) {
          slots.add(new Pad("tail", 0, r.nextInt(3) > 0, true));
        }
        return with(s, slots);
      }
      for (StructLayout l : layouts) {
        if (l.holes().stream().noneMatch(h -> h.next() == hole.next() && h.size() == hole.size())) {
          return null;
        }
      }
      slots.add(
          slots.indexOf(hole.next()),
          new Pad("h" + guard + "_" + r.nextInt(1000), hole.size(), r.nextInt(3) > 0, false));
    }
    return null;
  }

  private static StructDecl with(StructDecl s, List<Slot> slots) {
    return new StructDecl(s.name(), s.className(), s.compat(), slots, s.subOps(), s.retired());
  }

  private static StructDecl withSubOps(StructDecl s, List<SubOp> subOps) {
    return new StructDecl(s.name(), s.className(), s.compat(), s.slots(), subOps, s.retired());
  }

  /** One or two random edits of {@code s}, holes filled; null when the edit does not apply. */
  private static StructDecl evolve(SplittableRandom r, StructDecl s, List<String> edits) {
    StructDecl next = s;
    for (int k = 0, n = 1 + r.nextInt(2); k < n && next != null; k++) {
      next = edit(r, next, edits);
    }
    return next == null ? null : filled(next, r);
  }

  private static StructDecl edit(SplittableRandom r, StructDecl s, List<String> edits) {
    List<Slot> slots = new ArrayList<>(s.slots());
    List<SubOp> subOps = new ArrayList<>(s.subOps());
    List<Integer> members = new ArrayList<>();
    List<Integer> pads = new ArrayList<>();
    for (int i = 0; i < slots.size(); i++) {
      (slots.get(i) instanceof Member ? members : pads).add(i);
    }
    int choice = r.nextInt(18);
    edits.add("edit" + choice);
    if (members.isEmpty() && List.of(1, 2, 6, 7, 17).contains(choice)) {
      return null;
    }
    switch (choice) {
      case 0 -> { // reorder
        if (slots.size() < 2) {
          return null;
        }
        int i = r.nextInt(slots.size() - 1);
        slots.add(i, slots.remove(i + 1));
      }
      case 1, 2 -> { // retype or realign a member
        int i = members.get(r.nextInt(members.size()));
        Member m = (Member) slots.get(i);
        slots.set(
            i,
            choice == 1
                ? new Member(m.name(), TYPES[r.nextInt(TYPES.length)], m.align(), -1, m.retired())
                : new Member(
                    m.name(), m.type(), new int[] {0, 4, 8, 16}[r.nextInt(4)], -1, m.retired()));
      }
      case 3, 4 -> { // claim (part of) a pad
        List<Integer> fixed = pads.stream().filter(i -> !((Pad) slots.get(i)).trailing()).toList();
        if (fixed.isEmpty()) {
          return null;
        }
        int i = fixed.get(r.nextInt(fixed.size()));
        Pad p = (Pad) slots.get(i);
        CType type = List.of(CType.U8, CType.U16, CType.S16, CType.U32).get(r.nextInt(4));
        int size = Abi.X86_64.sizeOf(type);
        if (size > p.size()) {
          return null;
        }
        int before = r.nextInt(p.size() - size + 1);
        slots.remove(i);
        int at = i;
        if (before > 0) {
          slots.add(at++, new Pad(p.name() + "a", before, p.mustBeZero(), false));
        }
        slots.add(at++, new Member("c" + r.nextInt(1000), type));
        if (p.size() - size - before > 0) {
          slots.add(at, new Pad(p.name() + "b", p.size() - size - before, p.mustBeZero(), false));
        }
      }
      case 5 -> slots.add(new Member("n" + r.nextInt(1000), TYPES[r.nextInt(TYPES.length)]));
      case 6 -> slots.remove((int) members.get(r.nextInt(members.size())));
      case 7 -> { // retire or unretire a member
        int i = members.get(r.nextInt(members.size()));
        Member m = (Member) slots.get(i);
        slots.set(i, new Member(m.name(), m.type(), m.align(), -1, m.isRetired() ? null : RETIRED));
      }
      case 8 -> { // a pad's mustBeZero flipped, or its size changed
        if (pads.isEmpty()) {
          return null;
        }
        int i = pads.get(r.nextInt(pads.size()));
        Pad p = (Pad) slots.get(i);
        slots.set(
            i,
            r.nextBoolean() || p.trailing()
                ? new Pad(p.name(), p.size(), !p.mustBeZero(), p.trailing())
                : new Pad(p.name(), 1 + r.nextInt(4), p.mustBeZero(), false));
      }
      case 9, 10, 11, 12, 13 -> { // sub-ops
        List<Member> holders = s.members().stream().filter(m -> isSmall(m.type())).toList();
        if (holders.isEmpty()) {
          return null;
        }
        String holder = subOps.isEmpty() ? holders.get(0).name() : subOps.get(0).member();
        int j = subOps.isEmpty() ? -1 : r.nextInt(subOps.size());
        if (choice == 9 || j < 0) {
          subOps.add(new SubOp("N" + r.nextInt(1000), r.nextInt(8), holder));
        } else if (choice == 10) {
          SubOp o = subOps.get(j);
          subOps.set(j, new SubOp(o.name(), r.nextInt(8), o.member(), o.aliases(), o.retired()));
        } else if (choice == 11) {
          subOps.remove(j);
        } else if (choice == 12) {
          SubOp o = subOps.get(j);
          subOps.set(j, o.withRetirement(o.isRetired() ? null : RETIRED));
        } else {
          SubOp o = subOps.get(j);
          List<String> aliases = new ArrayList<>(o.aliases());
          if (r.nextBoolean()) {
            aliases.add(o.name());
          }
          subOps.set(j, new SubOp(o.name() + "x", o.value(), o.member(), aliases, o.retired()));
        }
      }
      case 14 -> { // reuse a retired sub-op's value
        SubOp dead = subOps.stream().filter(SubOp::isRetired).findFirst().orElse(null);
        if (dead == null) {
          return null;
        }
        subOps.remove(dead);
        subOps.add(new SubOp("R" + r.nextInt(1000), dead.value(), dead.member()));
      }
      case 15 -> {
        return new StructDecl(
            s.name(), s.className(), Compat.values()[r.nextInt(3)], slots, subOps, s.retired());
      }
      case 16 -> {
        return new StructDecl(
            s.name(), s.className(), s.compat(), slots, subOps, s.isRetired() ? null : RETIRED);
      }
      default -> { // a member widened or narrowed within its kind
        int i = members.get(r.nextInt(members.size()));
        Member m = (Member) slots.get(i);
        CType t = List.of(CType.U8, CType.U16, CType.U32, CType.U64).get(r.nextInt(4));
        slots.set(i, new Member(m.name(), t, m.align(), -1, m.retired()));
      }
    }
    return new StructDecl(s.name(), s.className(), s.compat(), slots, subOps, s.retired());
  }
}
