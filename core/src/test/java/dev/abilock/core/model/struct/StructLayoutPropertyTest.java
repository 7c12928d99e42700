package dev.abilock.core.model.struct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.abilock.CType;
import dev.abilock.Compat;
import dev.abilock.core.DeclarationMessage;
import dev.abilock.core.model.rules.StructFinding;
import dev.abilock.core.model.rules.StructRules;
import dev.abilock.core.model.struct.StructLayout.Hole;
import dev.abilock.core.model.struct.StructLayout.Placed;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Layout invariants on random declarations (members of every type and alignment, pads, trailing
 * pads, every compat mode), on every ABI a struct is laid out for: members never overlap and sit at
 * their alignment, every byte is a member's, a pad's or a reported hole's, and the size is a
 * multiple of the alignment. {@code -Dabilock.seed=<n>} replays another seed.
 */
class StructLayoutPropertyTest {
  private static final long SEED = Long.getLong("abilock.seed", 20141211L);
  private static final int CASES = 5_000;
  private static final int[] ALIGNS = {0, 0, 0, 1, 2, 4, 8, 16};

  @Test
  void everyByteIsAMemberAPadOrAReportedHoleAndMembersSitAligned() {
    Random random = new Random(SEED);
    int holes = 0;
    int differing = 0;
    for (int i = 0; i < CASES; i++) {
      StructDecl struct = randomStruct(random);
      String replay = "case " + i + " of seed " + SEED + ": " + struct;
      List<StructFinding> findings = StructRules.check(struct);
      for (Abi abi : struct.abis()) {
        StructLayout layout = struct.layoutOn(abi);
        holes += layout.holes().size();
        checkInvariants(struct, layout, findings, replay + " on " + abi);
      }
      if (findings.stream().anyMatch(f -> f.rule() == DeclarationMessage.COMPAT_LAYOUT_DIFFERS)) {
        differing++;
      }
      assertEquals(
          struct.compat() == Compat.SAME && !sameLayout(struct),
          findings.stream().anyMatch(f -> f.rule() == DeclarationMessage.COMPAT_LAYOUT_DIFFERS),
          replay);
    }
    System.out.println(
        "[abilock-cases] struct layouts: "
            + CASES
            + " random structs, "
            + holes
            + " holes, "
            + differing
            + " SAME structs differing on x86_32 (-Dabilock.seed="
            + SEED
            + ")");
    // Not vacuous: holes and x86_32 differences are common.
    assertTrue(holes > CASES / 4, "holes " + holes);
    assertTrue(differing > CASES / 20, "differing " + differing);
  }

  private static void checkInvariants(
      StructDecl struct, StructLayout layout, List<StructFinding> findings, String replay) {
    Abi abi = layout.abi();
    int[] owners = new int[layout.size()];
    int expectedAlign = 1;
    int previousEnd = 0;
    for (Placed p : layout.placed()) {
      assertTrue(
          p.offset() >= previousEnd, "placed in declaration order without overlap: " + replay);
      assertTrue(p.size() > 0, "nothing placed takes no bytes: " + replay);
      previousEnd = p.end();
      if (p.slot() instanceof Member m) {
        assertEquals(0, p.offset() % m.alignOn(abi), "member " + m.name() + " aligned: " + replay);
        assertEquals(abi.sizeOf(m.type()), p.size(), replay);
        expectedAlign = Math.max(expectedAlign, m.alignOn(abi));
      }
      cover(owners, p.offset(), p.end(), replay);
    }
    for (Hole h : layout.holes()) {
      cover(owners, h.from(), h.to() + 1, replay);
      String named = "bytes " + h.from() + ".." + h.to() + " are a hole on ";
      assertTrue(
          findings.stream()
              .anyMatch(
                  f ->
                      f.rule() == DeclarationMessage.STRUCT_HOLE
                          && f.format().contains(named)
                          && f.format().contains(abi.label())),
          "hole reported: " + named + replay);
    }
    for (int b = 0; b < owners.length; b++) {
      assertEquals(
          1, owners[b], "byte " + b + " belongs to exactly one member, pad or hole: " + replay);
    }
    assertEquals(expectedAlign, layout.align(), replay);
    assertEquals(0, layout.size() % layout.align(), "size a multiple of the alignment: " + replay);
    assertTrue(layout.size() >= previousEnd, replay);
    List<Slot> slots = struct.slots();
    if (!slots.isEmpty() && slots.get(slots.size() - 1) instanceof Pad p && p.trailing()) {
      assertTrue(
          layout.holes().stream().noneMatch(h -> h.next() == null),
          "a trailing pad fills the end: " + replay);
    }
  }

  private static void cover(int[] owners, int from, int to, String replay) {
    assertTrue(
        from >= 0 && to <= owners.length, "inside the struct: " + from + ".." + to + ": " + replay);
    for (int b = from; b < to; b++) {
      owners[b]++;
    }
  }

  /** Xen's CHECK_*, stated independently: every slot's place and the size equal on both ABIs. */
  private static boolean sameLayout(StructDecl struct) {
    StructLayout n = struct.layoutOn(Abi.X86_64);
    StructLayout c = struct.layoutOn(Abi.X86_32);
    if (n.size() != c.size()) {
      return false;
    }
    for (Slot s : struct.slots()) {
      var pn =
          n.placed().stream()
              .filter(p -> p.slot() == s)
              .map(p -> p.offset() + "+" + p.size())
              .toList();
      var pc =
          c.placed().stream()
              .filter(p -> p.slot() == s)
              .map(p -> p.offset() + "+" + p.size())
              .toList();
      if (!pn.equals(pc)) {
        return false;
      }
    }
    return true;
  }

  private static StructDecl randomStruct(Random random) {
    List<Slot> slots = new ArrayList<>();
    int count = random.nextInt(9);
    CType[] types = CType.values();
    for (int i = 0; i < count; i++) {
      if (random.nextInt(4) == 0) {
        slots.add(Pad.of("p" + i, 1 + random.nextInt(9)));
      } else {
        slots.add(
            Member.aligned(
                "m" + i,
                types[random.nextInt(types.length)],
                ALIGNS[random.nextInt(ALIGNS.length)]));
      }
    }
    if (random.nextInt(4) == 0) {
      slots.add(Pad.trailing("tail"));
    }
    Compat compat = Compat.values()[random.nextInt(Compat.values().length)];
    return new StructDecl("s", "p.S", compat, slots, List.of());
  }
}
