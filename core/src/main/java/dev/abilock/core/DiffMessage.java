package dev.abilock.core;

import static dev.abilock.core.Severity.*;

/**
 * What the manifest review says of a change between two manifests that the gates cannot see or that
 * breaks nothing: hand edits of published lines, and new, retired, renamed or published lines. Each
 * entry has a stable id for tools.
 */
public enum DiffMessage implements CatalogueEntry {
  // ---
  PUBLISHED_LINE_DELETED(ERROR, "published line '%s' was deleted"),
  PUBLISHED_LINE_EDITED(ERROR, "published line '%s' was edited"),
  PUBLISHED_LINE_REPUBLISHED(ERROR, "published line '%s' was re-published: %s -> %s"),
  PUBLISHED_LINE_UNRETIRED(ERROR, "published line '%s' lost its retirement (it was %s)"),
  PUBLISHED_RETIREMENT_EDITED(
      ERROR, "the retirement of published line '%s' was edited (it was %s)"),
  PUBLISHED_LINE_UNPUBLISHED(ERROR, "published line '%s' went back to draft (it was %s)"),
  HAND_EDIT_CONSEQUENCE(
      ERROR,
      "the compiler trusts published lines as the frozen ABI and cannot see this edit; restore the old line"),
  // --- review CLI: changes that break nothing (stable ids for tools) ---
  LINE_ADDED(NOTE, "new line '%s' (%s)"),
  LINE_RETIRED(NOTE, "'%s' retired in %s: %s"),
  OP_RENAMED_WITH_ALIAS(NOTE, "op %s (code %d) is now named %s and keeps its old name as an alias"),
  OP_ALIAS_ADDED(NOTE, "op %s (code %d) keeps former names: %s"),
  DRAFT_LINE_PUBLISHED(NOTE, "draft line '%s' is now %s"),
  CONTINUABLE_CLASS_MOVED(NOTE, "continuable %s moved from class %s to %s"),
  SUB_OP_RENAMED_WITH_ALIAS(
      NOTE, "sub-op %s (value %d) is now named %s and keeps its old name as an alias"),
  SUB_OP_ALIAS_ADDED(NOTE, "sub-op %s (value %d) keeps former names: %s"),
  STRUCT_CLASS_MOVED(NOTE, "struct %s moved from class %s to %s"),
  STRUCT_PAD_CLAIMED(
      NOTE,
      "published '%s' was claimed by new members: its bytes had to be zero, and zero keeps the old meaning"),
  DRAFT_LINE_EDITED(NOTE, "draft line '%s' was edited"),
  DRAFT_LINE_DELETED(NOTE, "draft line '%s' was deleted"),
  ;

  private final Text entry;

  DiffMessage(Severity severity, String template) {
    entry = new Text(severity, template);
  }

  public Text entry() {
    return entry;
  }
}
