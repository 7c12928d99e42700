package dev.abilock.core.review;

import static dev.abilock.core.XenLayouts.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.abilock.core.DiffMessage;
import dev.abilock.core.GateMessage;
import dev.abilock.core.manifest.Manifest;
import dev.abilock.core.manifest.ManifestException;
import dev.abilock.core.manifest.ManifestParser;
import dev.abilock.core.model.Layout;
import dev.abilock.core.model.Retirement;
import dev.abilock.core.review.Change.Category;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The review diff's classification of retirements and renames: a retirement is a class of its own
 * with its reason, a rename that keeps the old name is compatible, and a hand edit of a recorded
 * retirement is a break the compiler cannot see.
 */
class ManifestDiffTest {
  private static final String HAND_EDIT = DiffMessage.HAND_EDIT_CONSEQUENCE.text();

  private static final Manifest HVM_45 =
      parsed(Manifest.of(List.of(HVM_OP_45), Manifest.empty(), "4.5"));
  private static final Manifest HVM_49 = parsed(Manifest.of(List.of(HVM_OP_49), HVM_45, null));
  private static final Manifest MEMORY_43 =
      parsed(Manifest.of(List.of(MEMORY_OP_43), Manifest.empty(), "4.3"));
  private static final Manifest MEMORY_44 =
      parsed(Manifest.of(List.of(MEMORY_OP_44), MEMORY_43, null));

  // ------------------------------------------------------------------ retired

  @Test
  void xenFourNinesRetirementsAreEachListedAsRetiredWithTheirReason() {
    List<Change> changes = ManifestDiff.diff(HVM_45, HVM_49);
    assertEquals(
        List.of(
            "[line-retired] hvm_op: 'field start_iter' retired in 4.9: HVMOP_op_mask removed: no hvm_op continues",
            "[line-retired] hvm_op: 'op HVMOP_modified_memory 7' retired in 4.9: moved to dm_op",
            "[line-retired] hvm_op: 'op HVMOP_set_mem_type 8' retired in 4.9: moved to dm_op"),
        changes.stream().map(Change::headline).toList());
    Change op = changes.get(1);
    assertEquals(Category.RETIRED, op.category());
    assertEquals(DiffMessage.LINE_RETIRED, op.rule());
    assertEquals("hvm_op", op.continuable());
    assertEquals("op HVMOP_modified_memory 7 published 4.5", op.before());
    assertEquals(
        "op HVMOP_modified_memory 7 published 4.5 retired 4.9 \"moved to dm_op\"", op.after());
    assertEquals(12, op.oldLine());
    assertEquals(12, op.newLine());
    assertTrue(op.witness().isEmpty());
    assertNull(op.consequence());
    assertEquals("'op HVMOP_modified_memory 7' retired in 4.9: moved to dm_op", op.text());
    assertEquals("retired", Category.RETIRED.id());
    assertEquals("Retired", Category.RETIRED.title());
  }

  @Test
  void aRetiredContinuableIsListedAsRetired() {
    Manifest retired = parsed(Manifest.of(List.of(retire(HVM_OP_45, DM_OP)), HVM_45, null));
    Change c = only(ManifestDiff.diff(HVM_45, retired));
    assertEquals(Category.RETIRED, c.category());
    assertEquals(
        "[line-retired] hvm_op: 'continuable hvm_op' retired in 4.9: moved to dm_op", c.headline());
  }

  @Test
  void cacheFlushRetiredAtFourTwentyOneIsRetiredNotBreaking() {
    Manifest g45 = parsed(Manifest.of(List.of(GRANT_TABLE_OP), Manifest.empty(), "4.5"));
    Change c =
        only(ManifestDiff.diff(g45, parsed(Manifest.of(List.of(GRANT_TABLE_OP_421), g45, null))));
    assertEquals(Category.RETIRED, c.category());
    assertEquals(
        "[line-retired] grant_table_op: 'op GNTTABOP_cache_flush 12' retired in 4.21: ARM-only since 4.21:"
            + " x86 refuses it",
        c.headline());
  }

