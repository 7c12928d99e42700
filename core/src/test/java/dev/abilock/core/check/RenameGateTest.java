package dev.abilock.core.check;

import static dev.abilock.core.XenLayouts.*;
import static dev.abilock.core.check.GateAssertions.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.abilock.core.GateMessage;
import dev.abilock.core.manifest.Manifest;
import dev.abilock.core.model.Layout;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Gate B matches ops by code, as a saved word carries its code: Xen 4.4 renamed op 23
 * XENMEM_add_to_physmap_range to XENMEM_add_to_physmap_batch and kept the old name, which misreads
 * nothing. The name is published too, so dropping it is a break of its own, without a witness,
 * whose message offers the alias.
 */
class RenameGateTest {
  private static final String RANGE = "XENMEM_add_to_physmap_range";
  private static final String BATCH = "XENMEM_add_to_physmap_batch";

  /** 4.4 without the alias: the rename Xen did not make. */
  private static final Layout RENAMED_ONLY =
      withOp(MEMORY_OP_43, RANGE, op(BATCH, 23, "start_extent"));

  @Test
  void aRenameThatKeepsTheOldNameAsAnAliasIsCompatible() {
    assertEquals(List.of(), ids(Compatibility.check(MEMORY_OP_43, MEMORY_OP_44)));
  }

  @Test
  void aSecondRenameKeepingEveryFormerNameIsCompatible() {
    Layout again =
        withOp(
            MEMORY_OP_44,
            BATCH,
            aliased(op("XENMEM_add_to_physmap_batch2", 23, "start_extent"), RANGE, BATCH));
    assertEquals(List.of(), ids(Compatibility.check(MEMORY_OP_44, again)));
  }

  @Test
  void goingBackToTheOldNameAndKeepingTheNewOneAsAnAliasIsCompatible() {
    Layout back = withOp(MEMORY_OP_44, BATCH, aliased(op(RANGE, 23, "start_extent"), BATCH));
    assertEquals(List.of(), ids(Compatibility.check(MEMORY_OP_44, back)));
  }

  @Test
  void addingAnAliasToAPublishedOpIsCompatible() {
    Layout aliasedMore =
        withOp(
            MEMORY_OP_44, BATCH, aliased(op(BATCH, 23, "start_extent"), RANGE, "XENMEM_physmap"));
    assertEquals(List.of(), ids(Compatibility.check(MEMORY_OP_44, aliasedMore)));
  }

  @Test
  void aRenameThatDropsTheOldNameIsOpRenamedOnTheAliasesAttributeWithoutAWitness() {
    Break b = only(Compatibility.check(MEMORY_OP_43, RENAMED_ONLY));
    assertBreak(
        b,
        GateMessage.OP_RENAMED,
        Target.op("memory_op", BATCH, "aliases"),
        "[op-renamed] memory_op: published op XENMEM_add_to_physmap_range (code 23) is now named"
            + " XENMEM_add_to_physmap_batch, and its old name is gone",
        "op XENMEM_add_to_physmap_range code 23, continues start_extent",
        "op XENMEM_add_to_physmap_batch code 23, continues start_extent");
    assertTrue(b.witness().isEmpty(), b.render());
    assertEquals(
        "no saved word is misread (a word's op is keyed by its code), but the name XENMEM_add_to_physmap_range"
            + " is published too: a C macro and the docs",
        b.consequence());
    assertEquals(
        "Keep the old name: @Op(aliases = \"XENMEM_add_to_physmap_range\") publishes it as an alias of the new"
            + " constant.",
        b.advice());
    assertTrue(b.render().endsWith(b.advice()), b.render());
  }

  @Test
  void aRenamedOpIsStillCheckedAsThePublishedOpOfItsCode() {
    // Renamed and, at the same time, no longer continuing: both are reported, the second with a
    // witness.
    Layout renamedAndDropped = withOp(MEMORY_OP_43, RANGE, op(BATCH, 23));
    List<Break> breaks = Compatibility.check(MEMORY_OP_43, renamedAndDropped);
    assertEquals(List.of("op-renamed", "op-continuation-dropped"), ids(breaks));
    assertEquals(Target.op("memory_op", BATCH, "continues"), breaks.get(1).target());
    assertWitness(
        breaks.get(1),
        0x57,
        false,
        accepted(RANGE, "start_extent", 1),
        refused("bits 0x40 set that op XENMEM_add_to_physmap_batch does not continue with"));
  }

  @Test
  void droppingAPublishedAliasIsOpAliasRemovedWithoutAWitness() {
    Break b =
        only(
            Compatibility.check(
                MEMORY_OP_44, withOp(MEMORY_OP_44, BATCH, op(BATCH, 23, "start_extent"))));
    assertBreak(
        b,
        GateMessage.OP_ALIAS_REMOVED,
        Target.op("memory_op", BATCH, "aliases"),
        "[op-alias-removed] memory_op: published op XENMEM_add_to_physmap_batch (code 23) no longer keeps its former"
            + " name XENMEM_add_to_physmap_range",
        "op XENMEM_add_to_physmap_batch code 23 (formerly XENMEM_add_to_physmap_range), continues start_extent",
        "op XENMEM_add_to_physmap_batch code 23, continues start_extent");
    assertTrue(b.witness().isEmpty(), b.render());
    assertEquals(GateMessage.NAME_PUBLISHED.text(RANGE), b.consequence());
    assertEquals(GateMessage.ADVICE_OP_RENAMED.text(RANGE), b.advice());
  }

