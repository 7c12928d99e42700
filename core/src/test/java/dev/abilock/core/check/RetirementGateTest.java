package dev.abilock.core.check;

import static dev.abilock.core.XenLayouts.*;
import static dev.abilock.core.check.GateAssertions.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.abilock.Encoding;
import dev.abilock.core.GateMessage;
import dev.abilock.core.manifest.Manifest;
import dev.abilock.core.model.Field;
import dev.abilock.core.model.Layout;
import dev.abilock.core.model.Op;
import dev.abilock.core.model.Reading;
import dev.abilock.core.model.Retirement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Gate B on deliberate retirements, with Xen's own: 4.9 moved hvm_op's continuing ops 7 and 8 to
 * dm_op and dropped HVMOP_op_mask (start_iter), 4.21 made GNTTABOP_cache_flush (12) ARM-only.
 * Retiring what is published is compatible; the retirement is then frozen, and its code and names
 * stay reserved: each way of undoing that breaks with its own rule, target, consequence and advice.
 */
class RetirementGateTest {
  private static final Retirement LATER = new Retirement("4.10", "moved to dm_op");

  /**
   * hvm_op 4.9 with only start_iter retired: ops 7 and 8 still run, their progress bits refused.
   */
  private static final Layout FIELD_RETIRED = retireField(HVM_OP_45, "start_iter", OP_MASK_GONE);

  // ------------------------------------------------------------------ retiring is compatible

  @Test
  void retiringPublishedOpsAndAFieldIsCompatible() {
    // Xen 4.9: a 4.8 guest's saved HVMOP_modified_memory word 0x107 is now refused as retired, on
    // purpose.
    assertEquals(List.of(), ids(Compatibility.check(HVM_OP_45, HVM_OP_49)));
    assertEquals(List.of(), ids(Compatibility.check(GRANT_TABLE_OP, GRANT_TABLE_OP_421)));
    assertEquals(List.of(), ids(Compatibility.check(HVM_OP_45, FIELD_RETIRED)));
  }

  @Test
  void retiringThePublishedContinuableIsCompatible() {
    assertEquals(List.of(), ids(Compatibility.check(HVM_OP_45, retire(HVM_OP_45, DM_OP))));
  }

  @Test
  void aRetirementKeptAsPublishedHasNoBreak() {
    assertEquals(List.of(), ids(Compatibility.check(HVM_OP_49, HVM_OP_49)));
    assertEquals(
        List.of(), ids(Compatibility.check(retire(HVM_OP_45, DM_OP), retire(HVM_OP_45, DM_OP))));
  }

  @Test
  void aRetiredOpMayStartToCarryANewFieldInBitsItKeptZero() {
    // Compatible for a retired op as for any other: its old words had those bits zero.
    Layout flagged =
        withOp(
            plusField(GRANT_TABLE_OP_421, shifted("hard", 12, 1, 0)),
            "GNTTABOP_copy",
            op("GNTTABOP_copy", 5, "hard"));
    assertEquals(List.of(), ids(Compatibility.check(GRANT_TABLE_OP_421, flagged)));
  }

  // ------------------------------------------------------------------ unretired

  @Test
  void unRetiringAPublishedOpIsUnretiredOnTheOpWithoutAWitness() {
    Break b =
        only(Compatibility.check(HVM_OP_49, retireOp(HVM_OP_49, "HVMOP_modified_memory", null)));
    assertBreak(
        b,
        GateMessage.UNRETIRED,
        Target.op("hvm_op", "HVMOP_modified_memory", null),
        "[unretired] hvm_op: op HVMOP_modified_memory was retired in 4.9, and the sources use it again",
        "op HVMOP_modified_memory retired in 4.9: moved to dm_op",
        "op HVMOP_modified_memory in use");
    assertTrue(b.witness().isEmpty(), b.render());
    assertEquals(GateMessage.RETIREMENT_RECORDED.text(), b.consequence());
    assertEquals(
        "A retirement is frozen like a published line: keep @Retired(release = \"4.9\", reason = \"moved to"
            + " dm_op\") and the declaration it is on.",
        b.advice());
  }

  @Test
  void unRetiringAPublishedFieldIsUnretiredOnTheField() {
    Break b = only(Compatibility.check(FIELD_RETIRED, HVM_OP_45));
    assertBreak(
        b,
        GateMessage.UNRETIRED,
        Target.field("hvm_op", "start_iter", null),
        "[unretired] hvm_op: field start_iter was retired in 4.9, and the sources use it again",
        "field start_iter retired in 4.9: HVMOP_op_mask removed: no hvm_op continues",
        "field start_iter in use");
    assertEquals(GateMessage.RETIREMENT_RECORDED.text(), b.consequence());
  }

  @Test
  void unRetiringThePublishedContinuableIsUnretiredOnTheContinuable() {
    Break b = only(Compatibility.check(retire(HVM_OP_45, DM_OP), HVM_OP_45));
    assertBreak(
        b,
        GateMessage.UNRETIRED,
        Target.continuable("hvm_op", null),
        "[unretired] hvm_op: continuable hvm_op was retired in 4.9, and the sources use it again",
        "continuable hvm_op retired in 4.9: moved to dm_op",
        "continuable hvm_op in use");
    assertTrue(b.witness().isEmpty(), b.render());
  }

  // ------------------------------------------------------------------ retirement-changed

