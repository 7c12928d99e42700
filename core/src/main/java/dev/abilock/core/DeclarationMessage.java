package dev.abilock.core;

import static dev.abilock.core.Severity.*;

/**
 * What abilock says about a declared layout, whether it reads it from annotations or from a
 * manifest: the well-formedness rules of continuation words and argument structs (one home, {@code
 * model.rules} and {@code model.struct}), the processor's checks on the annotations themselves, and
 * the fragments these messages are built from. Each entry has a stable id; tests assert on it, so
 * the wording can improve without breaking them. Each text states the rule, the facts and the fix.
 */
public enum DeclarationMessage implements CatalogueEntry {
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
  // --- argument structs: the processor's checks on the annotations (source facts) ---
  STRUCT_NOT_A_CLASS(ERROR, "@AbiStruct goes on a class; %s is %s"),
  MEMBER_TYPE_TOO_NARROW(
      ERROR,
      "member %s is a Java %s (%d bits), which cannot hold its C type %s (%d bits); declare it as %s"),
  PAD_SIZE_REQUIRED(
      ERROR,
      "pad %s is a byte[] that is not trailing, so its size is not known: write size = <bytes>, or make it the trailing pad (trailing = true)"),
  PAD_SIZE_NOT_TYPE(
      ERROR,
      "pad %s is a Java %s (%d byte(s)), but size = %d; a pad's size is its Java type's: drop size, or declare it as a byte[]"),
  SUB_OP_NOT_CONSTANT(
      ERROR, "@SubOp %s must be a static final byte, short, int or long constant; it is %s"),
  READS_NOT_A_STRUCT(
      ERROR,
      "op %s reads %s, which is no @AbiStruct class; list only the argument structs its continuation re-reads"),
  NAME_TAKEN(
      ERROR,
      "%s name \"%s\" is already used by %s; structs and continuables share one manifest: rename one of them"),
  RETIRED_PAD(
      ERROR,
      "@Retired on pad %s: a pad is never retired, its bytes stay declared; delete the @Retired"),
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
  ;

  private final Text entry;

  DeclarationMessage(Severity severity, String template) {
    entry = new Text(severity, template);
  }

  public Text entry() {
    return entry;
  }
}
