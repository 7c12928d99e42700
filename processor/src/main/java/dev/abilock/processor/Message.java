package dev.abilock.processor;

import java.util.Locale;

/**
 * Every message abilock prints, with a stable id. Tests assert on the id, so the wording can
 * improve without breaking them. Each text states the rule, the facts and the fix.
 */
public enum Message {
  // --- declarations (read) ---
  NOT_A_CLASS("@Continuable goes on a class; %s is %s"),
  BAD_NAME("%s \"%s\" must be lower_snake_case: a lower-case letter, then lower-case letters, digits or single underscores"),
  DUPLICATE_FIELD_NAME("%s has ABI name \"%s\", already taken by %s; field names are unique in a continuable"),
  DUPLICATE_NAME("continuable name \"%s\" is already used by %s; names are unique per manifest"),
  BAD_WIDTH("width = %d: a continuation word is 32 or 64 bits"),
  BAD_COMPAT_WIDTH("compatWidth = %d: use 0 (no compat word) or 32"),
  BAD_C_IDENTIFIER("%s \"%s\" is not a C identifier (letters, digits, underscores, not starting with a digit)"),
  CONFLICTING_ANNOTATIONS("%s carries both @%s and @%s; a field is either the opcode, a continuation field or an op"),
  BAD_COMPAT_BITS("compatBits = %d: use -1 (same as bits), 0 (absent from compat words) or a bit count"),
  TWO_OPCODES("%s is a second @Opcode; %s already selects the op, and a word has one opcode"),
  OP_WITHOUT_OPCODE("@Op %s needs an @Opcode field in %s to select it"),
  OP_NOT_CONSTANT("@Op %s must be a static final byte, short, int or long constant; it is %s"),
  OP_CODE_DOES_NOT_FIT("op %s = %d does not fit the %d-bit opcode %s (codes 0..%d); widen the opcode only before its first release"),
  DUPLICATE_OP_CODE("op %s has code %d, like op %s; each op needs its own code"),
  CONTINUES_UNKNOWN("op %s continues with \"%s\", which is not a continuation field of %s (fields: %s)"),
  CONTINUES_OPCODE("op %s lists the opcode %s in continues; every op carries its opcode, list only continuation fields"),
  CONTINUES_TWICE("op %s lists \"%s\" twice in continues"),
  FIELD_STATIC_OR_FINAL("@%s goes on an instance field that is neither static nor final; %s is %s"),
  UNSUPPORTED_TYPE("@%s field %s has type %s; use %s"),
  BITS_OUT_OF_RANGE("bits = %d: %s %s needs 1 to %d bits"),
  TYPE_TOO_NARROW("bits = %d does not fit field %s of type %s (%d bits); declare it as %s"),
  BOOLEAN_BITS("boolean field %s is a 1-bit flag: bits must be 1, not %d"),
  BAD_SHIFT("shift = %d: use -1 (right after the previous field) or a bit position 0..%d"),
  FIELD_OUTSIDE_WORD("%s %s takes bits %s, outside the %d-bit word (bits 0..%d)%s"),
  OVERLAP("%s (bits %s) overlaps %s (bits %s), and %s uses both; give it bits of its own"),
  COMPAT_BITS_REQUIRED("%s takes bits %s, beyond the 32-bit compat word; set compatBits (at most %d here, 0 to leave it out of compat words)"),
  OPCODE_BEYOND_COMPAT("opcode %s takes bits %s, beyond the 32-bit compat word; compat guests must see every op"),
  COMPAT_BITS_TOO_LARGE("compatBits = %d exceeds bits = %d; the compat word holds at most the native field"),
  COMPAT_BITS_OUTSIDE("compatBits = %d puts %s at bits %s, beyond the 32-bit compat word; at most %d here"),
  COMPAT_BITS_WITHOUT_COMPAT("compatBits = %d has no effect: %s has no compat word (set compatWidth = 32 on @Continuable)"),
  IN_PLACE_ALIGNMENT("IN_PLACE field %s cannot keep its alignment: %s"),
  RESERVED_JAVA_NAME("%s cannot be the Java name of a field: %s; rename the Java field (name = \"%s\" keeps its ABI name)"),
  RESERVED_C_NAME("%s has %s \"%s\", which is %s; rename it"),
  GENERATED_NAME_CLASH("%s and %s would both define %s in the generated %s; change %s of one of them"),
  UNREADABLE_ATTRIBUTE("@%s on %s has no usable value for %s (%s); abilock reads a layout only from annotations javac accepts: fix the error javac reports for it"),
  INTERNAL_ERROR("abilock failed on %s (%s); this is a bug in abilock, please report it with this class"),

