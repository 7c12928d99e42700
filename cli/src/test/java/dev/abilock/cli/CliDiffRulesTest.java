package dev.abilock.cli;

import static dev.abilock.cli.CliHarness.BASE;
import static dev.abilock.cli.CliHarness.diff;
import static dev.abilock.cli.CliHarness.edit;
import static dev.abilock.cli.CliHarness.without;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.abilock.cli.CliHarness.Run;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Gate B rule, found by {@code abilock diff} on a hand-edited manifest with the compiler's
 * own rule id, headline and witness; and the published-line rules that come with each edit.
 */
class CliDiffRulesTest {
  @TempDir Path dir;

  private static final String NO_WITNESS =
      "no saved word is misread, but a published constant changes, and the published header is ABI too";
  private static final String HAND_EDIT =
      "the compiler trusts published lines as the frozen ABI and cannot see this edit; restore the old line";

  /** The lines printed under {@code headline}, up to the next change or section. */
  static String block(Run run, String headline) {
    String[] lines = run.out().split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].equals("  " + headline)) {
        StringBuilder out = new StringBuilder();
        for (int j = i + 1; j < lines.length && lines[j].startsWith("    "); j++) {
          out.append(lines[j].substring(4)).append('\n');
        }
        return out.toString();
      }
    }
    throw new AssertionError("no change '" + headline + "' in\n" + run);
  }

  /** Headlines of every change in the report, in order. */
  static List<String> headlines(Run run) {
    return run.out().lines().filter(l -> l.startsWith("  [")).map(String::strip).toList();
  }

  static void assertBreaking(Run run, String... headlines) {
    assertEquals(1, run.exit(), run::toString);
    assertEquals("", run.err(), run::toString);
    assertEquals(List.of(headlines), headlines(run), run::toString);
  }

  @Test
  void fieldShiftedWithWitnessAndTheEditedLines() throws Exception {
    String now =
        edit(
            edit(
                BASE,
                "  field start_extent shifted bits 6..63 mask 0xffffffffffffffc0 published 3.4",
                "  field start_extent shifted bits 7..63 mask 0xffffffffffffff80 published 3.4"),
            "  field start_extent shifted compat-bits 6..31 compat-mask 0xffffffc0 published 3.4",
            "  field start_extent shifted compat-bits 7..31 compat-mask 0xffffff80 published 3.4");
    Run run = diff(dir, BASE, now);
    assertBreaking(
        run,
        "[field-shifted] memory_op: published field start_extent moved: bits 6..63 -> 7..63",
        "[published-line-edited] memory_op: published line 'field start_extent' was edited",
        "[published-line-edited] memory_op: published line 'field start_extent (compat word)' was edited");
    assertEquals(
        """
        old: field start_extent shifted bits 6..63 mask 0xffffffffffffffc0, compat bits 6..31 mask 0xffffffc0
        new: field start_extent shifted bits 7..63 mask 0xffffffffffffff80, compat bits 7..31 mask 0xffffff80
        witness: word 0x0000000000000080 is op XENMEM_increase_reservation, start_extent = 2 under the published \
        layout, but the sources now read it as op XENMEM_increase_reservation, start_extent = 1
        """,
        block(
            run,
            "[field-shifted] memory_op: published field start_extent moved: bits 6..63 -> 7..63"));
    assertEquals(
        """
        old: line 19: field start_extent shifted bits 6..63 mask 0xffffffffffffffc0 published 3.4
        new: line 19: field start_extent shifted bits 7..63 mask 0xffffffffffffff80 published 3.4
        """
            + HAND_EDIT
            + "\n",
        block(
            run,
            "[published-line-edited] memory_op: published line 'field start_extent' was edited"));
    assertTrue(
        run.out()
            .startsWith(
                "abilock diff "
                    + dir.resolve("old.manifest")
                    + " -> "
                    + dir.resolve("new.manifest")
                    + ": 3 breaking, 0 compatible, 0 draft-only\n\nbreaking (3):\n"),
        run::toString);
  }

  @Test
  void fieldWidenedIntoZeroBitsHasNoWitnessButStillBreaks() throws Exception {
    Run run =
        diff(
            dir,
            BASE,
            edit(
                BASE,
                "  field count shifted bits 0..15 mask 0x0000ffff published 1.0",
                "  field count shifted bits 0..20 mask 0x001fffff published 1.0"));
    assertBreaking(
        run,
        "[field-widened] batch_op: published field count widened: bits 0..15 -> 0..20",
        "[published-line-edited] batch_op: published line 'field count' was edited");
    assertEquals(
        """
        old: field count shifted bits 0..15 mask 0x0000ffff
        new: field count shifted bits 0..20 mask 0x001fffff
        """
            + NO_WITNESS
            + "\n",
        block(run, "[field-widened] batch_op: published field count widened: bits 0..15 -> 0..20"));
  }

  @Test
  void fieldNarrowedRefusesASavedWord() throws Exception {
    Run run =
        diff(
            dir,
            BASE,
            edit(
                BASE,
                "  field count shifted bits 0..15 mask 0x0000ffff published 1.0",
                "  field count shifted bits 0..7 mask 0x000000ff published 1.0"));
    assertBreaking(
        run,
        "[field-narrowed] batch_op: published field count narrowed: bits 0..15 -> 0..7",
        "[published-line-edited] batch_op: published line 'field count' was edited");
    assertTrue(
        block(run, "[field-narrowed] batch_op: published field count narrowed: bits 0..15 -> 0..7")
            .endsWith(
                "witness: word 0x00000100 is accepted, count = 256, preempted = 0 under the published layout, but the sources"
                    + " now read it as refused (bits 0x100 set that no field uses)\n"),
        run::toString);
  }

  @Test
  void compatFieldNarrowed() throws Exception {
    Run run =
        diff(
            dir,
            BASE,
            edit(
                BASE,
                "  field start_extent shifted compat-bits 6..31 compat-mask 0xffffffc0 published 3.4",
                "  field start_extent shifted compat-bits 6..25 compat-mask 0x03ffffc0 published 3.4"));
    assertBreaking(
        run,
        "[compat-field-narrowed] memory_op: published field start_extent narrowed in the compat word: bits 6..31 -> 6..25",
        "[published-line-edited] memory_op: published line 'field start_extent (compat word)' was edited");
    assertTrue(
        block(
                run,
                "[compat-field-narrowed] memory_op: published field start_extent narrowed in the compat word:"
                    + " bits 6..31 -> 6..25")
            .contains(
                "witness: compat word 0x04000000 is op XENMEM_increase_reservation,"
                    + " start_extent = 1048576 under the published layout, but the sources now read it as refused"),
        run::toString);
  }

  @Test
  void compatFieldWidened() throws Exception {
    String old =
        edit(
            BASE,
            "  field start_extent shifted compat-bits 6..31 compat-mask 0xffffffc0 published 3.4",
            "  field start_extent shifted compat-bits 6..25 compat-mask 0x03ffffc0 published 3.4");
    Run run = diff(dir, old, BASE);
    assertBreaking(
        run,
        "[compat-field-widened] memory_op: published field start_extent widened in the compat word: bits 6..25 -> 6..31",
        "[published-line-edited] memory_op: published line 'field start_extent (compat word)' was edited");
  }

  @Test
  void fieldEncodingChanged() throws Exception {
    String now =
        edit(
            edit(
                BASE,
                "  field start_iter in-place bits 6..63 mask 0xffffffffffffffc0 published 4.5",
                "  field start_iter shifted bits 6..63 mask 0xffffffffffffffc0 published 4.5"),
            "  field start_iter in-place compat-bits 6..31 compat-mask 0xffffffc0 published 4.5",
            "  field start_iter shifted compat-bits 6..31 compat-mask 0xffffffc0 published 4.5");
    Run run = diff(dir, BASE, now);
    assertBreaking(
        run,
        "[field-encoding-changed] memory_op: published field start_iter changed encoding: IN_PLACE -> SHIFTED",
        "[published-line-edited] memory_op: published line 'field start_iter' was edited",
        "[published-line-edited] memory_op: published line 'field start_iter (compat word)' was edited");
    assertTrue(
        block(
                run,
                "[field-encoding-changed] memory_op: published field start_iter changed encoding:"
                    + " IN_PLACE -> SHIFTED")
            .contains(
                "witness: word 0x0000000000000055 is op XENMEM_access_op, start_iter = 64"
                    + " under the published layout, but the sources now read it as op XENMEM_access_op, start_iter = 1"),
        run::toString);
  }

  @Test
  void fieldRemoved() throws Exception {
    Run run =
        diff(
            dir,
            BASE,
            without(BASE, "  field preempted shifted bits 31..31 mask 0x80000000 published 1.0"));
    assertBreaking(
        run,
        "[field-removed] batch_op: published field preempted was removed (it held bits 31..31)",
        "[published-line-deleted] batch_op: published line 'field preempted' was deleted");
    assertEquals(
        """
        old: line 6: field preempted shifted bits 31..31 mask 0x80000000 published 1.0
        new: nothing
        """
            + HAND_EDIT
            + "\n",
        block(
            run,
            "[published-line-deleted] batch_op: published line 'field preempted' was deleted"));
    assertTrue(
        block(
                run,
                "[field-removed] batch_op: published field preempted was removed (it held bits 31..31)")
            .contains(
                "witness: word 0x80000000 is accepted, count = 0, preempted = 1 under the published layout,"
                    + " but the sources now read it as refused (bits 0x80000000 set that no field uses)"),
        run::toString);
  }

  @Test
  void fieldRoleChanged() throws Exception {
    Run run =
        diff(
            dir,
            BASE,
            edit(
                BASE,
                "  field preempted shifted bits 31..31 mask 0x80000000 published 1.0",
                "  opcode preempted bits 31..31 mask 0x80000000 published 1.0"));
    assertEquals(1, run.exit(), run::toString);
    assertEquals(
        List.of(
            "[field-role-changed] batch_op: published field preempted changed role: continuation field -> opcode",
            "[published-line-deleted] batch_op: published line 'field preempted' was deleted",
            "[line-added] batch_op: new line 'opcode preempted' (published 1.0)"),
        headlines(run));
  }

  @Test
  void opRemovedAndItsPublishedLineDeleted() throws Exception {
    Run run = diff(dir, BASE, without(BASE, "  op XENMEM_maximum_ram_page 2 published 3.4"));
    assertBreaking(
        run,
        "[op-removed] memory_op: published op XENMEM_maximum_ram_page (code 2) was removed",
        "[published-line-deleted] memory_op: published line 'op XENMEM_maximum_ram_page 2' was deleted");
    // The op never continues: no guest holds a saved word of it, so there is no witness, and the
    // message says what does happen (a guest calling it is refused) and offers the retirement.
    String block =
        block(
            run,
            "[op-removed] memory_op: published op XENMEM_maximum_ram_page (code 2) was removed");
    assertTrue(
        block.contains(
            "op XENMEM_maximum_ram_page never continues, so no guest holds a saved word of it, but"
                + " a guest calling it is refused now"),
        run::toString);
    assertFalse(block.contains("witness"), run::toString);
  }

  @Test
  void opCodeChanged() throws Exception {
    Run run =
        diff(
            dir,
            BASE,
            edit(
                BASE,
                "  op XENMEM_maximum_ram_page 2 published 3.4",
                "  op XENMEM_maximum_ram_page 3 published 3.4"));
    assertBreaking(
        run,
        "[op-code-changed] memory_op: published op XENMEM_maximum_ram_page changed code: 2 -> 3",
        "[published-line-edited] memory_op: published line 'op XENMEM_maximum_ram_page 2' was edited");
  }

  @Test
  void opContinuationDropped() throws Exception {
    Run run =
        diff(
            dir,
            BASE,
            without(
                BASE, "  op XENMEM_increase_reservation 0 continues start_extent published 3.4"));
    assertBreaking(
        run,
        "[op-continuation-dropped] memory_op: published op XENMEM_increase_reservation no longer continues with"
            + " start_extent",
        "[published-line-deleted] memory_op: published line 'op XENMEM_increase_reservation continues start_extent'"
            + " was deleted");
    assertTrue(
        block(
                run,
                "[op-continuation-dropped] memory_op: published op XENMEM_increase_reservation no longer"
                    + " continues with start_extent")
            .contains(
                "witness: word 0x0000000000000040 is op XENMEM_increase_reservation,"
                    + " start_extent = 1 under the published layout, but the sources now read it as refused"),
        run::toString);
  }

  @Test
  void fieldOverlapsBitsAPublishedOpUses() throws Exception {
    Run run =
        diff(
            dir,
            BASE,
            edit(
                BASE,
                "  op XENMEM_access_op 21 continues start_iter published 4.5",
                "  op XENMEM_access_op 21 continues start_extent draft"));
    assertEquals(1, run.exit(), run::toString);
    assertEquals(
        List.of(
            "[op-continuation-dropped] memory_op: published op XENMEM_access_op no longer continues with start_iter",
            "[field-overlaps-published] memory_op: start_extent (bits 6..63) overlaps start_iter (bits 6..63), which"
                + " published op XENMEM_access_op already uses",
            "[published-line-deleted] memory_op: published line 'op XENMEM_access_op continues start_iter' was deleted",
            "[line-added] memory_op: new line 'op XENMEM_access_op continues start_extent' (draft)"),
        headlines(run));
    assertTrue(run.out().contains(": 3 breaking, 1 compatible, 0 draft-only\n"), run::toString);
  }

  @Test
  void wordWidthNarrowed() throws Exception {
    String now =
        edit(
            edit(
                edit(BASE, "  width 64 published 2.0", "  width 32 published 2.0"),
                "  opcode cmd bits 0..11 mask 0x0000000000000fff published 2.0",
                "  opcode cmd bits 0..11 mask 0x00000fff published 2.0"),
            "  field arg in-place bits 12..31 mask 0x00000000fffff000 published 2.0",
            "  field arg in-place bits 12..31 mask 0xfffff000 published 2.0");
    Run run = diff(dir, BASE, now);
    assertBreaking(
        run,
        "[width-narrowed] legacy_op: published word of legacy_op narrowed: 64 -> 32 bits",
        "[published-line-edited] legacy_op: published line 'width' was edited",
        "[published-line-edited] legacy_op: published line 'opcode cmd' was edited",
        "[published-line-edited] legacy_op: published line 'field arg' was edited");
  }

  @Test
  void compatWordRemoved() throws Exception {
    Run run =
        diff(
            dir,
            BASE,
            without(
                BASE,
                "  compat-width 32 published 3.4",
                "  opcode cmd compat-bits 0..5 compat-mask 0x0000003f published 3.4",
                "  field start_extent shifted compat-bits 6..31 compat-mask 0xffffffc0 published 3.4",
                "  field start_iter in-place compat-bits 6..31 compat-mask 0xffffffc0 published 4.5"));
    assertBreaking(
        run,
        "[compat-width-removed] memory_op: published compat word of memory_op (32 bits) was removed",
        "[published-line-deleted] memory_op: published line 'compat-width' was deleted",
        "[published-line-deleted] memory_op: published line 'opcode cmd (compat word)' was deleted",
        "[published-line-deleted] memory_op: published line 'field start_extent (compat word)' was deleted",
        "[published-line-deleted] memory_op: published line 'field start_iter (compat word)' was deleted");
    assertTrue(
        block(
                run,
                "[compat-width-removed] memory_op: published compat word of memory_op (32 bits) was removed")
            .contains(
                "witness: compat word 0x00000040 is op XENMEM_increase_reservation, start_extent = 1 under the"
                    + " published layout, but the sources now read it as refused (there is no compat word any more)"),
        run::toString);
  }

  @Test
  void continuableRemoved() throws Exception {
    Run run = diff(dir, BASE, CliHarness.manifest(CliHarness.LEGACY_OP, CliHarness.MEMORY_OP));
    assertBreaking(
        run,
        "[continuable-removed] batch_op: published continuable batch_op (class org.example.BatchOp) is gone from the"
            + " sources",
        "[published-line-deleted] batch_op: published line 'continuable batch_op' was deleted",
        "[published-line-deleted] batch_op: published line 'width' was deleted",
        "[published-line-deleted] batch_op: published line 'field count' was deleted",
        "[published-line-deleted] batch_op: published line 'field preempted' was deleted");
  }
}
