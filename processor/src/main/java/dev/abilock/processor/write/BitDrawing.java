package dev.abilock.processor.write;

import dev.abilock.core.model.Field;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Draws a word as register diagrams in hardware manuals do: boxes labelled with field names under
 * their bit numbers, most significant bit on the left, unused bits as boxes of {@code 0}.
 *
 * <pre>
 *  63                                   6 5    0
 * +--------------------------------------+------+
 * |             start_extent             | cmd  |
 * +--------------------------------------+------+
 * </pre>
 */
public final class BitDrawing {
  private BitDrawing() {}

  /** A run of bits, from {@code hi} down to {@code lo}, holding a field or zeros ({@code "0"}). */
  public record Segment(int hi, int lo, String label) {}

  /**
   * The word from its top bit down: {@code fields} (which must not overlap) and the zero runs
   * between.
   */
  public static List<Segment> segments(List<Field> fields, int width, boolean compat) {
    List<Segment> segments = new ArrayList<>();
    int top = width - 1;
    for (Field f :
        fields.stream().sorted(Comparator.comparingInt(Field::shift).reversed()).toList()) {
      int bits = compat ? f.compatBits() : f.bits();
      if (bits == 0) {
        continue;
      }
      int hi = f.shift() + bits - 1;
      if (hi < top) {
        segments.add(new Segment(top, hi + 1, "0"));
      }
      segments.add(new Segment(hi, f.shift(), f.name()));
      top = f.shift() - 1;
    }
    if (top >= 0) {
      segments.add(new Segment(top, 0, "0"));
    }
    return segments;
  }

  /**
   * The diagram of {@code fields} (which must not overlap) in a {@code width}-bit word; each field
   * spans {@code compat ? compatBits : bits}.
   */
  public static List<String> draw(List<Field> fields, int width, boolean compat) {
    List<Segment> segments = segments(fields, width, compat);
    StringBuilder ruler = new StringBuilder(" ");
    StringBuilder border = new StringBuilder("+");
    StringBuilder labels = new StringBuilder("|");
    for (Segment s : segments) {
      String hi = Integer.toString(s.hi());
      String lo = Integer.toString(s.lo());
      int inner =
          Math.max(
              s.label().length() + 2,
              s.hi() == s.lo() ? hi.length() + 1 : hi.length() + lo.length() + 2);
      if (s.hi() == s.lo()) {
        ruler.append(hi).append(" ".repeat(inner + 1 - hi.length()));
      } else {
        ruler
            .append(hi)
            .append(" ".repeat(inner - hi.length() - lo.length()))
            .append(lo)
            .append(' ');
      }
      border.append("-".repeat(inner)).append('+');
      int left = (inner - s.label().length()) / 2;
      labels
          .append(" ".repeat(left))
          .append(s.label())
          .append(" ".repeat(inner - left - s.label().length()))
          .append('|');
    }
    return List.of(
        ruler.toString().stripTrailing(), border.toString(), labels.toString(), border.toString());
  }
}
