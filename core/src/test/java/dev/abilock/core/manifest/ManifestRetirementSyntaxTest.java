package dev.abilock.core.manifest;

import static dev.abilock.core.XenLayouts.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.abilock.core.model.Layout;
import dev.abilock.core.model.Retirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The manifest's syntax for retirements ({@code published 4.5 retired 4.9 "moved to dm_op"}) and
 * aliases ({@code op XENMEM_add_to_physmap_batch 23 aliases XENMEM_add_to_physmap_range}), and the
 * parser's problems with them, each naming its line and id.
 */
class ManifestRetirementSyntaxTest {
  /** Xen's hvm_op at 4.9 and memory_op's renamed op 23; line numbers in the comments. */
  private static final List<String> VALID =
      List.of(
          "# abilock manifest 1", // 1
          "continuable hvm_op class org.example.xen.HvmOp published 4.5", // 2
          "  width 64 published 4.5", // 3
          "  opcode op bits 0..7 mask 0x00000000000000ff published 4.5", // 4
          "  field start_iter in-place bits 8..63 mask 0xffffffffffffff00 published 4.5 retired 4.9"
              + " \"HVMOP_op_mask removed: no hvm_op continues\"", // 5
          "  op HVMOP_set_param 0 published 4.5", // 6
          "  op HVMOP_modified_memory 7 published 4.5 retired 4.9 \"moved to dm_op\"", // 7
          "  op HVMOP_modified_memory 7 continues start_iter published 4.5", // 8
          "continuable memory_op class org.example.xen.MemoryOp published 3.4", // 9
          "  width 64 published 3.4", // 10
          "  opcode cmd bits 0..5 mask 0x000000000000003f published 3.4", // 11
          "  field start_extent shifted bits 6..63 mask 0xffffffffffffffc0 published 3.4", // 12
          "  op XENMEM_add_to_physmap_batch 23 aliases XENMEM_add_to_physmap_range,XENMEM_physmap published 4.4", // 13
          "  op XENMEM_add_to_physmap_batch 23 continues start_extent published 4.4", // 14
          "# end"); // 15

  // ------------------------------------------------------------------ what is read

  @Test
  void retiredLinesAndAliasesAreReadAndRenderBackByteForByte() throws Exception {
    Manifest m = ManifestParser.parse(text(VALID));
    assertEquals(
        new Status("4.5", OP_MASK_GONE),
        m.status(FactKey.field("hvm_op", "start_iter", false, false)));
    assertEquals(new Status("4.5", DM_OP), m.status(FactKey.op("hvm_op", "HVMOP_modified_memory")));
    assertEquals(
        Status.published("4.5"),
        m.status(FactKey.continues("hvm_op", "HVMOP_modified_memory", "start_iter")));
    Fact.OpFact batch =
        (Fact.OpFact)
            m.line(FactKey.op("memory_op", "XENMEM_add_to_physmap_batch")).orElseThrow().fact();
    assertEquals(List.of("XENMEM_add_to_physmap_range", "XENMEM_physmap"), batch.aliases());
    assertEquals(13, m.line(batch.key()).orElseThrow().number());
    assertEquals(body(VALID), body(m.render()));
  }

  @Test
  void thePublishedLayoutOfARetiringManifestIsXenFourNine() throws Exception {
    Layout hvm = ManifestParser.parse(text(VALID)).publishedLayout("hvm_op").orElseThrow();
    assertEquals(OP_MASK_GONE, hvm.field("start_iter").orElseThrow().retired());
    assertEquals(DM_OP, hvm.op("HVMOP_modified_memory").orElseThrow().retired());
    assertEquals(List.of("start_iter"), hvm.op("HVMOP_modified_memory").orElseThrow().continues());
    assertEquals(null, hvm.op("HVMOP_set_param").orElseThrow().retired());
    assertEquals(Optional.of(hvm.op("HVMOP_set_param").orElseThrow()), hvm.opWithCode(0));
  }

