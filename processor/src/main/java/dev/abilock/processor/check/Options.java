package dev.abilock.processor.check;

import static dev.abilock.core.ManifestMessage.BAD_MODE;
import static dev.abilock.core.ManifestMessage.BAD_RELEASE;
import static dev.abilock.core.ManifestMessage.BAD_STALE;
import static dev.abilock.core.ManifestMessage.EMPTY_RELEASE;
import static dev.abilock.core.ManifestMessage.MANIFEST_SET_BY_OPTION;
import static dev.abilock.core.ManifestMessage.RELEASE_NEEDS_UPDATE;

import dev.abilock.core.ProcessorOption;
import dev.abilock.core.ProcessorOption.Mode;
import dev.abilock.core.ProcessorOption.Stale;
import dev.abilock.core.manifest.Release;
import dev.abilock.processor.Reporter;
import java.util.Map;
import java.util.Set;

/**
 * The processor options ({@code -Aabilock.*}), as given: trimmed, a blank value read as absent,
 * except a release label: an empty one is a mistake to refuse, not a request to publish nothing.
 * Whether a missing manifest is an error depends on what the compile declares, so {@link Gates}
 * judges that one; {@link #valid} judges the rest.
 *
 * @param manifest path of the manifest, or {@code null}
 * @param manifestOrigin where the manifest's path was set, as messages name it: {@code
 *     -Aabilock.manifest} unless the one who runs the processor says otherwise (the Maven plugin
 *     passes its own parameter's origin)
 * @param mode {@code check} (also when blank), {@code update}, or anything else the user wrote
 * @param release release label to publish drafts at, {@code null} when absent, empty when given
 *     empty
 * @param headers folder for the C headers, or {@code null}
 * @param docs folder for the docs, or {@code null}
 * @param stale what a stale or missing manifest is in check mode: {@code error} (also when blank),
 *     {@code warning} (the Maven plugin's {@code check} goal fails the build at {@code verify}), or
 *     anything else the user wrote
 */
public record Options(
    String manifest,
    String manifestOrigin,
    String mode,
    String release,
    String headers,
    String docs,
    String stale) {
  static final String MANIFEST = ProcessorOption.MANIFEST.key();
  static final String MANIFEST_ORIGIN = ProcessorOption.MANIFEST_ORIGIN.key();
  static final String MODE = ProcessorOption.MODE.key();
  static final String RELEASE = ProcessorOption.RELEASE.key();
  static final String HEADERS = ProcessorOption.HEADERS.key();
  static final String DOCS = ProcessorOption.DOCS.key();
  static final String STALE = ProcessorOption.STALE.key();
  public static final Set<String> ALL =
      Set.of(MANIFEST, MANIFEST_ORIGIN, MODE, RELEASE, HEADERS, DOCS, STALE);

  public static Options of(Map<String, String> options) {
    String mode = value(options, MODE);
    String stale = value(options, STALE);
    String origin = value(options, MANIFEST_ORIGIN);
    // javac maps -Aabilock.release (no '=') to null: given, and empty.
    String release =
        options.containsKey(RELEASE) && value(options, RELEASE) == null
            ? ""
            : value(options, RELEASE);
    return new Options(
        value(options, MANIFEST),
        origin == null ? MANIFEST_SET_BY_OPTION.text() : origin,
        mode == null ? Mode.CHECK.toString() : mode,
        release,
        value(options, HEADERS),
        value(options, DOCS),
        stale == null ? Stale.ERROR.toString() : stale);
  }

  /** Whether mode, stale and release make sense together; reports the first that does not. */
  boolean valid(Reporter reporter) {
    if (!mode.equals(Mode.CHECK.toString()) && !update()) {
      reporter.report(BAD_MODE, mode);
      return false;
    }
    if (!stale.equals(Stale.ERROR.toString()) && !staleWarns()) {
      reporter.report(BAD_STALE, stale);
      return false;
    }
    if (release != null && release.isEmpty()) {
      reporter.report(EMPTY_RELEASE);
      return false;
    }
    if (release != null && !Release.orders(release)) {
      reporter.report(BAD_RELEASE, release);
      return false;
    }
    if (release != null && !update()) {
      reporter.report(RELEASE_NEEDS_UPDATE, release, release);
      return false;
    }
    return true;
  }

  /** A stale manifest only warns: the build tool's own check fails the build later. */
  boolean staleWarns() {
    return stale.equals(Stale.WARNING.toString());
  }

  boolean update() {
    return mode.equals(Mode.UPDATE.toString());
  }

  private static String value(Map<String, String> options, String key) {
    String v = options.get(key);
    return v == null || v.isBlank() ? null : v.trim();
  }
}
