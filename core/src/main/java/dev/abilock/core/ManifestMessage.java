package dev.abilock.core;

import static dev.abilock.core.Severity.*;

/**
 * What abilock says about the manifest file: the processor's options and gate A (missing, stale,
 * created, updated), and the parser's rules for a well-formed manifest, which every reader
 * (compiler, CLI, Maven plugin) enforces alike. Each entry has a stable id; tests assert on it.
 */
public enum ManifestMessage implements CatalogueEntry {
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
  RECORD_SUB_OP_ALIASES(TEXT, "aliases of sub-op %s in struct %s"),
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
  MANIFEST_STRUCT_IN_VERSION_1(
      ERROR,
      "'%s' is a line of an argument struct, which a version 1 manifest cannot hold; a manifest with structs starts with '%s' (regenerate it: mvn abilock:update)"),
  MANIFEST_STRUCT_INDENTED(ERROR, "a struct line is not indented"),
  MANIFEST_ENTRY_BEFORE_STRUCT(ERROR, "'%s' comes before any struct line"),
  MANIFEST_UNKNOWN_STRUCT_ENTRY(
      ERROR, "unknown entry '%s' of struct %s; expected layout, member, pad or sub-op"),
  MANIFEST_STRUCT_RETIREMENT_MISPLACED(
      ERROR,
      "only a published struct, member or sub-op line can be retired, not this '%s' line (a pad is never retired: its bytes stay declared)"),
  MANIFEST_STRUCT_NO_LAYOUT(ERROR, "struct %s has no 'layout' line"),
  MANIFEST_STRUCT_MISMATCH(
      ERROR,
      "%s records %s on %s, but the layout computed from the types, order and alignment of the struct's lines gives %s"),
  MANIFEST_READS_UNKNOWN_STRUCT(
      ERROR, "op %s reads struct %s, which has no struct line in the manifest"),
  MANIFEST_PUBLISHED_ON_DRAFT(
      ERROR,
      "published line rests on the draft line %d ('%s'); a frozen entry cannot depend on one that may still change"),
  ;

  private final Text entry;

  ManifestMessage(Severity severity, String template) {
    entry = new Text(severity, template);
  }

  public Text entry() {
    return entry;
  }
}
