package dev.abilock.core.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parser meets the corruption corpus as its index says, each problem named by line and id. */
class CorruptionCorpusTest {
  @Test
  void everyEntryIsReadOrRefusedExactlyAsTheIndexSays() {
    List<CorruptionCorpus.Entry> entries = CorruptionCorpus.entries();
    assertEquals(34, entries.size());
    for (CorruptionCorpus.Entry e : entries) {
      if (e.valid()) {
        try {
          ManifestParser.parse(e.bytes());
        } catch (ManifestException x) {
          throw new AssertionError(e + " must be read: " + x.getMessage(), x);
        }
      } else {
        ManifestException x =
            assertThrows(ManifestException.class, () -> ManifestParser.parse(e.bytes()), e.name());
        assertEquals(
            e.problems(), CorruptionCorpus.problemsIn(String.join("\n", x.rendered())), e.name());
      }
    }
  }

  @Test
  void theValidEntryRendersBackByteForByte() throws ManifestException {
    byte[] valid = CorruptionCorpus.valid();
    assertEquals(new String(valid, StandardCharsets.UTF_8), ManifestParser.parse(valid).render());
  }
}