  /**
   * Issue 20, item 5: a manifest new since the base (the base holds none) whose lines were
   * published and retired before it was first committed is all additions; gate B's retired-draft
   * rule, which judges sources that retire what was never published, does not apply between two
   * manifests.
   */
  @Test
  void aManifestNewSinceTheBaseIsAllAdditionsItsRetiredLinesRetired() {
    List<Change> changes = ManifestDiff.diff(Manifest.empty(), HVM_49);
    assertEquals(HVM_49.lines().size(), changes.size());
    assertTrue(
        changes.stream().allMatch(c -> c.rule() == DiffMessage.LINE_ADDED), changes::toString);
    List<String> retired =
        changes.stream()
            .filter(c -> c.category() == Category.RETIRED)
            .map(Change::headline)
            .toList();
    assertEquals(
        List.of(
            "[line-added] hvm_op: new line 'field start_iter' (published 4.5 retired 4.9 \"HVMOP_op_mask removed: no"
                + " hvm_op continues\")",
            "[line-added] hvm_op: new line 'op HVMOP_modified_memory 7' (published 4.5 retired 4.9 \"moved to dm_op\")",
            "[line-added] hvm_op: new line 'op HVMOP_set_mem_type 8' (published 4.5 retired 4.9 \"moved to dm_op\")"),
        retired);
    assertTrue(
        changes.stream()
            .filter(c -> c.category() != Category.RETIRED)
            .allMatch(c -> c.category() == Category.COMPATIBLE),
        changes::toString);
  }

  /**
   * Found by review: a rename kept as an alias and a retirement in one edit were listed as the
   * retirement only.
   */
  @Test
  void anOpRetiredAndRenamedInOneEditIsListedAsBoth() {
    Layout renamedAndRetired =
        retireOp(
            MEMORY_OP_44,
            "XENMEM_add_to_physmap_batch",
            new Retirement("4.20", "use acquire_resource"));
    List<Change> changes =
        ManifestDiff.diff(
            MEMORY_43, parsed(Manifest.of(List.of(renamedAndRetired), MEMORY_43, null)));
    assertEquals(
        List.of(
            "[line-retired] memory_op: 'op XENMEM_add_to_physmap_range 23' retired in 4.20: use acquire_resource",
            "[op-renamed-with-alias] memory_op: op XENMEM_add_to_physmap_range (code 23) is now named"
                + " XENMEM_add_to_physmap_batch and keeps its old name as an alias"),
        changes.stream()
            .filter(c -> c.category() != Category.DRAFT_ONLY)
            .map(Change::headline)
            .toList());
    assertEquals(
        List.of(Category.RETIRED, Category.COMPATIBLE),
        changes.stream()
            .filter(c -> c.category() != Category.DRAFT_ONLY)
            .map(Change::category)
            .toList());
  }

  // ------------------------------------------------------------------ hand edits of a retirement

  @Test
  void aRetirementDeletedFromThePublishedLinesIsUnretiredTwiceForEachLine() {
    // Gate B's rule for what the sources would declare, then the frozen line that was rewritten.
    List<Change> changes = ManifestDiff.diff(HVM_49, HVM_45);
    assertEquals(
        List.of(
            "unretired",
            "unretired",
            "unretired",
            "published-line-unretired",
            "published-line-unretired",
            "published-line-unretired"),
        changes.stream().map(c -> c.rule().id()).toList());
    assertTrue(changes.stream().allMatch(c -> c.category() == Category.BREAKING));
    Change line = changes.get(4);
    assertEquals(
        "[published-line-unretired] hvm_op: published line 'op HVMOP_modified_memory 7' lost its retirement"
            + " (it was retired in 4.9: moved to dm_op)",
        line.headline());
    assertEquals(
        "op HVMOP_modified_memory 7 published 4.5 retired 4.9 \"moved to dm_op\"", line.before());
    assertEquals("op HVMOP_modified_memory 7 published 4.5", line.after());
    assertEquals(HAND_EDIT, line.consequence());
    assertEquals(GateMessage.RETIREMENT_RECORDED.text(), changes.get(1).consequence());
    assertEquals(0, changes.get(1).oldLine());
  }

