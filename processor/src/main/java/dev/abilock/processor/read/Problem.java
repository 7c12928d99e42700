package dev.abilock.processor.read;

/**
 * A declaration error, to be reported at {@code site}, on {@code attribute} when it is written in
 * the source (else on the annotation).
 *
 * @param element overrides the annotation value as the position, e.g. one entry of {@code continues}
 */
public record Problem(Site site, String attribute, javax.lang.model.element.AnnotationValue element, String message) {
  public static Problem at(Site site, String attribute, String message) {
    return new Problem(site, attribute, null, message);
  }
}
