package dev.abilock.core.manifest;

import static dev.abilock.core.DeclarationMessage.*;
import static dev.abilock.core.ManifestMessage.*;

import dev.abilock.CType;
import dev.abilock.Compat;
import dev.abilock.Encoding;
import dev.abilock.core.CatalogueEntry;
import dev.abilock.core.manifest.Fact.CompatWidthFact;
import dev.abilock.core.manifest.Fact.ContinuableFact;
import dev.abilock.core.manifest.Fact.ContinuesFact;
import dev.abilock.core.manifest.Fact.FieldFact;
import dev.abilock.core.manifest.Fact.MemberFact;
import dev.abilock.core.manifest.Fact.OpFact;
import dev.abilock.core.manifest.Fact.PadFact;
import dev.abilock.core.manifest.Fact.Place;
import dev.abilock.core.manifest.Fact.ReadsFact;
import dev.abilock.core.manifest.Fact.StructFact;
import dev.abilock.core.manifest.Fact.StructLayoutFact;
import dev.abilock.core.manifest.Fact.SubOpFact;
import dev.abilock.core.manifest.Fact.WidthFact;
import dev.abilock.core.model.Bits;
import dev.abilock.core.model.Field;
import dev.abilock.core.model.Layout;
import dev.abilock.core.model.Retirement;
import dev.abilock.core.model.rules.Finding;
import dev.abilock.core.model.rules.LayoutRules;
import dev.abilock.core.model.rules.Part;
import dev.abilock.core.model.rules.StructFinding;
import dev.abilock.core.model.rules.StructRules;
import dev.abilock.core.model.struct.Abi;
import dev.abilock.core.model.struct.StructDecl;
import dev.abilock.core.model.struct.StructLayout;
import dev.abilock.core.model.struct.StructTarget;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a manifest strictly: every problem is reported with its line, and nothing half-read is ever
 * used. CRLF line ends and a UTF-8 byte order mark are accepted (a Windows checkout).
 */
public final class ManifestParser {
  private static final int MAX_PROBLEMS = 20;
  private static final Pattern HEADER = Pattern.compile("# abilock manifest (\\S+)");

  /**
   * A Java identifier (op constants and classes may use any Unicode letter), without the control
   * and format characters Java ignores in identifiers: a manifest line never holds those.
   */
  private static final String IDENTIFIER =
      "[\\p{javaJavaIdentifierStart}&&[^\\p{Cc}\\p{Cf}]][\\p{javaJavaIdentifierPart}&&[^\\p{Cc}\\p{Cf}]]*";

  private static final Pattern JAVA_NAME = Pattern.compile(IDENTIFIER);
  private static final Pattern CLASS_NAME =
      Pattern.compile(IDENTIFIER + "(\\." + IDENTIFIER + ")*");
  private static final Pattern RANGE = Pattern.compile("(0|[1-9][0-9]?)\\.\\.(0|[1-9][0-9]?)");
  private static final Pattern HEX = Pattern.compile("0x([0-9a-f]+)");
  private static final Pattern CODE = Pattern.compile("0|[1-9][0-9]{0,9}");
  private static final Pattern STRUCT_NAME = Pattern.compile("[a-z][a-z0-9_]*");
  private static final Pattern SMALL = Pattern.compile("0|[1-9][0-9]{0,5}");
  private static final Pattern BYTES =
      Pattern.compile("(0|[1-9][0-9]{0,5})\\.\\.(0|[1-9][0-9]{0,5})");

  /** The first word of each line of an argument struct. */
  private static final List<String> STRUCT_ENTRIES = List.of("layout", "member", "pad", "sub-op");

  /** Runs of spaces between a line's tokens, compiled once (not by every {@code split}). */
  private static final Pattern SPACES = Pattern.compile(" +");

  /**
   * A line's retirement: {@code <line> retired <release> "<reason>"}, the reason with {@code \\}
   * and {@code "} escaped.
   */
  private static final Pattern RETIRED =
      Pattern.compile("(.*?) retired (\\S+) \"((?:[^\"\\\\]|\\\\[\"\\\\])*)\"");

