package dev.abilock.processor.manifest;

import dev.abilock.Encoding;
import dev.abilock.processor.manifest.Fact.CompatWidthFact;
import dev.abilock.processor.manifest.Fact.ContinuableFact;
import dev.abilock.processor.manifest.Fact.ContinuesFact;
import dev.abilock.processor.manifest.Fact.FieldFact;
import dev.abilock.processor.manifest.Fact.OpFact;
import dev.abilock.processor.manifest.Fact.WidthFact;
import dev.abilock.processor.model.Bits;
import dev.abilock.processor.model.Field;
import dev.abilock.processor.model.Layout;
import dev.abilock.processor.model.Op;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a manifest strictly: every problem is reported with its line, and nothing half-read is
 * ever used. CRLF line ends and a UTF-8 byte order mark are accepted (a Windows checkout).
 */
public final class ManifestParser {
  private static final int MAX_PROBLEMS = 20;
  private static final Pattern HEADER = Pattern.compile("# abilock manifest (\\S+)");
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");
  /**
   * A Java identifier (op constants and classes may use any Unicode letter), without the control
   * and format characters Java ignores in identifiers: a manifest line never holds those.
   */
  private static final String IDENTIFIER =
      "[\\p{javaJavaIdentifierStart}&&[^\\p{Cc}\\p{Cf}]][\\p{javaJavaIdentifierPart}&&[^\\p{Cc}\\p{Cf}]]*";
  private static final Pattern JAVA_NAME = Pattern.compile(IDENTIFIER);
  private static final Pattern CLASS_NAME = Pattern.compile(IDENTIFIER + "(\\." + IDENTIFIER + ")*");
  private static final Pattern RANGE = Pattern.compile("(0|[1-9][0-9]?)\\.\\.(0|[1-9][0-9]?)");
  private static final Pattern HEX = Pattern.compile("0x([0-9a-f]+)");
  private static final Pattern CODE = Pattern.compile("0|[1-9][0-9]{0,9}");

  private final List<String> problems = new ArrayList<>();
  private final List<Line> lines = new ArrayList<>();
  private final Map<String, Line> byKey = new HashMap<>();
  /** The op line of each code, by continuable and code. */
  private final Map<String, Line> byCode = new HashMap<>();
  private final Map<String, Integer> widths = new HashMap<>();
  private String continuable;
  private int number;
  private String rawLine;
  /** The native opcode line of each continuable, to refuse a second one without a scan. */
  private final Map<String, Line> opcodes = new HashMap<>();

  private ManifestParser() {}

