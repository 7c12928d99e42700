package dev.abilock.cli;

import static dev.abilock.cli.CliDiffRulesTest.block;
import static dev.abilock.cli.CliDiffRulesTest.headlines;
import static dev.abilock.cli.CliHarness.BASE;
import static dev.abilock.cli.CliHarness.diff;
import static dev.abilock.cli.CliHarness.edit;
import static dev.abilock.cli.CliHarness.without;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.abilock.cli.CliHarness.Run;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hand edits of published lines (which the compiler cannot see), and the compatible and draft-only
 * classes, with their exit codes.
 */
class CliDiffClassesTest {
  @TempDir Path dir;

  private static final String HAND_EDIT =
      "the compiler trusts published lines as the frozen ABI and cannot see this edit; restore the old line";

  private String summary(String counts) {
    return "abilock diff "
        + dir.resolve("old.manifest")
        + " -> "
        + dir.resolve("new.manifest")
        + ": "
        + counts
        + "\n";
  }

  @Test
  void identicalFilesHaveNoChanges() throws Exception {
    Run run = diff(dir, BASE, BASE);
    assertEquals(0, run.exit(), run::toString);
    assertEquals(summary("no changes"), run.out());
    assertEquals("", run.err());
  }

  @Test
  void crlfByteOrderMarkAndCommentsAreNoChange() throws Exception {
    String windows =
        "\uFEFF" + BASE.replace("# test fixture\n", "# another comment\n").replace("\n", "\r\n");
    Run run = diff(dir, BASE, windows);
    assertEquals(0, run.exit(), run::toString);
    assertEquals(summary("no changes"), run.out());
  }

  @Test
  void republishingAPublishedLineBreaks() throws Exception {
    Run run =
        diff(
            dir,
            BASE,
            edit(
                BASE,
                "  op XENMEM_maximum_ram_page 2 published 3.4",
                "  op XENMEM_maximum_ram_page 2 published 4.0"));
    assertEquals(1, run.exit(), run::toString);
    assertEquals(
        summary("1 breaking, 0 compatible, 0 draft-only")
            + """

        breaking (1):
          [published-line-republished] memory_op: published line 'op XENMEM_maximum_ram_page 2' was re-published: \
        published 3.4 -> published 4.0
            old: line 25: op XENMEM_maximum_ram_page 2 published 3.4
            new: line 25: op XENMEM_maximum_ram_page 2 published 4.0
        """
            + "    "
            + HAND_EDIT
            + "\n",
        run.out());
  }

  @Test
  void unpublishingAPublishedLineBreaks() throws Exception {
    Run run =
        diff(
            dir,
            BASE,
            edit(
                BASE,
                "  op XENMEM_maximum_ram_page 2 published 3.4",
                "  op XENMEM_maximum_ram_page 2 draft"));
    assertEquals(1, run.exit(), run::toString);
    assertEquals(
        List.of(
            "[published-line-unpublished] memory_op: published line 'op XENMEM_maximum_ram_page 2' went"
                + " back to draft (it was published 3.4)"),
        headlines(run));
  }

  @Test
  void unpublishingALineThatPublishedLinesRestOnIsMalformedInBothOrders() throws Exception {
    String unpublished =
        edit(
            BASE,
            "continuable batch_op class org.example.BatchOp published 1.0",
            "continuable batch_op class org.example.BatchOp draft");
    CliErrorsTest.assertMalformed(
        diff(dir, BASE, unpublished),
        dir.resolve("new.manifest"),
        "4 manifest-published-on-draft",
        "5 manifest-published-on-draft",
        "6 manifest-published-on-draft");
    CliErrorsTest.assertMalformed(
        diff(dir, unpublished, BASE),
        dir.resolve("old.manifest"),
        "4 manifest-published-on-draft",
        "5 manifest-published-on-draft",
        "6 manifest-published-on-draft");
  }

  @Test
  void wideningThePublishedWordBreaksAsARuleAndAsHandEdits() throws Exception {
    // Widening the word misreads no saved word, but it changes the published WIDTH constant, so
    // Gate B calls it a break; and every published line that names the width (the masks are
    // padded to it) was rewritten, which the line-by-line check reports too.
    String now =
        edit(
            edit(
                edit(BASE, "  width 32 published 1.0", "  width 64 published 1.0"),
                "  field count shifted bits 0..15 mask 0x0000ffff published 1.0",
                "  field count shifted bits 0..15 mask 0x000000000000ffff published 1.0"),
            "  field preempted shifted bits 31..31 mask 0x80000000 published 1.0",
            "  field preempted shifted bits 31..31 mask 0x0000000080000000 published 1.0");
    Run run = diff(dir, BASE, now);
    assertEquals(1, run.exit(), run::toString);
    assertEquals(
        List.of(
            "[width-widened] batch_op: published word of batch_op widened: 32 -> 64 bits",
            "[published-line-edited] batch_op: published line 'width' was edited",
            "[published-line-edited] batch_op: published line 'field count' was edited",
            "[published-line-edited] batch_op: published line 'field preempted' was edited"),
        headlines(run));
    assertEquals(
        "old: line 4: width 32 published 1.0\nnew: line 4: width 64 published 1.0\n"
            + HAND_EDIT
            + "\n",
        block(run, "[published-line-edited] batch_op: published line 'width' was edited"));
  }

