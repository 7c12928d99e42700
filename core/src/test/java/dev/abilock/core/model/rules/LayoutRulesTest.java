package dev.abilock.core.model.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.abilock.Encoding;
import dev.abilock.core.CatalogueEntry;
import dev.abilock.core.DeclarationMessage;
import dev.abilock.core.GateMessage;
import dev.abilock.core.model.Field;
import dev.abilock.core.model.Layout;
import dev.abilock.core.model.Op;
import dev.abilock.core.model.Retirement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each layout rule: the entry it reports, the part it blames, and the facts it names. */
class LayoutRulesTest {
  private static final Field CMD = new Field("cmd", true, Encoding.SHIFTED, 0, 4, 0);
  private static final Field EXTENT = new Field("extent", false, Encoding.SHIFTED, 4, 20, 0);
  private static final Retirement R12 = new Retirement("1.2", "use poll");

  private static Layout layout(List<Field> fields, Op... ops) {
    return new Layout("sched_op", "a.SchedOp", 64, 0, fields, List.of(ops));
  }

  private static Op op(String name, long code, String... continues) {
    return new Op(name, code, List.of(continues));
  }

  private static Op aliased(String name, long code, String... aliases) {
    return new Op(name, code, List.of(), List.of(aliases), null);
  }

  /** The one finding of {@code layout}, its facts named by ABI name. */
  private static void assertOnly(Layout layout, CatalogueEntry rule, Part part, Object... args) {
    List<Finding> findings = LayoutRules.check(layout);
    assertEquals(1, findings.size(), findings.toString());
    Finding f = findings.get(0);
    assertEquals(rule, f.rule());
    assertEquals(part, f.part());
    assertEquals(List.of(args), List.of(f.args(Part::name)));
  }

  @Test
  void aWellFormedLayoutBreaksNoRule() {
    Op retired = op("SCHEDOP_block", 3).withRetirement(R12);
    assertEquals(
        List.of(),
        LayoutRules.check(
            layout(
                List.of(CMD, EXTENT),
                op("SCHEDOP_yield", 0, "extent"),
                retired,
                aliased("SCHEDOP_poll", 4, "SCHEDOP_wait"))));
  }

  @Test
  void aSecondOpcodeIsBlamed() {
    Field other = new Field("other", true, Encoding.SHIFTED, 40, 2, 0);
    assertOnly(
        layout(List.of(CMD, other)),
        DeclarationMessage.TWO_OPCODES,
        new Part.Field("other", 1),
        "other",
        "cmd");
  }

  @Test
  void anOpNeedsAnOpcode() {
    assertOnly(
        layout(List.of(EXTENT), op("SCHEDOP_yield", 0)),
        DeclarationMessage.OP_WITHOUT_OPCODE,
        new Part.Op("SCHEDOP_yield"),
        "SCHEDOP_yield",
        "sched_op");
  }

  @Test
  void aCodeFitsTheOpcode() {
    assertOnly(
        layout(List.of(CMD), op("SCHEDOP_yield", 16)),
        DeclarationMessage.OP_CODE_DOES_NOT_FIT,
        new Part.Op("SCHEDOP_yield"),
        "SCHEDOP_yield",
        16L,
        4,
        "cmd",
        15L);
  }

  @Test
  void aCodeTheOpcodeCannotHoldIsRefusedAndNotComparedWithOthers() {
    List<Finding> findings =
        LayoutRules.check(layout(List.of(CMD), op("A", 16), op("B", 16), op("C", -1)));
    assertEquals(
        List.of(
            DeclarationMessage.OP_CODE_DOES_NOT_FIT,
            DeclarationMessage.OP_CODE_DOES_NOT_FIT,
            DeclarationMessage.OP_CODE_DOES_NOT_FIT),
        findings.stream().map(Finding::rule).toList());
    assertEquals(List.of(16L, 16L, -1L), findings.stream().map(f -> f.args().get(1)).toList());
  }

