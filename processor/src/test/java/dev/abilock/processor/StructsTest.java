package dev.abilock.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import dev.abilock.core.CatalogueEntry;
import dev.abilock.core.DeclarationMessage;
import dev.abilock.core.GateMessage;
import dev.abilock.core.ManifestMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Argument structs in the processor: every declaration rule (core's struct rules and the reader's
 * own checks) on the attribute it is about, and gates A and B over structs, replayed over Xen's two
 * in-flight breaks (4.4 -> 4.5 {@code xen_hvm_modified_memory}, 4.5 -> 4.6 {@code XENMEM_access_op}
 * sub-ops).
 */
class StructsTest {
  @TempDir Path dir;

  private Path manifest() {
    return dir.resolve("abilock.manifest");
  }

  private Compilation update(JavaFileObject... files) {
    return Sources.compile(manifest(), "update", files);
  }

  private Compilation publish(String release, JavaFileObject... files) {
    return Sources.compile(
        List.of(
            "abilock.manifest=" + manifest(), "abilock.mode=update", "abilock.release=" + release),
        files);
  }

  /**
   * The error {@code rule} is reported in {@code src} on the first line containing {@code line},
   * with the caret on {@code caret} in that line (the attribute's value, or the annotation's '@').
   */
  private static void errorAt(
      Compilation c, JavaFileObject src, CatalogueEntry rule, String line, String caret) {
    assertThat(c).hadErrorContaining("[" + rule.id() + "]").inFile(src).onLineContaining(line);
    List<String> lines;
    try {
      lines = List.of(src.getCharContent(true).toString().split("\n", -1));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    int lineNo = 0;
    while (!lines.get(lineNo).contains(line)) {
      lineNo++;
    }
    String text = lines.get(lineNo);
    int at = text.indexOf(caret, text.indexOf(line));
    long column = (at < 0 ? text.indexOf(caret) : at) + 1;
    for (Diagnostic<? extends JavaFileObject> d : c.errors()) {
      if (d.getMessage(Locale.ROOT).contains("[" + rule.id() + "]")
          && d.getLineNumber() == lineNo + 1) {
        assertEquals(column, d.getColumnNumber(), d.getMessage(Locale.ROOT));
        return;
      }
    }
    fail("no [" + rule.id() + "] on line " + (lineNo + 1) + ": " + c.errors());
  }

  private void nothingWritten(Compilation c) {
    assertThat(c).failed();
    assertFalse(Files.exists(manifest()), "no manifest may be written");
    noCrash(c);
  }

  private static void noCrash(Compilation c) {
    for (Diagnostic<? extends JavaFileObject> d : c.diagnostics()) {
      String m = d.getMessage(Locale.ROOT);
      assertFalse(m.contains("[internal-error]"), m);
      assertFalse(m.contains("\tat "), m);
    }
  }

  private static JavaFileObject struct(String simpleName, String annotation, String... body) {
    String[] lines = new String[body.length + 3];
    lines[0] = annotation;
    lines[1] = "public final class " + simpleName + " {";
    System.arraycopy(body, 0, lines, 2, body.length);
    lines[lines.length - 1] = "}";
    return Sources.source(simpleName, lines);
  }

  // --- Xen 4.4 -> 4.5: struct xen_hvm_modified_memory rearranged ---

  static final JavaFileObject HVM_44 =
      struct(
          "HvmModifiedMemory",
          "@AbiStruct(name = \"xen_hvm_modified_memory\", compat = Compat.SAME)",
          "  @Member(type = CType.U16) short domid;",
          "  @Pad(size = 6) byte[] pad0;",
          "  @Member(type = CType.U64, align = 8) long firstPfn;",
          "  @Member(type = CType.U64, align = 8) long nr;");

  static final JavaFileObject HVM_45 =
      struct(
          "HvmModifiedMemory",
          "@AbiStruct(name = \"xen_hvm_modified_memory\", compat = Compat.SAME)",
          "  @Member(type = CType.U16) short domid;",
          "  @Pad short pad0;",
          "  @Member(type = CType.U32) int nr;",
          "  @Member(type = CType.U64, align = 8) long firstPfn;");

  @Test
  void xen44To45ModifiedMemoryFailsWithAWitnessImage() throws IOException {
    assertThat(publish("4.4", HVM_44)).succeeded();
    String published = Files.readString(manifest());
    assertTrue(published.contains("xen_hvm_modified_memory"), published);
    Compilation c = update(HVM_45);
    assertThat(c).failed();
    noCrash(c);
    // nr moved 16 -> 4 and shrank; the image shows what 4.5 reads from a 4.4 guest's bytes.
    errorAt(c, HVM_45, GateMessage.STRUCT_MEMBER_MOVED, "int nr;", "@Member");
    assertThat(c).hadErrorContaining("published member nr moved");
    assertThat(c).hadErrorContaining("[" + GateMessage.STRUCT_SIZE_CHANGED.id() + "]");
    assertThat(c).hadErrorContaining("witness image on x86_64");
    assertThat(c).hadErrorContaining("misread:");
    assertEquals(published, Files.readString(manifest()), "a break leaves the manifest as it was");
  }

  @Test
  void xen44To45WayOutRetiresTheOldStructAndNamesTheNewLayoutAnew() throws IOException {
    assertThat(publish("4.4", HVM_44)).succeeded();
    JavaFileObject old =
        struct(
            "HvmModifiedMemory",
            "@Retired(release = \"4.5\", reason = \"layout changed: xen_hvm_modified_memory_v2\")\n"
                + "@AbiStruct(name = \"xen_hvm_modified_memory\", compat = Compat.SAME)",
            "  @Member(type = CType.U16) short domid;",
            "  @Pad(size = 6) byte[] pad0;",
            "  @Member(type = CType.U64, align = 8) long firstPfn;",
            "  @Member(type = CType.U64, align = 8) long nr;");
    JavaFileObject renamed =
        struct(
            "HvmModifiedMemoryV2",
            "@AbiStruct(name = \"xen_hvm_modified_memory_v2\", compat = Compat.SAME)",
            "  @Member(type = CType.U16) short domid;",
            "  @Pad short pad0;",
            "  @Member(type = CType.U32) int nr;",
            "  @Member(type = CType.U64, align = 8) long firstPfn;");
    Compilation c = update(old, renamed);
    assertThat(c).succeeded();
    String text = Files.readString(manifest());
    assertTrue(text.contains("xen_hvm_modified_memory_v2"), text);
    assertTrue(text.contains("retired 4.5"), text);
    assertThat(Sources.compile(manifest(), "check", old, renamed)).succeeded();
  }

  // --- Xen 4.5 -> 4.6: XENMEM_access_op sub-ops renumbered ---

  private static JavaFileObject accessOp(String... subOps) {
    String[] body = new String[subOps.length + 5];
    System.arraycopy(subOps, 0, body, 0, subOps.length);
    int i = subOps.length;
    body[i++] = "  @Member(type = CType.U8) byte op;";
    body[i++] = "  @Member(type = CType.U8) byte access;";
    body[i++] = "  @Member(type = CType.U16) short domid;";
    body[i++] = "  @Member(type = CType.U32) int nr;";
    body[i] = "  @Member(type = CType.U64, align = 8) long pfn;";
    return struct(
        "MemAccessOp", "@AbiStruct(name = \"xen_mem_access_op\", compat = Compat.SAME)", body);
  }

  private static String subOp(String name, int value) {
    return "  @SubOp(member = \"op\") public static final int XENMEM_access_op_"
        + name
        + " = "
        + value
        + ";";
  }

  private static final String RETIRED_RESUME =
      "  @Retired(release = \"4.6\", reason = \"resume is internal to the hypervisor\")";

  static final JavaFileObject ACCESS_45 =
      accessOp(
          subOp("resume", 0),
          subOp("set_access", 1),
          subOp("get_access", 2),
          subOp("enable_emulate", 3),
          subOp("disable_emulate", 4));

  @Test
  void xen45To46RenumberingFailsNamingTheRenumberedSubOps() throws IOException {
    assertThat(publish("4.5", ACCESS_45)).succeeded();
    JavaFileObject src =
        accessOp(
            subOp("set_access", 0),
            subOp("get_access", 1),
            subOp("enable_emulate", 2),
            subOp("disable_emulate", 3));
    Compilation c = update(src);
    assertThat(c).failed();
    noCrash(c);
    errorAt(c, src, GateMessage.SUB_OP_RENUMBERED, "XENMEM_access_op_set_access = 0", "@SubOp");
    errorAt(c, src, GateMessage.SUB_OP_RENUMBERED, "XENMEM_access_op_get_access = 1", "@SubOp");
    assertThat(c).hadErrorContaining("XENMEM_access_op_enable_emulate of member op changed value");
    assertThat(c).hadErrorContaining("XENMEM_access_op_disable_emulate of member op changed value");
    assertThat(c).hadErrorContaining("[" + GateMessage.SUB_OP_REMOVED.id() + "]");
    assertThat(c).hadErrorContaining("witness image on");
  }

  @Test
  void retiringResumeAndKeepingTheNumbersPasses() throws IOException {
    assertThat(publish("4.5", ACCESS_45)).succeeded();
    JavaFileObject src =
        accessOp(
            RETIRED_RESUME,
            subOp("resume", 0),
            subOp("set_access", 1),
            subOp("get_access", 2),
            subOp("enable_emulate", 3),
            subOp("disable_emulate", 4));
    Compilation c = update(src);
    assertThat(c).succeeded();
    assertTrue(Files.readString(manifest()).contains("retired 4.6"));
  }

  @Test
  void reusingARetiredSubOpNumberFails() {
    assertThat(publish("4.5", ACCESS_45)).succeeded();
    JavaFileObject src =
        accessOp(
            RETIRED_RESUME,
            subOp("resume", 0),
            subOp("set_access", 1),
            subOp("get_access", 2),
            subOp("enable_emulate", 3),
            subOp("disable_emulate", 4),
            subOp("new_thing", 0));
    Compilation c = update(src);
    assertThat(c).failed();
    noCrash(c);
    errorAt(c, src, GateMessage.RETIRED_SUB_OP_REUSED, "XENMEM_access_op_new_thing = 0", "@SubOp");
  }

  // --- gate A ---

  @Test
  void aStructAloneNeedsTheManifestOption() {
    Compilation c = Sources.compile(List.of(), HVM_45);
    assertThat(c).hadErrorContaining("[" + ManifestMessage.MANIFEST_OPTION_MISSING.id() + "]");
  }

  @Test
  void checkModeRefusesAManifestWithoutTheStructThenUpdateWritesIt() throws IOException {
    Sources.emptyManifest(manifest());
    Compilation c = Sources.compile(manifest(), "check", HVM_45);
    assertThat(c).hadErrorContaining("[" + ManifestMessage.MANIFEST_STALE.id() + "]");
    assertThat(update(HVM_45)).succeeded();
    assertTrue(Files.readString(manifest()).contains("struct xen_hvm_modified_memory"));
    assertThat(Sources.compile(manifest(), "check", HVM_45)).succeeded();
  }

  // --- declaration rules: core's struct rules, placed ---

  @Test
  void holeOnTheMemberAfterIt() {
    JavaFileObject src =
        struct(
            "Holey",
            "@AbiStruct(name = \"holey\")",
            "  @Member(type = CType.U16) short domid;",
            "  @Member(type = CType.U64) long firstPfn;");
    Compilation c = update(src);
    errorAt(c, src, DeclarationMessage.STRUCT_HOLE, "long firstPfn", "@Member");
    assertThat(c).hadErrorContaining("bytes 2..7 are a hole on x86_64");
    nothingWritten(c);
  }

  @Test
  void writtenOffsetOnItsValue() {
    JavaFileObject src =
        struct(
            "Off",
            "@AbiStruct(name = \"off\")",
            "  @Member(type = CType.U32) int a;",
            "  @Member(type = CType.U32, offset = 8) int b;");
    Compilation c = update(src);
    errorAt(c, src, DeclarationMessage.MEMBER_OFFSET_MISMATCH, "int b;", "8");
    nothingWritten(c);
  }

  @Test
  void badAlignOnItsValue() {
    JavaFileObject src =
        struct("Al", "@AbiStruct(name = \"al\")", "  @Member(type = CType.U32, align = 3) int a;");
    Compilation c = update(src);
    errorAt(c, src, DeclarationMessage.MEMBER_BAD_ALIGN, "align = 3", "3");
    nothingWritten(c);
  }

  @Test
  void padBadSizeOnItsValue() {
    JavaFileObject src =
        struct(
            "Pz",
            "@AbiStruct(name = \"pz\")",
            "  @Member(type = CType.U8) byte a;",
            "  @Pad(size = 0) byte[] pad0;");
    Compilation c = update(src);
    errorAt(c, src, DeclarationMessage.PAD_BAD_SIZE, "size = 0", "0");
    nothingWritten(c);
  }

  @Test
  void trailingPadNotLastOnTrailing() {
    JavaFileObject src =
        struct(
            "Tr",
            "@AbiStruct(name = \"tr\")",
            "  @Member(type = CType.U8) byte a;",
            "  @Pad(trailing = true) byte[] tail;",
            "  @Member(type = CType.U8) byte b;");
    Compilation c = update(src);
    errorAt(c, src, DeclarationMessage.TRAILING_PAD_NOT_LAST, "trailing = true", "true");
    nothingWritten(c);
  }

  @Test
  void duplicateMemberNameOnName() {
    JavaFileObject src =
        struct(
            "Dup",
            "@AbiStruct(name = \"dup\")",
            "  @Member(type = CType.U8) byte a;",
            "  @Member(type = CType.U8, name = \"a\") byte b;");
    Compilation c = update(src);
    errorAt(c, src, DeclarationMessage.DUPLICATE_MEMBER_NAME, "byte b;", "\"a\"");
    nothingWritten(c);
  }

  @Test
  void sameLayoutThatDiffersOnX8632NamesTheMember() {
    JavaFileObject src =
        struct(
            "Same",
            "@AbiStruct(name = \"same\", compat = Compat.SAME)",
            "  @Member(type = CType.U32) int a;",
            "  @Pad int pad0;",
            "  @Member(type = CType.ULONG) long b;");
    Compilation c = update(src);
    errorAt(c, src, DeclarationMessage.COMPAT_LAYOUT_DIFFERS, "long b;", "@Member");
    nothingWritten(c);
  }

  @Test
  void subOpMemberUnknownOnMember() {
    JavaFileObject src =
        accessOp("  @SubOp(member = \"opcode\") public static final int XENMEM_x = 0;");
    Compilation c = update(src);
    errorAt(c, src, DeclarationMessage.SUB_OP_MEMBER_UNKNOWN, "XENMEM_x", "\"opcode\"");
    nothingWritten(c);
  }

  @Test
  void subOpMemberTypeOnMember() {
    JavaFileObject src =
        accessOp("  @SubOp(member = \"pfn\") public static final int XENMEM_x = 0;");
    Compilation c = update(src);
    errorAt(c, src, DeclarationMessage.SUB_OP_MEMBER_TYPE, "XENMEM_x", "\"pfn\"");
    nothingWritten(c);
  }

  @Test
  void subOpDoesNotFitOnTheConstant() {
    JavaFileObject src = accessOp(subOp("huge", 300));
    Compilation c = update(src);
    errorAt(c, src, DeclarationMessage.SUB_OP_DOES_NOT_FIT, "huge = 300", "@SubOp");
    nothingWritten(c);
  }

  @Test
  void duplicateSubOpOnTheSecond() {
    JavaFileObject src = accessOp(subOp("set_access", 0), subOp("get_access", 0));
    Compilation c = update(src);
    errorAt(c, src, DeclarationMessage.DUPLICATE_SUB_OP, "get_access = 0", "@SubOp");
    nothingWritten(c);
  }

  @Test
  void subOpMemberByJavaNameResolvesToTheAbiName() throws IOException {
    JavaFileObject src =
        struct(
            "Named",
            "@AbiStruct(name = \"named\")",
            "  @SubOp(member = \"subCmd\") public static final int SUB_A = 1;",
            "  @Member(type = CType.U32) int subCmd;");
    assertThat(update(src)).succeeded();
    assertTrue(Files.readString(manifest()).contains("member sub_cmd"));
  }

  // --- declaration rules: the reader's own ---

  @Test
  void abiStructOnAnInterface() {
    JavaFileObject src =
        Sources.source("NotClass", "@AbiStruct(name = \"not_class\")", "interface NotClass {}");
    Compilation c = update(src);
    errorAt(c, src, DeclarationMessage.STRUCT_NOT_A_CLASS, "@AbiStruct", "@AbiStruct");
    nothingWritten(c);
  }

  @Test
  void structNameNotSnakeCaseOnName() {
    JavaFileObject src =
        struct("Bad", "@AbiStruct(name = \"BadName\")", "  @Member(type = CType.U32) int a;");
    Compilation c = update(src);
    errorAt(c, src, DeclarationMessage.BAD_NAME, "@AbiStruct", "\"BadName\"");
    nothingWritten(c);
  }

  @Test
  void memberAbiNameNotSnakeCaseOnName() {
    JavaFileObject src =
        struct(
            "Mn",
            "@AbiStruct(name = \"mn\")",
            "  @Member(type = CType.U32, name = \"First-Pfn\") int a;");
    Compilation c = update(src);
    errorAt(c, src, DeclarationMessage.BAD_NAME, "int a", "\"First-Pfn\"");
    nothingWritten(c);
  }

  @Test
  void staticOrFinalMember() {
    JavaFileObject src =
        struct(
            "St",
            "@AbiStruct(name = \"st\")",
            "  @Member(type = CType.U32) static int a;",
            "  @Pad final int pad0 = 0;");
    Compilation c = update(src);
    errorAt(c, src, DeclarationMessage.FIELD_STATIC_OR_FINAL, "static int a", "@Member");
    errorAt(c, src, DeclarationMessage.FIELD_STATIC_OR_FINAL, "final int pad0", "@Pad");
    nothingWritten(c);
  }

  @Test
  void javaTypeTooNarrowOnType() {
    JavaFileObject src =
        struct("Na", "@AbiStruct(name = \"na\")", "  @Member(type = CType.U32) short a;");
    Compilation c = update(src);
    errorAt(c, src, DeclarationMessage.MEMBER_TYPE_TOO_NARROW, "short a", ".U32");
    assertThat(c).hadErrorContaining("declare it as int");
    nothingWritten(c);
  }

  @Test
  void memberOfAnUnsupportedJavaType() {
    JavaFileObject src =
        struct("Ch", "@AbiStruct(name = \"ch\")", "  @Member(type = CType.U16) char a;");
    Compilation c = update(src);
    errorAt(c, src, DeclarationMessage.UNSUPPORTED_TYPE, "char a", "@Member");
    nothingWritten(c);
  }

  @Test
  void byteArrayPadWithoutSize() {
    JavaFileObject src =
        struct(
            "Ps",
            "@AbiStruct(name = \"ps\")",
            "  @Member(type = CType.U8) byte a;",
            "  @Pad byte[] pad0;",
            "  @Member(type = CType.U8) byte b;");
    Compilation c = update(src);
    errorAt(c, src, DeclarationMessage.PAD_SIZE_REQUIRED, "byte[] pad0", "@Pad");
    nothingWritten(c);
  }

  @Test
  void primitivePadWithAnotherSize() {
    JavaFileObject src =
        struct(
            "Pt",
            "@AbiStruct(name = \"pt\")",
            "  @Member(type = CType.U16) short a;",
            "  @Pad(size = 6) short pad0;");
    Compilation c = update(src);
    errorAt(c, src, DeclarationMessage.PAD_SIZE_NOT_TYPE, "short pad0", "6");
    nothingWritten(c);
  }

  @Test
  void retiredPad() {
    JavaFileObject src =
        struct(
            "Rp",
            "@AbiStruct(name = \"rp\")",
            "  @Member(type = CType.U16) short a;",
            "  @Retired(release = \"1\", reason = \"x\") @Pad short pad0;");
    Compilation c = update(src);
    errorAt(c, src, DeclarationMessage.RETIRED_PAD, "short pad0", "@Retired");
    nothingWritten(c);
  }

  @Test
  void subOpThatIsNoConstant() {
    JavaFileObject src = accessOp("  @SubOp(member = \"op\") public static int XENMEM_x = 0;");
    Compilation c = update(src);
    errorAt(c, src, DeclarationMessage.SUB_OP_NOT_CONSTANT, "XENMEM_x", "@SubOp");
    assertThat(c).hadErrorContaining("not final");
    nothingWritten(c);
  }

  @Test
  void opReadsAClassThatIsNoStruct() {
    JavaFileObject src =
        Sources.source(
            "HvmOp",
            "@Continuable(name = \"hvm_op\")",
            "public class HvmOp {",
            "  @Opcode(bits = 8) int cmd;",
            "  @Op(reads = {String.class}) public static final int HVMOP_modified_memory = 7;",
            "}");
    Compilation c = update(src);
    errorAt(c, src, DeclarationMessage.READS_NOT_A_STRUCT, "HVMOP_modified_memory", ".class");
    nothingWritten(c);
  }

  @Test
  void opReadsAStructIsRecordedAndDroppingItBreaks() throws IOException {
    JavaFileObject op =
        Sources.source(
            "HvmOp",
            "@Continuable(name = \"hvm_op\")",
            "public class HvmOp {",
            "  @Opcode(bits = 8) int cmd;",
            "  @Op(reads = {HvmModifiedMemory.class})",
            "  public static final int HVMOP_modified_memory = 7;",
            "}");
    assertThat(publish("4.5", op, HVM_45)).succeeded();
    assertTrue(Files.readString(manifest()).contains("xen_hvm_modified_memory"));
    JavaFileObject dropped =
        Sources.source(
            "HvmOp",
            "@Continuable(name = \"hvm_op\")",
            "public class HvmOp {",
            "  @Opcode(bits = 8) int cmd;",
            "  @Op public static final int HVMOP_modified_memory = 7;",
            "}");
    Compilation c = update(dropped, HVM_45);
    assertThat(c).hadErrorContaining("[" + GateMessage.OP_STOPPED_READING.id() + "]");
  }

  @Test
  void structAndContinuableShareOneNamespace() {
    JavaFileObject op =
        Sources.source(
            "HvmOp",
            "@Continuable(name = \"hvm_op\")",
            "public class HvmOp {",
            "  @Opcode(bits = 8) int cmd;",
            "}");
    JavaFileObject src =
        struct("Clash", "@AbiStruct(name = \"hvm_op\")", "  @Member(type = CType.U32) int a;");
    Compilation c = update(op, src);
    assertThat(c).hadErrorContaining("[" + DeclarationMessage.NAME_TAKEN.id() + "]");
    nothingWritten(c);
  }

  @Test
  void twoStructsWithOneName() {
    JavaFileObject a =
        struct("A", "@AbiStruct(name = \"twice\")", "  @Member(type = CType.U32) int a;");
    JavaFileObject b =
        struct("B", "@AbiStruct(name = \"twice\")", "  @Member(type = CType.U32) int a;");
    Compilation c = update(a, b);
    errorAt(c, b, DeclarationMessage.NAME_TAKEN, "@AbiStruct", "\"twice\"");
    nothingWritten(c);
  }

  @Test
  void memberNameClashingWithAGeneratedName() {
    JavaFileObject src =
        struct(
            "Gen",
            "@AbiStruct(name = \"gen\")",
            "  @Member(type = CType.U32) int validate;",
            "  @Member(type = CType.U32, name = \"x\") int decode2;");
    Compilation c = update(src);
    errorAt(c, src, DeclarationMessage.GENERATED_NAME_CLASH, "int validate", "@Member");
    assertThat(c).hadErrorCount(1);
    nothingWritten(c);
  }

  @Test
  void aLiveMemberNamedLikeAMethodOfObjectCannotBeAStateComponent() {
    // Found by the soak (seed 1796615765709): javac refused the codec's State record.
    JavaFileObject src =
        struct(
            "Rec",
            "@AbiStruct(name = \"rec\")",
            "  @Member(type = CType.U32) int nr;",
            "  @Member(type = CType.U32) long getClass;");
    Compilation c = update(src);
    errorAt(c, src, DeclarationMessage.RESERVED_JAVA_NAME, "long getClass", "@Member");
    assertThat(c).hadErrorContaining("(JLS 8.10.1)");
    assertThat(c).hadErrorContaining("name = \"get_class\" keeps its ABI name");
    assertThat(c).hadErrorCount(1);
    nothingWritten(c);
  }

  @Test
  void aMemberNamedLikeTheCodecsPrivateHelpersClashes() {
    JavaFileObject src =
        struct(
            "Helper",
            "@AbiStruct(name = \"helper\")",
            "  @Member(type = CType.U32) int nr;",
            "  @Member(type = CType.U32) int get16;");
    Compilation c = update(src);
    errorAt(c, src, DeclarationMessage.GENERATED_NAME_CLASH, "int get16", "@Member");
    assertThat(c).hadErrorContaining("the codec's own get16");
    assertThat(c).hadErrorCount(1);
    nothingWritten(c);
  }

  @Test
  void aClassWithStructErrorsDoesNotStopAContinuablesCodec() {
    JavaFileObject op =
        Sources.source(
            "HvmOp",
            "@Continuable(name = \"hvm_op\")",
            "public class HvmOp {",
            "  @Opcode(bits = 8) int cmd;",
            "}");
    JavaFileObject bad =
        struct("Na", "@AbiStruct(name = \"na\")", "  @Member(type = CType.U32) short a;");
    Compilation c = update(op, bad);
    assertThat(c).failed();
    assertTrue(
        Sources.generatedFilesEvenIfFailed(c).stream()
            .anyMatch(f -> f.getName().endsWith("HvmOpCodec.java")));
    assertFalse(Files.exists(manifest()));
  }
}
