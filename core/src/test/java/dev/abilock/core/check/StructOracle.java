package dev.abilock.core.check;

import dev.abilock.core.model.struct.Abi;
import dev.abilock.core.model.struct.Member;
import dev.abilock.core.model.struct.Pad;
import dev.abilock.core.model.struct.Slot;
import dev.abilock.core.model.struct.StructDecl;
import dev.abilock.core.model.struct.StructLayout;
import dev.abilock.core.model.struct.StructLayout.Placed;
import dev.abilock.core.model.struct.SubOp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * An oracle for gate B over structs, written apart from {@link StructCompatibility}: it decodes an
 * image byte by byte as a C reader of the layout would, and says whether a layout declared now
 * misreads an image that a guest saved under the published one. It shares only the layout (where
 * each member falls), which {@code StructLayoutTest} pins on its own.
 */
final class StructOracle {
  private StructOracle() {}

  /** What a layout makes of an image: the members' values and sub-op names, or why it refuses. */
  record Decoded(String refusal, boolean retired, Map<String, String> values) {
    boolean accepted() {
      return refusal == null;
    }
  }

  static Decoded decode(StructDecl s, Abi abi, byte[] image) {
    if (s.isRetired()) {
      return new Decoded("struct retired", true, Map.of());
    }
    if (!s.abis().contains(abi)) {
      return new Decoded("no layout on " + abi, false, Map.of());
    }
    StructLayout layout = s.layoutOn(abi);
    if (image.length < layout.size()) {
      return new Decoded("short", false, Map.of());
    }
    Map<String, String> values = new LinkedHashMap<>();
    String retiredSubOp = null;
    for (Placed p : layout.placed()) {
      if (p.slot() instanceof Pad pad) {
        for (int i = p.offset(); i < p.end(); i++) {
          if (pad.mustBeZero() && image[i] != 0) {
            return new Decoded("pad " + pad.name(), false, Map.of());
          }
        }
        continue;
      }
      Member m = (Member) p.slot();
      if (m.isRetired()) {
        continue;
      }
      long bits = 0;
      for (int i = p.size() - 1; i >= 0; i--) {
        bits = (bits << 8) | (image[p.offset() + i] & 0xff);
      }
      boolean signed = m.type().name().startsWith("S");
      String value;
      if (signed && p.size() < 8) {
        value = Long.toString(bits << (64 - 8 * p.size()) >> (64 - 8 * p.size()));
      } else {
        value = signed ? Long.toString(bits) : Long.toUnsignedString(bits);
      }
      List<SubOp> subOps = s.subOps().stream().filter(o -> o.member().equals(m.name())).toList();
      if (!subOps.isEmpty()) {
        final long v = bits;
        SubOp live =
            subOps.stream().filter(o -> !o.isRetired() && o.value() == v).findFirst().orElse(null);
        SubOp dead =
            subOps.stream().filter(o -> o.isRetired() && o.value() == v).findFirst().orElse(null);
        if (live == null && dead == null) {
          return new Decoded("unknown sub-op " + v, false, Map.of());
        }
        if (live == null) {
          retiredSubOp = dead.name();
          continue;
        }
        value += "/" + String.join("|", names(live));
      }
      values.put(m.name(), value);
    }
    return retiredSubOp != null
        ? new Decoded("retired sub-op " + retiredSubOp, true, Map.of())
        : new Decoded(null, false, values);
  }

  private static List<String> names(SubOp s) {
    return java.util.stream.Stream.concat(
            java.util.stream.Stream.of(s.name()), s.aliases().stream())
        .toList();
  }

  /**
   * Whether {@code now} misreads {@code image}, saved on {@code abi} under {@code published}
   * (before its retirements, when it holds a value retired since): it refuses what was valid, or
   * reads some member in use otherwise (a member retired now and a refusal as retired are decided
   * readings).
   */
  static boolean misreads(StructDecl published, StructDecl now, Abi abi, byte[] image) {
    Decoded asPublished = decode(published, abi, image);
    Decoded before =
        asPublished.retired() && !published.isRetired()
            ? decode(unretired(published), abi, image)
            : asPublished;
    Decoded after = decode(now, abi, image);
    if (!before.accepted() || after.retired()) {
      return false;
    }
    if (!after.accepted()) {
      return true;
    }
    for (Map.Entry<String, String> e : before.values().entrySet()) {
      String a = after.values().get(e.getKey());
      if (a == null) {
        if (now.member(e.getKey()).map(Member::isRetired).orElse(false)) {
          continue;
        }
        return true;
      }
      if (!sameReading(e.getValue(), a)) {
        return true;
      }
    }
    return after.values().entrySet().stream()
        .anyMatch(e -> !before.values().containsKey(e.getKey()) && !e.getValue().startsWith("0"));
  }

  /** Equal values, and sub-ops with a name in common. */
  private static boolean sameReading(String before, String after) {
    String[] b = before.split("/");
    String[] a = after.split("/");
    if (!b[0].equals(a[0]) || b.length != a.length) {
      return false;
    }
    return b.length == 1
        || List.of(b[1].split("\\|")).stream().anyMatch(List.of(a[1].split("\\|"))::contains);
  }

  /** Whether {@code published} accepts {@code image} as saved (before its retirements). */
  static boolean valid(StructDecl published, Abi abi, byte[] image) {
    return decode(unretired(published), abi, image).accepted() && !published.isRetired();
  }

  static StructDecl unretired(StructDecl s) {
    List<Slot> slots =
        s.slots().stream()
            .map(
                x ->
                    x instanceof Member m && m.isRetired()
                        ? (Slot) new Member(m.name(), m.type(), m.align(), m.offset(), null)
                        : x)
            .toList();
    return new StructDecl(
        s.name(),
        s.className(),
        s.compat(),
        slots,
        s.subOps().stream().map(o -> o.withRetirement(null)).toList(),
        null);
  }

  /**
   * A random image a guest may have saved under {@code s} on {@code abi}, at any time before its
   * retirements.
   */
  static byte[] randomImage(SplittableRandom r, StructDecl s, Abi abi) {
    StructDecl saved = unretired(s);
    StructLayout layout = saved.layoutOn(abi);
    byte[] image = new byte[layout.size()];
    for (Placed p : layout.placed()) {
      if (p.slot() instanceof Pad pad) {
        if (!pad.mustBeZero() && r.nextBoolean()) {
          for (int i = p.offset(); i < p.end(); i++) {
            image[i] = (byte) r.nextInt(256);
          }
        }
        continue;
      }
      Member m = (Member) p.slot();
      List<SubOp> subOps =
          saved.subOps().stream().filter(o -> o.member().equals(m.name())).toList();
      long v =
          !subOps.isEmpty()
              ? subOps.get(r.nextInt(subOps.size())).value()
              : switch (r.nextInt(4)) {
                case 0 -> 1 + r.nextInt(8);
                case 1 -> 1L << r.nextInt(8 * p.size());
                case 2 -> -1L;
                default -> r.nextLong();
              };
      for (int i = 0; i < p.size(); i++) {
        image[p.offset() + i] = (byte) (v >>> (8 * i));
      }
    }
    return image;
  }
}
