package dev.abilock.processor.read;

import dev.abilock.core.CatalogueEntry;
import javax.lang.model.element.AnnotationValue;

/**
 * A declaration error, to be reported at {@code site}, on {@code attribute} when it is written in
 * the source (else on the annotation).
 *
 * @param element overrides the annotation value as the position, e.g. one entry of {@code
 *     continues}
 * @param rule the catalogue entry
 * @param message the entry formatted with its facts and id
 */
public record Problem(
    Site site, String attribute, AnnotationValue element, CatalogueEntry rule, String message) {
  public static Problem at(Site site, String attribute, CatalogueEntry rule, Object... args) {
    return new Problem(site, attribute, null, rule, rule.format(args));
  }

  /** A problem on one element of an array attribute, such as one entry of {@code continues}. */
  public static Problem on(
      Site site, String attribute, AnnotationValue element, CatalogueEntry rule, Object... args) {
    return new Problem(site, attribute, element, rule, rule.format(args));
  }
}