  @Test
  void twoLiveOpsWithOneCodeBlameTheLater() {
    assertOnly(
        layout(List.of(CMD), op("A", 3), op("B", 3)),
        DeclarationMessage.DUPLICATE_OP_CODE,
        new Part.Op("B"),
        "B",
        3L,
        "A");
  }

  @Test
  void twoRetiredOpsWithOneCodeBlameTheLater() {
    assertOnly(
        layout(List.of(CMD), op("A", 3).withRetirement(R12), op("B", 3).withRetirement(R12)),
        DeclarationMessage.DUPLICATE_OP_CODE,
        new Part.Op("B"),
        "B",
        3L,
        "A");
  }

  @Test
  void aRetiredOpsCodeTakenByALiveOpBlamesTheLiveOneInEitherOrder() {
    Op block = op("SCHEDOP_block", 3).withRetirement(R12);
    Op wake = op("SCHEDOP_wake", 3);
    for (Layout l : List.of(layout(List.of(CMD), block, wake), layout(List.of(CMD), wake, block))) {
      assertOnly(
          l,
          GateMessage.RETIRED_CODE_REUSED,
          new Part.Op("SCHEDOP_wake"),
          "SCHEDOP_wake",
          3L,
          "SCHEDOP_block",
          "1.2");
    }
  }

  @Test
  void anAliasIsAJavaNameOtherThanItsOpsAndListedOnce() {
    assertOnly(
        layout(List.of(CMD), aliased("A", 1, "1bad")),
        DeclarationMessage.BAD_ALIAS,
        new Part.Alias("A", 0, "1bad"),
        "1bad",
        "A");
    assertOnly(
        layout(List.of(CMD), aliased("A", 1, "class")),
        DeclarationMessage.BAD_ALIAS,
        new Part.Alias("A", 0, "class"),
        "class",
        "A");
    assertOnly(
        layout(List.of(CMD), aliased("A", 1, "A")),
        DeclarationMessage.BAD_ALIAS,
        new Part.Alias("A", 0, "A"),
        "A",
        "A");
    assertOnly(
        layout(List.of(CMD), aliased("A", 1, "OLD", "OLD")),
        DeclarationMessage.BAD_ALIAS,
        new Part.Alias("A", 1, "OLD"),
        "OLD",
        "A");
  }

  @Test
  void aNameOrAliasBelongsToOneOp() {
    assertOnly(
        layout(List.of(CMD), aliased("A", 1, "OLD"), aliased("B", 2, "OLD")),
        DeclarationMessage.DUPLICATE_OP_NAME,
        new Part.Alias("B", 0, "OLD"),
        "B",
        "OLD",
        "A");
    assertOnly(
        layout(List.of(CMD), aliased("A", 1, "B"), op("B", 2)),
        DeclarationMessage.DUPLICATE_OP_NAME,
        new Part.Op("B"),
        "B",
        "B",
        "A");
  }

  @Test
  void fieldsAnOpCarriesTogetherDoNotOverlapOnTheOpsUseOfTheLaterField() {
    Field start = new Field("start", false, Encoding.SHIFTED, 10, 8, 0).withRetirement(R12);
    assertOnly(
        layout(List.of(CMD, EXTENT, start), op("A", 1, "extent"), op("B", 2, "extent", "start")),
        DeclarationMessage.OVERLAP,
        new Part.Continues("B", new Part.Field("start", 2)),
        "start",
        "10..17",
        "extent",
        "4..23",
        "op B");
    // No op carries both: no finding.
    assertEquals(
        List.of(),
        LayoutRules.check(
            layout(List.of(CMD, EXTENT, start), op("A", 1, "extent"), op("B", 2, "start"))));
  }

  @Test
  void withoutAnOpcodeEveryWordCarriesEveryField() {
    Field flag = new Field("flag", false, Encoding.SHIFTED, 23, 1, 0);
    assertOnly(
        layout(List.of(EXTENT, flag)),
        DeclarationMessage.OVERLAP,
        new Part.Field("flag", 1),
        "flag",
        "23..23",
        "extent",
        "4..23",
        DeclarationMessage.REASON_OVERLAP_NO_OPCODE.text());
  }

