package dev.abilock.processor;

import dev.abilock.core.CatalogueEntry;
import dev.abilock.core.Severity;
import dev.abilock.processor.read.Problem;
import dev.abilock.processor.read.Site;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * The one way abilock speaks to javac. Every diagnostic is a catalogue entry, printed with its id
 * and of the kind the entry carries, and placed on the element, annotation and attribute it is
 * about when there is one (so that the caret lands on {@code bits = 7}).
 */
public final class Reporter {
  private final Messager messager;
  private boolean errors;

  public Reporter(Messager messager) {
    this.messager = messager;
  }

  /** Whether an error was reported. */
  public boolean hadErrors() {
    return errors;
  }

  /** {@code rule} with its facts, not about one source element. */
  public void report(CatalogueEntry rule, Object... args) {
    print(rule, rule.format(args), null, null);
  }

  /** {@code rule} with its facts, on {@code site}'s annotation ({@code null}: no position). */
  public void report(Site site, CatalogueEntry rule, Object... args) {
    print(rule, rule.format(args), site, null);
  }

  /** A declaration error, on its attribute when the source writes it. */
  public void report(Problem p) {
    AnnotationValue value =
        p.element() != null
            ? p.element()
            : p.attribute() == null ? null : p.site().written(p.attribute());
    print(p.rule(), p.message(), p.site(), value);
  }

  /** {@code rule} with its facts, on {@code element} itself (a class whose processing failed). */
  public void report(Element element, CatalogueEntry rule, Object... args) {
    messager.printMessage(kind(rule), rule.format(args), element);
    errors |= rule.severity() == Severity.ERROR;
  }

  /**
   * A message already rendered from {@code rule} (a gate B break with its witness and advice), on
   * {@code value} of {@code site} when both are given.
   */
  public void print(CatalogueEntry rule, String text, Site site, AnnotationValue value) {
    Diagnostic.Kind kind = kind(rule);
    errors |= rule.severity() == Severity.ERROR;
    if (site == null) {
      messager.printMessage(kind, text);
    } else {
      messager.printMessage(kind, text, site.element(), site.annotation(), value);
    }
  }

  private static Diagnostic.Kind kind(CatalogueEntry rule) {
    return switch (rule.severity()) {
      case ERROR -> Diagnostic.Kind.ERROR;
      case WARNING -> Diagnostic.Kind.WARNING;
      case NOTE, TEXT -> Diagnostic.Kind.NOTE;
    };
  }
}
