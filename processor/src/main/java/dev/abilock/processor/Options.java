package dev.abilock.processor;

import java.util.Map;
import java.util.Set;

/**
 * The processor options ({@code -Aabilock.*}), as given: trimmed, a blank value read as absent.
 * {@link Gates} judges them, since whether a missing manifest is an error depends on what the
 * compile declares.
 *
 * @param manifest path of the manifest, or {@code null}
 * @param mode {@code check} (also when blank), {@code update}, or anything else the user wrote
 * @param release release label to publish drafts at, or {@code null}
 * @param headers folder for the C headers, or {@code null}
 * @param docs folder for the docs, or {@code null}
 * @param stale what a stale or missing manifest is in check mode: {@code error} (also when blank),
 *     {@code warning} (the Maven plugin's {@code check} goal fails the build at {@code verify}), or
 *     anything else the user wrote
 */
record Options(String manifest, String mode, String release, String headers, String docs, String stale) {
  static final String MANIFEST = "abilock.manifest";
  static final String MODE = "abilock.mode";
  static final String RELEASE = "abilock.release";
  static final String HEADERS = "abilock.headers";
  static final String DOCS = "abilock.docs";
  static final String STALE = "abilock.stale";
  static final Set<String> ALL = Set.of(MANIFEST, MODE, RELEASE, HEADERS, DOCS, STALE);

  static Options of(Map<String, String> options) {
    String mode = value(options, MODE);
    String stale = value(options, STALE);
    return new Options(value(options, MANIFEST), mode == null ? "check" : mode, value(options, RELEASE),
        value(options, HEADERS), value(options, DOCS), stale == null ? "error" : stale);
  }

  /** A stale manifest only warns: the build tool's own check fails the build later. */
  boolean staleWarns() {
    return stale.equals("warning");
  }

  boolean validStale() {
    return stale.equals("error") || stale.equals("warning");
  }

  boolean update() {
    return mode.equals("update");
  }

  boolean validMode() {
    return mode.equals("check") || mode.equals("update");
  }

  private static String value(Map<String, String> options, String key) {
    String v = options.get(key);
    return v == null || v.isBlank() ? null : v.trim();
  }
}
