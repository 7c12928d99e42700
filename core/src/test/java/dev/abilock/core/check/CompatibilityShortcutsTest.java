package dev.abilock.core.check;

import static dev.abilock.core.XenLayouts.shifted;
import static dev.abilock.core.check.GateAssertions.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.abilock.Encoding;
import dev.abilock.core.GateMessage;
import dev.abilock.core.manifest.Manifest;
import dev.abilock.core.model.Field;
import dev.abilock.core.model.Layout;
import dev.abilock.core.model.Op;
import dev.abilock.core.model.Retirement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Gate B's shortcuts and the corners of its safety net: when the net searches (and when it need
 * not), which words it searches, and the draft test of a retired op known only by a former name.
 */
class CompatibilityShortcutsTest {
  private static final Field CMD = new Field("cmd", true, Encoding.SHIFTED, 0, 4, 0);
  private static final Field DONE = new Field("done", false, Encoding.SHIFTED, 4, 8, 0);
  private static final Retirement R = new Retirement("2.0", "replaced");

  private static Layout mmu(int compatWidth, Field... fields) {
    return new Layout("mmu", "org.example.Mmu", 32, compatWidth, List.of(fields), List.of());
  }

  @Test
  void theNetDoesNotSearchWhileEveryPublishedEntryIsAsItWas() {
    // An in-sync build costs no search: width, compat width, every published field and op are as
    // they were. A new field over published bits is the reader's to refuse (two overlapping
    // fields), not the net's: only such a layout, which no reader builds, can tell the net did not
    // look.
    Field count = shifted("count", 0, 31, 0);
    Field preempted = shifted("preempted", 31, 1, 0);
    Layout published = mmu(0, count, preempted);
    Layout overlapping = mmu(0, count, preempted, shifted("batch", 0, 8, 0));
    assertEquals(List.of(), Compatibility.check(published, overlapping));
    // The same overlap once anything published changed (here the compat word added) is caught.
    assertEquals(
        List.of("saved-word-misread"),
        ids(Compatibility.check(published, mmu(32, count, preempted, shifted("batch", 0, 8, 0)))));
  }

  @Test
  void theNetSearchesCompatWordsTooAndNamesTheCompatWordItMisreads() {
    // A field that the compat word gives more bits than the native word (0..23 against 0..19):
    // a compat word with bit 20 set reads as count 0 then, and as the new field now. No native
    // word sets bit 20, so only the compat search finds the misread. The compat word narrowed
    // (32 -> 24 bits) is what makes the published entries differ.
    Field count = shifted("count", 0, 20, 24);
    Layout published = mmu(32, count);
    Layout now = mmu(24, count, shifted("high", 20, 4, 4));
    Break b = only(Compatibility.check(published, now));
    assertBreak(
        b,
        GateMessage.SAVED_WORD_MISREAD,
        Target.continuable("mmu", null),
        "[saved-word-misread] mmu: a saved compat word is read differently, though no single"
            + " published entry names the change",
        "published layout of mmu",
        "layout declared now");
    assertWitness(
        b, 1L << 20, true, accepted(null, "count", 0), accepted(null, "count", 0, "high", 1));
  }

  @Test
  void anOpStillReadingOneOfItsStructsIsShownWithTheStructsItStillReads() {
    Op before =
        new Op("RING_push", 2, List.of("done"), List.of(), null, List.of("ring_a", "ring_b"));
    Op after = new Op("RING_push", 2, List.of("done"), List.of(), null, List.of("ring_a"));
    Layout published = ring(before);
    Break b = only(Compatibility.check(published, ring(after)));
    assertEquals(GateMessage.OP_STOPPED_READING, b.rule(), b.render());
    assertEquals(Target.op("ring", "RING_push", "reads"), b.target());
    assertEquals("op RING_push code 2, continues done reads ring_a, ring_b", b.published());
    assertEquals("op RING_push code 2, continues done reads ring_a", b.now());
    // Reading nothing any more, the op is shown as it is, without an empty list.
    Op none = new Op("RING_push", 2, List.of("done"));
    List<Break> both = Compatibility.check(published, ring(none));
    assertEquals(List.of("op-stopped-reading", "op-stopped-reading"), ids(both), render(both));
    assertEquals("op RING_push code 2, continues done", both.get(1).now());
  }

  @Test
  void aPublishedOpRecodedAndRetiredUnderANewNameIsNoDraft() {
    // Its code changed, so the published layout does not find it by code, and its own name has
    // no line: only its former name, published, tells it is no draft.
    Manifest old =
        Manifest.of(
            List.of(ring(new Op("RING_push", 2, List.of("done")))), Manifest.empty(), "1.0");
    Layout now = ring(new Op("RING_push_v2", 7, List.of("done"), List.of("RING_push"), R));
    List<Break> breaks = Compatibility.check(old, Map.of("ring", now));
    assertEquals(List.of("op-code-changed"), ids(breaks), render(breaks));
  }

  private static Layout ring(Op... ops) {
    return new Layout("ring", "org.example.Ring", 64, 0, List.of(CMD, DONE), List.of(ops));
  }

  @Test
  void theWitnessIsTheWorstMisreadNotTheFirst() {
    // done moved up a bit: a saved done of 1 sets bit 4, refused now; a saved done of 2 reads as 1,
    // silently. The silent wrong value is shown, though the refusal comes first.
    Op push = new Op("RING_push", 2, List.of("done"));
    Layout moved =
        new Layout(
            "ring",
            "org.example.Ring",
            64,
            0,
            List.of(CMD, new Field("done", false, Encoding.SHIFTED, 5, 8, 0)),
            List.of(push));
    Break b = only(Compatibility.check(ring(push), moved));
    assertEquals(GateMessage.FIELD_SHIFTED, b.rule(), b.render());
    assertWitness(
        b, 0x22, false, accepted("RING_push", "done", 2), accepted("RING_push", "done", 1));
  }

  @Test
  void aDiffIsShownIndentedOrSaidToBeOnlyFormat() {
    assertEquals(
        "  " + dev.abilock.core.ManifestMessage.MANIFEST_ONLY_FORMAT.text(),
        InSync.show(List.of()));
    assertEquals("  - a\n  + b", InSync.show(List.of("- a", "+ b")));
  }

  @Test
  void breaksOverTheWholeManifestAreEmptyOnlyWithoutWordAndStructBreaks() {
    Break gone = Compatibility.removed(ring(new Op("RING_push", 2, List.of("done"))));
    assertEquals(true, new Compatibility.Breaks(List.of(), List.of()).isEmpty());
    assertEquals(false, new Compatibility.Breaks(List.of(gone), List.of()).isEmpty());
  }
}