  @Test
  void movingAnOpsRetirementToAnotherReleaseIsRetirementChangedOnItsRetiredAnnotation() {
    Break b =
        only(Compatibility.check(HVM_OP_49, retireOp(HVM_OP_49, "HVMOP_modified_memory", LATER)));
    assertBreak(
        b,
        GateMessage.RETIREMENT_CHANGED,
        Target.op("hvm_op", "HVMOP_modified_memory", null).retiredAnnotation(),
        "[retirement-changed] hvm_op: op HVMOP_modified_memory was retired in 4.9 (\"moved to dm_op\"); the sources"
            + " now say 4.10 (\"moved to dm_op\")",
        "op HVMOP_modified_memory retired in 4.9: moved to dm_op",
        "op HVMOP_modified_memory retired in 4.10: moved to dm_op");
    assertTrue(b.target().onRetired());
    assertTrue(b.witness().isEmpty(), b.render());
    assertEquals(GateMessage.RETIREMENT_RECORDED.text(), b.consequence());
    assertEquals(GateMessage.ADVICE_RETIREMENT.text("4.9", "moved to dm_op"), b.advice());
  }

  @Test
  void rewordingAFieldsRetirementIsRetirementChanged() {
    Retirement reworded = new Retirement("4.9", "no hvm_op continues");
    Break b =
        only(
            Compatibility.check(FIELD_RETIRED, retireField(FIELD_RETIRED, "start_iter", reworded)));
    assertBreak(
        b,
        GateMessage.RETIREMENT_CHANGED,
        Target.field("hvm_op", "start_iter", null).retiredAnnotation(),
        "[retirement-changed] hvm_op: field start_iter was retired in 4.9 (\"HVMOP_op_mask removed: no hvm_op"
            + " continues\"); the sources now say 4.9 (\"no hvm_op continues\")",
        "field start_iter retired in 4.9: HVMOP_op_mask removed: no hvm_op continues",
        "field start_iter retired in 4.9: no hvm_op continues");
  }

  @Test
  void changingTheContinuablesRetirementIsRetirementChanged() {
    Break b = only(Compatibility.check(retire(HVM_OP_45, DM_OP), retire(HVM_OP_45, LATER)));
    assertBreak(
        b,
        GateMessage.RETIREMENT_CHANGED,
        Target.continuable("hvm_op", null).retiredAnnotation(),
        "[retirement-changed] hvm_op: continuable hvm_op was retired in 4.9 (\"moved to dm_op\"); the sources now say"
            + " 4.10 (\"moved to dm_op\")",
        "continuable hvm_op retired in 4.9: moved to dm_op",
        "continuable hvm_op retired in 4.10: moved to dm_op");
  }

  // ------------------------------------------------------------------ retired-removed

  @Test
  void deletingARetiredOpIsRetiredRemovedWithAWordSavedBeforeItsRetirement() {
    // The tempting clean-up of x86's cache_flush: a guest migrated from 4.20 mid-flush holds 12 |
    // 4096,
    // refused as retired until now, and now as an unknown op, without saying why.
    Break b =
        only(
            Compatibility.check(
                GRANT_TABLE_OP_421, withOp(GRANT_TABLE_OP_421, "GNTTABOP_cache_flush", null)));
    assertBreak(
        b,
        GateMessage.RETIRED_REMOVED,
        Target.continuable("grant_table_op", null),
        "[retired-removed] grant_table_op: op GNTTABOP_cache_flush, retired in 4.21, is gone from the sources, and"
            + " with it the reservation of its code 12",
        "op GNTTABOP_cache_flush retired in 4.21: ARM-only since 4.21: x86 refuses it",
        "nothing");
    assertWitness(
        b,
        0x100c,
        false,
        accepted("GNTTABOP_cache_flush", "arg", 4096),
        refused("unknown op code 12"));
    assertEquals("4.21", b.witness().orElseThrow().retiredIn());
    assertEquals(
        "witness: word 0x0000100c was op GNTTABOP_cache_flush, arg = 4096 before its retirement in 4.21, but"
            + " the sources now read it as refused (unknown op code 12)",
        b.consequence());
    assertEquals(
        GateMessage.ADVICE_RETIREMENT.text("4.21", "ARM-only since 4.21: x86 refuses it"),
        b.advice());
  }

  @Test
  void deletingARetiredOpThatNeverContinuedIsRetiredRemovedWithoutAWitness() {
    Layout retired = retireOp(HVM_OP_45, "HVMOP_track_dirty_vram", DM_OP);
    Break b = only(Compatibility.check(retired, withOp(retired, "HVMOP_track_dirty_vram", null)));
    assertEquals(GateMessage.RETIRED_REMOVED, b.rule());
    assertTrue(b.witness().isEmpty(), b.render());
    assertEquals(GateMessage.RETIREMENT_RECORDED.text(), b.consequence());
  }

  @Test
  void deletingARetiredFieldThatLiveOpsStillCarryShowsTheirWordsNowRefusedAsStrayBits() {
    Layout deleted =
        mapOps(
            withField(FIELD_RETIRED, "start_iter", null),
            o -> new Op(o.name(), o.code(), List.of(), o.aliases(), o.retired()));
    List<Break> breaks = Compatibility.check(FIELD_RETIRED, deleted);
    assertEquals(
        List.of("retired-removed", "op-continuation-dropped", "op-continuation-dropped"),
        ids(breaks));
    Break b = breaks.get(0);
    assertBreak(
        b,
        GateMessage.RETIRED_REMOVED,
        Target.continuable("hvm_op", null),
        "[retired-removed] hvm_op: field start_iter, retired in 4.9, is gone from the sources, and with it the"
            + " reservation of its bits 8..63",
        "field start_iter retired in 4.9: HVMOP_op_mask removed: no hvm_op continues",
        "nothing");
    assertWitness(
        b,
        0x107,
        false,
        accepted("HVMOP_modified_memory", "start_iter", 256),
        refused("bits 0x100 set that op HVMOP_modified_memory does not continue with"));
    assertEquals("4.9", b.witness().orElseThrow().retiredIn());
    assertWitness(
        breaks.get(2),
        0x108,
        false,
        accepted("HVMOP_set_mem_type", "start_iter", 256),
        refused("bits 0x100 set that op HVMOP_set_mem_type does not continue with"));
  }

