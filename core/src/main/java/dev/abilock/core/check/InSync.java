package dev.abilock.core.check;

import dev.abilock.core.ManifestMessage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Gate A's view of a stale manifest: which fact lines differ from what the sources call for. */
public final class InSync {
  /** Lines shown at most before the rest is counted: a message stays readable after a big edit. */
  public static final int MAX_DIFF_LINES = 40;

  private InSync() {}

  /**
   * Lines only in {@code before} ({@code - }) and only in {@code after} ({@code + }), in file
   * order; comments are left out, they carry no fact.
   */
  public static List<String> diff(String before, String after) {
    List<String> a = List.of(before.split("\n"));
    List<String> b = List.of(after.split("\n"));
    Set<String> inA = new HashSet<>(a);
    Set<String> inB = new HashSet<>(b);
    List<String> out = new ArrayList<>();
    a.stream().filter(l -> !inB.contains(l) && isFact(l)).forEach(l -> out.add("- " + l));
    b.stream().filter(l -> !inA.contains(l) && isFact(l)).forEach(l -> out.add("+ " + l));
    return out;
  }

  /** The first {@link #MAX_DIFF_LINES} lines, and how many more there are. */
  public static List<String> cap(List<String> lines) {
    if (lines.size() <= MAX_DIFF_LINES) {
      return lines;
    }
    List<String> out = new ArrayList<>(lines.subList(0, MAX_DIFF_LINES));
    out.add(ManifestMessage.MANIFEST_MORE_LINES.text(lines.size() - MAX_DIFF_LINES));
    return out;
  }

  /**
   * {@code diff} as shown under a message, indented and capped; when no entry differs (the file was
   * reordered or its comments edited), says so rather than showing nothing.
   */
  public static String show(List<String> diff) {
    return "  "
        + (diff.isEmpty()
            ? ManifestMessage.MANIFEST_ONLY_FORMAT.text()
            : String.join("\n  ", cap(diff)));
  }

  private static boolean isFact(String line) {
    return !line.isBlank() && !line.startsWith("#");
  }
}