  // --- options and the manifest (gate A) ---
  MANIFEST_OPTION_MISSING("no manifest configured, and %s declares a continuation layout that must be frozen; add to maven-compiler-plugin's <configuration>:\n"
      + "  <compilerArgs>\n"
      + "    <arg>-Aabilock.manifest=${project.basedir}/abilock.manifest</arg>\n"
      + "  </compilerArgs>\n"
      + "then create it with: mvn compile -Dabilock.mode=update (with <arg>-Aabilock.mode=${abilock.mode}</arg> and a property abilock.mode, default check)"),
  BAD_MODE("abilock.mode = \"%s\": use check (the default: fail if the manifest is stale) or update (rewrite it)"),
  BAD_RELEASE("abilock.release = \"%s\": a release label is letters, digits, '.', '_', '+' or '-'"),
  RELEASE_NEEDS_UPDATE("abilock.release = %s only applies with abilock.mode=update: mvn compile -Dabilock.mode=update -Dabilock.release=%s"),
  MANIFEST_MISSING("manifest %s does not exist; create it and commit it: mvn compile -Dabilock.mode=update"),
  MANIFEST_STALE("manifest %s is out of date with the sources (%d line(s) differ):\n%s\nreview the change, then run: mvn compile -Dabilock.mode=update"),
  MANIFEST_MALFORMED("manifest %s is malformed, nothing was written:\n%s"),
  MANIFEST_UNREADABLE("manifest %s cannot be read: %s"),
  CLASSPATH_LAYOUT_UNREADABLE("continuable %s is not in this compile, and its class %s on the class path no longer reads as a layout: %s; rebuild it (mvn clean compile)"),
  MANIFEST_WRITE_FAILED("manifest %s could not be written (the old one is intact): %s"),
  OUTPUT_WRITE_FAILED("could not write %s: %s"),
  MANIFEST_CREATED("manifest %s created with %d line(s); review it and commit it with the sources"),
  MANIFEST_UPDATED("manifest %s updated: %s"),

  // --- compatibility (gate B); each id is a stable rule id ---
  FIELD_SHIFTED("published %s moved: bits %s -> %s"),
  FIELD_WIDENED("published %s widened: bits %s -> %s"),
  FIELD_NARROWED("published %s narrowed: bits %s -> %s"),
  COMPAT_FIELD_WIDENED("published %s widened in the compat word: bits %s -> %s"),
  COMPAT_FIELD_NARROWED("published %s narrowed in the compat word: bits %s -> %s"),
  FIELD_ENCODING_CHANGED("published %s changed encoding: %s -> %s"),
  FIELD_ROLE_CHANGED("published %s changed role: %s -> %s"),
  FIELD_REMOVED("published %s was removed (it held bits %s)"),
  OP_REMOVED("published op %s (code %d) was removed"),
  OP_CODE_CHANGED("published op %s changed code: %d -> %d"),
  OP_CONTINUATION_DROPPED("published op %s no longer continues with %s"),
  FIELD_OVERLAPS_PUBLISHED("%s (bits %s) overlaps %s (bits %s), which published op %s already uses"),
  WIDTH_NARROWED("published word of %s narrowed: %d -> %d bits"),
  WIDTH_WIDENED("published word of %s widened: %d -> %d bits"),
  OPCODE_ADDED("published word of %s had no opcode; opcode %s (bits %s) now makes every saved word select an op"),
  COMPAT_WIDTH_REMOVED("published compat word of %s (%d bits) was removed"),
  SAVED_WORD_MISREAD("a saved %s is read differently, though no single published entry names the change"),
  CONTINUABLE_REMOVED("published continuable %s (class %s) is gone from the sources"),

