package dev.abilock.core;

import static dev.abilock.core.Severity.*;

import java.util.Locale;

/**
 * Every text abilock prints, with a stable id and its {@link Severity}: declaration errors, the
 * manifest parser's problems, gate findings, the review classification and the CLI's own lines.
 * Tests assert on the id, so the wording can improve without breaking them. Each text states the
 * rule, the facts and the fix.
 */
public enum Message {
  // --- declarations (read) ---
  NOT_A_CLASS(ERROR, "@Continuable goes on a class; %s is %s"),
  BAD_NAME(ERROR, "%s \"%s\" must be lower_snake_case: a lower-case letter, then lower-case letters, digits or single underscores"),
  DUPLICATE_FIELD_NAME(ERROR, "%s has ABI name \"%s\", already taken by %s; field names are unique in a continuable"),
  DUPLICATE_NAME(ERROR, "continuable name \"%s\" is already used by %s; names are unique per manifest"),
  BAD_WIDTH(ERROR, "width = %d: a continuation word is 32 or 64 bits"),
  BAD_COMPAT_WIDTH(ERROR, "compatWidth = %d: use 0 (no compat word) or 32"),
  BAD_C_IDENTIFIER(ERROR, "%s \"%s\" is not a C identifier (letters, digits, underscores, not starting with a digit)"),
  CONFLICTING_ANNOTATIONS(ERROR, "%s carries both @%s and @%s; a field is either the opcode, a continuation field or an op"),
  BAD_COMPAT_BITS(ERROR, "compatBits = %d: use -1 (same as bits), 0 (absent from compat words) or a bit count"),
  TWO_OPCODES(ERROR, "%s is a second opcode; %s already selects the op, and a word has one opcode"),
  OP_WITHOUT_OPCODE(ERROR, "op %s needs an opcode field in %s to select it"),
  OP_NOT_CONSTANT(ERROR, "@Op %s must be a static final byte, short, int or long constant; it is %s"),
  OP_CODE_DOES_NOT_FIT(ERROR, "op %s = %d does not fit the %d-bit opcode %s (codes 0..%d); widen the opcode only before its first release"),
  DUPLICATE_OP_CODE(ERROR, "op %s has code %d, like op %s; each op needs its own code"),
  CONTINUES_UNKNOWN(ERROR, "op %s continues with \"%s\", which is not a continuation field of %s (fields: %s)"),
  CONTINUES_OPCODE(ERROR, "op %s lists the opcode %s in continues; every op carries its opcode, list only continuation fields"),
  CONTINUES_TWICE(ERROR, "op %s lists \"%s\" twice in continues"),
  FIELD_STATIC_OR_FINAL(ERROR, "@%s goes on an instance field that is neither static nor final; %s is %s"),
  UNSUPPORTED_TYPE(ERROR, "@%s field %s has type %s; use %s"),
  BITS_OUT_OF_RANGE(ERROR, "bits = %d: %s %s needs 1 to %d bits"),
  TYPE_TOO_NARROW(ERROR, "bits = %d does not fit field %s of type %s (%d bits); declare it as %s"),
  BOOLEAN_BITS(ERROR, "boolean field %s is a 1-bit flag: bits must be 1, not %d"),
  BAD_SHIFT(ERROR, "shift = %d: use -1 (right after the previous field) or a bit position 0..%d"),
  FIELD_OUTSIDE_WORD(ERROR, "%s %s takes bits %s, outside the %d-bit word (bits 0..%d)%s"),
  OVERLAP(ERROR, "%s (bits %s) overlaps %s (bits %s), and %s uses both; give it bits of its own"),
  COMPAT_BITS_REQUIRED(ERROR, "%s takes bits %s, beyond the 32-bit compat word; set compatBits (at most %d here, 0 to leave it out of compat words)"),
  OPCODE_BEYOND_COMPAT(ERROR, "opcode %s takes bits %s, beyond the 32-bit compat word; compat guests must see every op"),
  COMPAT_BITS_TOO_LARGE(ERROR, "compatBits = %d exceeds bits = %d; the compat word holds at most the native field"),
  COMPAT_BITS_OUTSIDE(ERROR, "compatBits = %d puts %s at bits %s, beyond the 32-bit compat word; at most %d here"),
  COMPAT_BITS_WITHOUT_COMPAT(ERROR, "compatBits = %d has no effect: %s has no compat word (set compatWidth = 32 on @Continuable)"),
  IN_PLACE_ALIGNMENT(ERROR, "IN_PLACE field %s cannot keep its alignment: %s"),
  RESERVED_JAVA_NAME(ERROR, "%s cannot be the Java name of a field: %s; rename the Java field (name = \"%s\" keeps its ABI name)"),
  RESERVED_C_NAME(ERROR, "%s has %s \"%s\", which is %s; rename it"),
  GENERATED_NAME_CLASH(ERROR, "%s and %s would both define %s in the generated %s; change %s of one of them"),
  RETIRED_BLANK(ERROR, "@Retired on %s needs a %s: both release and reason are required and not blank"),
  RETIRED_BAD_RELEASE(ERROR, "@Retired(release = \"%s\"): a release label is letters, digits, '.', '_', '+' or '-'"),
  RETIRED_BAD_REASON(ERROR, "@Retired(reason = \"%s\") must be one line of text without '*/': it goes into the manifest and a C comment"),
  RETIRED_OPCODE(ERROR, "@Retired on the @Opcode %s: an opcode cannot be retired alone; retire the continuable (@Retired on class %s)"),
  RETIRED_NOT_ABI(ERROR, "@Retired on %s, which is neither an @Op constant nor a @ContinuationField; it retires those and @Continuable classes"),
  BAD_ALIAS(ERROR, "alias \"%s\" of op %s must be a Java name, other than the op's own and listed once"),
  DUPLICATE_OP_NAME(ERROR, "op %s takes the name %s, already a name of op %s; a name or alias belongs to one op"),
  UNREADABLE_ATTRIBUTE(ERROR, "@%s on %s has no usable value for %s (%s); abilock reads a layout only from annotations javac accepts: fix the error javac reports for it"),
  INTERNAL_ERROR(ERROR, "abilock failed on %s (%s); this is a bug in abilock, please report it with this class"),

