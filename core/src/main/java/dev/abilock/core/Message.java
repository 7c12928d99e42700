package dev.abilock.core;

import static dev.abilock.core.Severity.*;

/**
 * The texts of abilock's rules, with a stable id and its {@link Severity}: declaration errors, the
 * manifest parser's problems, gate findings and the review classification. The review's front ends
 * keep their own lines in catalogues of their own, by the same mechanism ({@link CatalogueEntry}).
 * Tests assert on the id, so the wording can improve without breaking them. Each text states the
 * rule, the facts and the fix.
 */
public enum Message implements CatalogueEntry {
  // --- declarations (read) ---
  NOT_A_CLASS(ERROR, "@Continuable goes on a class; %s is %s"),
  BAD_NAME(
      ERROR,
      "%s name \"%s\" must be lower_snake_case: a lower-case letter, then lower-case letters, digits or single underscores"),
  DUPLICATE_FIELD_NAME(
      ERROR,
      "%s %s has ABI name \"%s\", already the name of %s %s; each field of a continuable needs a name of its own: rename one of them"),
  DUPLICATE_NAME(
      ERROR, "continuable name \"%s\" is already used by %s; names are unique per manifest"),
  BAD_WIDTH(ERROR, "width = %d: a continuation word is 32 or 64 bits"),
  BAD_COMPAT_WIDTH(ERROR, "compatWidth = %d: use 0 (no compat word) or 32"),
  BAD_C_IDENTIFIER(
      ERROR,
      "%s \"%s\" is not a C identifier (letters, digits, underscores, not starting with a digit)"),
  CONFLICTING_ANNOTATIONS(
      ERROR,
      "%s carries both @%s and @%s; a field is either the opcode, a continuation field or an op"),
  BAD_COMPAT_BITS(
      ERROR, "compatBits = %d: use -1 (same as bits), 0 (absent from compat words) or a bit count"),
  TWO_OPCODES(
      ERROR,
      "%s is a second opcode; %s already selects the op, and a word has one opcode: keep one of them"),
  OP_WITHOUT_OPCODE(
      ERROR, "op %s needs an opcode field in %s to select it: add an opcode, or remove the op"),
  OP_NOT_CONSTANT(
      ERROR, "@Op %s must be a static final byte, short, int or long constant; it is %s"),
  OP_CODE_DOES_NOT_FIT(
      ERROR,
      "op %s = %d does not fit the %d-bit opcode %s (codes 0..%d): give the op a code that fits, or widen the opcode, which is possible only before its first release"),
  DUPLICATE_OP_CODE(
      ERROR, "op %s has code %d, like op %s; each op needs its own code: give one of them another"),
  CONTINUES_UNKNOWN(
      ERROR, "op %s continues with \"%s\", which is not a continuation field of %s (fields: %s)"),
  CONTINUES_OPCODE(
      ERROR,
      "op %s lists the opcode %s in continues; every op carries its opcode, list only continuation fields"),
  CONTINUES_TWICE(ERROR, "op %s lists \"%s\" twice in continues"),
  FIELD_STATIC_OR_FINAL(
      ERROR, "@%s goes on an instance field that is neither static nor final; %s is %s"),
  UNSUPPORTED_TYPE(ERROR, "@%s field %s has type %s; use %s"),
  BITS_OUT_OF_RANGE(ERROR, "bits = %d: %s %s needs 1 to %d bits"),
  TYPE_TOO_NARROW(ERROR, "bits = %d does not fit field %s of type %s (%d bits); declare it as %s"),
  BOOLEAN_BITS(ERROR, "boolean field %s is a 1-bit flag: bits must be 1, not %d"),
  BAD_SHIFT(ERROR, "shift = %d: use -1 (right after the previous field) or a bit position 0..%d"),
  FIELD_OUTSIDE_WORD(
      ERROR, "%s %s takes bits %s, outside the %d-bit word (bits 0..%d): move it or narrow it"),
  OVERLAP(ERROR, "%s (bits %s) overlaps %s (bits %s), and %s uses both; give it bits of its own"),
  COMPAT_BITS_REQUIRED(
      ERROR,
      "%s takes bits %s, beyond the 32-bit compat word; set compatBits (at most %d here, 0 to leave it out of compat words)"),
  OPCODE_BEYOND_COMPAT(
      ERROR,
      "opcode %s takes bits %s, beyond the 32-bit compat word; compat guests must see every op: move or narrow the opcode into bits 0..31"),
  COMPAT_BITS_TOO_LARGE(
      ERROR,
      "%s %s takes %d bits in the compat word, more than its %d bits in the native word; the compat word holds a low part of the native field: at most %d bits"),
  COMPAT_BITS_OUTSIDE(
      ERROR,
      "%s %s takes bits %s, beyond the 32-bit compat word: give it at most %d bits there, or leave it out of compat words"),
  COMPAT_BITS_WITHOUT_COMPAT(
      ERROR,
      "compatBits = %d has no effect: %s has no compat word (set compatWidth = 32 on @Continuable)"),
  IN_PLACE_ALIGNMENT(ERROR, "IN_PLACE field %s cannot keep its alignment: %s"),
  RESERVED_JAVA_NAME(
      ERROR,
      "%s cannot be the Java name of a field: %s; rename the Java field (name = \"%s\" keeps its ABI name)"),
  RESERVED_C_NAME(ERROR, "%s has %s \"%s\", which is %s; rename it"),
  GENERATED_NAME_CLASH(
      ERROR, "%s and %s would both define %s in the generated %s; change %s of one of them"),
  RETIRED_BLANK(
      ERROR, "@Retired on %s needs a %s: both release and reason are required and not blank"),
  RETIRED_BAD_RELEASE(
      ERROR,
      "%s %s is retired in \"%s\", which is not a release label: write the release as letters, digits, '.', '_', '+' or '-'"),
  RETIRED_BAD_REASON(
      ERROR,
      "%s %s is retired for the reason \"%s\": write the reason as one line of text, not blank and without '*/', since it goes into the manifest and a C comment"),
  RETIRED_OPCODE(
      ERROR,
      "@Retired on the @Opcode %s: an opcode cannot be retired alone; retire the continuable (@Retired on class %s)"),
  RETIRED_NOT_ABI(
      ERROR,
      "@Retired on %s, which is neither an @Op constant nor a @ContinuationField; it retires those and @Continuable classes"),
  BAD_ALIAS(
      ERROR,
      "alias \"%s\" of op %s must be a Java name, other than the op's own and listed once: correct it or drop it"),
  DUPLICATE_OP_NAME(
      ERROR,
      "op %s takes the name %s, already a name of op %s; a name or alias belongs to one op: drop or rename one of them"),
  UNREADABLE_ATTRIBUTE(
      ERROR,
      "@%s on %s has no usable value for %s (%s); abilock reads a layout only from annotations javac accepts: fix the error javac reports for it"),
  INTERNAL_ERROR(
      ERROR,
      "abilock failed on %s (%s); this is a bug in abilock, please report it with this class"),

