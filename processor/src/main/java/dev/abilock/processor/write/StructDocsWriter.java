package dev.abilock.processor.write;

import dev.abilock.Compat;
import dev.abilock.core.model.Layout;
import dev.abilock.core.model.Op;
import dev.abilock.core.model.struct.Abi;
import dev.abilock.core.model.struct.Member;
import dev.abilock.core.model.struct.Pad;
import dev.abilock.core.model.struct.StructDecl;
import dev.abilock.core.model.struct.StructLayout;
import dev.abilock.core.model.struct.StructLayout.Hole;
import dev.abilock.core.model.struct.StructLayout.Placed;
import dev.abilock.core.model.struct.SubOp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Writes a struct's docs (design section 8): {@code <name>.md} with a byte-layout table per ABI and
 * the sub-op table with statuses, and {@code <name>.svg} drawing each ABI's bytes, pads and holes
 * visible, what differs between the ABIs outlined. Deterministic: no dates, no paths, {@code
 * Locale.ROOT}.
 */
public final class StructDocsWriter {
  private StructDocsWriter() {}

  private static final int BYTE_WIDTH = 28;
  private static final int ROW_HEIGHT = 44;
  private static final int LEFT = 90;

  public static String markdownName(StructDecl struct) {
    return markdownName(struct.name());
  }

  /** The page of the struct tagged {@code name}, which continuables' docs link to. */
  public static String markdownName(String name) {
    return name + ".md";
  }

  /**
   * An op whose continuation re-reads the struct ({@code @Op(reads)}).
   *
   * @param continuable the op's continuable, whose page is {@code <continuable>.md}
   * @param op the op's name
   * @param retired whether the op is retired
   */
  public record ReadBy(String continuable, String op, boolean retired) {}

  /** The ops of {@code layouts} that read the struct tagged {@code struct}, sorted. */
  public static List<ReadBy> readers(String struct, List<Layout> layouts) {
    List<ReadBy> readers = new ArrayList<>();
    for (Layout l : layouts) {
      for (Op op : l.ops()) {
        if (op.reads().contains(struct)) {
          readers.add(new ReadBy(l.name(), op.name(), op.isRetired()));
        }
      }
    }
    readers.sort(Comparator.comparing(ReadBy::continuable).thenComparing(ReadBy::op));
    return readers;
  }

  public static String svgName(StructDecl struct) {
    return struct.name() + ".svg";
  }

  /** Whether {@code name} falls elsewhere or takes other bytes on x86_32 than on x86_64. */
  private static boolean differs(StructDecl struct, String name) {
    if (struct.compat() == Compat.NONE) {
      return false;
    }
    Optional<Placed> a = struct.layoutOn(Abi.X86_64).placed(name);
    Optional<Placed> b = struct.layoutOn(Abi.X86_32).placed(name);
    if (a.isEmpty() || b.isEmpty()) {
      return a.isPresent() != b.isPresent();
    }
    return a.get().offset() != b.get().offset() || a.get().size() != b.get().size();
  }

  private static String status(StructDecl struct) {
    return struct.isRetired() ? struct.retired().describe() : "in use";
  }

  /** The Markdown page, for a struct no op reads. */
  public static String markdown(StructDecl struct) {
    return markdown(struct, List.of());
  }

  /** The Markdown page, linking to the pages of the ops that read the struct. */
  public static String markdown(StructDecl struct, List<ReadBy> readers) {
    StringBuilder md = new StringBuilder();
    md.append("# struct ").append(struct.name()).append("\n\n");
    md.append("Declared by `")
        .append(struct.className())
        .append("`; compat `")
        .append(struct.compat().name().toLowerCase(Locale.ROOT))
        .append("`; ")
        .append(status(struct))
        .append(".\n\n");
    md.append("![")
        .append(struct.name())
        .append(" byte layout](")
        .append(svgName(struct))
        .append(")\n\n");
    for (Abi abi : struct.abis()) {
      StructLayout l = struct.layoutOn(abi);
      md.append("## ")
          .append(abi.label())
          .append(": ")
          .append(l.size())
          .append(" bytes, aligned to ")
          .append(l.align())
          .append("\n\n");
      md.append("| bytes | name | kind | C type | status |\n|---|---|---|---|---|\n");
      List<String[]> rows = new ArrayList<>();
      for (Placed p : l.placed()) {
        String kind;
        String type;
        String st;
        if (p.slot() instanceof Member m) {
          kind = "member";
          type = m.type().name() + (m.align() > 0 ? " align " + m.align() : "");
          st = m.isRetired() ? m.retired().describe() + "; bytes reserved" : "in use";
        } else {
          Pad pad = (Pad) p.slot();
          kind = (pad.trailing() ? "trailing pad" : "pad");
          type = "uint8_t[" + p.size() + "]";
          st = pad.mustBeZero() ? "must be zero" : "ignored";
        }
        String name = "`" + p.slot().name() + "`";
        if (differs(struct, p.slot().name())) {
          name += " (differs between ABIs)";
        }
        rows.add(new String[] {range(p.offset(), p.end()), name, kind, type, st, "" + p.offset()});
      }
      for (Hole h : l.holes()) {
        rows.add(
            new String[] {
              range(h.from(), h.to() + 1), "(hole)", "undeclared", "", "an error", "" + h.from()
            });
      }
      rows.sort(Comparator.comparingInt(r -> Integer.parseInt(r[5])));
      for (String[] r : rows) {
        md.append("| ")
            .append(r[0])
            .append(" | ")
            .append(r[1])
            .append(" | ")
            .append(r[2])
            .append(" | ")
            .append(r[3])
            .append(" | ")
            .append(r[4])
            .append(" |\n");
      }
      md.append('\n');
    }
    if (!struct.subOps().isEmpty()) {
      md.append("## Sub-ops\n\n| member | value | name | status |\n|---|---|---|---|\n");
      List<SubOp> subOps = new ArrayList<>(struct.subOps());
      subOps.sort(
          Comparator.comparing(SubOp::member)
              .thenComparingLong(SubOp::value)
              .thenComparing(SubOp::name));
      for (SubOp s : subOps) {
        md.append("| `")
            .append(s.member())
            .append("` | ")
            .append(s.value())
            .append(" | `")
            .append(s.name())
            .append('`')
            .append(
                s.aliases().isEmpty() ? "" : " (formerly " + String.join(", ", s.aliases()) + ")")
            .append(" | ")
            .append(s.isRetired() ? s.retired().describe() + "; value reserved" : "in use")
            .append(" |\n");
      }
      md.append('\n');
    }
    if (!readers.isEmpty()) {
      md.append("## Read by\n\n");
      md.append(
          "A guest may be migrated while one of these ops is preempted: the image it left in memory"
              + " is read again by the release it lands on.\n\n");
      for (ReadBy r : readers) {
        md.append("- `")
            .append(r.op())
            .append("` of [")
            .append(r.continuable())
            .append("](")
            .append(DocsWriter.markdownName(r.continuable()))
            .append(')')
            .append(r.retired() ? " (retired)" : "")
            .append('\n');
      }
      md.append('\n');
    }
    return md.toString();
  }