  // --- fragments of the generated-name messages above ---
  NAME_GETTER_CLASH(TEXT, "its getter %s(long) would clash with the codec's own %s method"),
  NAME_RECORD_COMPONENT(TEXT, "the record State that decode returns cannot have a component named %s (JLS 8.10.1)"),
  NAME_SHADOWS_CONSTANT(TEXT, "as a parameter of the codec's encode it would hide %s, which encode refers to"),
  NAME_C_PARAMETER(TEXT, "a C keyword or a name the header already uses; the C encode helper takes it as a parameter"),
  NAME_C_HELPER(TEXT, "the name of the header's own helper <continuable>_%s"),
  NAME_C_OP_MACRO(TEXT, "a C keyword or a name the header already uses; the header defines each op as a macro"),
  NAME_HEADER_GUARD(TEXT, "the header guard"),
  NAME_WIDTH_MACRO(TEXT, "the word width"),
  NAME_COMPAT_WIDTH_MACRO(TEXT, "the compat word width"),
  NAME_HEADER_FUNCTION(TEXT, "the header's function %s"),
  NAME_HEADER_GETTER(TEXT, "the header's getter of %s"),
  NAME_FIELD_PARAMETER(TEXT, "the field with ABI name %s"),
  NAME_FIX_ABI_NAME(TEXT, "the ABI name (name = ...)"),
  NAME_FIX_MACRO(TEXT, "the macro stem (macro = ...)"),
  NAME_FIX_OP(TEXT, "the op constant"),
  REASON_UNREADABLE_WRITTEN(TEXT, "javac rejected the value written"),
  REASON_UNREADABLE_MISSING(TEXT, "it is required and not written"),
  REASON_DERIVED_NAME(TEXT, "the ABI name derived from field %s (set name = \"...\" to choose one)"),
  REASON_IMPLICIT_SHIFT(TEXT, "; shift is implicit, so it starts right after the previous field at bit %d"),
  REASON_IN_PLACE_BOOLEAN(TEXT, "a boolean holds a flag, not a value aligned to bit %d; use SHIFTED"),
  REASON_IN_PLACE_IMPLICIT(TEXT, "its values are multiples of 2^shift, so the shift must be written (shift = %d), not derived from the fields before it"),
  REASON_IN_PLACE_TYPE(TEXT, "its values are stored unshifted up to bit %d, which %s (%d bits) cannot hold; declare it as %s or use SHIFTED"),
  REASON_OVERLAP_NO_OPCODE(TEXT, "the word (without an opcode every field is in use)"),
  REASON_OVERLAP_OP(TEXT, "op %s"),
  DUPLICATE_FIELD_OTHER(TEXT, "the %s at line %d"),
  REASON_NOT_STATIC(TEXT, "not static"),
  REASON_NOT_FINAL(TEXT, "not final"),
  REASON_NOT_CONSTANT(TEXT, "not a compile-time constant"),
  REASON_OF_TYPE(TEXT, "of type %s"),
  REASON_CANNOT_WRITE(TEXT, "cannot write %s: %s"),

