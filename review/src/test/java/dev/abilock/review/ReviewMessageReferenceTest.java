package dev.abilock.review;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.abilock.core.Severity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/reference.md documents this front end's ids too, as core's ReferenceDocTest does the rules'.
 */
class ReviewMessageReferenceTest {
  private static final Path REFERENCE = Path.of("..", "docs", "reference.md");

  @Test
  void everyIdHasAnEntry() throws IOException {
    String reference = Files.readString(REFERENCE, StandardCharsets.UTF_8);
    List<String> undocumented =
        Stream.of(ReviewMessage.values())
            .filter(m -> m.severity() != Severity.TEXT)
            .map(ReviewMessage::id)
            .filter(
                id ->
                    !Pattern.compile(
                            "^(\\| `"
                                + Pattern.quote(id)
                                + "` \\||#+ .*`"
                                + Pattern.quote(id)
                                + "`)",
                            Pattern.MULTILINE)
                        .matcher(reference)
                        .find())
            .toList();
    assertEquals(List.of(), undocumented, "ids without an entry in " + REFERENCE);
  }
}