  /** Parses the bytes of a manifest file. */
  public static Manifest parse(byte[] bytes) throws ManifestException {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new ManifestException(List.of("line " + lineOfInvalidByte(bytes)
          + ": not UTF-8 text; a manifest is plain text written by abilock"));
    }
    return parse(text);
  }

  /** Parses the text of a manifest file. */
  public static Manifest parse(String text) throws ManifestException {
    return new ManifestParser().read(normalize(text));
  }

  /** The text with a leading byte order mark removed and CRLF turned into LF. */
  public static String normalize(String text) {
    String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
    return t.replace("\r\n", "\n");
  }

  private Manifest read(String text) throws ManifestException {
    if (text.isBlank()) {
      throw new ManifestException(List.of("line 1: the file is empty; expected '" + Manifest.HEADER + "'"));
    }
    String[] raw = text.split("\n", -1);
    boolean finalNewline = text.endsWith("\n");
    int count = finalNewline ? raw.length - 1 : raw.length;
    Matcher header = HEADER.matcher(raw[0]);
    if (!header.matches()) {
      throw new ManifestException(List.of("line 1: not an abilock manifest; expected '" + Manifest.HEADER + "'"));
    }
    if (!header.group(1).equals("1")) {
      throw new ManifestException(List.of("line 1: unknown manifest format version " + header.group(1)
          + "; this abilock reads version 1 (a newer abilock wrote it?)"));
    }
    int trailer = -1;
    for (number = 2; number <= count && problems.size() < MAX_PROBLEMS; number++) {
      String line = raw[number - 1];
      if (trailer > 0) {
        if (!line.isBlank()) {
          problem("text after '" + Manifest.TRAILER + "' (line " + trailer + ")");
        }
        continue;
      }
      if (isConflictMarker(line)) {
        problem("merge conflict marker '" + line.substring(0, 7) + "': resolve the conflict, keeping every published line, then run update mode");
      } else if (line.equals(Manifest.TRAILER)) {
        trailer = number;
      } else if (line.startsWith("#") || line.isBlank()) {
        continue;
      } else {
        readLine(line);
      }
    }
    if (problems.isEmpty() && trailer < 0) {
      problems.add("line " + count + ": the manifest is truncated: it must end with the line '" + Manifest.TRAILER + "'");
    } else if (problems.isEmpty() && !finalNewline) {
      problems.add("line " + count + ": the manifest ends without a line break after '" + Manifest.TRAILER
          + "' (cut short?); a manifest ends with a newline");
    }
    if (!problems.isEmpty()) {
      throw new ManifestException(problems);
    }
    checkComplete();
    return new Manifest(lines);
  }

  private static boolean isConflictMarker(String line) {
    return line.startsWith("<<<<<<<") || line.startsWith(">>>>>>>") || line.startsWith("=======")
        || line.startsWith("|||||||");
  }

  private void readLine(String line) {
    rawLine = line;
    boolean indented = line.startsWith("  ");
    String[] t = line.trim().split(" +");
    int statusAt = statusStart(t);
    if (statusAt < 0) {
      return;
    }
    Status status = t[statusAt].equals("draft") ? Status.DRAFT : Status.published(t[statusAt + 1]);
    String[] f = Arrays.copyOf(t, statusAt);
    if (f[0].equals("continuable")) {
      if (indented) {
        problem("a continuable line is not indented");
        return;
      }
      readContinuable(f, status);
      return;
    }
    if (!indented) {
      problem("'" + f[0] + "' must be indented under its continuable line");
      return;
    }
    if (continuable == null) {
      problem("'" + f[0] + "' comes before any continuable line");
      return;
    }
    switch (f[0]) {
      case "width" -> readWidth(f, status, false);
      case "compat-width" -> readWidth(f, status, true);
      case "opcode", "field" -> readField(f, status);
      case "op" -> readOp(f, status);
      default -> problem("unknown entry '" + f[0] + "'; expected continuable, width, compat-width, opcode, field or op");
    }
  }

  /** Index of the status words at the end of the line, or -1 after reporting a problem. */
  private int statusStart(String[] t) {
    int n = t.length;
    if (n >= 2 && t[n - 1].equals("draft")) {
      return n - 1;
    }
    if (n >= 3 && t[n - 2].equals("published")) {
      if (!Status.isValidLabel(t[n - 1])) {
        problem("release label '" + t[n - 1] + "' is not letters, digits, '.', '_', '+' or '-'");
        return -1;
      }
      return n - 2;
    }
    problem("the line must end with 'published <release>' or 'draft' (cut short?)");
    return -1;
  }

  private void readContinuable(String[] f, Status status) {
    if (f.length != 4 || !f[2].equals("class")) {
      problem("expected 'continuable <name> class <class name>'");
      return;
    }
    if (!NAME.matcher(f[1]).matches() || !CLASS_NAME.matcher(f[3]).matches()) {
      problem("bad continuable name '" + f[1] + "' or class name '" + f[3] + "'");
      return;
    }
    continuable = f[1];
    add(new ContinuableFact(f[1], f[3]), status);
  }

  private void readWidth(String[] f, Status status, boolean compat) {
    if (f.length != 2 || !(f[1].equals("32") || (!compat && f[1].equals("64")))) {
      problem(compat ? "expected 'compat-width 32'" : "expected 'width 32' or 'width 64'");
      return;
    }
    int width = Integer.parseInt(f[1]);
    widths.put(continuable + (compat ? " compat" : ""), width);
    add(compat ? new CompatWidthFact(continuable, width) : new WidthFact(continuable, width), status);
  }

  private void readField(String[] f, Status status) {
    boolean opcode = f[0].equals("opcode");
    int i = 2;
    Encoding encoding = Encoding.SHIFTED;
    if (f.length < 2 || !NAME.matcher(f[1]).matches()) {
      problem("expected a lower_snake_case name after '" + f[0] + "'");
      return;
    }
    if (!opcode) {
      if (f.length < 3 || !(f[2].equals("shifted") || f[2].equals("in-place"))) {
        problem("expected 'shifted' or 'in-place' after the field name");
        return;
      }
      encoding = f[2].equals("shifted") ? Encoding.SHIFTED : Encoding.IN_PLACE;
      i = 3;
    }
    if (f.length != i + 4) {
      problem("expected '" + f[0] + " <name>" + (opcode ? "" : " <encoding>")
          + " [compat-]bits <lo>..<hi> [compat-]mask 0x<hex>'");
      return;
    }
    boolean compat = f[i].equals("compat-bits");
    String prefix = compat ? "compat-" : "";
    if (!f[i].equals(prefix + "bits") || !f[i + 2].equals(prefix + "mask")) {
      problem("expected '" + prefix + "bits <lo>..<hi> " + prefix + "mask 0x<hex>'");
      return;
    }
    Integer width = widths.get(continuable + (compat ? " compat" : ""));
    if (width == null) {
      problem((compat ? "compat-width" : "width") + " of " + continuable + " must come before its fields");
      return;
    }
    int shift;
    int bits;
    if (compat && f[i + 1].equals("none")) {
      shift = 0;
      bits = 0;
    } else {
      Matcher range = RANGE.matcher(f[i + 1]);
      if (!range.matches()) {
        problem("bad bit range '" + f[i + 1] + "'; expected <lo>..<hi> in decimal, like 6..63");
        return;
      }
      shift = Integer.parseInt(range.group(1));
      int hi = Integer.parseInt(range.group(2));
      if (hi < shift || hi >= width) {
        problem("bit range " + f[i + 1] + " does not fit the " + width + "-bit word");
        return;
      }
      bits = hi - shift + 1;
    }
    Matcher hex = HEX.matcher(f[i + 3]);
    if (!hex.matches() || hex.group(1).length() != width / 4) {
      problem("bad mask '" + f[i + 3] + "'; expected 0x and " + width / 4 + " lower-case hex digits");
      return;
    }
    long mask = Long.parseUnsignedLong(hex.group(1), 16);
    if (mask != Bits.mask(shift, bits)) {
      problem("mask " + f[i + 3] + " does not match bits " + f[i + 1] + " (expected "
          + Bits.hex(Bits.mask(shift, bits), width) + ")");
      return;
    }
    if (compat) {
      Line nativeLine = byKey.get(continuable + "\0" + f[0] + " " + f[1]);
      if (nativeLine == null) {
        problem("compat line of " + f[1] + " must follow its native line");
        return;
      }
      FieldFact n = (FieldFact) nativeLine.fact();
      if (bits > 0 && (shift != n.shift() || bits > n.bits())) {
        problem("compat bits " + f[i + 1] + " of " + f[1] + " are not a low part of its native bits "
            + Bits.range(n.shift(), n.bits()) + " (line " + nativeLine.number() + ")");
        return;
      }
      shift = n.shift();
    }
    add(new FieldFact(continuable, f[1], opcode, encoding, compat, shift, bits, width), status);
  }

  private void readOp(String[] f, Status status) {
    if (!(f.length == 3 || (f.length == 5 && f[3].equals("continues")))) {
      problem("expected 'op <name> <code>' or 'op <name> <code> continues <field>'");
      return;
    }
    if (!JAVA_NAME.matcher(f[1]).matches() || !CODE.matcher(f[2]).matches()) {
      problem("bad op name '" + f[1] + "' or code '" + f[2] + "' (a decimal number)");
      return;
    }
    long code = Long.parseLong(f[2]);
    if (f.length == 3) {
      Line same = byCode.get(continuable + "\0" + code);
      if (same != null && !((OpFact) same.fact()).name().equals(f[1])) {
        problem("op " + f[1] + " has code " + code + ", like op " + ((OpFact) same.fact()).name() + " (line "
            + same.number() + "); each op has its own code");
        return;
      }
      Line added = add(new OpFact(continuable, f[1], code), status);
      if (added != null) {
        byCode.putIfAbsent(continuable + "\0" + code, added);
      }
      return;
    }
    Line op = byKey.get(continuable + "\0op " + f[1]);
    if (op == null) {
      problem("op " + f[1] + " continues " + f[4] + " before its own line 'op " + f[1] + " " + code + "'");
      return;
    }
    if (((OpFact) op.fact()).code() != code) {
      problem("op " + f[1] + " has code " + code + " here but " + ((OpFact) op.fact()).code() + " at line "
          + op.number());
      return;
    }
    Line field = byKey.get(continuable + "\0field " + f[4]);
    if (field == null) {
      problem("op " + f[1] + " continues " + f[4] + ", which is no field of " + continuable);
      return;
    }
    add(new ContinuesFact(continuable, f[1], code, f[4], ((FieldFact) field.fact()).shift()), status);
  }

  /** Records a line; null (after reporting it) when its key is taken. */
  private Line add(Fact fact, Status status) {
    String key = fact.continuable() + "\0" + fact.key();
    Line first = byKey.get(key);
    if (first != null) {
      problem("duplicate entry '" + fact.key() + "' of " + fact.continuable() + " (first at line " + first.number() + ")");
      return null;
    }
    if (fact instanceof FieldFact f && !f.compat()) {
      Line other = byKey.get(fact.continuable() + "\0" + (f.opcode() ? "field " : "opcode ") + f.name());
      Line opcode = opcodes.get(f.continuable());
      if (other != null) {
        problem("'" + f.name() + "' is both an opcode and a field (line " + other.number() + ")");
        return null;
      }
      if (f.opcode() && opcode != null) {
        problem("a second opcode; line " + opcode.number() + " already declares the opcode of " + f.continuable());
        return null;
      }
    }
    Line line = new Line(fact, status, number);
    if (fact instanceof FieldFact f && f.opcode() && !f.compat()) {
      opcodes.putIfAbsent(f.continuable(), line);
    }
    if (!line.render().equals(rawLine)) {
      problem("not written as abilock writes it (indentation, spacing, digits); expected '" + line.render() + "'");
      return null;
    }
    byKey.put(key, line);
    lines.add(line);
    return line;
  }

  /**
   * Cross-line rules: every continuable has a width; fields an op uses together do not overlap; ops
   * have an opcode, and their codes fit it.
   */
  private void checkComplete() throws ManifestException {
    Manifest manifest = new Manifest(lines);
    for (String c : manifest.continuables()) {
      if (!widths.containsKey(c)) {
        int at = byKey.get(c + "\0continuable " + c).number();
        problems.add("line " + at + ": continuable " + c + " has no 'width' line");
      }
    }
    for (String c : manifest.continuables()) {
      Layout layout = manifest.layout(c);
      List<Op> ops = layout.ops().isEmpty() ? Collections.singletonList(null) : layout.ops();
      for (Op op : ops) {
        List<Field> used = layout.fieldsUsedBy(op);
        for (int a = 0; a < used.size(); a++) {
          for (int b = a + 1; b < used.size(); b++) {
            Field x = used.get(a);
            Field y = used.get(b);
            if (x.overlaps(y)) {
              // The line that puts both in one word: the op's continues line, or the later field without an opcode.
              Line fieldLine = byKey.get(c + "\0" + (y.opcode() ? "opcode " : "field ") + y.name());
              Line joining = op == null ? fieldLine
                  : byKey.getOrDefault(c + "\0op " + op.name() + " continues " + y.name(), fieldLine);
              problems.add("line " + joining.number() + ": " + y.name() + " (bits " + Bits.range(y.shift(), y.bits())
                  + ") overlaps " + x.name() + " (bits " + Bits.range(x.shift(), x.bits()) + "), and "
                  + (op == null ? "every word carries both (there is no opcode)" : "op " + op.name() + " uses both"));
            }
          }
        }
      }
      if (layout.opcode().isEmpty() && !layout.ops().isEmpty()) {
        problems.add("line " + byKey.get(c + "\0continuable " + c).number() + ": continuable " + c
            + " has ops but no opcode line");
      }
      layout.opcode().ifPresent(opcode -> {
        for (Op op : layout.ops()) {
          if (Long.compareUnsigned(op.code(), opcode.max()) > 0) {
            problems.add("line " + byKey.get(c + "\0op " + op.name()).number() + ": op " + op.name() + " has code "
                + op.code() + ", which does not fit the " + opcode.bits() + "-bit opcode " + opcode.name()
                + " (codes 0.." + opcode.max() + ")");
          }
        }
      });
    }
    if (!problems.isEmpty()) {
      throw new ManifestException(problems);
    }
  }

  private void problem(String text) {
    problems.add("line " + number + ": " + text);
  }

  private static int lineOfInvalidByte(byte[] bytes) {
    var decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    int line = 1;
    int start = 0;
    for (int i = 0; i <= bytes.length; i++) {
      if (i == bytes.length || bytes[i] == '\n') {
        try {
          decoder.reset().decode(ByteBuffer.wrap(bytes, start, i - start));
        } catch (CharacterCodingException e) {
          return line;
        }
        line++;
        start = i + 1;
      }
    }
    return line;
  }
}