  @Test
  void deletingARetiredFieldWhoseOpsAreRetiredTooMisreadsNothingButStillBreaks() {
    // Xen 4.9 as it really is: every word that carried start_iter is refused by its retired op
    // anyway.
    Layout deleted =
        mapOps(
            withField(HVM_OP_49, "start_iter", null),
            o -> new Op(o.name(), o.code(), List.of(), o.aliases(), o.retired()));
    List<Break> breaks = Compatibility.check(HVM_OP_49, deleted);
    assertEquals(
        List.of("retired-removed", "op-continuation-dropped", "op-continuation-dropped"),
        ids(breaks));
    breaks.forEach(b -> assertTrue(b.witness().isEmpty(), b.render()));
    assertEquals(GateMessage.RETIREMENT_RECORDED.text(), breaks.get(0).consequence());
    assertNoWitness(breaks.get(1));
  }

  @Test
  void deletingARetiredContinuableIsRetiredRemovedOfItsName() {
    Break b = Compatibility.removed(retire(HVM_OP_45, DM_OP));
    assertBreak(
        b,
        GateMessage.RETIRED_REMOVED,
        Target.continuable("hvm_op", null),
        "[retired-removed] hvm_op: continuable hvm_op, retired in 4.9, is gone from the sources, and with it the"
            + " reservation of its name",
        "continuable hvm_op retired in 4.9: moved to dm_op",
        "nothing");
    assertTrue(b.witness().isEmpty(), b.render());
    assertEquals(GateMessage.RETIREMENT_RECORDED.text(), b.consequence());
    assertEquals(GateMessage.ADVICE_RETIREMENT.text("4.9", "moved to dm_op"), b.advice());
  }

  @Test
  void overAManifestARetiredContinuableNoSourceDeclaresIsRetiredRemoved() {
    Manifest published = Manifest.of(List.of(retire(HVM_OP_45, DM_OP)), Manifest.empty(), "4.5");
    Break b = only(Compatibility.check(published, Map.of()));
    assertEquals(GateMessage.RETIRED_REMOVED, b.rule());
    assertEquals(Compatibility.removed(retire(HVM_OP_45, DM_OP)), b);
  }

  @Test
  void deletingBothRetiredHvmOpsShowsEachOnesOwnWord() {
    Layout deleted =
        withOp(withOp(HVM_OP_49, "HVMOP_modified_memory", null), "HVMOP_set_mem_type", null);
    List<Break> breaks = Compatibility.check(HVM_OP_49, deleted);
    assertEquals(List.of("retired-removed", "retired-removed"), ids(breaks));
    assertWitness(
        breaks.get(0),
        0x107,
        false,
        accepted("HVMOP_modified_memory", "start_iter", 256),
        refused("unknown op code 7"));
    assertWitness(
        breaks.get(1),
        0x108,
        false,
        accepted("HVMOP_set_mem_type", "start_iter", 256),
        refused("unknown op code 8"));
  }

  @Test
  void deletingARetiredFieldShowsACompatWordWhenOnlyCompatWordsAreMisread() {
    Retirement r = new Retirement("9.2", "counted elsewhere");
    Layout published =
        new Layout(
            "batch",
            "org.example.Batch",
            64,
            32,
            List.of(inPlace("done", 3, 8, 8).withRetirement(r)),
            List.of());
    // Renamed, and narrowed in the compat word: native words stay refused as retired, compat ones
    // do not.
    Layout now =
        new Layout(
            "batch",
            "org.example.Batch",
            64,
            32,
            List.of(inPlace("done_v2", 3, 8, 4).withRetirement(r)),
            List.of());
    Break b = only(Compatibility.check(published, now));
    assertEquals(GateMessage.RETIRED_REMOVED, b.rule());
    // Compat word 0x80 (done = 128, saved before 9.2) is now refused as stray bits, not as retired.
    Witness w = b.witness().orElseThrow(() -> new AssertionError("no witness: " + b.render()));
    assertTrue(w.compat(), b.render());
    assertEquals("9.2", w.retiredIn());
    assertInstanceOf(Reading.Refused.class, w.now());
  }

  @Test
  void aRemovedContinuableWhoseContinuingOpsAreAllRetiredHasNoWitness() {
    // Every word a 4.8 guest saved is refused as retired by 4.9 already: deleting hvm_op misreads
    // none of them.
    Break b = Compatibility.removed(HVM_OP_49);
    assertEquals(GateMessage.CONTINUABLE_REMOVED, b.rule());
    assertNoWitness(b);
  }

  // ------------------------------------------------------------------ retired-code-reused

