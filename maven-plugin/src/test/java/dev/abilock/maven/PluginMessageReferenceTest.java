package dev.abilock.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.abilock.core.ReferenceDoc;
import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/reference.md documents this front end's ids too, as core's ReferenceDocTest does the rules'.
 */
class PluginMessageReferenceTest {
  @Test
  void everyIdHasAnEntry() throws IOException {
    assertEquals(
        List.of(),
        ReferenceDoc.undocumented(Stream.of(PluginMessage.values())),
        "ids without an entry in " + ReferenceDoc.PATH);
  }
}
