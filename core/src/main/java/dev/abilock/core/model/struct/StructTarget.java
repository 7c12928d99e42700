package dev.abilock.core.model.struct;

/**
 * What a struct finding is about, in ABI terms: a front end turns it into a position (an annotation
 * attribute in the sources, a line of the manifest).
 *
 * @param struct the struct's C tag
 * @param kind what {@code name} names
 * @param name the member's or pad's ABI name, the sub-op's Java name; the struct's tag for {@link
 *     Kind#STRUCT}
 * @param attribute the annotation attribute to point at ({@code offset}), or {@code null} for the
 *     annotation
 * @param onRetired whether the finding is about the {@code @Retired} of what {@code name} names
 *     rather than its own declaration
 */
public record StructTarget(
    String struct, Kind kind, String name, String attribute, boolean onRetired) {
  public enum Kind {
    STRUCT,
    MEMBER,
    PAD,
    SUB_OP
  }

  /** About the declaration itself, not its retirement. */
  public StructTarget(String struct, Kind kind, String name, String attribute) {
    this(struct, kind, name, attribute, false);
  }

  /** The same struct, member or sub-op, on {@code attribute} of its {@code @Retired}. */
  public StructTarget retirement(String attribute) {
    return new StructTarget(struct, kind, name, attribute, true);
  }

  public static StructTarget struct(String struct) {
    return new StructTarget(struct, Kind.STRUCT, struct, null);
  }

  /**
   * The member or pad {@code slot}, on {@code attribute} of its annotation ({@code null}: the
   * annotation).
   */
  public static StructTarget slot(String struct, Slot slot, String attribute) {
    return new StructTarget(
        struct, slot instanceof Member ? Kind.MEMBER : Kind.PAD, slot.name(), attribute);
  }

  public static StructTarget subOp(String struct, SubOp subOp, String attribute) {
    return new StructTarget(struct, Kind.SUB_OP, subOp.name(), attribute);
  }
}
