package dev.abilock.core.model.struct;

/**
 * A run of a struct's bytes as declared: a {@link Member} or a {@link Pad}, in declaration order.
 */
public sealed interface Slot permits Member, Pad {
  /** ABI name, unique among the struct's members and pads. */
  String name();
}