  @Test
  void aRetiredContinuableAndARetiredOpWithAliasesAreRead() throws Exception {
    Manifest m =
        ManifestParser.parse(
            text(
                replace(
                    replace(
                        VALID,
                        2,
                        "continuable hvm_op class org.example.xen.HvmOp published 4.5 retired 4.9 \"moved to dm_op\""),
                    13,
                    "  op XENMEM_add_to_physmap_batch 23 aliases XENMEM_add_to_physmap_range,XENMEM_physmap published 4.4"
                        + " retired 4.20 \"use acquire_resource\"")));
    assertEquals(DM_OP, m.publishedLayout("hvm_op").orElseThrow().retired());
    assertEquals(
        new Retirement("4.20", "use acquire_resource"),
        m.status(FactKey.op("memory_op", "XENMEM_add_to_physmap_batch")).retired());
  }

  @Test
  void quotesAndBackslashesInAReasonAreEscapedAndReadBack() throws Exception {
    // A reason that quotes a Xen symbol and a path: written escaped, read back as it was.
    Retirement r = new Retirement("4.9", "moved to \"dm_op\" (see xen\\dm.c)");
    assertEquals(
        "published 4.5 retired 4.9 \"moved to \\\"dm_op\\\" (see xen\\\\dm.c)\"",
        new Status("4.5", r).toString());
    List<String> lines = replace(VALID, 7, "  op HVMOP_modified_memory 7 " + new Status("4.5", r));
    Manifest m = ManifestParser.parse(text(lines));
    assertEquals(r, m.status(FactKey.op("hvm_op", "HVMOP_modified_memory")).retired());
    assertEquals(body(lines), body(m.render()));
  }

  @Test
  void aManifestComputedWithRetirementsAndAliasesParsesBack() throws Exception {
    Manifest v45 =
        Manifest.of(List.of(HVM_OP_45, GRANT_TABLE_OP, MEMORY_OP_43), Manifest.empty(), "4.5");
    Retirement quoted = new Retirement("4.21", "ARM-only: \"x86\" refuses it \\ always");
    Manifest m =
        Manifest.of(
            List.of(
                HVM_OP_49, retireOp(GRANT_TABLE_OP, "GNTTABOP_cache_flush", quoted), MEMORY_OP_44),
            v45,
            null);
    Manifest back = ManifestParser.parse(m.render());
    assertEquals(m.render(), back.render());
    assertEquals(
        quoted, back.status(FactKey.op("grant_table_op", "GNTTABOP_cache_flush")).retired());
  }

  // ------------------------------------------------------------------ retired-bad-release,
  // retired-bad-reason

  @Test
  void aRetirementWithABadReleaseLabelIsRefused() {
    assertFirstProblem(
        replace(
            VALID, 7, "  op HVMOP_modified_memory 7 published 4.5 retired 4/9 \"moved to dm_op\""),
        "line 7: [retired-bad-release] op HVMOP_modified_memory is retired in \"4/9\", which is not a release label:"
            + " write the release as letters, digits, '.', '_', '+' or '-'");
  }

  @Test
  void aBlankReasonIsRefused() {
    assertFirstProblem(
        replace(VALID, 7, "  op HVMOP_modified_memory 7 published 4.5 retired 4.9 \"\""),
        "line 7: [retired-bad-reason] op HVMOP_modified_memory is retired for the reason \"\": write the reason as"
            + " one line of text, not blank and without '*/'");
    assertFirstProblem(
        replace(VALID, 7, "  op HVMOP_modified_memory 7 published 4.5 retired 4.9 \"   \""),
        "line 7: [retired-bad-reason] op HVMOP_modified_memory is retired for the reason \"   \"");
  }

  @Test
  void aReasonThatWouldEndTheHeadersCCommentIsRefused() {
    assertFirstProblem(
        replace(
            VALID, 7, "  op HVMOP_modified_memory 7 published 4.5 retired 4.9 \"dm_op */ evil\""),
        "line 7: [retired-bad-reason] op HVMOP_modified_memory is retired for the reason \"dm_op */ evil\"");
  }

