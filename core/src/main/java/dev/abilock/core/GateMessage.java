package dev.abilock.core;

import static dev.abilock.core.Severity.*;

/**
 * What gate B says: each break of a published layout (continuation words and argument structs) with
 * its stable rule id, and the fragments that build its consequence, witness and way out. Each entry
 * has a stable id; tests and tools (SARIF rule ids) rely on it.
 */
public enum GateMessage implements CatalogueEntry {
  // --- compatibility (gate B); each id is a stable rule id ---
  FIELD_SHIFTED(ERROR, "published %s moved: bits %s -> %s"),
  FIELD_WIDENED(ERROR, "published %s widened: bits %s -> %s"),
  FIELD_NARROWED(ERROR, "published %s narrowed: bits %s -> %s"),
  COMPAT_FIELD_WIDENED(ERROR, "published %s widened in the compat word: bits %s -> %s"),
  COMPAT_FIELD_NARROWED(ERROR, "published %s narrowed in the compat word: bits %s -> %s"),
  FIELD_ENCODING_CHANGED(ERROR, "published %s changed encoding: %s -> %s"),
  FIELD_ROLE_CHANGED(ERROR, "published %s changed role: %s -> %s"),
  FIELD_REMOVED(ERROR, "published %s was removed (it held bits %s)"),
  OP_REMOVED(ERROR, "published op %s (code %d) was removed"),
  OP_CODE_CHANGED(ERROR, "published op %s changed code: %d -> %d"),
  OP_CONTINUATION_DROPPED(ERROR, "published op %s no longer continues with %s"),
  OP_STOPPED_READING(ERROR, "published op %s no longer reads struct %s"),
  FIELD_OVERLAPS_PUBLISHED(
      ERROR, "%s (bits %s) overlaps %s (bits %s), which published op %s already uses"),
  WIDTH_NARROWED(ERROR, "published word of %s narrowed: %d -> %d bits"),
  WIDTH_WIDENED(ERROR, "published word of %s widened: %d -> %d bits"),
  OPCODE_ADDED(
      ERROR,
      "published word of %s had no opcode; opcode %s (bits %s) now makes every saved word select an op"),
  COMPAT_WIDTH_REMOVED(ERROR, "published compat word of %s (%d bits) was removed"),
  SAVED_WORD_MISREAD(
      ERROR, "a saved %s is read differently, though no single published entry names the change"),
  OP_RENAMED(ERROR, "published op %s (code %d) is now named %s, and its old name is gone"),
  OP_ALIAS_REMOVED(ERROR, "published op %s (code %d) no longer keeps its former name %s"),
  UNRETIRED(ERROR, "%s was retired in %s, and the sources use it again"),
  RETIREMENT_CHANGED(ERROR, "%s was retired in %s (\"%s\"); the sources now say %s (\"%s\")"),
  RETIRED_REMOVED(
      ERROR, "%s, retired in %s, is gone from the sources, and with it the reservation of its %s"),
  // The way out is said once, by ADVICE_REUSE on gate B's break, not in the headline as well.
  RETIRED_CODE_REUSED(ERROR, "op %s takes code %d of op %s, retired in %s"),
  RETIRED_NAME_REUSED(ERROR, "%s takes the name of %s, retired in %s"),
  RETIRED_DRAFT(ERROR, "%s is retired in %s but was never published"),
  CONTINUES_RETIRED_FIELD(ERROR, "op %s continues with field %s, retired in %s"),
  RETIRED_NOTE(NOTE, "%s: %s retired in %s: %s; it keeps its %s reserved, and %s"),
  CONTINUABLE_REMOVED(ERROR, "published continuable %s (class %s) is gone from the sources"),
  // --- fragments: parts of the messages above, printed without an id of their own ---
  // What a retirement means for what a guest holds: a word or image of a retired op, struct or
  // sub-op is refused; a retired member's bytes are only ignored (the image stays valid).
  RETIRED_WORD_REFUSED(TEXT, "a guest's saved word of it is refused saying so"),
  RETIRED_IMAGE_REFUSED(TEXT, "a guest's saved image of it is refused saying so"),
  RETIRED_MEMBER_IGNORED(TEXT, "validate ignores those bytes in a guest's saved image"),
  STOPPED_READING_CONSEQUENCE(
      TEXT,
      "a guest preempted in op %s left an image of struct %s in its memory, which the resumed call"
          + " must read as it was published; no saved word is misread, but the in-flight image loses its"
          + " reader and its frozen layout"),
  ADVICE_STOPPED_READING(
      TEXT,
      "Keep %s in @Op(reads); to stop re-reading it, retire the op and add a new one with a new code."),
  NO_WITNESS(
      TEXT,
      "no saved word is misread, but a published constant changes, and the published header is ABI too"),
  NEVER_CONTINUED(
      TEXT,
      "op %s never continues, so no guest holds a saved word of it, but a guest calling it is"
          + " refused now, and its published constant is gone"),
  NEVER_CONTINUED_RENUMBERED(
      TEXT,
      "op %s never continues, so no guest holds a saved word of it, but a guest calling"
          + " code %d gets %s now, and its published constant changed"),
  NAME_PUBLISHED(
      TEXT,
      "no saved word is misread (a word's op is keyed by its code), but the name %s is published"
          + " too: a C macro and the docs"),
  RETIREMENT_RECORDED(
      TEXT, "no saved word is read differently, but a retirement is part of the frozen record"),
  RETIRED_DRAFT_CONSEQUENCE(TEXT, "nothing published depends on it, so there is nothing to retire"),
  ADVICE_LAYOUT(
      TEXT,
      "A guest may hold a saved word across a migration, so a published layout is frozen. Restore"
          + " the published bits, or declare the new layout as a new @Continuable with a name of its own."),
  ADVICE_FIELD_REMOVED(
      TEXT,
      "Restore the field, or retire it: keep its declaration and add @Retired(release ="
          + " \"...\", reason = \"...\"), so that a saved word using its bits is refused saying why."),
  ADVICE_OP_REMOVED(
      TEXT,
      "Restore the op, or retire it: keep the constant and add @Retired(release = \"...\","
          + " reason = \"...\"), so that code %d stays reserved and a guest holding or calling it is refused saying why."),
  ADVICE_OP_CODE_CHANGED(
      TEXT,
      "Restore code %d. A new code is a new op: declare it beside the old one, and retire"
          + " the old one with @Retired if it goes."),
  ADVICE_OP_RENAMED(
      TEXT,
      "Keep the old name: @Op(aliases = \"%s\") publishes it as an alias of the new constant."),
  ADVICE_CONTINUATION_DROPPED(
      TEXT, "Restore continues = \"%s\", or retire the field or the op with @Retired."),
  ADVICE_CONTINUABLE_REMOVED(
      TEXT,
      "Restore the class, or retire the continuable: keep the class and add"
          + " @Retired(release = \"...\", reason = \"...\")."),
  ADVICE_RETIREMENT(
      TEXT,
      "A retirement is frozen like a published line: keep @Retired(release = \"%s\", reason ="
          + " \"%s\") and the declaration it is on."),
  ADVICE_REUSE(
      TEXT,
      "%s stays reserved for %s, retired in %s: a guest may still hold its old words. Give the new"
          + " one another %s."),
  ADVICE_RETIRED_DRAFT(TEXT, "Delete the declaration instead."),
  HAND_EDIT_HINT(
      TEXT,
      "If you did not change this declaration, the published line may have been edited by hand in"
          + " the manifest: abilock diff --git HEAD --manifest %s (or mvn abilock:diff -Dabilock.base=HEAD) names such"
          + " edits."),
  ADVICE_CONTINUES_RETIRED(TEXT, "Remove it from continues: new progress needs a new field."),
  WITNESS(TEXT, "witness: %s is %s under the published layout, but the sources now read it as %s"),
  WITNESS_REUSED(
      TEXT, "witness: %s was %s before its retirement in %s, but the sources now read it as %s"),
  READ_NO_COMPAT_WORD(TEXT, "there is no compat word any more"),
  READ_UNKNOWN_OP(TEXT, "unknown op code %d"),
  READ_STRAY_BITS(TEXT, "bits %s set that %s"),
  READ_STRAY_NO_FIELD(TEXT, "no field uses"),
  READ_STRAY_NOT_CONTINUED(TEXT, "op %s does not continue with"),
  READ_RETIRED_CONTINUABLE(TEXT, "continuable %s %s"),
  READ_RETIRED_OP(TEXT, "op %s %s"),
  READ_RETIRED_FIELD(TEXT, "field %s %s"),
  CONTINUABLE_GONE_READING(TEXT, "no class declares continuable %s any more"),
  IMPLICIT_SHIFT_MOVED(
      TEXT,
      "%s has no written shift: it starts right after the previous field, so a change to a field"
          + " before it moved it; write the shift of a published field explicitly"),
  // --- argument structs (design section 8): declaration rules, the same for every reader ---
  RETIRED_SUB_OP_REUSED(
      ERROR,
      "sub-op %s takes value %d of member %s, which sub-op %s, retired in %s, keeps"
          + " reserved: a guest's saved image may still hold it and would be read as the new sub-op; give the new"
          + " one another value"),
  // --- gate B for argument structs; each id is a stable rule id ---
  STRUCT_MEMBER_MOVED(ERROR, "published member %s moved: %s -> %s"),
  STRUCT_MEMBER_RESIZED(ERROR, "published member %s changed size: %s -> %s"),
  STRUCT_MEMBER_RETYPED(ERROR, "published member %s changed type: %s -> %s"),
  STRUCT_MEMBER_REMOVED(ERROR, "published member %s (%s) was removed"),
  STRUCT_MEMBER_OVER_PUBLISHED(ERROR, "new member %s takes bytes %s on %s, which %s"),
  STRUCT_PAD_REMOVED(
      ERROR, "bytes %s on %s of published pad %s belong to no pad or member any more"),
  STRUCT_PAD_ZERO_CHANGED(ERROR, "bytes %s on %s of published pad %s were %s, and are %s now"),
  STRUCT_PAD_CLAIM_NOT_ZERO(
      ERROR,
      "member %s claims bytes %s on %s of published pad %s, which is not mustBeZero:"
          + " a guest may have left any value there, and the member now reads it"),
  STRUCT_SIZE_CHANGED(ERROR, "published size of %s changed: %s -> %s"),
  STRUCT_ALIGN_CHANGED(ERROR, "published alignment of %s changed: %s -> %s"),
  STRUCT_COMPAT_CHANGED(ERROR, "published compat mode of %s changed: %s -> %s"),
  STRUCT_REMOVED(ERROR, "published struct %s (class %s) is gone from the sources"),
  STRUCT_IMAGE_MISREAD(
      ERROR,
      "a saved image of %s is read differently, though no single published entry names the change"),
  SUB_OP_RENUMBERED(ERROR, "published sub-op %s of member %s changed value: %d -> %d"),
  SUB_OP_REMOVED(ERROR, "published sub-op %s (value %d of member %s) was removed"),
  SUB_OP_RENAMED(
      ERROR,
      "published sub-op %s (value %d of member %s) is now named %s, and its old name is gone"),
  SUB_OPS_ADDED(
      ERROR,
      "member %s now takes only the values of its sub-ops (%s), but a saved image may hold %s in it,"
          + " which is refused now"),
  SUB_OP_ALIAS_REMOVED(
      ERROR, "published sub-op %s (value %d of member %s) no longer keeps its former name %s"),
  // --- fragments of the struct messages above ---
  STRUCT_MUST_BE_ZERO(TEXT, "mustBeZero"),
  STRUCT_FREE_PAD(TEXT, "free (any value)"),
  STRUCT_HELD_BY(TEXT, "published %s held"),
  STRUCT_BEYOND_SIZE(TEXT, "lie beyond the published size, %d bytes"),
  IMAGE_WITNESS(
      TEXT,
      "witness image on %s (%d bytes): %s\n    published: %s\n    now:       %s\n    misread:   %s"),
  IMAGE_WITNESS_REUSED(
      TEXT,
      "witness image on %s (%d bytes), saved before the retirement in %s: %s\n"
          + "    published: %s\n    now:       %s\n    misread:   %s"),
  NO_IMAGE_WITNESS(
      TEXT,
      "no saved image is misread, but a published layout fact changes, and the published header"
          + " and an enclosing struct or array depend on it"),
  SUB_OP_NAME_PUBLISHED(
      TEXT,
      "no saved image is misread (a sub-op is keyed by its value), but the name %s is"
          + " published too: a C macro and the docs"),
  ADVICE_STRUCT_LAYOUT(
      TEXT,
      "A guest may hold a saved image across a migration, so a published layout is frozen in"
          + " every ABI. Restore the published layout, or retire this struct (@Retired on its class, which keeps it)"
          + " and declare the new layout as a new @AbiStruct with a name of its own."),
  ADVICE_STRUCT_MEMBER_REMOVED(
      TEXT,
      "Restore the member, or retire it: keep its declaration and add @Retired(release"
          + " = \"...\", reason = \"...\"), so that its bytes stay reserved."),
  ADVICE_STRUCT_PAD(
      TEXT,
      "Keep the pad's bytes as published: declared as pad(s) under any name, or claimed by new"
          + " members that fit a mustBeZero pad; a new layout is a new @AbiStruct with a name of its own."),
  ADVICE_STRUCT_PAD_CLAIM(
      TEXT,
      "Keep the pad: only a mustBeZero pad can be claimed, since zero keeps its old meaning."
          + " A new member elsewhere is a new layout: a new @AbiStruct with a name of its own."),
  ADVICE_STRUCT_COMPAT(
      TEXT,
      "Restore compat = %s, or declare the new mode on a new @AbiStruct with a name of its own."),
  ADVICE_STRUCT_REMOVED(
      TEXT,
      "Restore the class, or retire the struct: keep the class and add @Retired(release ="
          + " \"...\", reason = \"...\")."),
  ADVICE_SUB_OP_RENUMBERED(
      TEXT,
      "Restore value %d. A new value is a new sub-op: declare it beside the old one, and"
          + " retire the old one with @Retired if it goes."),
  ADVICE_SUB_OP_REMOVED(
      TEXT,
      "Restore the sub-op, or retire it: keep the constant and add @Retired(release ="
          + " \"...\", reason = \"...\"), so that value %d stays reserved and a saved image holding it is refused"
          + " saying why."),
  SUB_OPS_ANY_VALUE(TEXT, "any value, as the published member took"),
  SUB_OPS_ZERO(TEXT, "0, the zero of the pad it claims"),
  ADVICE_SUB_OPS_ADDED(
      TEXT,
      "Sub-ops key a member's values from its first release on: give the sub-ops a new member"
          + " (a value of 0 for one claiming a pad), or declare a new @AbiStruct with a name of its own."),
  ADVICE_SUB_OP_RENAMED(
      TEXT,
      "Keep the old name: @SubOp(aliases = \"%s\") publishes it as an alias of the new"
          + " constant."),
  ;

  private final Text entry;

  GateMessage(Severity severity, String template) {
    entry = new Text(severity, template);
  }

  public Text entry() {
    return entry;
  }
}