  @Test
  void givingARetiredCodeToANewOpIsRetiredCodeReusedWithTheOldWordReadAsTheNewOp() {
    // An x86 op given cache_flush's 12: a 4.20 guest's saved flush would run as it.
    Layout reused =
        withOp(
            GRANT_TABLE_OP_421, "GNTTABOP_cache_flush", op("GNTTABOP_cache_flush_x86", 12, "arg"));
    Break b = only(Compatibility.check(GRANT_TABLE_OP_421, reused));
    assertBreak(
        b,
        GateMessage.RETIRED_CODE_REUSED,
        Target.op("grant_table_op", "GNTTABOP_cache_flush_x86", null),
        "[retired-code-reused] grant_table_op: op GNTTABOP_cache_flush_x86 takes code 12 of op GNTTABOP_cache_flush,"
            + " retired in 4.21",
        "op GNTTABOP_cache_flush code 12, continues arg retired in 4.21: ARM-only since 4.21: x86 refuses it",
        "op GNTTABOP_cache_flush_x86 code 12, continues arg");
    // The way out is said once: by the advice line, not by the headline as well.
    String text = b.render();
    assertEquals(1, text.split("stays reserved", -1).length - 1, text);
    assertEquals(1, text.split("another code", -1).length - 1, text);
    // Same code and progress: only the names tell that it is another op.
    assertWitness(
        b,
        0x100c,
        false,
        accepted("GNTTABOP_cache_flush", "arg", 4096),
        accepted("GNTTABOP_cache_flush_x86", "arg", 4096));
    assertEquals("4.21", b.witness().orElseThrow().retiredIn());
    assertEquals(
        "witness: word 0x0000100c was op GNTTABOP_cache_flush, arg = 4096 before its retirement in 4.21, but"
            + " the sources now read it as op GNTTABOP_cache_flush_x86, arg = 4096",
        b.consequence());
    assertEquals(
        "Code 12 stays reserved for op GNTTABOP_cache_flush, retired in 4.21: a guest may still hold its old"
            + " words. Give the new one another code.",
        b.advice());
  }

  @Test
  void aRetiredCodeGivenToAnOpWithoutProgressShowsTheOldWordSilentlyRunAsItRatherThanOneRefused() {
    // 12 | 4096 is merely refused now (bits the new op has no field for); 12 itself, a flush saved
    // at
    // grant ref 0, would run as the new op: the worse misreading is the witness.
    Layout reused =
        withOp(GRANT_TABLE_OP_421, "GNTTABOP_cache_flush", op("GNTTABOP_swap_grant_ref", 12));
    Break b = only(Compatibility.check(GRANT_TABLE_OP_421, reused));
    assertEquals(GateMessage.RETIRED_CODE_REUSED, b.rule());
    assertWitness(
        b,
        0xc,
        false,
        accepted("GNTTABOP_cache_flush", "arg", 0),
        accepted("GNTTABOP_swap_grant_ref"));
    assertEquals("4.21", b.witness().orElseThrow().retiredIn());
  }

  @Test
  void aRetiredOpThatNeverContinuedHasNoSavedWordForItsReusedCode() {
    Layout retired = retireOp(HVM_OP_45, "HVMOP_track_dirty_vram", DM_OP);
    Layout reused = withOp(retired, "HVMOP_track_dirty_vram", op("HVMOP_new_op", 6));
    Break b = only(Compatibility.check(retired, reused));
    assertEquals(GateMessage.RETIRED_CODE_REUSED, b.rule());
    assertNoWitness(b);
  }

  @Test
  void givingBothRetiredHvmCodesAwayShowsEachCodesOwnOldWord() {
    Layout reused =
        withOp(
            withOp(HVM_OP_49, "HVMOP_modified_memory", op("HVMOP_reuse_7", 7)),
            "HVMOP_set_mem_type",
            op("HVMOP_reuse_8", 8));
    List<Break> breaks = Compatibility.check(HVM_OP_49, reused);
    assertEquals(List.of("retired-code-reused", "retired-code-reused"), ids(breaks));
    assertWitness(
        breaks.get(0),
        0x7,
        false,
        accepted("HVMOP_modified_memory", "start_iter", 0),
        accepted("HVMOP_reuse_7"));
    assertWitness(
        breaks.get(1),
        0x8,
        false,
        accepted("HVMOP_set_mem_type", "start_iter", 0),
        accepted("HVMOP_reuse_8"));
  }

  @Test
  void unRetiringAnOpReadsItsOldWordsAsBeforeSoAnotherBreakFindsNoMisreadAmongThem() {
    // cache_flush back on x86 while the word is declared 64 bits wide: 12 | 4096 reads as it did
    // before 4.21,
    // which is no misreading, so the width break says no saved word is misread.
    List<Break> breaks = Compatibility.check(GRANT_TABLE_OP_421, widths(GRANT_TABLE_OP, 64, 0));
    assertEquals(List.of("width-widened", "unretired"), ids(breaks));
    assertNoWitness(breaks.get(0));
  }

  // ------------------------------------------------------------------ retired-name-reused

  @Test
  void aRetiredOpsNameOnAnotherCodeIsRetiredRemovedAndRetiredNameReused() {
    Layout renumbered =
        withOp(GRANT_TABLE_OP_421, "GNTTABOP_cache_flush", op("GNTTABOP_cache_flush", 13, "arg"));
    List<Break> breaks = Compatibility.check(GRANT_TABLE_OP_421, renumbered);
    assertEquals(List.of("retired-removed", "retired-name-reused"), ids(breaks));
    Break b = breaks.get(1);
    assertBreak(
        b,
        GateMessage.RETIRED_NAME_REUSED,
        Target.op("grant_table_op", "GNTTABOP_cache_flush", null),
        "[retired-name-reused] grant_table_op: op GNTTABOP_cache_flush takes the name of op GNTTABOP_cache_flush,"
            + " retired in 4.21",
        "op GNTTABOP_cache_flush code 12, continues arg retired in 4.21: ARM-only since 4.21: x86 refuses it",
        "op GNTTABOP_cache_flush code 13, continues arg");
    assertTrue(b.witness().isEmpty(), b.render());
    assertEquals(GateMessage.RETIREMENT_RECORDED.text(), b.consequence());
    assertEquals(
        "Its name GNTTABOP_cache_flush stays reserved for op GNTTABOP_cache_flush, retired in 4.21: a guest"
            + " may still hold its old words. Give the new one another name.",
        b.advice());
  }