  @Test
  void aBadReleaseAndABadReasonAreTwoProblemsOnTheRetiredLine() {
    List<String> problems =
        assertThrows(
                ManifestException.class,
                () ->
                    ManifestParser.parse(
                        text(
                            replace(
                                VALID,
                                7,
                                "  op HVMOP_modified_memory 7 published 4.5 retired 4/9 \"a */ b\""))))
            .rendered();
    assertEquals(
        List.of("line 7: [retired-bad-release]", "line 7: [retired-bad-reason]"),
        problems.stream().map(p -> p.substring(0, p.indexOf(']') + 1)).toList());
  }

  @Test
  void controlAndFormatCharactersInAReasonAreRefusedAndQuotedEscaped() {
    assertFirstProblem(
        replace(VALID, 7, "  op HVMOP_modified_memory 7 published 4.5 retired 4.9 \"dm\top\""),
        "line 7: [retired-bad-reason] op HVMOP_modified_memory is retired for the reason \"dm\\u0009op\"");
    assertFirstProblem(
        replace(VALID, 7, "  op HVMOP_modified_memory 7 published 4.5 retired 4.9 \"dm\u200eop\""),
        "line 7: [retired-bad-reason] op HVMOP_modified_memory is retired for the reason \"dm\\u200eop\"");
  }

  @Test
  void aReasonWithAnUnescapedQuoteOrAnUnknownEscapeIsNoRetirementAndTheLineHasNoStatus() {
    assertFirstProblem(
        replace(VALID, 7, "  op HVMOP_modified_memory 7 published 4.5 retired 4.9 \"dm\"op\""),
        "line 7: [manifest-no-status] the line must end with 'published <release>' or 'draft'");
    assertFirstProblem(
        replace(VALID, 7, "  op HVMOP_modified_memory 7 published 4.5 retired 4.9 \"dm\\nop\""),
        "line 7: [manifest-no-status]");
    assertFirstProblem(
        replace(VALID, 7, "  op HVMOP_modified_memory 7 published 4.5 retired 4.9 dm_op"),
        "line 7: [manifest-no-status]");
  }

  // ------------------------------------------------------------------
  // manifest-retirement-misplaced

  @Test
  void aDraftLineCannotBeRetired() {
    assertFirstProblem(
        replace(VALID, 7, "  op HVMOP_modified_memory 7 draft retired 4.9 \"moved to dm_op\""),
        "line 7: [manifest-retirement-misplaced] only a published continuable, field or op line can be retired, not"
            + " this 'op' line");
  }

  @Test
  void widthsOpcodesCompatLinesAndContinuesLinesCannotBeRetired() {
    assertFirstProblem(
        replace(VALID, 3, "  width 64 published 4.5 retired 4.9 \"x\""),
        "line 3: [manifest-retirement-misplaced] only a published continuable, field or op line can be retired, not"
            + " this 'width' line");
    // An opcode is never retired alone: retire the continuable.
    assertFirstProblem(
        replace(
            VALID,
            4,
            "  opcode op bits 0..7 mask 0x00000000000000ff published 4.5 retired 4.9 \"x\""),
        "line 4: [manifest-retirement-misplaced] only a published continuable, field or op line can be retired, not"
            + " this 'opcode' line");
    assertFirstProblem(
        replace(
            VALID,
            8,
            "  op HVMOP_modified_memory 7 continues start_iter published 4.5 retired 4.9 \"moved to dm_op\""),
        "line 8: [manifest-retirement-misplaced] only a published continuable, field or op line can be retired, not"
            + " this 'op' line");
    List<String> compat =
        new ArrayList<>(
            replace(
                VALID,
                12,
                "  field start_extent shifted bits 6..31 mask 0x00000000ffffffc0 published 3.4"));
    compat.add(9, "  compat-width 32 published 3.4");
    compat.add(
        12,
        "  field start_extent shifted compat-bits 6..31 compat-mask 0xffffffc0 published 3.4 retired 4.9 \"x\"");
    assertFirstProblem(
        compat,
        "line 13: [manifest-retirement-misplaced] only a published continuable, field or op"
            + " line can be retired, not this 'field' line");
  }