  // --- options and the manifest (gate A) ---
  MANIFEST_OPTION_MISSING(ERROR, "no manifest configured, and %s declares a continuation layout that must be frozen; add to maven-compiler-plugin's <configuration>:\n"
      + "  <compilerArgs>\n"
      + "    <arg>-Aabilock.manifest=${project.basedir}/abilock.manifest</arg>\n"
      + "  </compilerArgs>\n"
      + "then create it with: mvn abilock:update (the abilock-maven-plugin; without it, compile with -Aabilock.mode=update)"),
  BAD_MODE(ERROR, "abilock.mode = \"%s\": use check (the default: fail if the manifest is stale) or update (rewrite it)"),
  BAD_RELEASE(ERROR, "abilock.release = \"%s\": a release label to publish at is dotted numbers (1.0, 4.10,"
      + " 2024.04.1), compared part by part as numbers (4.10 comes after 4.9); a label with anything else in it"
      + " (4.5-rc1, v2) cannot be ordered"),
  EMPTY_RELEASE(ERROR, "abilock.release is empty: name the release to publish the drafts at (-Dabilock.release=1.0),"
      + " or leave the option out to keep them drafts"),
  RELEASE_BEFORE_PUBLISHED(ERROR, "abilock.release = %s comes before %s, which the manifest already publishes at"
      + " (%s): lines published now would claim a release older than ones already frozen; publish at %s or later"
      + " (release labels compare part by part as numbers: 4.10 comes after 4.9)"),
  BAD_STALE(ERROR, "abilock.stale = \"%s\": use error (the default: a stale manifest fails this compile) or warning"
      + " (the abilock-maven-plugin's check goal fails the build at verify instead)"),
  RELEASE_NEEDS_UPDATE(ERROR, "abilock.release = %s only applies with abilock.mode=update: mvn abilock:update -Dabilock.release=%s"),
  MANIFEST_MISSING(ERROR, "manifest %s does not exist (the path is set by %s); %s"),
  MANIFEST_MISSING_NEW(TEXT, "create it and commit it: mvn abilock:update (or compile with -Aabilock.mode=update)"),
  MANIFEST_MISSING_LOST(TEXT, "yet the sources hold %s, which only a manifest written earlier can justify: it was"
      + " moved or deleted, and a new one would lose the record of what was published. Restore it (git log"
      + " --diff-filter=D -- <path> shows the commit that deleted it), or set the path to where it is now. Nothing"
      + " was written; delete no declaration"),
  MANIFEST_SET_BY_OPTION(TEXT, "-Aabilock.manifest"),
  RECORD_RETIRED(TEXT, "@Retired on %s"),
  RECORD_ALIASES(TEXT, "aliases of op %s in %s"),
  RECORD_MORE(TEXT, "and %d more"),
  MANIFEST_STALE(ERROR, "manifest %s is out of date with the sources (%d line(s) differ):\n%s\nreview the change, then run: mvn abilock:update (or compile with -Aabilock.mode=update)"),
  MANIFEST_MISSING_LATER(WARNING, "manifest %s does not exist yet; create it with mvn abilock:update and commit it"
      + " (abilock:check fails the build at verify until then)"),
  MANIFEST_STALE_LATER(WARNING, "manifest %s is out of date with the sources (%d line(s) differ):\n%s\nmvn abilock:update"
      + " records the change (abilock:check fails the build at verify until then)"),
  MANIFEST_MALFORMED(ERROR, "manifest %s is malformed, nothing was written:\n%s"),
  MANIFEST_UNREADABLE(ERROR, "manifest %s cannot be read: %s"),
  CLASSPATH_LAYOUT_UNREADABLE(ERROR, "continuable %s is not in this compile, and its class %s on the class path no longer reads as a layout: %s; rebuild it (mvn clean compile)"),
  MANIFEST_WRITE_FAILED(ERROR, "manifest %s could not be written (the old one is intact): %s"),
  OUTPUT_WRITE_FAILED(ERROR, "could not write %s: %s"),
  MANIFEST_CREATED(NOTE, "manifest %s created with %d line(s); review it and commit it with the sources"),
  MANIFEST_UPDATED(NOTE, "manifest %s updated: %d line(s) changed:\n%s"),
  MANIFEST_ONLY_FORMAT(TEXT, "no entry differs, only the order, comments or spacing of the lines"),
  MANIFEST_MORE_LINES(TEXT, "... and %d more"),

