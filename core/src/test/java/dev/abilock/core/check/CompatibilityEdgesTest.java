package dev.abilock.core.check;

import static dev.abilock.core.check.GateAssertions.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.abilock.Encoding;
import dev.abilock.core.manifest.Manifest;
import dev.abilock.core.model.Field;
import dev.abilock.core.model.Layout;
import dev.abilock.core.model.Op;
import dev.abilock.core.model.Retirement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Gate B's corners that its Xen examples do not reach: retirements of ops known by a former name.
 */
class CompatibilityEdgesTest {
  private static final Field CMD = new Field("cmd", true, Encoding.SHIFTED, 0, 4, 0);
  private static final Field DONE = new Field("done", false, Encoding.SHIFTED, 4, 8, 0);
  private static final Retirement R = new Retirement("2.0", "replaced");

  private static Layout layout(Op... ops) {
    return new Layout("ring", "org.example.Ring", 64, 0, List.of(CMD, DONE), List.of(ops));
  }

  @Test
  void anOpRenamedAndRetiredAtOnceIsANewRetirementUnderItsNewName() {
    Manifest old =
        Manifest.of(
            List.of(layout(new Op("RING_push", 2, List.of("done")))), Manifest.empty(), "1.0");
    Layout now = layout(new Op("RING_push_v2", 2, List.of("done"), List.of("RING_push"), R));
    List<Note> notes = Compatibility.newRetirements(old, Map.of("ring", now));
    assertEquals(1, notes.size(), notes.toString());
    assertEquals(
        List.of(
            "ring",
            "op RING_push_v2",
            "2.0",
            "replaced",
            "code 2",
            dev.abilock.core.GateMessage.RETIRED_WORD_REFUSED.text()),
        notes.get(0).args());
  }

  @Test
  void retiringAnOpWhoseFormerNameIsOnlyADraftIsRetiredDraft() {
    Manifest published =
        Manifest.of(
            List.of(layout(new Op("RING_push", 2, List.of("done")))), Manifest.empty(), "1.0");
    Manifest drafted =
        Manifest.of(
            List.of(
                layout(new Op("RING_push", 2, List.of("done")), new Op("RING_peek", 5, List.of()))),
            published,
            null);
    Layout now =
        layout(
            new Op("RING_push", 2, List.of("done")),
            new Op("RING_look", 6, List.of(), List.of("RING_peek"), R));
    List<Break> breaks = Compatibility.check(drafted, Map.of("ring", now));
    assertEquals(List.of("retired-draft"), ids(breaks), render(breaks));
    assertEquals(Target.op("ring", "RING_look", null).retiredAnnotation(), breaks.get(0).target());
  }
}
