package dev.abilock.core;

import java.util.Locale;

/**
 * A catalogue entry: a text abilock prints, with a stable id and its {@link Severity}. Each stage
 * that speaks keeps its own catalogue, an enum implementing this ({@link DeclarationMessage},
 * {@link ManifestMessage}, {@link GateMessage} and {@link DiffMessage} in core, listed by {@link
 * CoreCatalogue}; the review's and the Maven plugin's for their own lines), so every text is
 * formatted the same way and every id is derived from the constant's name the same way.
 */
public interface CatalogueEntry {
  /**
   * What an entry says.
   *
   * @param severity what kind of text this is: an error, a warning, a note, or text printed inside
   *     another message
   * @param template the text, with a {@link java.util.Formatter} conversion for each fact
   */
  record Text(Severity severity, String template) {}

  /** The enum constant's name: {@code FIELD_OUTSIDE_WORD}. */
  String name();

  /** What the entry says. */
  Text entry();

  /**
   * What kind of text this is: an error, a warning, a note, or text printed inside another message.
   */
  default Severity severity() {
    return entry().severity();
  }

  /** The text, with a {@link java.util.Formatter} conversion for each fact. */
  default String template() {
    return entry().template();
  }

  /** Stable id, as printed in brackets: {@code field-outside-word}. */
  default String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * The text with {@code …} for each fact: how the rule reads in a list of rules (SARIF's rule
   * descriptions).
   */
  default String pattern() {
    return template().replaceAll("%[-#+ 0,(]*[0-9]*(?:\\.[0-9]+)?[a-zA-Z]", "…");
  }

  /** The message alone, without its id: a fragment of another message, a summary or a heading. */
  default String text(Object... args) {
    return String.format(Locale.ROOT, template(), args);
  }

  /** The message with its id, about one continuable: {@code [field-shifted] memory_op: ...}. */
  default String formatFor(String continuable, Object... args) {
    return "[" + id() + "] " + continuable + ": " + text(args);
  }

  /** The message with its id: {@code [field-outside-word] ...}. */
  default String format(Object... args) {
    return "[" + id() + "] " + text(args);
  }
}