  // --- fragments: parts of the messages above, printed without an id of their own ---
  NO_WITNESS("no saved word is misread, but a published constant changes, and the published header is ABI too"),
  FROZEN_ADVICE("A published layout is frozen: a guest may hold a saved word across a migration. Restore the"
      + " published layout, or give the change a new name."),
  WITNESS("witness: %s%s is %s under the published layout, but the sources now read it as %s"),
  CONTINUABLE_GONE_READING("no class declares continuable %s any more"),
  IMPLICIT_SHIFT_MOVED("%s has no written shift: it starts right after the previous field, so a change to a field"
      + " before it moved it; write the shift of a published field explicitly"),

  // --- review CLI: hand edits of published lines, which the compiler cannot see (stable rule ids) ---
  PUBLISHED_LINE_DELETED("published line '%s' was deleted"),
  PUBLISHED_LINE_EDITED("published line '%s' was edited"),
  PUBLISHED_LINE_REPUBLISHED("published line '%s' was re-published: %s -> %s"),
  PUBLISHED_LINE_UNPUBLISHED("published line '%s' went back to draft (it was %s)"),
  HAND_EDIT_CONSEQUENCE("the compiler trusts published lines as the frozen ABI and cannot see this edit; restore the old line"),

  // --- review CLI: changes that break nothing (stable ids for tools) ---
  LINE_ADDED("new line '%s' (%s)"),
  DRAFT_LINE_PUBLISHED("draft line '%s' is now %s"),
  CONTINUABLE_CLASS_MOVED("continuable %s moved from class %s to %s"),
  DRAFT_LINE_EDITED("draft line '%s' was edited"),
  DRAFT_LINE_DELETED("draft line '%s' was deleted"),

  // --- review CLI: reports and errors ---
  CLI_DIFF_SUMMARY("%s -> %s: %d breaking, %d compatible, %d draft-only"),
  CLI_NO_CHANGES("%s -> %s: no changes"),
  CLI_MARKDOWN_SUMMARY("**abilock: %s** (%d compatible, %d draft-only) in %s -> %s"),
  CLI_NOT_AT_REVISION("%s does not exist at %s; every line counts as new"),
  CLI_CHECK_OK("%s: OK, %d continuable(s), %d line(s): %d published, %d draft"),
  CLI_CANNOT_READ("cannot read %s: %s"),
  CLI_MALFORMED("%s is not a valid abilock manifest:\n%s"),
  CLI_DIFF_ARGUMENTS("diff takes two manifest files (abilock diff OLD NEW) or a git revision"
      + " (abilock diff --git REV [--manifest PATH]), not both; got %s"),
  CLI_MANIFEST_WITHOUT_GIT("--manifest %s only applies with --git REV; to compare two files use: abilock diff OLD NEW"),
  CLI_BAD_REVISION("--git %s: %s"),
  CLI_GIT_UNAVAILABLE("cannot run git in %s (%s); --git needs git on the PATH"),
  CLI_GIT_FAILED("git %s failed in %s (exit %d): %s"),
  CLI_MISSING_COMMAND("missing command: abilock diff OLD NEW, abilock diff --git REV [--manifest PATH],"
      + " or abilock check [--manifest PATH]"),
  CLI_INTERNAL_ERROR("abilock failed (%s); this is a bug in abilock, please report it with the command line"),
  ;

  private final String template;

  Message(String template) {
    this.template = template;
  }

  /** Stable id, as printed in brackets: {@code field-outside-word}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
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