  // --- the manifest's own rules, as its parser enforces them for every reader (compiler, CLI, plugin) ---
  MANIFEST_NOT_UTF8(ERROR, "not UTF-8 text; a manifest is plain text written by abilock"),
  MANIFEST_EMPTY(ERROR, "the file is empty; expected '%s'"),
  MANIFEST_NO_HEADER(ERROR, "not an abilock manifest; expected '%s'"),
  MANIFEST_UNKNOWN_VERSION(ERROR, "unknown manifest format version %s; this abilock reads version %d (a newer abilock wrote it?)"),
  MANIFEST_TEXT_AFTER_END(ERROR, "text after '%s' (line %d)"),
  MANIFEST_CONFLICT_MARKER(ERROR, "merge conflict marker '%s': resolve the conflict, keeping every published line, then run update mode"),
  MANIFEST_TRUNCATED(ERROR, "the manifest is truncated: it must end with the line '%s'"),
  MANIFEST_NO_FINAL_NEWLINE(ERROR, "the manifest ends without a line break after '%s' (cut short?); a manifest ends with a newline"),
  MANIFEST_CONTINUABLE_INDENTED(ERROR, "a continuable line is not indented"),
  MANIFEST_ENTRY_NOT_INDENTED(ERROR, "'%s' must be indented under its continuable line"),
  MANIFEST_ENTRY_BEFORE_CONTINUABLE(ERROR, "'%s' comes before any continuable line"),
  MANIFEST_UNKNOWN_ENTRY(ERROR, "unknown entry '%s'; expected continuable, width, compat-width, opcode, field or op"),
  MANIFEST_BAD_RELEASE(ERROR, "release label '%s' is not letters, digits, '.', '_', '+' or '-'"),
  MANIFEST_NO_STATUS(ERROR, "the line must end with 'published <release>' or 'draft' (cut short?)"),
  MANIFEST_SYNTAX(ERROR, "expected %s"),
  MANIFEST_BAD_CONTINUABLE_NAME(ERROR, "bad continuable name '%s' or class name '%s'"),
  MANIFEST_BAD_OP(ERROR, "bad op name '%s' or code '%s' (a decimal number)"),
  MANIFEST_WIDTH_AFTER_FIELD(ERROR, "%s of %s must come before its fields"),
  MANIFEST_BAD_RANGE(ERROR, "bad bit range '%s'; expected <lo>..<hi> in decimal, like 6..63"),
  MANIFEST_RANGE_OUTSIDE_WORD(ERROR, "bit range %s does not fit the %d-bit word"),
  MANIFEST_BAD_MASK(ERROR, "bad mask '%s'; expected 0x and %d lower-case hex digits"),
  MANIFEST_MASK_MISMATCH(ERROR, "mask %s does not match bits %s (expected %s)"),
  MANIFEST_COMPAT_BEFORE_NATIVE(ERROR, "compat line of %s must follow its native line"),
  MANIFEST_COMPAT_NOT_LOW_PART(ERROR, "compat bits %s of %s are not a low part of its native bits %s (line %d)"),
  MANIFEST_CONTINUES_BEFORE_OP(ERROR, "op %s continues %s before its own line 'op %s %d'"),
  MANIFEST_CODE_MISMATCH(ERROR, "op %s has code %d here but %d at line %d"),
  MANIFEST_DUPLICATE_ENTRY(ERROR, "duplicate entry '%s' of %s (first at line %d)"),
  MANIFEST_NOT_CANONICAL(ERROR, "not written as abilock writes it (indentation, spacing, digits); expected '%s'"),
  MANIFEST_NO_WIDTH(ERROR, "continuable %s has no 'width' line"),
  MANIFEST_BAD_RETIREMENT(ERROR, "retirement release '%s' or reason \"%s\" is not valid: a release label, and one line of text without '*/'"),
  MANIFEST_RETIREMENT_MISPLACED(ERROR, "only a published continuable, field or op line can be retired, not this '%s' line"),
  MANIFEST_PUBLISHED_ON_DRAFT(ERROR, "published line rests on the draft line %d ('%s'); a frozen entry cannot depend on one that may still change"),

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
  FIELD_OVERLAPS_PUBLISHED(ERROR, "%s (bits %s) overlaps %s (bits %s), which published op %s already uses"),
  WIDTH_NARROWED(ERROR, "published word of %s narrowed: %d -> %d bits"),
  WIDTH_WIDENED(ERROR, "published word of %s widened: %d -> %d bits"),
  OPCODE_ADDED(ERROR, "published word of %s had no opcode; opcode %s (bits %s) now makes every saved word select an op"),
  COMPAT_WIDTH_REMOVED(ERROR, "published compat word of %s (%d bits) was removed"),
  SAVED_WORD_MISREAD(ERROR, "a saved %s is read differently, though no single published entry names the change"),
  OP_RENAMED(ERROR, "published op %s (code %d) is now named %s, and its old name is gone"),
  OP_ALIAS_REMOVED(ERROR, "published op %s (code %d) no longer keeps its former name %s"),
  UNRETIRED(ERROR, "%s was retired in %s, and the sources use it again"),
  RETIREMENT_CHANGED(ERROR, "%s was retired in %s (\"%s\"); the sources now say %s (\"%s\")"),
  RETIRED_REMOVED(ERROR, "%s, retired in %s, is gone from the sources, and with it the reservation of its %s"),
  RETIRED_CODE_REUSED(ERROR, "op %s takes code %d of op %s, retired in %s"),
  RETIRED_NAME_REUSED(ERROR, "%s takes the name of %s, retired in %s"),
  RETIRED_DRAFT(ERROR, "%s is retired in %s but was never published"),
  CONTINUES_RETIRED_FIELD(ERROR, "op %s continues with field %s, retired in %s"),
  RETIRED_NOTE(NOTE, "%s: %s retired in %s: %s; it keeps its %s reserved, and a guest's saved word of it is refused saying so"),
  CONTINUABLE_REMOVED(ERROR, "published continuable %s (class %s) is gone from the sources"),

