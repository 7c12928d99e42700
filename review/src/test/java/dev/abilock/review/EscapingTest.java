package dev.abilock.review;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * What the renderers escape, so that a name or a reason never breaks a table cell or a workflow
 * command.
 */
class EscapingTest {
  @Test
  void githubCommandValuesAreEscaped() {
    assertEquals("100%25 a%0Db%0Ac: d, e", GithubAnnotations.data("100% a\rb\nc: d, e"));
    assertEquals("x%3A y%2C z%25%0A", GithubAnnotations.property("x: y, z%\n"));
  }

  @Test
  void markdownCellsAreEscaped() {
    assertEquals(
        "a \\| b \\*c\\* \\<b> \\[link\\](x) \\`tick\\` \\\\",
        Report.escape("a | b *c* <b> [link](x) `tick` \\"));
    assertEquals(
        "XENMEM_set_pod_target \\_lead trail\\_ x",
        Report.escape("XENMEM_set_pod_target _lead trail_ x"));
    assertEquals("one two", Report.escape("one\ntwo"));
    assertEquals("`a \\| b`", Report.code("a | b"));
    assertEquals("`` `x` ``", Report.code("`x`"));
  }
}