  private final List<ManifestException.Problem> problems = new ArrayList<>();
  private final List<Line> lines = new ArrayList<>();
  private final Map<FactKey, Line> byKey = new HashMap<>();

  /**
   * The width of each continuable's native word, and of its compat word (key {@code name + "
   * compat"}).
   */
  private final Map<String, Integer> widths = new HashMap<>();

  private String continuable;

  /** The struct whose block the lines are in, or null in a continuable's block. */
  private StructFact struct;

  private int version;
  private int number;
  private String rawLine;

  private ManifestParser() {}

  /** Parses the bytes of a manifest file. */
  public static Manifest parse(byte[] bytes) throws ManifestException {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw failure(lineOfInvalidByte(bytes), MANIFEST_NOT_UTF8);
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
      throw failure(1, MANIFEST_EMPTY, Manifest.HEADER);
    }
    String[] raw = text.split("\n", -1);
    boolean finalNewline = text.endsWith("\n");
    int count = finalNewline ? raw.length - 1 : raw.length;
    Matcher header = HEADER.matcher(raw[0]);
    if (!header.matches()) {
      throw failure(1, MANIFEST_NO_HEADER, Manifest.HEADER);
    }
    if (header.group(1).equals(Integer.toString(Manifest.VERSION))) {
      version = Manifest.VERSION;
    } else if (header.group(1).equals(Integer.toString(Manifest.STRUCT_VERSION))) {
      version = Manifest.STRUCT_VERSION;
    } else {
      throw failure(1, MANIFEST_UNKNOWN_VERSION, header.group(1), Manifest.STRUCT_VERSION);
    }
    int trailer = -1;
    for (number = 2; number <= count && problems.size() < MAX_PROBLEMS; number++) {
      String line = raw[number - 1];
      if (trailer > 0) {
        if (!line.isBlank()) {
          problem(MANIFEST_TEXT_AFTER_END, Manifest.TRAILER, trailer);
        }
        continue;
      }
      if (isConflictMarker(line)) {
        problem(MANIFEST_CONFLICT_MARKER, line.substring(0, 7));
      } else if (line.equals(Manifest.TRAILER)) {
        trailer = number;
      } else if (line.startsWith("#") || line.isBlank()) {
        continue;
      } else {
        readLine(line);
      }
    }
    if (problems.isEmpty() && trailer < 0) {
      problems.add(ManifestException.Problem.of(count, MANIFEST_TRUNCATED, Manifest.TRAILER));
    } else if (problems.isEmpty() && !finalNewline) {
      problems.add(
          ManifestException.Problem.of(count, MANIFEST_NO_FINAL_NEWLINE, Manifest.TRAILER));
    }
    if (!problems.isEmpty()) {
      throw new ManifestException(problems);
    }
    checkComplete();
    return new Manifest(lines);
  }

  private static boolean isConflictMarker(String line) {
    return line.startsWith("<<<<<<<")
        || line.startsWith(">>>>>>>")
        || line.startsWith("=======")
        || line.startsWith("|||||||");
  }

  private void readLine(String line) {
    rawLine = line;
    boolean indented = line.startsWith("  ");
    String body = line.trim();
    Retirement retirement = null;
    Matcher retired = body.contains(" retired ") ? RETIRED.matcher(body) : null;
    if (retired != null && retired.matches()) {
      body = retired.group(1);
      retirement = new Retirement(retired.group(2), retired.group(3).replaceAll("\\\\(.)", "$1"));
    }
    String[] t = SPACES.split(body);
    int statusAt = statusStart(t);
    if (statusAt < 0) {
      return;
    }
    Status status = t[statusAt].equals("draft") ? Status.DRAFT : Status.published(t[statusAt + 1]);
    String[] f = Arrays.copyOf(t, statusAt);
    boolean structLine =
        f[0].equals("struct")
            || STRUCT_ENTRIES.contains(f[0])
            || f[0].equals("op") && f.length == 5 && f[3].equals("reads");
    if (structLine && version < Manifest.STRUCT_VERSION) {
      problem(MANIFEST_STRUCT_IN_VERSION_1, f[0], Manifest.STRUCT_HEADER);
      return;
    }
    if (retirement != null && (f[0].equals("struct") || STRUCT_ENTRIES.contains(f[0]))) {
      if (!status.isPublished() || f[0].equals("pad") || f[0].equals("layout")) {
        problem(MANIFEST_STRUCT_RETIREMENT_MISPLACED, f[0]);
        return;
      }
      status = status.retiredAs(retirement);
    } else if (retirement != null) {
      // Only a published op, field or continuable line can be retired: a draft is deleted instead.
      // The keyword is told by its place, not by the word: an op may be named 'continues'.
      boolean retirable =
          f[0].equals("continuable")
              || f[0].equals("field") && !Arrays.asList(f).contains("compat-bits")
              || f[0].equals("op") && !(f.length == 5 && f[3].equals("continues"));
      if (!status.isPublished() || !retirable) {
        problem(MANIFEST_RETIREMENT_MISPLACED, f[0]);
        return;
      }
      status = status.retiredAs(retirement);
    }
    if (f[0].equals("continuable")) {
      if (indented) {
        problem(MANIFEST_CONTINUABLE_INDENTED);
        return;
      }
      struct = null;
      readContinuable(f, status);
      return;
    }
    if (f[0].equals("struct")) {
      if (indented) {
        problem(MANIFEST_STRUCT_INDENTED);
        return;
      }
      continuable = null;
      readStruct(f, status);
      return;
    }
    if (!indented) {
      problem(MANIFEST_ENTRY_NOT_INDENTED, f[0]);
      return;
    }
    if (STRUCT_ENTRIES.contains(f[0]) && continuable == null) {
      if (struct == null) {
        problem(MANIFEST_ENTRY_BEFORE_STRUCT, f[0]);
        return;
      }
      switch (f[0]) {
        case "layout" -> readStructLayout(f, status);
        case "member" -> readMember(f, status);
        case "pad" -> readPad(f, status);
        default -> readSubOp(f, status);
      }
      return;
    }
    if (struct != null) {
      problem(MANIFEST_UNKNOWN_STRUCT_ENTRY, f[0], struct.struct());
      return;
    }
    if (continuable == null) {
      problem(MANIFEST_ENTRY_BEFORE_CONTINUABLE, f[0]);
      return;
    }
    switch (f[0]) {
      case "width" -> readWidth(f, status, false);
      case "compat-width" -> readWidth(f, status, true);
      case "opcode", "field" -> readField(f, status);
      case "op" -> readOp(f, status);
      default -> problem(MANIFEST_UNKNOWN_ENTRY, f[0]);
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
        problem(MANIFEST_BAD_RELEASE, t[n - 1]);
        return -1;
      }
      return n - 2;
    }
    problem(MANIFEST_NO_STATUS);
    return -1;
  }

  private void readContinuable(String[] f, Status status) {
    if (f.length != 4 || !f[2].equals("class")) {
      problem(MANIFEST_SYNTAX, "'continuable <name> class <class name>'");
      return;
    }
    if (!CLASS_NAME.matcher(f[3]).matches()) {
      problem(
          MANIFEST_SYNTAX,
          "a Java class's canonical name after 'class', like org.example.xen.MemoryOp");
      return;
    }
    continuable = f[1];
    add(new ContinuableFact(f[1], f[3]), status);
  }

  private void readWidth(String[] f, Status status, boolean compat) {
    if (f.length != 2 || !(f[1].equals("32") || (!compat && f[1].equals("64")))) {
      problem(MANIFEST_SYNTAX, compat ? "'compat-width 32'" : "'width 32' or 'width 64'");
      return;
    }
    int width = Integer.parseInt(f[1]);
    widths.put(continuable + (compat ? " compat" : ""), width);
    add(
        compat ? new CompatWidthFact(continuable, width) : new WidthFact(continuable, width),
        status);
  }

  private void readField(String[] f, Status status) {
    boolean opcode = f[0].equals("opcode");
    int i = 2;
    Encoding encoding = Encoding.SHIFTED;
    if (f.length < 2) {
      problem(MANIFEST_SYNTAX, "a name after '" + f[0] + "'");
      return;
    }
    if (!opcode) {
      if (f.length < 3 || !(f[2].equals("shifted") || f[2].equals("in-place"))) {
        problem(MANIFEST_SYNTAX, "'shifted' or 'in-place' after the field name");
        return;
      }
      encoding = f[2].equals("shifted") ? Encoding.SHIFTED : Encoding.IN_PLACE;
      i = 3;
    }
    if (f.length != i + 4) {
      problem(
          MANIFEST_SYNTAX,
          "'"
              + f[0]
              + " <name>"
              + (opcode ? "" : " <encoding>")
              + " [compat-]bits <lo>..<hi> [compat-]mask 0x<hex>'");
      return;
    }
    boolean compat = f[i].equals("compat-bits");
    String prefix = compat ? "compat-" : "";
    if (!f[i].equals(prefix + "bits") || !f[i + 2].equals(prefix + "mask")) {
      problem(MANIFEST_SYNTAX, "'" + prefix + "bits <lo>..<hi> " + prefix + "mask 0x<hex>'");
      return;
    }
    Integer width = widths.get(continuable + (compat ? " compat" : ""));
    if (width == null) {
      problem(MANIFEST_WIDTH_AFTER_FIELD, compat ? "compat-width" : "width", continuable);
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
        problem(MANIFEST_BAD_RANGE, f[i + 1]);
        return;
      }
      shift = Integer.parseInt(range.group(1));
      int hi = Integer.parseInt(range.group(2));
      if (hi < shift) {
        problem(MANIFEST_BAD_RANGE, f[i + 1]);
        return;
      }
      bits = hi - shift + 1;
    }
    Matcher hex = HEX.matcher(f[i + 3]);
    if (!hex.matches() || hex.group(1).length() != width / 4) {
      problem(MANIFEST_BAD_MASK, f[i + 3], width / 4);
      return;
    }
    long mask = Long.parseUnsignedLong(hex.group(1), 16);
    // A range past the word is the layout rules' to refuse; its mask holds the part inside the
    // word.
    long expected = Bits.mask(shift, bits) & Bits.wordMask(width);
    if (mask != expected) {
      problem(MANIFEST_MASK_MISMATCH, f[i + 3], f[i + 1], Bits.hex(expected, width));
      return;
    }
    if (compat) {
      Line nativeLine = byKey.get(FactKey.field(continuable, f[1], opcode, false));
      if (nativeLine == null) {
        problem(MANIFEST_COMPAT_BEFORE_NATIVE, f[1]);
        return;
      }
      FieldFact n = (FieldFact) nativeLine.fact();
      if (bits > 0 && shift != n.shift()) {
        problem(
            MANIFEST_COMPAT_NOT_LOW_PART,
            f[i + 1],
            f[1],
            Bits.range(n.shift(), n.bits()),
            nativeLine.number());
        return;
      }
      shift = n.shift();
    }
    add(new FieldFact(continuable, f[1], opcode, encoding, compat, shift, bits, width), status);
  }

  private void readOp(String[] f, Status status) {
    boolean aliases = f.length == 5 && f[3].equals("aliases");
    boolean reads = f.length == 5 && f[3].equals("reads");
    if (!(f.length == 3 || aliases || reads || (f.length == 5 && f[3].equals("continues")))) {
      problem(
          MANIFEST_SYNTAX,
          "'op <name> <code>', 'op <name> <code> aliases <name>,...' or 'op <name> <code> continues <field>'");
      return;
    }
    if (!JAVA_NAME.matcher(f[1]).matches() || !CODE.matcher(f[2]).matches()) {
      problem(MANIFEST_BAD_OP, f[1], f[2]);
      return;
    }
    long code = Long.parseLong(f[2]);
    if (f.length == 3 || aliases) {
      add(
          new OpFact(
              continuable, f[1], code, aliases ? Arrays.asList(f[4].split(",", -1)) : List.of()),
          status);
      return;
    }
    Line op = byKey.get(FactKey.op(continuable, f[1]));
    if (op == null) {
      problem(MANIFEST_CONTINUES_BEFORE_OP, f[1], f[4], f[1], code);
      return;
    }
    if (((OpFact) op.fact()).code() != code) {
      problem(MANIFEST_CODE_MISMATCH, f[1], code, ((OpFact) op.fact()).code(), op.number());
      return;
    }
    if (reads) {
      // Whether the struct exists is known at the end: structs and continuables interleave by name.
      add(new ReadsFact(continuable, f[1], code, f[4]), status);
      return;
    }
    Line field = byKey.get(FactKey.field(continuable, f[4], false, false));
    if (field == null) {
      List<String> known =
          lines.stream()
              .map(Line::fact)
              .filter(
                  x ->
                      x instanceof FieldFact ff
                          && ff.continuable().equals(continuable)
                          && !ff.opcode()
                          && !ff.compat())
              .map(x -> ((FieldFact) x).name())
              .toList();
      problem(CONTINUES_UNKNOWN, f[1], f[4], continuable, known);
      return;
    }
    add(
        new ContinuesFact(continuable, f[1], code, f[4], ((FieldFact) field.fact()).shift()),
        status);
  }

  private void readStruct(String[] f, Status status) {
    struct = null;
    if (f.length != 6 || !f[2].equals("class") || !f[4].equals("compat")) {
      problem(MANIFEST_SYNTAX, "'struct <name> class <class name> compat none|same|translated'");
      return;
    }
    if (!STRUCT_NAME.matcher(f[1]).matches() || !CLASS_NAME.matcher(f[3]).matches()) {
      problem(
          MANIFEST_SYNTAX,
          "a lower_snake_case C tag after 'struct' and a Java class's canonical name after 'class'");
      return;
    }
    Compat compat =
        switch (f[5]) {
          case "none" -> Compat.NONE;
          case "same" -> Compat.SAME;
          case "translated" -> Compat.TRANSLATED;
          default -> null;
        };
    if (compat == null) {
      problem(MANIFEST_SYNTAX, "'compat none', 'compat same' or 'compat translated'");
      return;
    }
    StructFact fact = new StructFact(f[1], f[3], compat);
    if (add(fact, status) != null) {
      struct = fact;
    }
  }

  /** The ABIs the current struct is laid out for. */
  private List<Abi> abis() {
    return struct.compat() == Compat.NONE ? List.of(Abi.X86_64) : List.of(Abi.X86_64, Abi.X86_32);
  }

  private String abiWords(String perAbi) {
    return String.join(" ", abis().stream().map(a -> a.label() + " " + perAbi).toList());
  }

  private void readStructLayout(String[] f, Status status) {
    List<Abi> abis = abis();
    String expected = "'layout " + abiWords("size <bytes> align <bytes>") + "'";
    if (f.length != 1 + 5 * abis.size()) {
      problem(MANIFEST_SYNTAX, expected);
      return;
    }
    List<Integer> sizes = new ArrayList<>();
    List<Integer> aligns = new ArrayList<>();
    for (int a = 0; a < abis.size(); a++) {
      int i = 1 + 5 * a;
      if (!f[i].equals(abis.get(a).label())
          || !f[i + 1].equals("size")
          || !SMALL.matcher(f[i + 2]).matches()
          || !f[i + 3].equals("align")
          || !SMALL.matcher(f[i + 4]).matches()) {
        problem(MANIFEST_SYNTAX, expected);
        return;
      }
      sizes.add(Integer.parseInt(f[i + 2]));
      aligns.add(Integer.parseInt(f[i + 4]));
    }
    add(new StructLayoutFact(struct.struct(), abis, sizes, aligns), status);
  }

  /**
   * The places at the end of a member or pad line, from {@code f[from]}: {@code x86_64 4..7 x86_32
   * 4..7}; {@code none} only where {@code none} may stand. Null after reporting a problem.
   */
  private List<Place> places(String[] f, int from, boolean none) {
    List<Abi> abis = abis();
    String expected = "'" + abiWords("<first>..<last>" + (none ? "|none" : "")) + "' at the end";
    if (f.length != from + 2 * abis.size()) {
      problem(MANIFEST_SYNTAX, expected);
      return null;
    }
    List<Place> places = new ArrayList<>();
    for (int a = 0; a < abis.size(); a++) {
      int i = from + 2 * a;
      if (!f[i].equals(abis.get(a).label())) {
        problem(MANIFEST_SYNTAX, expected);
        return null;
      }
      if (none && f[i + 1].equals("none")) {
        // A trailing pad that takes no byte here: where it would start is the layout's to say.
        places.add(new Place(abis.get(a), -1, 0));
        continue;
      }
      Matcher range = BYTES.matcher(f[i + 1]);
      if (!range.matches() || Integer.parseInt(range.group(2)) < Integer.parseInt(range.group(1))) {
        problem(MANIFEST_SYNTAX, expected + ", a byte range like 4..7 (first not above last)");
        return null;
      }
      int first = Integer.parseInt(range.group(1));
      places.add(new Place(abis.get(a), first, Integer.parseInt(range.group(2)) - first + 1));
    }
    return places;
  }

  private void readMember(String[] f, Status status) {
    String expected =
        "'member <name> <c type> [align <bytes>] " + abiWords("<first>..<last>") + "'";
    if (f.length < 3 || !JAVA_NAME.matcher(f[1]).matches()) {
      problem(MANIFEST_SYNTAX, expected);
      return;
    }
    CType type =
        Arrays.stream(CType.values())
            .filter(t -> Fact.typeWord(t).equals(f[2]))
            .findFirst()
            .orElse(null);
    if (type == null) {
      problem(
          MANIFEST_SYNTAX,
          "a C type after the member's name: "
              + String.join(", ", Arrays.stream(CType.values()).map(Fact::typeWord).toList()));
      return;
    }
    int at = 3;
    int align = 0;
    if (f.length > 4 && f[3].equals("align")) {
      if (!SMALL.matcher(f[4]).matches()) {
        problem(MANIFEST_SYNTAX, expected);
        return;
      }
      align = Integer.parseInt(f[4]);
      at = 5;
    }
    List<Place> places = places(f, at, false);
    if (places != null) {
      add(new MemberFact(struct.struct(), f[1], type, align, places), status);
    }
  }

  private void readPad(String[] f, Status status) {
    if (f.length < 3
        || !JAVA_NAME.matcher(f[1]).matches()
        || !(f[2].equals("must-be-zero") || f[2].equals("free"))) {
      problem(
          MANIFEST_SYNTAX,
          "'pad <name> must-be-zero|free [trailing] " + abiWords("<first>..<last>") + "'");
      return;
    }
    boolean trailing = f.length > 3 && f[3].equals("trailing");
    List<Place> places = places(f, trailing ? 4 : 3, trailing);
    if (places != null) {
      add(
          new PadFact(struct.struct(), f[1], f[2].equals("must-be-zero"), trailing, places),
          status);
    }
  }

  private void readSubOp(String[] f, Status status) {
    boolean aliases = f.length == 7 && f[5].equals("aliases");
    if (!(f.length == 5 || aliases) || !f[3].equals("member")) {
      problem(MANIFEST_SYNTAX, "'sub-op <name> <value> member <member> [aliases <name>,...]'");
      return;
    }
    if (!JAVA_NAME.matcher(f[1]).matches() || !CODE.matcher(f[2]).matches()) {
      problem(MANIFEST_BAD_OP, f[1], f[2]);
      return;
    }
    add(
        new SubOpFact(
            struct.struct(),
            f[1],
            Long.parseLong(f[2]),
            f[4],
            aliases ? Arrays.asList(f[6].split(",", -1)) : List.of()),
        status);
  }

  /** Records a line; null (after reporting it) when its key is taken. */
  private Line add(Fact fact, Status status) {
    FactKey key = fact.key();
    Line first = byKey.get(key);
    if (first != null) {
      problem(MANIFEST_DUPLICATE_ENTRY, key, fact.continuable(), first.number());
      return null;
    }
    Line line = new Line(fact, status, number);
    if (!line.render().equals(rawLine)) {
      problem(MANIFEST_NOT_CANONICAL, line.render());
      return null;
    }
    byKey.put(key, line);
    lines.add(line);
    return line;
  }

  /**
   * Cross-line rules: every continuable has a width, and its layout keeps the layout rules, each
   * finding on the line of the part it is about.
   */
  private void checkComplete() throws ManifestException {
    Manifest manifest = new Manifest(lines);
    for (String c : manifest.continuables()) {
      if (!widths.containsKey(c)) {
        problems.add(
            ManifestException.Problem.of(
                byKey.get(FactKey.continuable(c)).number(), MANIFEST_NO_WIDTH, c));
      }
    }
    for (String c : manifest.continuables()) {
      Layout layout = inFileOrder(manifest.layout(c));
      for (Finding finding : LayoutRules.check(layout)) {
        problems.add(
            ManifestException.Problem.of(
                lineOf(layout, finding.part()), finding.rule(), finding.args(Part::name)));
      }
    }
    for (String s : manifest.structs()) {
      checkStruct(manifest, s);
    }
    checkReads(manifest);
    checkNothingPublishedRestsOnADraft();
    if (!problems.isEmpty()) {
      throw new ManifestException(problems);
    }
  }

  /**
   * A struct's lines keep the struct rules ({@link StructRules}, the one home), each finding on the
   * line of what it is about; then every place, size and alignment its lines record is what the
   * layout computed from their types, order and alignment gives.
   */
  private void checkStruct(Manifest manifest, String name) {
    int structLine = byKey.get(FactKey.struct(name)).number();
    Line clash = byKey.get(FactKey.continuable(name));
    if (clash != null) {
      problems.add(
          ManifestException.Problem.of(
              structLine, NAME_TAKEN, "struct", name, "the continuable at line " + clash.number()));
      return;
    }
    Line layoutLine = byKey.get(FactKey.structLayout(name));
    if (layoutLine == null) {
      problems.add(ManifestException.Problem.of(structLine, MANIFEST_STRUCT_NO_LAYOUT, name));
    }
    StructDecl decl = manifest.struct(name);
    List<StructFinding> findings = StructRules.check(decl);
    for (StructFinding finding : findings) {
      problems.add(
          ManifestException.Problem.of(
              lineOf(finding.target()), finding.rule(), finding.args().toArray()));
    }
    if (!findings.isEmpty()) {
      return;
    }
    List<StructLayout> layouts = decl.abis().stream().map(decl::layoutOn).toList();
    for (Line line : manifest.linesOf(name)) {
      List<Place> recorded =
          line.fact() instanceof MemberFact m
              ? m.places()
              : line.fact() instanceof PadFact p ? p.places() : null;
      if (recorded == null) {
        continue;
      }
      for (int a = 0; a < layouts.size(); a++) {
        StructLayout layout = layouts.get(a);
        Place is = recorded.get(a);
        Place computed =
            layout
                .placed(line.fact().key().name())
                .map(p -> new Place(layout.abi(), p.offset(), p.size()))
                .orElse(new Place(layout.abi(), -1, 0));
        boolean same = is.size() == 0 ? computed.size() == 0 : is.equals(computed);
        if (!same) {
          problems.add(
              ManifestException.Problem.of(
                  line.number(),
                  MANIFEST_STRUCT_MISMATCH,
                  line.fact().label(),
                  bytes(is),
                  layout.abi().label(),
                  bytes(computed)));
        }
      }
    }
    if (layoutLine != null) {
      StructLayoutFact l = (StructLayoutFact) layoutLine.fact();
      for (int a = 0; a < layouts.size(); a++) {
        StructLayout layout = layouts.get(a);
        String is = "size " + l.sizes().get(a) + " align " + l.aligns().get(a);
        String computed = "size " + layout.size() + " align " + layout.align();
        if (!is.equals(computed)) {
          problems.add(
              ManifestException.Problem.of(
                  layoutLine.number(),
                  MANIFEST_STRUCT_MISMATCH,
                  "layout",
                  is,
                  layout.abi().label(),
                  computed));
        }
      }
    }
  }

  private static String bytes(Place place) {
    return place.size() == 0
        ? "no byte"
        : "bytes " + place.offset() + ".." + (place.offset() + place.size() - 1);
  }

  /** The line a struct finding is about. */
  private int lineOf(StructTarget target) {
    FactKey key =
        switch (target.kind()) {
          case STRUCT -> FactKey.struct(target.struct());
          case MEMBER -> FactKey.member(target.struct(), target.name());
          case PAD -> FactKey.pad(target.struct(), target.name());
          case SUB_OP -> FactKey.subOp(target.struct(), target.name());
        };
    Line line = byKey.get(key);
    return (line != null ? line : byKey.get(FactKey.struct(target.struct()))).number();
  }

  /**
   * Every {@code reads} line names a struct the manifest holds; a published one, a published
   * struct.
   */
  private void checkReads(Manifest manifest) {
    for (Line line : lines) {
      if (line.fact() instanceof ReadsFact r) {
        Line s = byKey.get(FactKey.struct(r.struct()));
        if (s == null) {
          problems.add(
              ManifestException.Problem.of(
                  line.number(), MANIFEST_READS_UNKNOWN_STRUCT, r.op(), r.struct()));
        } else if (line.status().isPublished() && !s.status().isPublished()) {
          problems.add(
              ManifestException.Problem.of(
                  line.number(), MANIFEST_PUBLISHED_ON_DRAFT, s.number(), s.fact().key()));
        }
      }
    }
  }

  /**
   * The line that states {@code part}: an op's use of a field is its continues line if it has one,
   * a retirement is on the line it retires.
   */
  private int lineOf(Layout layout, Part part) {
    String c = layout.name();
    FactKey key;
    if (part instanceof Part.Retired p) {
      return lineOf(layout, p.retired());
    } else if (part instanceof Part.Field p) {
      key = fieldKey(layout, p, false);
    } else if (part instanceof Part.Compat p) {
      key = fieldKey(layout, p.field(), true);
    } else if (part instanceof Part.Op p) {
      key = FactKey.op(c, p.name());
    } else if (part instanceof Part.Alias p) {
      key = FactKey.op(c, p.op());
    } else if (part instanceof Part.Continues p) {
      FactKey continues = FactKey.continues(c, p.op(), p.field().name());
      key = byKey.containsKey(continues) ? continues : fieldKey(layout, p.field(), false);
    } else {
      key = FactKey.continuable(c);
    }
    return byKey.get(key).number();
  }

  /**
   * The layout with its fields and ops in the order of their lines, so that the later of two
   * clashing lines is blamed.
   */
  private Layout inFileOrder(Layout layout) {
    String c = layout.name();
    return new Layout(
        c,
        layout.className(),
        layout.width(),
        layout.compatWidth(),
        layout.fields().stream()
            .sorted(Comparator.comparingInt(f -> byKey.get(fieldKey(c, f, false)).number()))
            .toList(),
        layout.ops().stream()
            .sorted(Comparator.comparingInt(o -> byKey.get(FactKey.op(c, o.name())).number()))
            .toList(),
        layout.retired());
  }

  private static FactKey fieldKey(Layout layout, Part.Field field, boolean compat) {
    return fieldKey(layout.name(), layout.fields().get(field.index()), compat);
  }

  private static FactKey fieldKey(String continuable, Field field, boolean compat) {
    return FactKey.field(continuable, field.name(), field.opcode(), compat);
  }

  /**
   * A published line may not rest on a draft line (a field under a draft continuable, a {@code
   * continues} under a draft op or field, a compat line under a draft native line). abilock never
   * writes one (a published line keeps its status only while its parents do), so it comes from a
   * hand edit or a merge; gate B, which reads only published lines, would not see it.
   */
  private void checkNothingPublishedRestsOnADraft() {
    for (Line line : lines) {
      if (!line.status().isPublished()) {
        continue;
      }
      for (FactKey parent : line.fact().key().parents()) {
        Line p = byKey.get(parent);
        if (p != null && !p.status().isPublished()) {
          problems.add(
              ManifestException.Problem.of(
                  line.number(), MANIFEST_PUBLISHED_ON_DRAFT, p.number(), parent));
        }
      }
    }
  }

  private void problem(CatalogueEntry rule, Object... args) {
    problems.add(ManifestException.Problem.of(number, rule, args));
  }

  private static ManifestException failure(int line, CatalogueEntry rule, Object... args) {
    return new ManifestException(List.of(ManifestException.Problem.of(line, rule, args)));
  }

  private static int lineOfInvalidByte(byte[] bytes) {
    var decoder =
        StandardCharsets.UTF_8
            .newDecoder()
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