  // --- fragments: parts of the messages above, printed without an id of their own ---
  NO_WITNESS(TEXT, "no saved word is misread, but a published constant changes, and the published header is ABI too"),
  NEVER_CONTINUED(TEXT, "op %s never continues, so no guest holds a saved word of it, but a guest calling it is"
      + " refused now, and its published constant is gone"),
  NEVER_CONTINUED_RENUMBERED(TEXT, "op %s never continues, so no guest holds a saved word of it, but a guest calling"
      + " code %d gets %s now, and its published constant changed"),
  NAME_PUBLISHED(TEXT, "no saved word is misread (a word's op is keyed by its code), but the name %s is published"
      + " too: a C macro and the docs"),
  RETIREMENT_RECORDED(TEXT, "no saved word is read differently, but a retirement is part of the frozen record"),
  RETIRED_DRAFT_CONSEQUENCE(TEXT, "nothing published depends on it, so there is nothing to retire"),
  ADVICE_LAYOUT(TEXT, "A guest may hold a saved word across a migration, so a published layout is frozen. Restore"
      + " the published bits, or declare the new layout as a new @Continuable with a name of its own."),
  ADVICE_FIELD_REMOVED(TEXT, "Restore the field, or retire it: keep its declaration and add @Retired(release ="
      + " \"...\", reason = \"...\"), so that a saved word using its bits is refused saying why."),
  ADVICE_OP_REMOVED(TEXT, "Restore the op, or retire it: keep the constant and add @Retired(release = \"...\","
      + " reason = \"...\"), so that code %d stays reserved and a guest holding or calling it is refused saying why."),
  ADVICE_OP_CODE_CHANGED(TEXT, "Restore code %d. A new code is a new op: declare it beside the old one, and retire"
      + " the old one with @Retired if it goes."),
  ADVICE_OP_RENAMED(TEXT, "Keep the old name: @Op(aliases = \"%s\") publishes it as an alias of the new constant."),
  ADVICE_CONTINUATION_DROPPED(TEXT, "Restore continues = \"%s\", or retire the field or the op with @Retired."),
  ADVICE_CONTINUABLE_REMOVED(TEXT, "Restore the class, or retire the continuable: keep the class and add"
      + " @Retired(release = \"...\", reason = \"...\")."),
  ADVICE_RETIREMENT(TEXT, "A retirement is frozen like a published line: keep @Retired(release = \"%s\", reason ="
      + " \"%s\") and the declaration it is on."),
  ADVICE_REUSE(TEXT, "%s stays reserved for %s, retired in %s: a guest may still hold its old words. Give the new"
      + " one another %s."),
  ADVICE_RETIRED_DRAFT(TEXT, "Delete the declaration instead."),
  HAND_EDIT_HINT(TEXT, "If you did not change this declaration, the published line may have been edited by hand in"
      + " the manifest: abilock diff --git HEAD --manifest %s (or mvn abilock:diff -Dabilock.base=HEAD) names such"
      + " edits."),
  ADVICE_CONTINUES_RETIRED(TEXT, "Remove it from continues: new progress needs a new field."),
  WITNESS(TEXT, "witness: %s is %s under the published layout, but the sources now read it as %s"),
  WITNESS_REUSED(TEXT, "witness: %s was %s before its retirement in %s, but the sources now read it as %s"),
  READ_NO_COMPAT_WORD(TEXT, "there is no compat word any more"),
  READ_UNKNOWN_OP(TEXT, "unknown op code %d"),
  READ_STRAY_BITS(TEXT, "bits %s set that %s"),
  READ_STRAY_NO_FIELD(TEXT, "no field uses"),
  READ_STRAY_NOT_CONTINUED(TEXT, "op %s does not continue with"),
  READ_RETIRED_CONTINUABLE(TEXT, "continuable %s %s"),
  READ_RETIRED_OP(TEXT, "op %s %s"),
  READ_RETIRED_FIELD(TEXT, "field %s %s"),
  CONTINUABLE_GONE_READING(TEXT, "no class declares continuable %s any more"),
  IMPLICIT_SHIFT_MOVED(TEXT, "%s has no written shift: it starts right after the previous field, so a change to a field"
      + " before it moved it; write the shift of a published field explicitly"),

