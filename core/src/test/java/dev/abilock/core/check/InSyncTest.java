package dev.abilock.core.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Gate A's listing of a stale manifest: the fact lines that differ, readable after a big edit. */
class InSyncTest {

  @Test
  void linesOnlyInTheFileAreMinusAndLinesOnlyInTheSourcesArePlusEachInFileOrder() {
    String before =
        String.join(
            "\n",
            "# abilock manifest 1",
            "continuable ring class test.Ring published 1.0",
            "  op RING_push 0 published 1.0",
            "  op RING_reset 1 published 1.0",
            "  op RING_scan 2 draft",
            "# end",
            "");
    String after =
        String.join(
            "\n",
            "# abilock manifest 1",
            "continuable ring class test.Ring published 1.0",
            "  op RING_push 0 published 1.0",
            "  op RING_drain 5 draft",
            "  op RING_scan 3 draft",
            "# end",
            "");
    assertEquals(
        List.of(
            "-   op RING_reset 1 published 1.0",
            "-   op RING_scan 2 draft",
            "+   op RING_drain 5 draft",
            "+   op RING_scan 3 draft"),
        InSync.diff(before, after));
  }

  @Test
  void commentsBlankLinesAndLinesThatOnlyMovedAreNoDifference() {
    String before =
        "# abilock manifest 1\n# old comment\n\ncontinuable a class x.A draft\n  width 32 draft\n# end\n";
    String after =
        "# abilock manifest 1\n# new comment\n  width 32 draft\ncontinuable a class x.A draft\n   \n# end\n";
    assertEquals(List.of(), InSync.diff(before, after));
    assertEquals(List.of(), InSync.diff(before, before));
  }

  @Test
  void aLongDiffShowsItsFirstFortyLinesAndCountsTheRest() {
    List<String> forty = lines(40);
    assertSame(forty, InSync.cap(forty));
    List<String> expected = new ArrayList<>(forty);
    expected.add("... and 1 more");
    assertEquals(expected, InSync.cap(lines(41)));
    expected.set(40, "... and 60 more");
    assertEquals(expected, InSync.cap(lines(100)));
    assertEquals(List.of(), InSync.cap(List.of()));
  }

  private static List<String> lines(int n) {
    return IntStream.range(0, n).mapToObj(i -> "+   op OP_" + i + " " + i + " draft").toList();
  }
}