  // --- fragments of the generated-name messages above ---
  NAME_GETTER_CLASH(TEXT, "its getter %s(long) would clash with the codec's own %s method"),
  NAME_RECORD_COMPONENT(
      TEXT, "the record State that decode returns cannot have a component named %s (JLS 8.10.1)"),
  NAME_SHADOWS_CONSTANT(
      TEXT, "as a parameter of the codec's encode it would hide %s, which encode refers to"),
  NAME_C_PARAMETER(
      TEXT,
      "a C keyword or a name the header already uses; the C encode helper takes it as a parameter"),
  NAME_C_HELPER(TEXT, "the name of the header's own helper <continuable>_%s"),
  NAME_C_OP_MACRO(
      TEXT, "a C keyword or a name the header already uses; the header defines each op as a macro"),
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
  REASON_DERIVED_NAME(
      TEXT, "; it is derived from the Java field %s: set name = \"...\" to choose one"),
  REASON_IMPLICIT_SHIFT(
      TEXT, "; shift is implicit, so it starts right after the previous field at bit %d"),
  REASON_IN_PLACE_BOOLEAN(
      TEXT, "a boolean holds a flag, not a value aligned to bit %d; use SHIFTED"),
  REASON_IN_PLACE_IMPLICIT(
      TEXT,
      "its values are multiples of 2^shift, so the shift must be written (shift = %d), not derived from the fields before it"),
  REASON_IN_PLACE_TYPE(
      TEXT,
      "its values are stored unshifted up to bit %d, which %s (%d bits) cannot hold; declare it as %s or use SHIFTED"),
  REASON_OVERLAP_NO_OPCODE(TEXT, "the word (without an opcode every field is in use)"),
  REASON_OVERLAP_OP(TEXT, "op %s"),
  REASON_NOT_STATIC(TEXT, "not static"),
  REASON_NOT_FINAL(TEXT, "not final"),
  REASON_NOT_CONSTANT(TEXT, "not a compile-time constant"),
  REASON_OF_TYPE(TEXT, "of type %s"),
  REASON_CANNOT_WRITE(TEXT, "cannot write %s: %s"),