  // --- review CLI: hand edits of published lines, which the compiler cannot see (stable rule ids) ---
  PUBLISHED_LINE_DELETED(ERROR, "published line '%s' was deleted"),
  PUBLISHED_LINE_EDITED(ERROR, "published line '%s' was edited"),
  PUBLISHED_LINE_REPUBLISHED(ERROR, "published line '%s' was re-published: %s -> %s"),
  PUBLISHED_LINE_UNRETIRED(ERROR, "published line '%s' lost its retirement (it was %s)"),
  PUBLISHED_RETIREMENT_EDITED(ERROR, "the retirement of published line '%s' was edited (it was %s)"),
  PUBLISHED_LINE_UNPUBLISHED(ERROR, "published line '%s' went back to draft (it was %s)"),
  HAND_EDIT_CONSEQUENCE(ERROR, "the compiler trusts published lines as the frozen ABI and cannot see this edit; restore the old line"),

  // --- review CLI: changes that break nothing (stable ids for tools) ---
  LINE_ADDED(NOTE, "new line '%s' (%s)"),
  LINE_RETIRED(NOTE, "'%s' retired in %s: %s"),
  OP_RENAMED_WITH_ALIAS(NOTE, "op %s (code %d) is now named %s and keeps its old name as an alias"),
  OP_ALIAS_ADDED(NOTE, "op %s (code %d) keeps former names: %s"),
  DRAFT_LINE_PUBLISHED(NOTE, "draft line '%s' is now %s"),
  CONTINUABLE_CLASS_MOVED(NOTE, "continuable %s moved from class %s to %s"),
  DRAFT_LINE_EDITED(NOTE, "draft line '%s' was edited"),
  DRAFT_LINE_DELETED(NOTE, "draft line '%s' was deleted"),

