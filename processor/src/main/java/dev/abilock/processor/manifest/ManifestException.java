package dev.abilock.processor.manifest;

import java.util.List;

/** A manifest that cannot be read; each problem names its line ({@code line 12: ...}). */
public final class ManifestException extends Exception {
  private static final long serialVersionUID = 1L;
  private final List<String> problems;

  public ManifestException(List<String> problems) {
    super(String.join("\n", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
