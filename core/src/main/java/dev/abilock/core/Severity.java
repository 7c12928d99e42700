package dev.abilock.core;

/**
 * What kind of text a catalogue entry is. Front ends map it to their own channel: javac's {@code
 * Diagnostic.Kind}, a Maven log level, the CLI's standard error or output.
 */
public enum Severity {
  /** Fails the build, or makes the CLI exit with an error. */
  ERROR,
  /** Worth a look; nothing fails. */
  WARNING,
  /** Information: what abilock:update wrote, what was retired. */
  NOTE,
  /** Part of another message or of a report (a witness, a summary line); printed without an id. */
  TEXT
}