  @Test
  void anOpNamedContinuesCanBeRetired() throws Exception {
    Layout gnt =
        new Layout(
            "gnt",
            "org.example.G",
            32,
            0,
            List.of(opcode("cmd", 0, 12, 0)),
            List.of(op("continues", 3), aliased(op("GNT_x", 4), "continues2")));
    Layout retired = retireOp(gnt, "continues", new Retirement("2.0", "gone"));
    Manifest m =
        Manifest.of(List.of(retired), Manifest.of(List.of(gnt), Manifest.empty(), "1.0"), null);
    assertEquals(m.render(), ManifestParser.parse(m.render()).render());
  }

  @Test
  void anOpContinuingWithARetiredFieldAndAnOverlappingLiveOneIsRefused() {
    List<String> lines = new ArrayList<>(VALID);
    lines.add(4, "  field cursor shifted bits 8..39 mask 0x000000ffffffff00 published 4.5");
    lines.add(8, "  op HVMOP_modified_memory 7 continues cursor published 4.5");
    assertFirstProblem(
        lines,
        "line 10: [overlap] start_iter (bits 8..63) overlaps cursor (bits 8..39), and op"
            + " HVMOP_modified_memory uses both");
  }

  @Test
  void aRetiredOpsCodeTakenByANewOpIsReusedOnTheNewOpsLine() {
    // As the compiler says of the same sources: the new op is the mistake, whichever line comes
    // first.
    List<String> lines = new ArrayList<>(VALID);
    lines.add(6, "  op HVMOP_pin_range 7 draft");
    assertFirstProblem(
        lines,
        "line 7: [retired-code-reused] op HVMOP_pin_range takes code 7 of op"
            + " HVMOP_modified_memory, retired in 4.9");
  }

  // ------------------------------------------------------------------ aliases

  @Test
  void anAliasThatIsNoJavaNameIsRefused() {
    assertFirstProblem(
        replace(VALID, 13, "  op XENMEM_add_to_physmap_batch 23 aliases 4xen published 4.4"),
        "line 13: [bad-alias] alias \"4xen\" of op XENMEM_add_to_physmap_batch must be a Java name, other than the"
            + " op's own and listed once");
  }

  @Test
  void anAliasThatIsTheOpsOwnNameOrRepeatsOneIsRefused() {
    assertFirstProblem(
        replace(
            VALID,
            13,
            "  op XENMEM_add_to_physmap_batch 23 aliases XENMEM_add_to_physmap_batch"
                + " published 4.4"),
        "line 13: [bad-alias] alias \"XENMEM_add_to_physmap_batch\" of op XENMEM_add_to_physmap_batch");
    assertFirstProblem(
        replace(
            VALID,
            13,
            "  op XENMEM_add_to_physmap_batch 23 aliases XENMEM_physmap,XENMEM_physmap"
                + " published 4.4"),
        "line 13: [bad-alias] alias \"XENMEM_physmap\" of op XENMEM_add_to_physmap_batch");
  }

  @Test
  void anEmptyAliasIsRefused() {
    assertFirstProblem(
        replace(
            VALID, 13, "  op XENMEM_add_to_physmap_batch 23 aliases XENMEM_physmap, published 4.4"),
        "line 13: [bad-alias] alias \"\" of op XENMEM_add_to_physmap_batch");
    assertFirstProblem(
        replace(
            VALID, 13, "  op XENMEM_add_to_physmap_batch 23 aliases ,XENMEM_physmap published 4.4"),
        "line 13: [bad-alias] alias \"\" of op XENMEM_add_to_physmap_batch");
  }

  @Test
  void anAliasesKeywordWithoutAListIsASyntaxError() {
    assertFirstProblem(
        replace(VALID, 13, "  op XENMEM_add_to_physmap_batch 23 aliases published 4.4"),
        "line 13: [manifest-syntax] expected 'op <name> <code>', 'op <name> <code> aliases <name>,...' or"
            + " 'op <name> <code> continues <field>'");
  }