  @Test
  void aRetirementMovedToAnotherReleaseIsPublishedRetirementEdited() {
    Manifest edited =
        parsed(
            Manifest.of(
                List.of(
                    retireOp(
                        HVM_OP_49,
                        "HVMOP_modified_memory",
                        new Retirement("4.10", "moved to dm_op"))),
                HVM_45,
                null));
    List<Change> changes = ManifestDiff.diff(HVM_49, edited);
    assertEquals(
        List.of("retirement-changed", "published-retirement-edited"),
        changes.stream().map(c -> c.rule().id()).toList());
    Change line = changes.get(1);
    assertEquals(Category.BREAKING, line.category());
    assertEquals(
        "[published-retirement-edited] hvm_op: the retirement of published line 'op HVMOP_modified_memory 7'"
            + " was edited (it was retired in 4.9: moved to dm_op)",
        line.headline());
    assertEquals(
        "op HVMOP_modified_memory 7 published 4.5 retired 4.10 \"moved to dm_op\"", line.after());
    assertEquals(HAND_EDIT, line.consequence());
  }

  @Test
  void aRetiredLineGivenAnotherReleaseIsRepublishedWhateverItsRetirement()
      throws ManifestException {
    Manifest edited =
        ManifestParser.parse(
            HVM_49.render().replace("7 published 4.5 retired", "7 published 4.6 retired"));
    Change c = only(ManifestDiff.diff(HVM_49, edited));
    assertEquals(DiffMessage.PUBLISHED_LINE_REPUBLISHED, c.rule());
    assertEquals(
        "[published-line-republished] hvm_op: published line 'op HVMOP_modified_memory 7' was re-published:"
            + " published 4.5 retired 4.9 \"moved to dm_op\" -> published 4.6 retired 4.9 \"moved to dm_op\"",
        c.headline());
  }

  @Test
  void aRetiredOpDeletedBreaksWithGateBsWitnessAndItsDeletedLines() {
    Manifest g421 =
        parsed(
            Manifest.of(
                List.of(GRANT_TABLE_OP_421),
                parsed(Manifest.of(List.of(GRANT_TABLE_OP), Manifest.empty(), "4.5")),
                null));
    Manifest deleted =
        parsed(
            Manifest.of(
                List.of(withOp(GRANT_TABLE_OP_421, "GNTTABOP_cache_flush", null)), g421, null));
    List<Change> changes = ManifestDiff.diff(g421, deleted);
    assertEquals(
        List.of("retired-removed", "published-line-deleted", "published-line-deleted"),
        changes.stream().map(c -> c.rule().id()).toList());
    Change gate = changes.get(0);
    assertEquals(0x100c, gate.witness().orElseThrow().word());
    assertEquals("4.21", gate.witness().orElseThrow().retiredIn());
    assertEquals(gate.witness().orElseThrow().describe(), gate.consequence());
    assertEquals(
        "op GNTTABOP_cache_flush 12 published 4.5 retired 4.21 \"ARM-only since 4.21: x86 refuses it\"",
        changes.get(1).before());
  }

  // ------------------------------------------------------------------ renames

  @Test
  void xenFourFoursRenameKeepingTheOldNameIsOneCompatibleChangeOnTheOpLine() {
    Change c = only(ManifestDiff.diff(MEMORY_43, MEMORY_44));
    assertEquals(Category.COMPATIBLE, c.category());
    assertEquals(DiffMessage.OP_RENAMED_WITH_ALIAS, c.rule());
    assertEquals(
        "[op-renamed-with-alias] memory_op: op XENMEM_add_to_physmap_range (code 23) is now named"
            + " XENMEM_add_to_physmap_batch and keeps its old name as an alias",
        c.headline());
    assertEquals("op XENMEM_add_to_physmap_range 23 published 4.3", c.before());
    assertEquals(
        "op XENMEM_add_to_physmap_batch 23 aliases XENMEM_add_to_physmap_range published 4.3",
        c.after());
    assertEquals(21, c.oldLine());
    assertNull(c.consequence());
  }

  @Test
  void anotherFormerNameKeptIsOpAliasAdded() {
    Layout more =
        withOp(
            MEMORY_OP_44,
            "XENMEM_add_to_physmap_batch",
            aliased(
                op("XENMEM_add_to_physmap_batch", 23, "start_extent"),
                "XENMEM_add_to_physmap_range",
                "XENMEM_physmap"));
    Change c =
        only(ManifestDiff.diff(MEMORY_44, parsed(Manifest.of(List.of(more), MEMORY_44, null))));
    assertEquals(Category.COMPATIBLE, c.category());
    assertEquals(
        "[op-alias-added] memory_op: op XENMEM_add_to_physmap_batch (code 23) keeps former names:"
            + " XENMEM_add_to_physmap_range, XENMEM_physmap",
        c.headline());
  }