  @Test
  void aRetiredCodeAndAnotherCodeUnderTheRetiredNameAreBothReported() {
    Layout both =
        plusOp(
            withOp(
                GRANT_TABLE_OP_421,
                "GNTTABOP_cache_flush",
                op("GNTTABOP_cache_flush_x86", 12, "arg")),
            op("GNTTABOP_cache_flush", 13, "arg"));
    List<Break> breaks = Compatibility.check(GRANT_TABLE_OP_421, both);
    assertEquals(List.of("retired-code-reused", "retired-name-reused"), ids(breaks));
    assertEquals(
        Target.op("grant_table_op", "GNTTABOP_cache_flush_x86", null), breaks.get(0).target());
    assertEquals(Target.op("grant_table_op", "GNTTABOP_cache_flush", null), breaks.get(1).target());
  }

  @Test
  void aRetiredFieldsNameOnNewBitsIsRetiredNameReusedWithAWordSavedBeforeTheRetirement() {
    // start_iter again, shifted and 32 bits wide: the 4.8 guest's pfn 256 would resume at 1.
    Layout reused = withField(FIELD_RETIRED, "start_iter", shifted("start_iter", 8, 32, 0));
    Break b = only(Compatibility.check(FIELD_RETIRED, reused));
    assertBreak(
        b,
        GateMessage.RETIRED_NAME_REUSED,
        Target.field("hvm_op", "start_iter", null),
        "[retired-name-reused] hvm_op: field start_iter takes the name of field start_iter, retired in 4.9",
        "field start_iter in_place bits 8..63 mask 0xffffffffffffff00 retired in 4.9: HVMOP_op_mask removed: no hvm_op"
            + " continues",
        "field start_iter shifted bits 8..39 mask 0x000000ffffffff00");
    assertWitness(
        b,
        0x107,
        false,
        accepted("HVMOP_modified_memory", "start_iter", 256),
        accepted("HVMOP_modified_memory", "start_iter", 1));
    assertEquals("4.9", b.witness().orElseThrow().retiredIn());
    assertEquals(b.witness().orElseThrow().describe(), b.consequence());
    assertEquals(
        GateMessage.ADVICE_REUSE.text("Its name start_iter", "field start_iter", "4.9", "name"),
        b.advice());
  }

  @Test
  void aRetiredFieldsNameReusedWhereNoWordCanBeMisreadStillBreaks() {
    // Xen 4.9's ops are retired with the field: every old word stays refused, but the name is the
    // record.
    Layout reused = withField(HVM_OP_49, "start_iter", shifted("start_iter", 8, 32, 0));
    Break b = only(Compatibility.check(HVM_OP_49, reused));
    assertEquals(GateMessage.RETIRED_NAME_REUSED, b.rule());
    assertTrue(b.witness().isEmpty(), b.render());
    assertEquals(GateMessage.RETIREMENT_RECORDED.text(), b.consequence());
  }

  @Test
  void aRetiredFieldMovedIsReportedAsTheMoveWithAWordSavedBeforeTheRetirement() {
    Layout moved =
        withField(
            FIELD_RETIRED,
            "start_iter",
            inPlace("start_iter", 9, 55, 0).withRetirement(OP_MASK_GONE));
    Break b = only(Compatibility.check(FIELD_RETIRED, moved));
    assertEquals(GateMessage.FIELD_SHIFTED, b.rule());
    assertWitness(
        b,
        0x107,
        false,
        accepted("HVMOP_modified_memory", "start_iter", 256),
        refused("bits 0x100 set that op HVMOP_modified_memory does not continue with"));
    assertEquals("4.9", b.witness().orElseThrow().retiredIn());
  }

  // ------------------------------------------------------------------ continues-retired-field

  @Test
  void aPublishedOpStartingToCarryARetiredFieldIsContinuesRetiredField() {
    Layout tracked =
        withOp(
            FIELD_RETIRED, "HVMOP_track_dirty_vram", op("HVMOP_track_dirty_vram", 6, "start_iter"));
    Break b = only(Compatibility.check(FIELD_RETIRED, tracked));
    assertBreak(
        b,
        GateMessage.CONTINUES_RETIRED_FIELD,
        Target.op("hvm_op", "HVMOP_track_dirty_vram", "continues"),
        "[continues-retired-field] hvm_op: op HVMOP_track_dirty_vram continues with field start_iter, retired in 4.9",
        "op HVMOP_track_dirty_vram code 6, continues nothing",
        "op HVMOP_track_dirty_vram code 6, continues start_iter");
    assertTrue(b.witness().isEmpty(), b.render());
    assertEquals(GateMessage.RETIREMENT_RECORDED.text(), b.consequence());
    assertEquals("Remove it from continues: new progress needs a new field.", b.advice());
  }

  @Test
  void aNewOpCarryingARetiredFieldIsContinuesRetiredField() {
    Layout dying = plusOp(FIELD_RETIRED, op("HVMOP_pagetable_dying", 9, "start_iter"));
    Break b = only(Compatibility.check(FIELD_RETIRED, dying));
    assertBreak(
        b,
        GateMessage.CONTINUES_RETIRED_FIELD,
        Target.op("hvm_op", "HVMOP_pagetable_dying", "continues"),
        "[continues-retired-field] hvm_op: op HVMOP_pagetable_dying continues with field start_iter, retired in 4.9",
        "no op HVMOP_pagetable_dying",
        "op HVMOP_pagetable_dying code 9, continues start_iter");
  }