  // --- argument structs (design section 8): declaration rules, the same for every reader ---
  STRUCT_HOLE(ERROR, "bytes %d..%d are a hole on %s: %s; abilock never pads silently, every byte belongs to a member or"
      + " a pad: declare the %d byte(s) with @Pad %s"),
  MEMBER_OFFSET_MISMATCH(ERROR, "member %s is written at offset = %d, but on x86_64 it falls at %d (%s); a written"
      + " offset states the layout and never moves a member: write offset = %d, or declare the bytes before it with @Pad"),
  MEMBER_BAD_ALIGN(ERROR, "align = %d on member %s: use 0 (its type's own alignment) or a power of two, which raises"
      + " it as uint64_aligned_t does"),
  PAD_BAD_SIZE(ERROR, "pad %s takes %d bytes; a pad that is not trailing takes at least one: set its size, or delete it"),
  TRAILING_PAD_NOT_LAST(ERROR, "pad %s is trailing, but %s follows it; a trailing pad fills the struct up to its"
      + " alignment, so it is the last field: move it to the end, or give it a size of its own (trailing = false)"),
  DUPLICATE_MEMBER_NAME(ERROR, "%s has ABI name \"%s\", already taken by %s; member and pad names are unique in a struct"),
  COMPAT_LAYOUT_DIFFERS(ERROR, "compat = SAME needs one layout on x86_64 and x86_32, but %s is %s on x86_64 and %s on"
      + " x86_32; give 8-byte integers align = 8 (uint64_aligned_t), declare the bytes that differ with @Pad, or"
      + " declare compat = TRANSLATED (Xen's '!') to keep both layouts and translate between them"),
  SUB_OP_MEMBER_UNKNOWN(ERROR, "sub-op %s names member \"%s\", which is no member of %s (members: %s); name the"
      + " member that holds its value"),
  SUB_OP_MEMBER_TYPE(ERROR, "sub-op %s is a value of member %s, of type %s; a sub-op number is held by a U8, U16"
      + " or U32 member"),
  SUB_OP_DOES_NOT_FIT(ERROR, "sub-op %s = %d does not fit member %s of type %s (values 0..%d); give it a value that"
      + " fits, or widen the member before its first release"),
  DUPLICATE_SUB_OP(ERROR, "sub-op %s has value %d of member %s, like sub-op %s; each value selects one sub-op: give"
      + " it a value of its own"),
  RETIRED_SUB_OP_REUSED(ERROR, "sub-op %s takes value %d of member %s, which sub-op %s, retired in %s, keeps"
      + " reserved: a guest's saved image may still hold it and would be read as the new sub-op; give the new"
      + " one another value"),

  // --- fragments of the struct messages above ---
  HOLE_BEFORE_MEMBER(TEXT, "member %s is %d-aligned, so it starts at %d"),
  HOLE_AT_END(TEXT, "the struct's size rounds up to a multiple of its alignment, %d"),
  HOLE_FIX_BEFORE(TEXT, "before %s"),
  HOLE_FIX_AT_END(TEXT, "as the last field (trailing = true when its size differs per ABI)"),
  OFFSET_FIRST(TEXT, "it comes first"),
  OFFSET_AFTER(TEXT, "%s ends at %d, and the member is %d-aligned"),
  STRUCT_MEMBER(TEXT, "member %s"),
  STRUCT_PAD(TEXT, "pad %s"),
  STRUCT_SIZE(TEXT, "the struct's size"),
  STRUCT_PLACE(TEXT, "at offset %d, %d byte(s)"),
  STRUCT_ABSENT(TEXT, "absent"),
  STRUCT_BYTES(TEXT, "%d bytes"),
  STRUCT_NO_MEMBERS(TEXT, "none"),

  // --- review CLI: reports and errors ---
  CLI_DIFF_SUMMARY(TEXT, "%s -> %s: %d breaking, %s%d compatible, %d draft-only"),
  CLI_NO_CHANGES(TEXT, "%s -> %s: no changes"),
  CLI_MARKDOWN_SUMMARY(TEXT, "**abilock: %s** (%s%d compatible, %d draft-only) in %s -> %s"),
  CLI_NOT_AT_REVISION(NOTE, "%s does not exist at %s; every line counts as new"),
  CLI_CHECK_OK(TEXT, "%s: OK, %d continuable(s), %d line(s): %d published, %d draft"),
  CLI_CANNOT_READ(ERROR, "cannot read %s: %s"),
  CLI_MALFORMED(ERROR, "%s is not a valid abilock manifest:\n%s"),
  CLI_DIFF_ARGUMENTS(ERROR, "diff takes two manifest files (abilock diff OLD NEW) or a git revision"
      + " (abilock diff --git REV [--manifest PATH]), not both; got %s"),
  CLI_MANIFEST_WITHOUT_GIT(ERROR, "--manifest %s only applies with --git REV; to compare two files use: abilock diff OLD NEW"),
  CLI_BAD_REVISION(ERROR, "--git %s: %s"),
  CLI_GIT_UNAVAILABLE(ERROR, "cannot run git in %s (%s); --git needs git on the PATH"),
  CLI_GIT_FAILED(ERROR, "git %s failed in %s (exit %d): %s"),
  CLI_MISSING_COMMAND(ERROR, "missing command: abilock diff OLD NEW, abilock diff --git REV [--manifest PATH],"
      + " or abilock check [--manifest PATH]"),
  CLI_REASON_DIRECTORY(TEXT, "it is a directory"),
  CLI_REASON_NO_SUCH_FILE(TEXT, "no such file"),
  CLI_REASON_PERMISSION(TEXT, "permission denied"),
  CLI_REASON_NO_DIRECTORY(TEXT, "its directory does not exist"),
  CLI_REASON_GIT_SILENT(TEXT, "no message"),
  CLI_REASON_INTERRUPTED(TEXT, "interrupted"),
  CLI_VERDICT_NO_CHANGES(TEXT, "no changes"),
  CLI_VERDICT_ONE_BREAKING(TEXT, "1 breaking change"),
  CLI_VERDICT_BREAKING(TEXT, "%d breaking changes"),
  CLI_VERDICT_NONE_BREAKING(TEXT, "no breaking changes"),
  CLI_RETIRED_COUNT(TEXT, "%d retired, "),
  CLI_NO_ENTRY(TEXT, "nothing"),
  CLI_INTERNAL_ERROR(ERROR, "abilock failed (%s); this is a bug in abilock, please report it with the command line"),

