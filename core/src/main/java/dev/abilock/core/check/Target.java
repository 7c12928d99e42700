package dev.abilock.core.check;

/**
 * What a finding is about, in ABI terms: the processor turns it into a source position.
 *
 * @param continuable ABI name of the continuable
 * @param kind what the name names
 * @param name field or op name; the continuable's name for {@link Kind#CONTINUABLE}
 * @param attribute the annotation attribute to point at, or {@code null} for the annotation
 * @param onRetired whether it is about the element's {@code @Retired} annotation rather than its
 *     {@code @Continuable}, {@code @ContinuationField} or {@code @Op}
 */
public record Target(
    String continuable, Kind kind, String name, String attribute, boolean onRetired) {
  public enum Kind {
    CONTINUABLE,
    FIELD,
    OP
  }

  public Target(String continuable, Kind kind, String name, String attribute) {
    this(continuable, kind, name, attribute, false);
  }

  /** The same target, on the element's {@code @Retired} annotation. */
  public Target retiredAnnotation() {
    return new Target(continuable, kind, name, attribute, true);
  }

  /** The same target, on {@code attribute} of its annotation. */
  public Target at(String attribute) {
    return new Target(continuable, kind, name, attribute, onRetired);
  }

  public static Target continuable(String continuable, String attribute) {
    return new Target(continuable, Kind.CONTINUABLE, continuable, attribute);
  }

  public static Target field(String continuable, String field, String attribute) {
    return new Target(continuable, Kind.FIELD, field, attribute);
  }

  public static Target op(String continuable, String op, String attribute) {
    return new Target(continuable, Kind.OP, op, attribute);
  }
}
