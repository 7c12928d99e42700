package dev.abilock.core.model.struct;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a struct's members and pads fall on one ABI, as a C compiler lays them out: each member at
 * the next offset its alignment allows, pads where they are declared, the size rounded up to the
 * struct's alignment (the largest of its members'). The bytes this leaves to nobody are the {@link
 * #holes()}, which {@link dev.abilock.core.model.rules.StructRules} reports: abilock never pads
 * silently.
 *
 * @param abi the ABI
 * @param size the struct's size in bytes ({@code sizeof})
 * @param align the struct's alignment ({@code _Alignof}); 1 with no member
 * @param placed members and pads in declaration order, each where it falls; a trailing pad that is
 *     0 bytes on this ABI is left out; a trailing pad that is not the last slot and a pad of less
 *     than a byte, which are errors, take no bytes
 * @param holes runs of bytes that belong to no member or pad, in offset order
 */
public record StructLayout(Abi abi, int size, int align, List<Placed> placed, List<Hole> holes) {

  public StructLayout {
    placed = List.copyOf(placed);
    holes = List.copyOf(holes);
  }

  /**
   * A member or pad where it falls.
   *
   * @param slot the member or pad
   * @param offset its first byte
   * @param size bytes it takes
   */
  public record Placed(Slot slot, int offset, int size) {
    /** The offset just past it. */
    public int end() {
      return offset + size;
    }
  }

  /**
   * Bytes {@code from..to} (inclusive) that belong to no member or pad.
   *
   * @param next the member whose alignment leaves it, or {@code null} for the bytes at the end up
   *     to the struct's alignment
   */
  public record Hole(int from, int to, Member next) {
    public int size() {
      return to - from + 1;
    }
  }

  /** The layout of {@code struct} on {@code abi}. */
  public static StructLayout of(StructDecl struct, Abi abi) {
    List<Placed> placed = new ArrayList<>();
    List<Hole> holes = new ArrayList<>();
    int end = 0;
    int align = 1;
    List<Slot> slots = struct.slots();
    for (int i = 0; i < slots.size(); i++) {
      Slot slot = slots.get(i);
      if (slot instanceof Member m) {
        int at = roundUp(end, m.alignOn(abi));
        if (at > end) {
          holes.add(new Hole(end, at - 1, m));
        }
        placed.add(new Placed(m, at, m.sizeOn(abi)));
        end = at + m.sizeOn(abi);
        align = Math.max(align, m.alignOn(abi));
      } else if (slot instanceof Pad p && !p.trailing() && p.size() > 0) {
        placed.add(new Placed(p, end, p.size()));
        end += p.size();
      } else if (slot instanceof Pad p && i == slots.size() - 1 && roundUp(end, align) > end) {
        placed.add(new Placed(p, end, roundUp(end, align) - end));
        end = roundUp(end, align);
      }
    }
    int size = roundUp(end, align);
    if (size > end) {
      holes.add(new Hole(end, size - 1, null));
    }
    return new StructLayout(abi, size, align, placed, holes);
  }

  /** Where the member or pad named {@code name} falls, unless it takes no bytes on this ABI. */
  public Optional<Placed> placed(String name) {
    return placed.stream().filter(p -> p.slot().name().equals(name)).findFirst();
  }

  private static int roundUp(int offset, int align) {
    return (offset + align - 1) / align * align;
  }
}