  // --- Maven plugin (abilock-maven-plugin: check, update, diff) ---
  PLUGIN_NO_COMPILER(ERROR, "no Java compiler in the JVM that runs Maven (%s); abilock's goals run javac: run Maven on a JDK"),
  PLUGIN_ERRORS(ERROR, "abilock:%s found %d error(s) in %s (listed above)"),
  PLUGIN_IN_SYNC(NOTE, "manifest %s is in sync with the sources: %d continuable(s), %d published line(s), %d draft"),
  PLUGIN_NOTHING_DECLARED(NOTE, "no @Continuable in the sources and no manifest at %s: nothing to check"),
  PLUGIN_CHECK_UNCHANGED(NOTE, "abilock:check: nothing changed since the last successful check (fingerprint %s);"
      + " skipped. -Dabilock.force=true runs it anyway"),
  PLUGIN_NO_BASE(ERROR, "no base revision to diff against: the branch checked out in %s has no upstream; pass"
      + " -Dabilock.base=<commit, branch or tag>, for example -Dabilock.base=origin/main"),
  PLUGIN_DIFF_BREAKS(ERROR, "abilock:diff found %d breaking change(s) in %s since %s"),
  PLUGIN_REPORT_WRITTEN(NOTE, "abilock:diff report (%s) written to %s"),
  PLUGIN_MANIFEST_MISMATCH(ERROR, "abilock-maven-plugin reads the manifest %s (set by %s), but maven-compiler-plugin"
      + " compiles with -Aabilock.manifest=%s (its <compilerArgs>): the compile and abilock:%s would check two"
      + " different files; name the same file in both"),
  PLUGIN_MANIFEST_DEFAULT(TEXT, "abilock-maven-plugin's manifest parameter, default ${project.basedir}/abilock.manifest"),
  PLUGIN_MANIFEST_PROPERTY(TEXT, "-Dabilock.manifest"),
  PLUGIN_MANIFEST_CONFIGURED(TEXT, "<manifest> in abilock-maven-plugin's <configuration>"),
    PLUGIN_BAD_FORMAT(ERROR, "abilock.format = \"%s\": use text, markdown, json, sarif or github"),
  ;

  private final Severity severity;
  private final String template;

  Message(Severity severity, String template) {
    this.severity = severity;
    this.template = template;
  }

  /** What kind of text this is: an error, a warning, a note, or text printed inside another message. */
  public Severity severity() {
    return severity;
  }

  /** Stable id, as printed in brackets: {@code field-outside-word}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The text with {@code …} for each fact: how the rule reads in a list of rules (SARIF's rule descriptions). */
  public String pattern() {
    return template.replaceAll("%[-#+ 0,(]*[0-9]*(?:\\.[0-9]+)?[a-zA-Z]", "…");
  }

  /** The message alone, without its id: a fragment of another message, a summary or a heading. */
  public String text(Object... args) {
    return String.format(Locale.ROOT, template, args);
  }

  /** The message with its id, about one continuable: {@code [field-shifted] memory_op: ...}. */
  public String formatFor(String continuable, Object... args) {
    return "[" + id() + "] " + continuable + ": " + text(args);
  }

  /** The message with its id: {@code [field-outside-word] ...}. */
  public String format(Object... args) {
    return "[" + id() + "] " + String.format(Locale.ROOT, template, args);
  }
}