  @Test
  void aNewFieldOverTheBitsOfARetiredFieldAnOpCarriedOverlapsWhatItsOldWordsSet() {
    // HVMOP_modified_memory trades the retired start_iter for a new cursor on the same bits: its
    // words
    // saved before 4.9 must stay refused, not resume at cursor 1.
    Layout cursor =
        withOp(
            plusField(FIELD_RETIRED, shifted("cursor", 8, 32, 0)),
            "HVMOP_modified_memory",
            op("HVMOP_modified_memory", 7, "cursor"));
    List<Break> breaks = Compatibility.check(FIELD_RETIRED, cursor);
    assertEquals(List.of("op-continuation-dropped", "field-overlaps-published"), ids(breaks));
    Break b = breaks.get(1);
    assertBreak(
        b,
        GateMessage.FIELD_OVERLAPS_PUBLISHED,
        Target.field("hvm_op", "cursor", "shift"),
        "[field-overlaps-published] hvm_op: cursor (bits 8..39) overlaps start_iter (bits 8..63), which published op"
            + " HVMOP_modified_memory already uses",
        "field start_iter in_place bits 8..63 mask 0xffffffffffffff00",
        "field cursor shifted bits 8..39 mask 0x000000ffffffff00");
    assertWitness(
        b,
        0x107,
        false,
        accepted("HVMOP_modified_memory", "start_iter", 256),
        accepted("HVMOP_modified_memory", "cursor", 1));
    assertEquals("4.9", b.witness().orElseThrow().retiredIn());
  }

  @Test
  void bothRetiredFieldTradesShowEachOpsOwnWord() {
    Layout cursor =
        mapOps(
            plusField(FIELD_RETIRED, shifted("cursor", 8, 32, 0)),
            o -> o.continues().isEmpty() ? o : op(o.name(), o.code(), "cursor"));
    List<Break> breaks = Compatibility.check(FIELD_RETIRED, cursor);
    assertEquals(
        List.of(
            "op-continuation-dropped",
            "field-overlaps-published",
            "op-continuation-dropped",
            "field-overlaps-published"),
        ids(breaks));
    assertWitness(
        breaks.get(1),
        0x107,
        false,
        accepted("HVMOP_modified_memory", "start_iter", 256),
        accepted("HVMOP_modified_memory", "cursor", 1));
    assertWitness(
        breaks.get(3),
        0x108,
        false,
        accepted("HVMOP_set_mem_type", "start_iter", 256),
        accepted("HVMOP_set_mem_type", "cursor", 1));
  }

  // ------------------------------------------------------------------ retired-draft, through the
  // manifest

  @Test
  void retiringOpsAndAFieldOfADraftContinuableIsRetiredDraftOnEachRetiredAnnotation() {
    Manifest drafted = Manifest.of(List.of(HVM_OP_45), Manifest.empty(), null);
    List<Break> breaks = Compatibility.check(drafted, Map.of("hvm_op", retire(HVM_OP_49, DM_OP)));
    assertEquals(
        List.of("retired-draft", "retired-draft", "retired-draft", "retired-draft"), ids(breaks));
    assertBreak(
        breaks.get(0),
        GateMessage.RETIRED_DRAFT,
        Target.continuable("hvm_op", null).retiredAnnotation(),
        "[retired-draft] hvm_op: continuable hvm_op is retired in 4.9 but was never published",
        "draft or nothing",
        "continuable hvm_op retired in 4.9: moved to dm_op");
    assertBreak(
        breaks.get(1),
        GateMessage.RETIRED_DRAFT,
        Target.field("hvm_op", "start_iter", null).retiredAnnotation(),
        "[retired-draft] hvm_op: field start_iter is retired in 4.9 but was never published",
        "draft or nothing",
        "field start_iter retired in 4.9: HVMOP_op_mask removed: no hvm_op continues");
    assertBreak(
        breaks.get(2),
        GateMessage.RETIRED_DRAFT,
        Target.op("hvm_op", "HVMOP_modified_memory", null).retiredAnnotation(),
        "[retired-draft] hvm_op: op HVMOP_modified_memory is retired in 4.9 but was never published",
        "draft or nothing",
        "op HVMOP_modified_memory retired in 4.9: moved to dm_op");
    assertEquals(
        Target.op("hvm_op", "HVMOP_set_mem_type", null).retiredAnnotation(),
        breaks.get(3).target());
    for (Break b : breaks) {
      assertTrue(b.witness().isEmpty(), b.render());
      assertEquals(
          "nothing published depends on it, so there is nothing to retire", b.consequence());
      assertEquals("Delete the declaration instead.", b.advice());
    }
  }

  @Test
  void retiringANewOpOrFieldOfAPublishedContinuableIsRetiredDraft() {
    Manifest v45 = Manifest.of(List.of(HVM_OP_45), Manifest.empty(), "4.5");
    Layout newOp = plusOp(HVM_OP_45, op("HVMOP_pagetable_dying", 9).withRetirement(DM_OP));
    assertEquals(
        List.of(Target.op("hvm_op", "HVMOP_pagetable_dying", null).retiredAnnotation()),
        Compatibility.check(v45, Map.of("hvm_op", newOp)).stream().map(Break::target).toList());
    Layout newField = plusField(HVM_OP_45, shifted("flag", 62, 1, 0).withRetirement(DM_OP));
    assertEquals(
        List.of(Target.field("hvm_op", "flag", null).retiredAnnotation()),
        Compatibility.check(v45, Map.of("hvm_op", newField)).stream().map(Break::target).toList());
  }

