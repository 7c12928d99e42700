package dev.abilock.processor.read;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.util.ElementFilter;

/**
 * Where a declaration lives in the sources: an element and the abilock annotation on it, so that a
 * message can point at the exact attribute ({@code bits = 7}) rather than the class.
 */
public record Site(Element element, AnnotationMirror annotation) {

  /**
   * The attribute's value as written in the source, or {@code null} if it is left at its default.
   */
  public AnnotationValue written(String attribute) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e :
        annotation.getElementValues().entrySet()) {
      if (e.getKey().getSimpleName().contentEquals(attribute)) {
        return e.getValue();
      }
    }
    return null;
  }

  /**
   * An attribute javac could not give a usable value: required but missing, or written with a value
   * javac rejected (wrong type, unknown constant). javac reports those itself; the reader turns
   * this into one declaration error so that nothing is written, instead of crashing. It only
   * happens when javac runs processors despite such errors (for example with {@code
   * --should-stop=ifError=FLOW}, as Error Prone setups do).
   */
  public static final class Unreadable extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Site site;
    private final String attribute;
    private final boolean written;

    public Unreadable(Site site, String attribute, boolean written) {
      super(
          "@"
              + site.annotation().getAnnotationType().asElement().getSimpleName()
              + "."
              + attribute
              + (written ? " has an erroneous value" : " is missing"),
          null,
          false,
          false);
      this.site = site;
      this.attribute = attribute;
      this.written = written;
    }

    public Site site() {
      return site;
    }

    public String attribute() {
      return attribute;
    }

    /** Whether the attribute is written in the source (with a value javac rejected). */
    public boolean written() {
      return written;
    }
  }

  /**
   * Whether {@code value} is javac's placeholder for a value it rejected. Its {@code toString()} is
   * {@code <error>}, which no well-formed value prints (a string constant prints quoted).
   */
  private static boolean erroneous(AnnotationValue value) {
    return "<error>".equals(String.valueOf(value));
  }

  /** The attribute's value, written or default; {@link Unreadable} if javac has none. */
  public Object value(String attribute) {
    AnnotationValue written = written(attribute);
    if (written != null) {
      if (erroneous(written) || written.getValue() == null) {
        throw new Unreadable(this, attribute, true);
      }
      return written.getValue();
    }
    for (ExecutableElement method :
        ElementFilter.methodsIn(annotation.getAnnotationType().asElement().getEnclosedElements())) {
      if (method.getSimpleName().contentEquals(attribute)) {
        if (method.getDefaultValue() == null) {
          throw new Unreadable(this, attribute, false);
        }
        return method.getDefaultValue().getValue();
      }
    }
    throw new IllegalArgumentException("no attribute " + attribute + " on " + annotation);
  }

  public int intValue(String attribute) {
    if (value(attribute) instanceof Integer i) {
      return i;
    }
    throw new Unreadable(this, attribute, true);
  }

  public String stringValue(String attribute) {
    if (value(attribute) instanceof String s) {
      return s;
    }
    throw new Unreadable(this, attribute, true);
  }

  /** An enum attribute's constant name. */
  public String enumValue(String attribute) {
    if (value(attribute) instanceof Element e && e.getKind() == ElementKind.ENUM_CONSTANT) {
      return e.getSimpleName().toString();
    }
    throw new Unreadable(this, attribute, true);
  }

  /**
   * A {@code String[]} attribute, with the source value of each element for precise messages; every
   * element's {@link AnnotationValue#getValue()} is a {@code String}.
   */
  public List<AnnotationValue> arrayValue(String attribute) {
    if (!(value(attribute) instanceof List<?> list)) {
      throw new Unreadable(this, attribute, true);
    }
    List<AnnotationValue> entries = new ArrayList<>();
    for (Object o : list) {
      if (!(o instanceof AnnotationValue entry)
          || erroneous(entry)
          || !(entry.getValue() instanceof String)) {
        throw new Unreadable(this, attribute, true);
      }
      entries.add(entry);
    }
    return List.copyOf(entries);
  }
}