  @Test
  void aRenameDroppingTheOldNameBreaksAndItsLinesAreDeletedAndDraftedAnew() {
    Manifest renamed =
        parsed(
            Manifest.of(
                List.of(
                    withOp(
                        MEMORY_OP_43,
                        "XENMEM_add_to_physmap_range",
                        op("XENMEM_add_to_physmap_batch", 23, "start_extent"))),
                MEMORY_43,
                null));
    List<Change> changes = ManifestDiff.diff(MEMORY_43, renamed);
    assertEquals(
        List.of(
            "op-renamed",
            "published-line-deleted",
            "published-line-deleted",
            "line-added",
            "line-added"),
        changes.stream().map(c -> c.rule().id()).toList());
    assertEquals(
        "[published-line-deleted] memory_op: published line 'op XENMEM_add_to_physmap_range continues"
            + " start_extent' was deleted",
        changes.get(2).headline());
    assertEquals(
        "[line-added] memory_op: new line 'op XENMEM_add_to_physmap_batch continues start_extent' (draft)",
        changes.get(4).headline());
  }

  @Test
  void aPublishedAliasDroppedIsOpAliasRemovedAndAnEditedLine() {
    Manifest published = parsed(Manifest.of(List.of(MEMORY_OP_44), MEMORY_43, "4.4"));
    Manifest dropped =
        parsed(
            Manifest.of(
                List.of(
                    withOp(
                        MEMORY_OP_44,
                        "XENMEM_add_to_physmap_batch",
                        op("XENMEM_add_to_physmap_batch", 23, "start_extent"))),
                published,
                null));
    List<Change> changes = ManifestDiff.diff(published, dropped);
    assertEquals(
        List.of("op-alias-removed", "published-line-edited", "published-line-unpublished"),
        changes.stream().map(c -> c.rule().id()).toList());
  }

  @Test
  void aRetiredOpRenamedKeepingItsNameAndRetirementIsCompatible() {
    Manifest old =
        parsed(
            Manifest.of(
                List.of(retireOp(MEMORY_OP_43, "XENMEM_add_to_physmap_range", DM_OP)),
                Manifest.empty(),
                "4.3"));
    Manifest renamed =
        parsed(
            Manifest.of(
                List.of(retireOp(MEMORY_OP_44, "XENMEM_add_to_physmap_batch", DM_OP)), old, null));
    Change c = only(ManifestDiff.diff(old, renamed));
    assertEquals(DiffMessage.OP_RENAMED_WITH_ALIAS, c.rule());
    assertEquals(
        "op XENMEM_add_to_physmap_batch 23 aliases XENMEM_add_to_physmap_range published 4.3 retired 4.9"
            + " \"moved to dm_op\"",
        c.after());
  }

  @Test
  void aDraftOpRenamedIsADraftOnlyChange() {
    Manifest drafted =
        parsed(
            Manifest.of(
                List.of(MEMORY_OP_43),
                parsed(Manifest.of(List.of(MEMORY_OP_34), Manifest.empty(), "3.4")),
                null));
    Manifest renamed = parsed(Manifest.of(List.of(MEMORY_OP_44), drafted, null));
    // The draft lines of op 23 are found under the new name through the alias, and are edits of
    // drafts.
    List<Change> changes = ManifestDiff.diff(drafted, renamed);
    assertEquals(
        List.of("draft-line-edited", "draft-line-edited"),
        changes.stream().map(c -> c.rule().id()).toList());
    assertTrue(changes.stream().allMatch(c -> c.category() == Category.DRAFT_ONLY));
    assertEquals(
        "op XENMEM_add_to_physmap_batch 23 continues start_extent draft", changes.get(1).after());
  }

  private static Change only(List<Change> changes) {
    assertEquals(1, changes.size(), changes.toString());
    return changes.get(0);
  }

  /** Through text, so that lines carry their numbers, as the CLI reads them. */
  private static Manifest parsed(Manifest m) {
    try {
      return ManifestParser.parse(m.render());
    } catch (ManifestException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }
}