  // --- options and the manifest (gate A) ---
  MANIFEST_OPTION_MISSING(
      ERROR,
      "no manifest configured, and %s declares a continuation layout that must be frozen; add to maven-compiler-plugin's <configuration>:\n"
          + "  <compilerArgs>\n"
          + "    <arg>-Aabilock.manifest=${project.basedir}/abilock.manifest</arg>\n"
          + "  </compilerArgs>\n"
          + "then create it with: mvn abilock:update (the abilock-maven-plugin; without it, compile with -Aabilock.mode=update)"),
  BAD_MODE(
      ERROR,
      "abilock.mode = \"%s\": use check (the default: fail if the manifest is stale) or update (rewrite it)"),
  BAD_RELEASE(
      ERROR,
      "abilock.release = \"%s\": a release label to publish at is dotted numbers (1.0, 4.10,"
          + " 2024.04.1), compared part by part as numbers (4.10 comes after 4.9); a label with anything else in it"
          + " (4.5-rc1, v2) cannot be ordered"),
  EMPTY_RELEASE(
      ERROR,
      "abilock.release is empty: name the release to publish the drafts at (-Dabilock.release=1.0),"
          + " or leave the option out to keep them drafts"),
  RELEASE_BEFORE_PUBLISHED(
      ERROR,
      "abilock.release = %s comes before %s, which the manifest already publishes at"
          + " (%s): lines published now would claim a release older than ones already frozen; publish at %s or later"
          + " (release labels compare part by part as numbers: 4.10 comes after 4.9)"),
  BAD_STALE(
      ERROR,
      "abilock.stale = \"%s\": use error (the default: a stale manifest fails this compile) or warning"
          + " (the abilock-maven-plugin's check goal fails the build at verify instead)"),
  RELEASE_NEEDS_UPDATE(
      ERROR,
      "abilock.release = %s only applies with abilock.mode=update: mvn abilock:update -Dabilock.release=%s"),
  MANIFEST_MISSING(ERROR, "manifest %s does not exist (the path is set by %s); %s"),
  MANIFEST_MISSING_NEW(
      TEXT, "create it and commit it: mvn abilock:update (or compile with -Aabilock.mode=update)"),
  MANIFEST_MISSING_LOST(
      TEXT,
      "yet the sources hold %s, which only a manifest written earlier can justify: it was"
          + " moved or deleted, and a new one would lose the record of what was published. Restore it (git log"
          + " --diff-filter=D -- <path> shows the commit that deleted it), or set the path to where it is now. Nothing"
          + " was written; delete no declaration"),
  MANIFEST_SET_BY_OPTION(TEXT, "-Aabilock.manifest"),
  RECORD_RETIRED(TEXT, "@Retired on %s"),
  RECORD_ALIASES(TEXT, "aliases of op %s in %s"),
  RECORD_MORE(TEXT, "and %d more"),
  MANIFEST_STALE(
      ERROR,
      "manifest %s is out of date with the sources (%d line(s) differ):\n%s\nreview the change, then run: mvn abilock:update (or compile with -Aabilock.mode=update)"),
  MANIFEST_MISSING_LATER(
      WARNING,
      "manifest %s does not exist yet; create it with mvn abilock:update and commit it"
          + " (abilock:check fails the build at verify until then)"),
  MANIFEST_STALE_LATER(
      WARNING,
      "manifest %s is out of date with the sources (%d line(s) differ):\n%s\nmvn abilock:update"
          + " records the change (abilock:check fails the build at verify until then)"),
  MANIFEST_MALFORMED(ERROR, "manifest %s is malformed, nothing was written:\n%s"),
  MANIFEST_UNREADABLE(ERROR, "manifest %s cannot be read: %s"),
  CLASSPATH_LAYOUT_UNREADABLE(
      ERROR,
      "continuable %s is not in this compile, and its class %s on the class path no longer reads as a layout: %s; rebuild it (mvn clean compile)"),
  MANIFEST_WRITE_FAILED(ERROR, "manifest %s could not be written (the old one is intact): %s"),
  OUTPUT_WRITE_FAILED(ERROR, "could not write %s: %s"),
  MANIFEST_CREATED(
      NOTE, "manifest %s created with %d line(s); review it and commit it with the sources"),
  MANIFEST_UPDATED(NOTE, "manifest %s updated: %d line(s) changed:\n%s"),
  MANIFEST_ONLY_FORMAT(TEXT, "no entry differs, only the order, comments or spacing of the lines"),
  MANIFEST_MORE_LINES(TEXT, "... and %d more"),

