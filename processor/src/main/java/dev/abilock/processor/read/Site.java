package dev.abilock.processor.read;

import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.util.ElementFilter;

/**
 * Where a declaration lives in the sources: an element and the abilock annotation on it, so that
 * a message can point at the exact attribute ({@code bits = 7}) rather than the class.
 */
public record Site(Element element, AnnotationMirror annotation) {

  /** The attribute's value as written in the source, or {@code null} if it is left at its default. */
  public AnnotationValue written(String attribute) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e :
        annotation.getElementValues().entrySet()) {
      if (e.getKey().getSimpleName().contentEquals(attribute)) {
        return e.getValue();
      }
    }
    return null;
  }

  /** The attribute's value, written or default. */
  public Object value(String attribute) {
    AnnotationValue written = written(attribute);
    if (written != null) {
      return written.getValue();
    }
    for (ExecutableElement method : ElementFilter.methodsIn(annotation.getAnnotationType().asElement().getEnclosedElements())) {
      if (method.getSimpleName().contentEquals(attribute) && method.getDefaultValue() != null) {
        return method.getDefaultValue().getValue();
      }
    }
    throw new IllegalArgumentException("no attribute " + attribute + " on " + annotation);
  }

  public int intValue(String attribute) {
    return ((Number) value(attribute)).intValue();
  }

  public String stringValue(String attribute) {
    return (String) value(attribute);
  }

  /** An enum attribute's constant name. */
  public String enumValue(String attribute) {
    return ((Element) value(attribute)).getSimpleName().toString();
  }

  /** A {@code String[]} attribute, with the source value of each element for precise messages. */
  @SuppressWarnings("unchecked")
  public List<AnnotationValue> arrayValue(String attribute) {
    return (List<AnnotationValue>) value(attribute);
  }
}