  @Test
  void aSecondOpcodeIsNotJudgedForOverlaps() {
    Field other = new Field("other", true, Encoding.SHIFTED, 0, 2, 0);
    assertEquals(
        List.of(DeclarationMessage.TWO_OPCODES),
        LayoutRules.check(layout(List.of(CMD, other), op("A", 1))).stream()
            .map(Finding::rule)
            .toList());
  }

  @Test
  void theContinuableAndEveryFieldHaveALowerSnakeCaseName() {
    assertOnly(
        new Layout("SchedOp", "a.SchedOp", 64, 0, List.of(CMD), List.of()),
        DeclarationMessage.BAD_NAME,
        new Part.Continuable("SchedOp"),
        "continuable",
        "SchedOp");
    Field bad = new Field("Extent", false, Encoding.SHIFTED, 4, 20, 0);
    assertOnly(
        layout(List.of(CMD, bad)),
        DeclarationMessage.BAD_NAME,
        new Part.Field("Extent", 1),
        "field",
        "Extent");
  }

  @Test
  void twoFieldsWithOneNameBlameTheLaterAndTellThemApartByPlace() {
    Field twin = new Field("cmd", false, Encoding.SHIFTED, 30, 2, 0);
    assertOnly(
        layout(List.of(CMD, twin)),
        DeclarationMessage.DUPLICATE_FIELD_NAME,
        new Part.Field("cmd", 1),
        "field",
        "cmd",
        "cmd",
        "opcode",
        "cmd");
    assertEquals(
        List.of(new Part.Field("cmd", 1), "cmd", "opcode", new Part.Field("cmd", 0)),
        LayoutRules.check(layout(List.of(CMD, twin))).get(0).args().subList(1, 5));
  }

  @Test
  void aFieldLiesInsideTheWord() {
    Field wide = new Field("extent", false, Encoding.SHIFTED, 8, 25, 0);
    assertOnly(
        new Layout("ring", "a.Ring", 32, 0, List.of(wide), List.of()),
        DeclarationMessage.FIELD_OUTSIDE_WORD,
        new Part.Field("extent", 0),
        "field",
        "extent",
        "8..32",
        32,
        31);
    Field opcode = new Field("cmd", true, Encoding.SHIFTED, 60, 8, 0);
    assertOnly(
        layout(List.of(opcode)),
        DeclarationMessage.FIELD_OUTSIDE_WORD,
        new Part.Field("cmd", 0),
        "opcode",
        "cmd",
        "60..67",
        64,
        63);
  }

  private static Layout compat(Field... fields) {
    return new Layout("sched_op", "a.SchedOp", 64, 32, List.of(fields), List.of());
  }

  @Test
  void theCompatWordHoldsALowPartOfAField() {
    Field wider = new Field("extent", false, Encoding.SHIFTED, 4, 20, 21);
    assertOnly(
        compat(wider),
        DeclarationMessage.COMPAT_BITS_TOO_LARGE,
        new Part.Compat(new Part.Field("extent", 0)),
        "field",
        "extent",
        21,
        20,
        20);
  }

  @Test
  void aFieldsCompatPartLiesInsideTheCompatWord() {
    Field beyond = new Field("extent", false, Encoding.SHIFTED, 20, 40, 13);
    assertOnly(
        compat(beyond),
        DeclarationMessage.COMPAT_BITS_OUTSIDE,
        new Part.Compat(new Part.Field("extent", 0)),
        "field",
        "extent",
        "20..32",
        12);
    assertEquals(
        List.of(),
        LayoutRules.check(compat(new Field("extent", false, Encoding.SHIFTED, 20, 40, 12))));
    assertEquals(
        List.of(),
        LayoutRules.check(compat(new Field("extent", false, Encoding.SHIFTED, 40, 20, 0))));
  }

