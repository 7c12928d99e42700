package dev.abilock.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.abilock.core.model.struct.XenStructs;
import dev.abilock.processor.write.StructDocsWriter;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

class StructDocsWriterTest {
  @Test
  void reservationShowsBothAbisTheTrailingPadAndTheDifferences() throws Exception {
    String md = StructDocsWriter.markdown(StructCodecWriterTest.RESERVATION);
    assertTrue(md.contains("## x86_64: 32 bytes, aligned to 8"), md);
    assertTrue(md.contains("## x86_32: 20 bytes, aligned to 4"), md);
    assertTrue(
        md.contains("| 26..31 | `pad` (differs between ABIs) | trailing pad | uint8_t[6] |"), md);
    assertTrue(
        md.contains("| 18..19 | `pad` (differs between ABIs) | trailing pad | uint8_t[2] |"));
    assertTrue(md.contains("| 4..7 | `nr_extents` (differs between ABIs) | member | ULONG |"), md);
    String svg = StructDocsWriter.svg(StructCodecWriterTest.RESERVATION);
    assertTrue(svg.contains("stroke=\"#ff8c00\""), svg);
    DocumentBuilderFactory.newInstance()
        .newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void subOpTableCarriesStatuses() {
    String md = StructDocsWriter.markdown(StructCodecWriterTest.ACCESS);
    assertTrue(md.contains("| `op` | 4 | `XENMEM_access_op_set_access_multi` | in use |"), md);
    assertTrue(
        md.contains(
            "| `op` | 2 | `XENMEM_access_op_enable_emulate` | retired in 4.7: emulation moved to"
                + " vm_event; value reserved |"),
        md);
  }

  @Test
  void holesAreVisibleAndOutputIsDeterministic() {
    String md = StructDocsWriter.markdown(XenStructs.MEMORY_RESERVATION_UNPADDED);
    assertTrue(md.contains("| 26..31 | (hole) | undeclared |"), md);
    assertTrue(StructDocsWriter.svg(XenStructs.MEMORY_RESERVATION_UNPADDED).contains("#ffb3b3"));
    Locale before = Locale.getDefault();
    try {
      Locale.setDefault(Locale.forLanguageTag("tr-TR"));
      assertEquals(md, StructDocsWriter.markdown(XenStructs.MEMORY_RESERVATION_UNPADDED));
    } finally {
      Locale.setDefault(before);
    }
  }
}