  @Test
  void deletingAPublishedLineBreaks() throws Exception {
    Run run = diff(dir, BASE, without(BASE, "  op LEGACY_copy 5 published 2.0"));
    assertEquals(1, run.exit(), run::toString);
    assertEquals(
        List.of(
            "[op-removed] legacy_op: published op LEGACY_copy (code 5) was removed",
            "[published-line-deleted] legacy_op: published line 'op LEGACY_copy 5' was deleted"),
        headlines(run));
  }

  @Test
  void newOpAsDraftIsCompatible() throws Exception {
    String now =
        edit(
            BASE,
            "  op XENMEM_access_op 21 continues start_iter published 4.5",
            "  op XENMEM_access_op 21 continues start_iter published 4.5\n  op XENMEM_set_pod_target 16 draft");
    Run run = diff(dir, BASE, now);
    assertEquals(0, run.exit(), run::toString);
    assertEquals(
        summary("0 breaking, 1 compatible, 0 draft-only")
            + """

        compatible (1):
          [line-added] memory_op: new line 'op XENMEM_set_pod_target 16' (draft)
            old: nothing
            new: line 28: op XENMEM_set_pod_target 16 draft
        """,
        run.out());
  }

  @Test
  void newContinuableIsCompatible() throws Exception {
    String added =
        """
        continuable hvm_op class org.example.xen.HvmOp draft
          width 64 draft
          opcode op bits 0..7 mask 0x00000000000000ff draft
          op HVMOP_set_param 0 draft
        """;
    Run run =
        diff(
            dir,
            BASE,
            CliHarness.manifest(
                CliHarness.BATCH_OP, added, CliHarness.LEGACY_OP, CliHarness.MEMORY_OP));
    assertEquals(0, run.exit(), run::toString);
    assertEquals(
        List.of(
            "[line-added] hvm_op: new line 'continuable hvm_op' (draft)",
            "[line-added] hvm_op: new line 'width' (draft)",
            "[line-added] hvm_op: new line 'opcode op' (draft)",
            "[line-added] hvm_op: new line 'op HVMOP_set_param 0' (draft)"),
        headlines(run));
  }

  @Test
  void publishingDraftsAtAReleaseIsCompatible() throws Exception {
    String drafts =
        edit(
            BASE,
            "  op XENMEM_access_op 21 continues start_iter published 4.5",
            "  op XENMEM_access_op 21 continues start_iter published 4.5\n  op XENMEM_set_pod_target 16 draft");
    String released =
        edit(
            drafts,
            "  op XENMEM_set_pod_target 16 draft",
            "  op XENMEM_set_pod_target 16 published 3.4");
    Run run = diff(dir, drafts, released);
    assertEquals(0, run.exit(), run::toString);
    assertEquals(
        List.of(
            "[draft-line-published] memory_op: draft line 'op XENMEM_set_pod_target 16' is now published 3.4"),
        headlines(run));
  }

  @Test
  void editingAndDeletingDraftLinesIsDraftOnly() throws Exception {
    String drafts =
        edit(
            BASE,
            "  op XENMEM_access_op 21 continues start_iter published 4.5",
            "  op XENMEM_access_op 21 continues start_iter published 4.5\n  op XENMEM_set_pod_target 16 draft\n"
                + "  op XENMEM_get_pod_target 17 draft");
    String now =
        without(
            edit(
                drafts,
                "  op XENMEM_set_pod_target 16 draft",
                "  op XENMEM_set_pod_target 18 draft"),
            "  op XENMEM_get_pod_target 17 draft");
    Run run = diff(dir, drafts, now);
    assertEquals(0, run.exit(), run::toString);
    assertEquals(
        summary("0 breaking, 0 compatible, 2 draft-only")
            + """

        draft-only (2):
          [draft-line-edited] memory_op: draft line 'op XENMEM_set_pod_target 16' was edited
            old: line 28: op XENMEM_set_pod_target 16 draft
            new: line 28: op XENMEM_set_pod_target 18 draft
          [draft-line-deleted] memory_op: draft line 'op XENMEM_get_pod_target 17' was deleted
            old: line 29: op XENMEM_get_pod_target 17 draft
            new: nothing
        """,
        run.out());
  }

  @Test
  void movingAContinuableToAnotherClassIsCompatible() throws Exception {
    Run run =
        diff(
            dir,
            BASE,
            edit(
                BASE,
                "continuable legacy_op class org.example.LegacyOp published 2.0",
                "continuable legacy_op class org.example.v2.LegacyOp published 2.0"));
    assertEquals(0, run.exit(), run::toString);
    assertEquals(
        List.of(
            "[continuable-class-moved] legacy_op: continuable legacy_op moved from class"
                + " org.example.LegacyOp to org.example.v2.LegacyOp"),
        headlines(run));
  }

  @Test
  void theCaseOfXen34IsBreakingWithTheMisreadOpAsWitness() throws Exception {
    Run run = diff(dir, CliFormatsTest.XEN_33, CliFormatsTest.XEN_34);
    assertEquals(1, run.exit(), run::toString);
    assertTrue(
        block(run, "[field-widened] memory_op: published opcode cmd widened: bits 0..3 -> 0..5")
            .contains(
                "witness: word 0x0000000000000010 is op XENMEM_increase_reservation, start_extent = 1 under the published"
                    + " layout, but the sources now read it as op XENMEM_set_pod_target"),
        run::toString);
  }
}