  @Test
  void anOpcodeIsWholeInTheCompatWord() {
    Field opcode = new Field("cmd", true, Encoding.SHIFTED, 28, 8, 8);
    assertOnly(
        compat(opcode),
        DeclarationMessage.OPCODE_BEYOND_COMPAT,
        new Part.Compat(new Part.Field("cmd", 0)),
        "cmd",
        "28..35");
  }

  @Test
  void aRetirementNamesAReleaseLabelAndOneLineOfReason() {
    Op op = op("SCHEDOP_block", 3).withRetirement(new Retirement("1 2", "use poll"));
    assertOnly(
        layout(List.of(CMD), op),
        DeclarationMessage.RETIRED_BAD_RELEASE,
        new Part.Retired(new Part.Op("SCHEDOP_block")),
        "op",
        "SCHEDOP_block",
        "1 2");
    Field field = EXTENT.withRetirement(new Retirement("1.2", "ends */ a comment"));
    assertOnly(
        layout(List.of(CMD, field)),
        DeclarationMessage.RETIRED_BAD_REASON,
        new Part.Retired(new Part.Field("extent", 1)),
        "field",
        "extent",
        "ends */ a comment");
    Layout continuable =
        new Layout(
            "sched_op", "a.SchedOp", 64, 0, List.of(CMD), List.of(), new Retirement("1.2", " "));
    assertOnly(
        continuable,
        DeclarationMessage.RETIRED_BAD_REASON,
        new Part.Retired(new Part.Continuable("sched_op")),
        "continuable",
        "sched_op",
        " ");
    Op both = op("SCHEDOP_block", 3).withRetirement(new Retirement("1/2", ""));
    assertEquals(
        List.of(DeclarationMessage.RETIRED_BAD_RELEASE, DeclarationMessage.RETIRED_BAD_REASON),
        LayoutRules.check(layout(List.of(CMD), both)).stream().map(Finding::rule).toList());
  }

  @Test
  void aReasonIsOnePrintableLineThatCannotEndACComment() {
    assertTrue(LayoutRules.isOneLineReason("moved to dm_op"));
    assertTrue(LayoutRules.isOneLineReason("ARM-only since 4.21: \"x86\" refuses it \\ always"));
    assertTrue(LayoutRules.isOneLineReason("a * / b"));
    assertFalse(LayoutRules.isOneLineReason(""));
    assertFalse(LayoutRules.isOneLineReason("   "));
    assertFalse(LayoutRules.isOneLineReason("moved */ to dm_op"));
    assertFalse(LayoutRules.isOneLineReason("moved\nto dm_op"));
    assertFalse(LayoutRules.isOneLineReason("moved\u2028to dm_op"));
    assertFalse(LayoutRules.isOneLineReason("moved\u2029to dm_op"));
    assertFalse(LayoutRules.isOneLineReason("moved\u007fto dm_op"));
    assertFalse(LayoutRules.isOneLineReason("moved \u200eto dm_op"));
  }

  @Test
  void aReleaseLabelIsLettersDigitsAndDotsUnderscoresPlusesAndDashes() {
    assertTrue(LayoutRules.isReleaseLabel("4.9-rc1+x86_64"));
    assertFalse(LayoutRules.isReleaseLabel("4/9"));
    assertFalse(LayoutRules.isReleaseLabel(""));
  }

  @Test
  void namesFollowTheirRules() {
    assertTrue(LayoutRules.isAbiName("start_extent2"));
    assertFalse(LayoutRules.isAbiName("Start"));
    assertFalse(LayoutRules.isAbiName("a__b"));
    assertTrue(LayoutRules.isJavaName("XENMEM_x"));
    assertFalse(LayoutRules.isJavaName("a\u0000b"));
    assertFalse(LayoutRules.isJavaName("a\u200bb"));
    assertFalse(LayoutRules.isJavaName("for"));
  }
}
