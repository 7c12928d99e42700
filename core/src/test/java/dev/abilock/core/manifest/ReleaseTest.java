package dev.abilock.core.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReleaseTest {
  @Test
  void dottedNumbersOrderPartByPartAsNumbers() {
    List<String> labels =
        new ArrayList<>(List.of("4.10", "4.9", "10", "4.9.1", "2024.04.1", "0.9", "4.21", "1"));
    labels.sort(Release.ORDER);
    assertEquals(List.of("0.9", "1", "4.9", "4.9.1", "4.10", "4.21", "10", "2024.04.1"), labels);
  }

  @Test
  void missingPartsAndLeadingZerosReadAsTheSameNumber() {
    assertEquals(0, Release.ORDER.compare("4.5", "4.5.0"));
    assertEquals(0, Release.ORDER.compare("4.05", "4.5"));
    assertEquals(0, Release.ORDER.compare("0", "0.0"));
    assertTrue(Release.ORDER.compare("99999999999999999999.1", "99999999999999999999") > 0);
    assertTrue(Release.ORDER.compare("100000000000000000000", "99999999999999999999") > 0);
  }

  @Test
  void onlyDottedNumbersOrder() {
    for (String label : List.of("1", "1.0", "4.10", "007.1")) {
      assertTrue(Release.orders(label), label);
    }
    for (String label :
        List.of("", "1.", ".1", "1..2", "4.5-rc1", "v2", "1.0+build", "f3", "1_0")) {
      assertFalse(Release.orders(label), label);
    }
    assertThrows(IllegalArgumentException.class, () -> Release.ORDER.compare("4.5-rc1", "4.5"));
  }

  @Test
  void theNewestPublishedLabelIsNamedWhenItIsNewer() throws ManifestException {
    Manifest m =
        ManifestParser.parse(
            Manifest.HEADER
                + "\n"
                + "continuable ring class test.Ring published 1.9\n"
                + "  width 32 published 1.9\n"
                + "  opcode op bits 0..7 mask 0x000000ff published 1.9\n"
                + "  op RING_a 1 published 1.10\n"
                + "  op RING_b 2 published beta\n"
                + "  op RING_c 3 published 1.2 retired 2.0 \"gone\"\n"
                + "  op RING_d 4 draft\n"
                + Manifest.TRAILER
                + "\n");
    Optional<Line> newer = Release.newerPublished(m, "1.9.5");
    assertEquals("  op RING_a 1 published 1.10", newer.orElseThrow().render());
    assertEquals(Optional.empty(), Release.newerPublished(m, "1.10"));
    assertEquals(Optional.empty(), Release.newerPublished(m, "1.10.0"));
    assertEquals(
        Optional.empty(),
        Release.newerPublished(m, "1.11"),
        "retirement labels and drafts are not compared");
    assertEquals(Optional.empty(), Release.newerPublished(Manifest.empty(), "0"));
  }
}
