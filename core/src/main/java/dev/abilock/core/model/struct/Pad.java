package dev.abilock.core.model.struct;

/**
 * Declared padding, as declared by {@code @Pad}: bytes of no member, alignment 1.
 *
 * @param name ABI name, unique among the struct's members and pads
 * @param size bytes, for a pad that is not trailing; a trailing pad's size follows from each ABI's
 *     layout, so it is 0 here
 * @param mustBeZero whether an image must hold zero in its bytes (a later release may claim them)
 * @param trailing whether it fills the struct up to its alignment in each ABI
 */
public record Pad(String name, int size, boolean mustBeZero, boolean trailing) implements Slot {

  /** A pad of {@code size} bytes that must be zero. */
  public static Pad of(String name, int size) {
    return new Pad(name, size, true, false);
  }

  /** A must-be-zero pad that fills the struct up to its alignment. */
  public static Pad trailing(String name) {
    return new Pad(name, 0, true, true);
  }
}