  @Test
  void anAliasThatIsAnotherOpsNameIsTaken() {
    List<String> lines = new ArrayList<>(VALID);
    lines.add(12, "  op XENMEM_exchange 11 published 3.4");
    assertFirstProblem(
        replace(
            lines, 14, "  op XENMEM_add_to_physmap_batch 23 aliases XENMEM_exchange published 4.4"),
        "line 14: [duplicate-op-name] op XENMEM_add_to_physmap_batch takes the name XENMEM_exchange, already a"
            + " name of op XENMEM_exchange; a name or alias belongs to one op");
  }

  @Test
  void anOpNamedLikeAnotherOpsAliasIsTaken() {
    List<String> lines = new ArrayList<>(VALID);
    lines.add(14, "  op XENMEM_add_to_physmap_range 24 published 4.4");
    assertFirstProblem(
        lines,
        "line 15: [duplicate-op-name] op XENMEM_add_to_physmap_range takes the name"
            + " XENMEM_add_to_physmap_range, already a name of op XENMEM_add_to_physmap_batch");
  }

  @Test
  void twoOpsKeepingTheSameFormerNameIsTaken() {
    List<String> lines = new ArrayList<>(VALID);
    lines.add(14, "  op XENMEM_claim_pages 24 aliases XENMEM_physmap published 4.4");
    assertFirstProblem(
        lines,
        "line 15: [duplicate-op-name] op XENMEM_claim_pages takes the name XENMEM_physmap, already a name of op"
            + " XENMEM_add_to_physmap_batch");
  }

  @Test
  void namesAreOnlySharedWithinOneContinuable() throws Exception {
    // hvm_op's name is free in memory_op: each continuable has its own op names.
    List<String> lines = new ArrayList<>(VALID);
    lines.add(14, "  op HVMOP_set_param 24 aliases HVMOP_modified_memory published 4.4");
    assertEquals(
        24,
        ManifestParser.parse(text(lines))
            .layout("memory_op")
            .op("HVMOP_set_param")
            .orElseThrow()
            .code());
  }

  @Test
  void aContinuesLineNamesTheOpByItsCurrentNameNotAnAlias() {
    assertFirstProblem(
        replace(
            VALID, 14, "  op XENMEM_add_to_physmap_range 23 continues start_extent published 4.4"),
        "line 14: [manifest-continues-before-op] op XENMEM_add_to_physmap_range continues start_extent before its own"
            + " line 'op XENMEM_add_to_physmap_range 23'");
  }

  @Test
  void aliasesAreWrittenInTheOrderDeclaredSeparatedByCommasOnly() {
    assertFirstProblem(
        replace(
            VALID,
            13,
            "  op XENMEM_add_to_physmap_batch 23 aliases XENMEM_physmap, XENMEM_other"
                + " published 4.4"),
        "line 13: [manifest-syntax]");
  }

  // ------------------------------------------------------------------ helpers

  private static String text(List<String> lines) {
    return String.join("\n", lines) + "\n";
  }

  /** The fact lines, without the comments the writer adds. */
  private static List<String> body(List<String> lines) {
    return lines.stream().filter(l -> !l.startsWith("#")).toList();
  }

  private static List<String> body(String text) {
    return body(List.of(text.split("\n")));
  }

  /** {@code lines} with line {@code n} (1-based) replaced. */
  private static List<String> replace(List<String> lines, int n, String line) {
    List<String> out = new ArrayList<>(lines);
    out.set(n - 1, line);
    return out;
  }

  private static void assertFirstProblem(List<String> lines, String expected) {
    List<String> problems =
        assertThrows(ManifestException.class, () -> ManifestParser.parse(text(lines))).rendered();
    assertTrue(
        problems.get(0).startsWith(expected),
        "expected the first problem to start with\n  "
            + expected
            + "\nbut the problems were\n  "
            + String.join("\n  ", problems));
  }
}
