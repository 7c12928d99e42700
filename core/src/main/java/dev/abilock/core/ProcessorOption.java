package dev.abilock.core;

import java.util.Locale;

/**
 * The annotation processor's options ({@code -Aabilock.*}): the keys the compiler reads and the
 * Maven plugin passes, and the values they take where those are a fixed set.
 */
public enum ProcessorOption {
  /** Path of the manifest. */
  MANIFEST,
  /** How the manifest's path was set, for messages that name it (the Maven plugin passes it). */
  MANIFEST_ORIGIN,
  /** {@link Mode}: whether a stale manifest fails or is rewritten. */
  MODE,
  /** A release label to publish every draft at (update only). */
  RELEASE,
  /** A folder to write the C headers to. */
  HEADERS,
  /** A folder to write the Markdown and SVG docs to. */
  DOCS,
  /** {@link Stale}: what a stale or missing manifest is in check mode. */
  STALE;

  /** The option's name: {@code abilock.manifest}. */
  public String key() {
    return "abilock." + name().toLowerCase(Locale.ROOT).replace('_', '.');
  }

  /**
   * The option set to {@code value}, as javac's {@code -A} takes it: {@code abilock.mode=update}.
   */
  public String is(Object value) {
    return key() + "=" + value;
  }

  /** The values of {@link #MODE}. */
  public enum Mode {
    /** The default: fail when the manifest is stale. */
    CHECK,
    /** Rewrite the manifest from the sources. */
    UPDATE;

    /** As written in the option: {@code update}. */
    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The values of {@link #STALE}. */
  public enum Stale {
    /** The default: a stale manifest fails the compile. */
    ERROR,
    /** Only a warning: the Maven plugin's {@code check} goal fails the build at {@code verify}. */
    WARNING;

    /** As written in the option: {@code warning}. */
    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
