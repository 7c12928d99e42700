package dev.abilock.core.model.struct;

import dev.abilock.CType;
import dev.abilock.core.model.Retirement;

/**
 * A member of a struct, as declared by {@code @Member}.
 *
 * @param name ABI name, lower_snake_case ({@code first_pfn})
 * @param type the C type
 * @param align alignment as written, raising the type's own; 0 when not written
 * @param offset offset as written, which must be where the member falls on {@code x86_64}; -1 when
 *     not written
 * @param retired its retirement, or {@code null} while it is in use; a retired member keeps its
 *     bytes
 */
public record Member(String name, CType type, int align, int offset, Retirement retired)
    implements Slot {

  /** A member in use, placed and aligned by its type alone. */
  public Member(String name, CType type) {
    this(name, type, 0, -1, null);
  }

  /** A member in use with a written alignment ({@code uint64_aligned_t} is {@code U64} with 8). */
  public static Member aligned(String name, CType type, int align) {
    return new Member(name, type, align, -1, null);
  }

  /** A member in use with a written offset. */
  public static Member at(String name, CType type, int offset) {
    return new Member(name, type, 0, offset, null);
  }

  public boolean isRetired() {
    return retired != null;
  }

  /** Alignment on {@code abi}: the type's, raised by a written {@link #align()}. */
  public int alignOn(Abi abi) {
    return Math.max(abi.alignOf(type), align);
  }

  /** Bytes it takes on {@code abi}. */
  public int sizeOn(Abi abi) {
    return abi.sizeOf(type);
  }
}