  // --- the manifest's own rules, as its parser enforces them for every reader (compiler, CLI,
  // plugin) ---
  MANIFEST_NOT_UTF8(ERROR, "not UTF-8 text; a manifest is plain text written by abilock"),
  MANIFEST_EMPTY(ERROR, "the file is empty; expected '%s'"),
  MANIFEST_NO_HEADER(ERROR, "not an abilock manifest; expected '%s'"),
  MANIFEST_UNKNOWN_VERSION(
      ERROR,
      "unknown manifest format version %s; this abilock reads version %d (a newer abilock wrote it?)"),
  MANIFEST_TEXT_AFTER_END(ERROR, "text after '%s' (line %d)"),
  MANIFEST_CONFLICT_MARKER(
      ERROR,
      "merge conflict marker '%s': resolve the conflict, keeping every published line, then run mvn abilock:update"),
  MANIFEST_TRUNCATED(ERROR, "the manifest is truncated: it must end with the line '%s'"),
  MANIFEST_NO_FINAL_NEWLINE(
      ERROR,
      "the manifest ends without a line break after '%s' (cut short?); a manifest ends with a newline"),
  MANIFEST_CONTINUABLE_INDENTED(ERROR, "a continuable line is not indented"),
  MANIFEST_ENTRY_NOT_INDENTED(ERROR, "'%s' must be indented under its continuable line"),
  MANIFEST_ENTRY_BEFORE_CONTINUABLE(ERROR, "'%s' comes before any continuable line"),
  MANIFEST_UNKNOWN_ENTRY(
      ERROR, "unknown entry '%s'; expected continuable, width, compat-width, opcode, field or op"),
  MANIFEST_BAD_RELEASE(ERROR, "release label '%s' is not letters, digits, '.', '_', '+' or '-'"),
  MANIFEST_NO_STATUS(ERROR, "the line must end with 'published <release>' or 'draft' (cut short?)"),
  MANIFEST_SYNTAX(ERROR, "expected %s"),
  MANIFEST_BAD_OP(ERROR, "bad op name '%s' or code '%s' (a decimal number)"),
  MANIFEST_WIDTH_AFTER_FIELD(ERROR, "%s of %s must come before its fields"),
  MANIFEST_BAD_RANGE(
      ERROR, "bad bit range '%s'; expected <lo>..<hi> in decimal, lo not above hi, like 6..63"),
  MANIFEST_BAD_MASK(ERROR, "bad mask '%s'; expected 0x and %d lower-case hex digits"),
  MANIFEST_MASK_MISMATCH(ERROR, "mask %s does not match bits %s (expected %s)"),
  MANIFEST_COMPAT_BEFORE_NATIVE(ERROR, "compat line of %s must follow its native line"),
  MANIFEST_COMPAT_NOT_LOW_PART(
      ERROR,
      "compat bits %s of %s do not start where its native bits %s do (line %d); the compat word holds a low part of the native field"),
  MANIFEST_CONTINUES_BEFORE_OP(ERROR, "op %s continues %s before its own line 'op %s %d'"),
  MANIFEST_CODE_MISMATCH(ERROR, "op %s has code %d here but %d at line %d"),
  MANIFEST_DUPLICATE_ENTRY(ERROR, "duplicate entry '%s' of %s (first at line %d)"),
  MANIFEST_NOT_CANONICAL(
      ERROR, "not written as abilock writes it (indentation, spacing, digits); expected '%s'"),
  MANIFEST_NO_WIDTH(ERROR, "continuable %s has no 'width' line"),
  MANIFEST_RETIREMENT_MISPLACED(
      ERROR, "only a published continuable, field or op line can be retired, not this '%s' line"),
  MANIFEST_PUBLISHED_ON_DRAFT(
      ERROR,
      "published line rests on the draft line %d ('%s'); a frozen entry cannot depend on one that may still change"),

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
  RETIRED_CODE_REUSED(
      ERROR,
      "op %s takes code %d of op %s, retired in %s, which keeps the code reserved: a guest may still hold its words; give the new op another code"),
  RETIRED_NAME_REUSED(ERROR, "%s takes the name of %s, retired in %s"),
  RETIRED_DRAFT(ERROR, "%s is retired in %s but was never published"),
  CONTINUES_RETIRED_FIELD(ERROR, "op %s continues with field %s, retired in %s"),
  RETIRED_NOTE(
      NOTE,
      "%s: %s retired in %s: %s; it keeps its %s reserved, and a guest's saved word of it is refused saying so"),
  CONTINUABLE_REMOVED(ERROR, "published continuable %s (class %s) is gone from the sources"),

