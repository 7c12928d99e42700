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
 */
record Options(String manifest, String mode, String release, String headers, String docs) {
  static final String MANIFEST = "abilock.manifest";
  static final String MODE = "abilock.mode";
  static final String RELEASE = "abilock.release";
  static final String HEADERS = "abilock.headers";
  static final String DOCS = "abilock.docs";
  static final Set<String> ALL = Set.of(MANIFEST, MODE, RELEASE, HEADERS, DOCS);

  static Options of(Map<String, String> options) {
    String mode = value(options, MODE);
    return new Options(value(options, MANIFEST), mode == null ? "check" : mode, value(options, RELEASE),
        value(options, HEADERS), value(options, DOCS));
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
