package dev.abilock.core.model.rules;

import dev.abilock.CType;
import dev.abilock.Compat;
import dev.abilock.core.CatalogueEntry;
import dev.abilock.core.DeclarationMessage;
import dev.abilock.core.GateMessage;
import dev.abilock.core.model.Retirement;
import dev.abilock.core.model.struct.Abi;
import dev.abilock.core.model.struct.Member;
import dev.abilock.core.model.struct.Pad;
import dev.abilock.core.model.struct.Slot;
import dev.abilock.core.model.struct.StructDecl;
import dev.abilock.core.model.struct.StructLayout;
import dev.abilock.core.model.struct.StructLayout.Hole;
import dev.abilock.core.model.struct.StructLayout.Placed;
import dev.abilock.core.model.struct.StructTarget;
import dev.abilock.core.model.struct.SubOp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The rules a struct declaration must keep, once for every reader (the processor over the sources,
 * the manifest's parser over its lines): a pure function from a {@link StructDecl} to its findings,
 * each with its catalogue entry and what it is about. Every problem is reported, not only the
 * first.
 */
public final class StructRules {
  private StructRules() {}

  /**
   * Every problem of {@code struct}, in declaration order, then layout by layout; empty when it is
   * sound.
   */
  public static List<StructFinding> check(StructDecl struct) {
    List<StructFinding> findings = new ArrayList<>();
    slots(struct, findings);
    List<StructLayout> layouts = struct.abis().stream().map(struct::layoutOn).toList();
    holes(struct, layouts, findings);
    writtenOffsets(struct, layouts.get(0), findings);
    if (struct.compat() == Compat.SAME) {
      sameLayout(struct, layouts.get(0), layouts.get(1), findings);
    }
    subOps(struct, findings);
    retirements(struct, findings);
    return findings;
  }

  /** Every retirement of the struct, its members and sub-ops, by the rule words keep too. */
  private static void retirements(StructDecl struct, List<StructFinding> findings) {
    String tag = struct.name();
    retirement(struct.retired(), "struct", tag, StructTarget.struct(tag), findings);
    for (Slot slot : struct.slots()) {
      if (slot instanceof Member m) {
        retirement(m.retired(), "member", m.name(), StructTarget.slot(tag, m, null), findings);
      }
    }
    for (SubOp s : struct.subOps()) {
      retirement(s.retired(), "sub-op", s.name(), StructTarget.subOp(tag, s, null), findings);
    }
  }

  private static void retirement(
      Retirement retired, String role, String name, StructTarget of, List<StructFinding> findings) {
    if (retired == null) {
      return;
    }
    LayoutRules.retirementFaults(retired)
        .forEach(
            (rule, text) ->
                findings.add(
                    finding(
                        rule,
                        of.retirement(
                            rule == DeclarationMessage.RETIRED_BAD_RELEASE ? "release" : "reason"),
                        role,
                        name,
                        text)));
  }

  private static void slots(StructDecl struct, List<StructFinding> findings) {
    Map<String, Slot> byName = new HashMap<>();
    List<Slot> slots = struct.slots();
    for (int i = 0; i < slots.size(); i++) {
      Slot slot = slots.get(i);
      Slot taken = byName.putIfAbsent(slot.name(), slot);
      if (taken != null) {
        findings.add(
            finding(
                DeclarationMessage.DUPLICATE_MEMBER_NAME,
                StructTarget.slot(struct.name(), slot, "name"),
                describe(slot),
                slot.name(),
                describe(taken)));
      }
      if (slot instanceof Member m && m.align() != 0 && Integer.bitCount(m.align()) != 1) {
        findings.add(
            finding(
                DeclarationMessage.MEMBER_BAD_ALIGN,
                StructTarget.slot(struct.name(), m, "align"),
                m.align(),
                m.name()));
      }
      if (slot instanceof Pad p && !p.trailing() && p.size() < 1) {
        findings.add(
            finding(
                DeclarationMessage.PAD_BAD_SIZE,
                StructTarget.slot(struct.name(), p, "size"),
                p.name(),
                p.size()));
      }
      if (slot instanceof Pad p && p.trailing() && i < slots.size() - 1) {
        findings.add(
            finding(
                DeclarationMessage.TRAILING_PAD_NOT_LAST,
                StructTarget.slot(struct.name(), p, "trailing"),
                p.name(),
                describe(slots.get(i + 1))));
      }
    }
  }

  /** A hole and the alignment that leaves it: two ABIs with equal keys share one finding. */
  private record HoleKey(Hole hole, int align) {}

  /** One finding per hole, naming every ABI that has the same hole for the same reason. */
  private static void holes(
      StructDecl struct, List<StructLayout> layouts, List<StructFinding> findings) {
    Map<HoleKey, List<String>> abis = new LinkedHashMap<>();
    for (StructLayout layout : layouts) {
      for (Hole hole : layout.holes()) {
        int align = hole.next() == null ? layout.align() : hole.next().alignOn(layout.abi());
        abis.computeIfAbsent(new HoleKey(hole, align), k -> new ArrayList<>())
            .add(layout.abi().label());
      }
    }
    abis.forEach(
        (key, in) -> {
          Hole hole = key.hole();
          String where = String.join(" and ", in);
          if (hole.next() == null) {
            findings.add(
                finding(
                    DeclarationMessage.STRUCT_HOLE,
                    StructTarget.struct(struct.name()),
                    hole.from(),
                    hole.to(),
                    where,
                    DeclarationMessage.HOLE_AT_END.text(key.align()),
                    hole.size(),
                    DeclarationMessage.HOLE_FIX_AT_END.text()));
          } else {
            findings.add(
                finding(
                    DeclarationMessage.STRUCT_HOLE,
                    StructTarget.slot(struct.name(), hole.next(), null),
                    hole.from(),
                    hole.to(),
                    where,
                    DeclarationMessage.HOLE_BEFORE_MEMBER.text(
                        hole.next().name(), key.align(), hole.to() + 1),
                    hole.size(),
                    DeclarationMessage.HOLE_FIX_BEFORE.text(hole.next().name())));
          }
        });
  }

  /**
   * A written offset states where the member falls on x86_64; a SAME struct's x86_32 layout is held
   * to that one.
   */
  private static void writtenOffsets(
      StructDecl struct, StructLayout nativeLayout, List<StructFinding> findings) {
    Placed previous = null;
    for (Placed p : nativeLayout.placed()) {
      if (p.slot() instanceof Member m && m.offset() != -1 && m.offset() != p.offset()) {
        String where =
            previous == null
                ? DeclarationMessage.OFFSET_FIRST.text()
                : DeclarationMessage.OFFSET_AFTER.text(
                    describe(previous.slot()), previous.end(), m.alignOn(Abi.X86_64));
        findings.add(
            finding(
                DeclarationMessage.MEMBER_OFFSET_MISMATCH,
                StructTarget.slot(struct.name(), m, "offset"),
                m.name(),
                m.offset(),
                p.offset(),
                where,
                p.offset()));
      }
      previous = p;
    }
  }

  /**
   * Xen's CHECK_* for a '?' struct: every member and pad alike, then the size; the alignment may
   * differ.
   */
  private static void sameLayout(
      StructDecl struct,
      StructLayout nativeLayout,
      StructLayout compatLayout,
      List<StructFinding> findings) {
    for (Slot slot : struct.slots()) {
      Optional<Placed> n = nativeLayout.placed(slot.name());
      Optional<Placed> c = compatLayout.placed(slot.name());
      if (!Objects.equals(n.map(StructRules::place), c.map(StructRules::place))) {
        findings.add(
            finding(
                DeclarationMessage.COMPAT_LAYOUT_DIFFERS,
                StructTarget.slot(struct.name(), slot, null),
                describe(slot),
                placeText(n),
                placeText(c)));
        return;
      }
    }
    if (nativeLayout.size() != compatLayout.size()) {
      findings.add(
          finding(
              DeclarationMessage.COMPAT_LAYOUT_DIFFERS,
              StructTarget.struct(struct.name()),
              DeclarationMessage.STRUCT_SIZE.text(),
              DeclarationMessage.STRUCT_BYTES.text(nativeLayout.size()),
              DeclarationMessage.STRUCT_BYTES.text(compatLayout.size())));
    }
  }

  private static List<Integer> place(Placed p) {
    return List.of(p.offset(), p.size());
  }

  private static String placeText(Optional<Placed> p) {
    return p.map(x -> DeclarationMessage.STRUCT_PLACE.text(x.offset(), x.size()))
        .orElse(DeclarationMessage.STRUCT_ABSENT.text());
  }

  private static void subOps(StructDecl struct, List<StructFinding> findings) {
    Map<String, Map<Long, SubOp>> live = new HashMap<>();
    Map<String, Map<Long, SubOp>> retired = new HashMap<>();
    for (SubOp s : struct.subOps()) {
      if (s.isRetired()) {
        retired.computeIfAbsent(s.member(), m -> new HashMap<>()).putIfAbsent(s.value(), s);
      }
    }
    for (SubOp s : struct.subOps()) {
      Optional<Member> member = struct.member(s.member());
      if (member.isEmpty()) {
        String members =
            struct.members().stream().map(Member::name).collect(Collectors.joining(", "));
        findings.add(
            finding(
                DeclarationMessage.SUB_OP_MEMBER_UNKNOWN,
                StructTarget.subOp(struct.name(), s, "member"),
                s.name(),
                s.member(),
                struct.name(),
                members.isEmpty() ? DeclarationMessage.STRUCT_NO_MEMBERS.text() : members));
        continue;
      }
      CType type = member.get().type();
      if (type != CType.U8 && type != CType.U16 && type != CType.U32) {
        findings.add(
            finding(
                DeclarationMessage.SUB_OP_MEMBER_TYPE,
                StructTarget.subOp(struct.name(), s, "member"),
                s.name(),
                s.member(),
                type));
        continue;
      }
      long max = (1L << (8 * Abi.X86_64.sizeOf(type))) - 1;
      if (s.value() < 0 || s.value() > max) {
        findings.add(
            finding(
                DeclarationMessage.SUB_OP_DOES_NOT_FIT,
                StructTarget.subOp(struct.name(), s, null),
                s.name(),
                s.value(),
                s.member(),
                type,
                max));
      }
      if (s.isRetired()) {
        continue;
      }
      SubOp same = live.computeIfAbsent(s.member(), m -> new HashMap<>()).putIfAbsent(s.value(), s);
      if (same != null) {
        findings.add(
            finding(
                DeclarationMessage.DUPLICATE_SUB_OP,
                StructTarget.subOp(struct.name(), s, null),
                s.name(),
                s.value(),
                s.member(),
                same.name()));
      }
      SubOp reserved = retired.getOrDefault(s.member(), Map.of()).get(s.value());
      if (reserved != null) {
        findings.add(
            finding(
                GateMessage.RETIRED_SUB_OP_REUSED,
                StructTarget.subOp(struct.name(), s, null),
                s.name(),
                s.value(),
                s.member(),
                reserved.name(),
                reserved.retired().release()));
      }
    }
  }

  private static String describe(Slot slot) {
    return slot instanceof Member
        ? DeclarationMessage.STRUCT_MEMBER.text(slot.name())
        : DeclarationMessage.STRUCT_PAD.text(slot.name());
  }

  private static StructFinding finding(CatalogueEntry rule, StructTarget target, Object... args) {
    return new StructFinding(rule, target, List.of(args));
  }
}