  // --- fragments: parts of the messages above, printed without an id of their own ---
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

  // --- review CLI: hand edits of published lines, which the compiler cannot see (stable rule ids)
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
  DRAFT_LINE_EDITED(NOTE, "draft line '%s' was edited"),
  DRAFT_LINE_DELETED(NOTE, "draft line '%s' was deleted"),

  // --- argument structs (design section 8): declaration rules, the same for every reader ---
  STRUCT_HOLE(
      ERROR,
      "bytes %d..%d are a hole on %s: %s; abilock never pads silently, every byte belongs to a member or"
          + " a pad: declare the %d byte(s) with @Pad %s"),
  MEMBER_OFFSET_MISMATCH(
      ERROR,
      "member %s is written at offset = %d, but on x86_64 it falls at %d (%s); a written"
          + " offset states the layout and never moves a member: write offset = %d, or declare the bytes before it with @Pad"),
  MEMBER_BAD_ALIGN(
      ERROR,
      "align = %d on member %s: use 0 (its type's own alignment) or a power of two, which raises"
          + " it as uint64_aligned_t does"),
  PAD_BAD_SIZE(
      ERROR,
      "pad %s takes %d bytes; a pad that is not trailing takes at least one: set its size, or delete it"),
  TRAILING_PAD_NOT_LAST(
      ERROR,
      "pad %s is trailing, but %s follows it; a trailing pad fills the struct up to its"
          + " alignment, so it is the last field: move it to the end, or give it a size of its own (trailing = false)"),
  DUPLICATE_MEMBER_NAME(
      ERROR,
      "%s has ABI name \"%s\", already taken by %s; member and pad names are unique in a struct"),
  COMPAT_LAYOUT_DIFFERS(
      ERROR,
      "compat = SAME needs one layout on x86_64 and x86_32, but %s is %s on x86_64 and %s on"
          + " x86_32; give 8-byte integers align = 8 (uint64_aligned_t), declare the bytes that differ with @Pad, or"
          + " declare compat = TRANSLATED (Xen's '!') to keep both layouts and translate between them"),
  SUB_OP_MEMBER_UNKNOWN(
      ERROR,
      "sub-op %s names member \"%s\", which is no member of %s (members: %s); name the"
          + " member that holds its value"),
  SUB_OP_MEMBER_TYPE(
      ERROR,
      "sub-op %s is a value of member %s, of type %s; a sub-op number is held by a U8, U16"
          + " or U32 member"),
  SUB_OP_DOES_NOT_FIT(
      ERROR,
      "sub-op %s = %d does not fit member %s of type %s (values 0..%d); give it a value that"
          + " fits, or widen the member before its first release"),
  DUPLICATE_SUB_OP(
      ERROR,
      "sub-op %s has value %d of member %s, like sub-op %s; each value selects one sub-op: give"
          + " it a value of its own"),
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

  Message(Severity severity, String template) {
    entry = new Text(severity, template);
  }

  public Text entry() {
    return entry;
  }
}