  @Test
  void droppingOneOfTwoAliasesReportsThatOne() {
    Layout two =
        withOp(
            MEMORY_OP_44, BATCH, aliased(op(BATCH, 23, "start_extent"), RANGE, "XENMEM_physmap"));
    Layout one =
        withOp(MEMORY_OP_44, BATCH, aliased(op(BATCH, 23, "start_extent"), "XENMEM_physmap"));
    Break b = only(Compatibility.check(two, one));
    assertEquals(
        "[op-alias-removed] memory_op: published op XENMEM_add_to_physmap_batch (code 23) no longer keeps its"
            + " former name XENMEM_add_to_physmap_range",
        b.headline());
    assertEquals(
        "op XENMEM_add_to_physmap_batch code 23 (formerly XENMEM_add_to_physmap_range, XENMEM_physmap),"
            + " continues start_extent",
        b.published());
  }

  @Test
  void renamingAgainWhileDroppingTheFirstNameIsOpAliasRemovedForThatName() {
    Layout again =
        withOp(MEMORY_OP_44, BATCH, aliased(op("XENMEM_physmap_batch", 23, "start_extent"), BATCH));
    Break b = only(Compatibility.check(MEMORY_OP_44, again));
    assertBreak(
        b,
        GateMessage.OP_ALIAS_REMOVED,
        Target.op("memory_op", "XENMEM_physmap_batch", "aliases"),
        "[op-alias-removed] memory_op: published op XENMEM_physmap_batch (code 23) no longer keeps its former name"
            + " XENMEM_add_to_physmap_range",
        "op XENMEM_add_to_physmap_batch code 23 (formerly XENMEM_add_to_physmap_range), continues start_extent",
        "op XENMEM_physmap_batch code 23 (formerly XENMEM_add_to_physmap_batch), continues start_extent");
  }

  @Test
  void aRenameBesideANewOpTakingTheOldCodeIsNotARename() {
    // The old name on another code is op-code-changed: the op moved, and its saved words are
    // refused.
    Layout moved = withOp(MEMORY_OP_43, RANGE, op(RANGE, 25, "start_extent"));
    Break b = only(Compatibility.check(MEMORY_OP_43, moved));
    assertEquals(GateMessage.OP_CODE_CHANGED, b.rule());
    assertWitness(
        b, 0x57, false, accepted(RANGE, "start_extent", 1), refused("unknown op code 23"));
  }

  @Test
  void anAliasOnAnotherCodeIsOpCodeChangedNotARename() {
    // The old name kept as an alias, but by an op of another code: the saved words of 23 are lost.
    Layout elsewhere = withOp(MEMORY_OP_43, RANGE, aliased(op(BATCH, 25, "start_extent"), RANGE));
    Break b = only(Compatibility.check(MEMORY_OP_43, elsewhere));
    assertBreak(
        b,
        GateMessage.OP_CODE_CHANGED,
        Target.op("memory_op", BATCH, null),
        "[op-code-changed] memory_op: published op XENMEM_add_to_physmap_range changed code: 23 -> 25",
        "op XENMEM_add_to_physmap_range code 23, continues start_extent",
        "op XENMEM_add_to_physmap_batch code 25 (formerly XENMEM_add_to_physmap_range), continues start_extent");
  }

  @Test
  void aRenameKeepsTheSafetyNetQuietWhenNothingElseChanged() {
    // A rename with its alias is an unchanged published entry: the search over every saved word is
    // skipped,
    // and a word of op 23 reads as the same op under its new name.
    assertEquals(List.of(), Compatibility.check(MEMORY_OP_43, MEMORY_OP_44));
    assertEquals(
        MEMORY_OP_43.read(0x57, false).describe().replace(RANGE, BATCH),
        MEMORY_OP_44.read(0x57, false).describe());
    assertTrue(MEMORY_OP_43.read(0x57, false).agreesWith(MEMORY_OP_44.read(0x57, false)));
  }

  @Test
  void overAManifestTheRenameIsJudgedAgainstThePublishedName() {
    Manifest v43 = Manifest.of(List.of(MEMORY_OP_43), Manifest.empty(), "4.3");
    assertEquals(List.of(), ids(Compatibility.check(v43, Map.of("memory_op", MEMORY_OP_44))));
    assertEquals(
        List.of("op-renamed"), ids(Compatibility.check(v43, Map.of("memory_op", RENAMED_ONLY))));
    // Once published under the new name with its alias, dropping the alias breaks.
    Manifest v44 = Manifest.of(List.of(MEMORY_OP_44), v43, "4.4");
    assertEquals(
        List.of("op-alias-removed"),
        ids(Compatibility.check(v44, Map.of("memory_op", RENAMED_ONLY))));
  }
}