  @Test
  void retiringWhatOnlyADraftLineRecordsIsRetiredDraftEvenUnderAPublishedContinuable() {
    // 4.5's start_iter is still a draft over a 4.4 manifest: delete it rather than retire it.
    Manifest drafted =
        Manifest.of(
            List.of(HVM_OP_45), Manifest.of(List.of(HVM_OP_44), Manifest.empty(), "4.4"), null);
    Layout retired = retireField(HVM_OP_45, "start_iter", OP_MASK_GONE);
    List<Break> breaks = Compatibility.check(drafted, Map.of("hvm_op", retired));
    // Ops 7 and 8 are published without start_iter: carrying it, retired, is a break of theirs too.
    assertEquals(
        List.of("continues-retired-field", "continues-retired-field", "retired-draft"),
        ids(breaks));
    assertEquals(
        Target.field("hvm_op", "start_iter", null).retiredAnnotation(), breaks.get(2).target());
  }

  @Test
  void aRenamedOpRetiredUnderItsNewNameIsNoDraftWhenItsOldNameIsPublished() {
    // 4.4's add_to_physmap_batch is published under its 4.3 name, which it keeps as an alias.
    Manifest v43 = Manifest.of(List.of(MEMORY_OP_43), Manifest.empty(), "4.3");
    Layout retired =
        retireOp(
            MEMORY_OP_44,
            "XENMEM_add_to_physmap_batch",
            new Retirement("4.20", "use acquire_resource"));
    assertEquals(List.of(), ids(Compatibility.check(v43, Map.of("memory_op", retired))));
  }

  @Test
  void overAManifestPublishedBreaksComeBeforeRetiredDraftsOfEachContinuableByName() {
    Manifest v45 = Manifest.of(List.of(HVM_OP_45, GRANT_TABLE_OP), Manifest.empty(), "4.5");
    // mmu_update is in no manifest: retiring it is retiring a draft.
    Map<String, Layout> now =
        new TreeMap<>(
            Map.of(
                "hvm_op",
                    plusOp(
                        withOp(HVM_OP_45, "HVMOP_set_param", null),
                        op("HVMOP_pagetable_dying", 9).withRetirement(DM_OP)),
                "grant_table_op", withOp(GRANT_TABLE_OP, "GNTTABOP_copy", null),
                "mmu_update", retire(MMU_UPDATE, DM_OP)));
    List<Break> breaks = Compatibility.check(v45, now);
    assertEquals(
        List.of("op-removed", "op-removed", "retired-draft", "retired-draft"), ids(breaks));
    assertEquals(
        List.of("grant_table_op", "hvm_op", "hvm_op", "mmu_update"),
        breaks.stream().map(b -> b.target().continuable()).toList());
  }

  // ------------------------------------------------------------------ update mode's notes

  @Test
  void newRetirementsNameEachRetiredThingWithItsReasonAndWhatStaysReserved() {
    Manifest v45 = Manifest.of(List.of(HVM_OP_45, GRANT_TABLE_OP), Manifest.empty(), "4.5");
    Map<String, Layout> now =
        new TreeMap<>(Map.of("hvm_op", HVM_OP_49, "grant_table_op", GRANT_TABLE_OP_421));
    List<Note> notes = Compatibility.newRetirements(v45, now);
    assertEquals(
        List.of(
            "[retired-note] grant_table_op: op GNTTABOP_cache_flush retired in 4.21: ARM-only since 4.21: x86 refuses it;"
                + " it keeps its code 12 reserved, and a guest's saved word of it is refused saying so",
            "[retired-note] hvm_op: field start_iter retired in 4.9: HVMOP_op_mask removed: no hvm_op continues; it keeps"
                + " its bits 8..63 reserved, and a guest's saved word of it is refused saying so",
            "[retired-note] hvm_op: op HVMOP_modified_memory retired in 4.9: moved to dm_op; it keeps its code 7 reserved,"
                + " and a guest's saved word of it is refused saying so",
            "[retired-note] hvm_op: op HVMOP_set_mem_type retired in 4.9: moved to dm_op; it keeps its code 8 reserved,"
                + " and a guest's saved word of it is refused saying so"),
        notes.stream().map(Note::format).toList());
    assertEquals(GateMessage.RETIRED_NOTE, notes.get(0).rule());
    assertEquals(
        List.of(
            "grant_table_op",
            "op GNTTABOP_cache_flush",
            "4.21",
            "ARM-only since 4.21: x86 refuses it",
            "code 12",
            GateMessage.RETIRED_WORD_REFUSED.text()),
        notes.get(0).args());
  }

  @Test
  void aContinuableRetiredNowIsNotedOnceAndWhatTheManifestAlreadyRetiredIsNotNotedAgain() {
    Manifest v45 = Manifest.of(List.of(HVM_OP_45), Manifest.empty(), "4.5");
    Layout retired = retire(HVM_OP_49, DM_OP);
    assertEquals(
        List.of(
            "[retired-note] hvm_op: continuable hvm_op retired in 4.9: moved to dm_op; it keeps its name"
                + " reserved, and a guest's saved word of it is refused saying so"),
        Compatibility.newRetirements(
                Manifest.of(List.of(HVM_OP_49), v45, null), Map.of("hvm_op", retired))
            .stream()
            .map(Note::format)
            .toList());
    Manifest v49 = Manifest.of(List.of(retired), v45, null);
    assertEquals(List.of(), Compatibility.newRetirements(v49, Map.of("hvm_op", retired)));
    assertEquals(List.of(), Compatibility.newRetirements(v45, Map.of("hvm_op", HVM_OP_45)));
  }

