package dev.abilock.core.manifest;

import static dev.abilock.core.XenLayouts.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A line's status: draft, published at a release, and retired since, as the manifest writes it. */
class StatusTest {

  @Test
  void aRetiredStatusNamesItsReleaseAndItsQuotedReason() {
    assertEquals(
        "published 4.5 retired 4.9 \"moved to dm_op\"", new Status("4.5", DM_OP).toString());
    assertEquals("published 4.5", Status.published("4.5").toString());
    assertEquals("draft", Status.DRAFT.toString());
  }

  @Test
  void onlyAPublishedStatusCanBeRetired() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Status(null, DM_OP));
    assertEquals("only a published line can be retired", e.getMessage());
    assertSame(Status.DRAFT, Status.DRAFT.retiredAs(DM_OP));
    assertEquals(new Status("4.5", DM_OP), Status.published("4.5").retiredAs(DM_OP));
    assertEquals(Status.published("4.5"), new Status("4.5", DM_OP).retiredAs(null));
    assertTrue(new Status("4.5", DM_OP).isRetired());
    assertTrue(new Status("4.5", DM_OP).isPublished());
    assertFalse(Status.published("4.5").isRetired());
    assertFalse(Status.DRAFT.isRetired());
  }

  @Test
  void quotesAndBackslashesAreEscapedInTheReason() {
    assertEquals("\"a \\\"b\\\" \\\\c\"", Status.quote("a \"b\" \\c"));
    assertEquals("\"plain\"", Status.quote("plain"));
  }

  @Test
  void aReleaseLabelIsLettersDigitsAndDotsUnderscoresPlusesAndDashes() {
    assertTrue(Status.isValidLabel("4.21"));
    assertTrue(Status.isValidLabel("4.9-rc1+x86_64"));
    assertFalse(Status.isValidLabel("4/9"));
    assertFalse(Status.isValidLabel("4 9"));
    assertFalse(Status.isValidLabel(""));
  }
}