  private static String range(int from, int end) {
    return end - from <= 1 ? "" + from : from + ".." + (end - 1);
  }

  /** The SVG diagram: one row of bytes per ABI. */
  public static String svg(StructDecl struct) {
    List<Abi> abis = struct.abis();
    int maxSize = abis.stream().mapToInt(a -> struct.layoutOn(a).size()).max().orElse(0);
    int width = LEFT + Math.max(1, maxSize) * BYTE_WIDTH + 20;
    int height = 40 + abis.size() * (ROW_HEIGHT + 24) + 30;
    StringBuilder svg = new StringBuilder();
    svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(width)
        .append("\" height=\"")
        .append(height)
        .append("\" font-family=\"monospace\" font-size=\"11\">\n");
    svg.append("  <title>struct ").append(escape(struct.name())).append(" byte layout</title>\n");
    svg.append("  <rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    svg.append("  <text x=\"8\" y=\"20\" font-size=\"13\">struct ")
        .append(escape(struct.name()))
        .append(" (")
        .append(struct.compat().name().toLowerCase(Locale.ROOT))
        .append(")</text>\n");
    int y = 40;
    for (Abi abi : abis) {
      StructLayout l = struct.layoutOn(abi);
      svg.append("  <text x=\"8\" y=\"")
          .append(y + ROW_HEIGHT / 2 + 4)
          .append("\">")
          .append(abi.label())
          .append("</text>\n");
      for (int i = 0; i < l.size(); i++) {
        svg.append("  <text x=\"")
            .append(LEFT + i * BYTE_WIDTH + 2)
            .append("\" y=\"")
            .append(y - 3)
            .append("\" font-size=\"8\" fill=\"#666\">")
            .append(i)
            .append("</text>\n");
      }
      for (Placed p : l.placed()) {
        boolean pad = p.slot() instanceof Pad;
        String fill = pad ? "#dddddd" : "#cfe3ff";
        if (p.slot() instanceof Member m && m.isRetired()) {
          fill = "#eeeeee";
        }
        box(svg, y, p.offset(), p.size(), fill, differs(struct, p.slot().name()), p.slot().name());
      }
      for (Hole h : l.holes()) {
        box(svg, y, h.from(), h.size(), "#ffb3b3", false, "hole");
      }
      y += ROW_HEIGHT + 24;
    }
    svg.append("  <text x=\"8\" y=\"")
        .append(y)
        .append("\" font-size=\"9\">blue: member; grey: pad; red: undeclared hole;")
        .append(" orange outline: differs between ABIs</text>\n");
    return svg.append("</svg>\n").toString();
  }

  private static void box(
      StringBuilder svg, int y, int offset, int size, String fill, boolean differs, String label) {
    svg.append("  <rect x=\"")
        .append(LEFT + offset * BYTE_WIDTH)
        .append("\" y=\"")
        .append(y)
        .append("\" width=\"")
        .append(size * BYTE_WIDTH)
        .append("\" height=\"")
        .append(ROW_HEIGHT)
        .append("\" fill=\"")
        .append(fill)
        .append("\" stroke=\"")
        .append(differs ? "#ff8c00" : "black")
        .append("\" stroke-width=\"")
        .append(differs ? 3 : 1)
        .append("\"/>\n");
    svg.append("  <text x=\"")
        .append(LEFT + offset * BYTE_WIDTH + 3)
        .append("\" y=\"")
        .append(y + ROW_HEIGHT / 2 + 4)
        .append("\">")
        .append(escape(label))
        .append("</text>\n");
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