  @Test
  void aNoteArgumentListCannotBeChangedAfterwards() {
    Note n =
        Compatibility.newRetirements(Manifest.empty(), Map.of("grant_table_op", GRANT_TABLE_OP_421))
            .get(0);
    assertEquals("op GNTTABOP_cache_flush", n.args().get(1));
    assertThrows(UnsupportedOperationException.class, () -> n.args().add("x"));
  }

  @Test
  void renamingAnAlreadyRetiredOpKeepingItsOldNameIsNoNewRetirement() {
    Retirement r = new Retirement("4.20", "use acquire_resource");
    Manifest old =
        Manifest.of(
            List.of(retireOp(MEMORY_OP_43, "XENMEM_add_to_physmap_range", r)),
            Manifest.empty(),
            "4.3");
    Layout renamed = retireOp(MEMORY_OP_44, "XENMEM_add_to_physmap_batch", r);
    assertEquals(List.of(), ids(Compatibility.check(old, Map.of("memory_op", renamed))));
    assertEquals(List.of(), Compatibility.newRetirements(old, Map.of("memory_op", renamed)));
  }

  /**
   * Soak seed 34453819: a retired op renamed back to a former name, the rest dropped, was called a
   * retired draft.
   */
  @Test
  void aRetiredOpRenamedBackToAFormerNameIsStillThePublishedOpNotARetiredDraft() {
    Retirement r = new Retirement("4.20", "use acquire_resource");
    Manifest old =
        Manifest.of(
            List.of(retireOp(MEMORY_OP_44, "XENMEM_add_to_physmap_batch", r)),
            Manifest.empty(),
            "4.4");
    Layout back = retireOp(MEMORY_OP_43, "XENMEM_add_to_physmap_range", r);
    List<Break> breaks = Compatibility.check(old, Map.of("memory_op", back));
    assertEquals(List.of("op-renamed"), ids(breaks), render(breaks));
    assertEquals(
        Target.op("memory_op", "XENMEM_add_to_physmap_range", "aliases"), breaks.get(0).target());
  }

  // ------------------------------------------------------------------ the witness of a retired
  // word

  @Test
  void aWordOnlyRefusedAsRetiredBothThenAndNowIsNoWitnessAndNeitherIsOneReadAsItsOwnOpAgain() {
    // Un-retiring reads a 4.8 guest's 0x107 as HVMOP_modified_memory again: no misread, the record
    // is the break.
    Layout unretired =
        retireField(retireOp(HVM_OP_49, "HVMOP_modified_memory", null), "start_iter", null);
    List<Break> breaks = Compatibility.check(HVM_OP_49, unretired);
    assertEquals(List.of("unretired", "unretired"), ids(breaks));
    breaks.forEach(b -> assertTrue(b.witness().isEmpty(), b.render()));
    assertEquals(GateMessage.RETIREMENT_RECORDED.text(), breaks.get(0).consequence());
  }

  @Test
  void anOpUnRetiredAndRenamedAtOnceKeepingItsFormerNameReadsItsOldWordsAsItselfAgain() {
    // Soak seed 533057828459 (case 5988735068015419559, step 4, edits [UNRETIRE, RENAME_OP]):
    // OP_444,
    // formerly OP_344, retired in 9.6, comes back as OP_707, still formerly OP_344. Ops are one op
    // when they share a name, former names included, so its words read as itself again: the record
    // and the dropped name break, and no saved word is misread.
    Field cmd = new Field("cmd", true, Encoding.SHIFTED, 0, 4, 4);
    Field progress = new Field("f940", false, Encoding.SHIFTED, 17, 5, 5);
    Retirement r = new Retirement("9.6", "retired by the evolution");
    Layout r0 =
        new Layout(
            "gen",
            "org.example.Gen",
            32,
            32,
            List.of(cmd, progress),
            List.of(
                new Op("OP_900", 6, List.of("f940")),
                new Op("OP_444", 5, List.of("f940"), List.of("OP_344"), null)));
    Layout published =
        new Layout(
            "gen",
            "org.example.Gen",
            32,
            32,
            List.of(cmd, progress),
            List.of(
                new Op("OP_900", 6, List.of("f940")),
                new Op("OP_444", 5, List.of("f940"), List.of("OP_344"), r)));
    Layout now =
        new Layout(
            "gen",
            "org.example.Gen",
            32,
            32,
            List.of(cmd, progress),
            List.of(
                new Op("OP_900", 6, List.of("f940")),
                new Op("OP_707", 5, List.of("f940"), List.of("OP_344"), null)));

    List<Break> breaks = Compatibility.check(published, now);
    assertEquals(List.of("op-renamed", "unretired"), ids(breaks), render(breaks));
    assertEquals(Target.op("gen", "OP_707", "aliases"), breaks.get(0).target());
    assertEquals(Target.op("gen", "OP_707", null), breaks.get(1).target());
    breaks.forEach(b -> assertTrue(b.witness().isEmpty(), b.render()));
    Reading saved = r0.read(0x5, false);
    assertTrue(((Reading.Accepted) saved).sharesName((Reading.Accepted) now.read(0x5, false)));
    assertNull(
        GateOracle.findMisread(
            List.of(r0),
            published,
            now,
            (layout, compat) ->
                GateSoundnessPropertyTest.savedWords(
                    new java.util.SplittableRandom(1), layout, compat),
            n -> {}));
    GateOracle.checkBreaks(breaks, published, now);
  }
}
