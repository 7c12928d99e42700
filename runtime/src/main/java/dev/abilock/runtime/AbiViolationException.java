package dev.abilock.runtime;

import java.util.Locale;

/**
 * A continuation word, or a value to encode into one, that breaks the declared layout.
 *
 * <p>Thrown by generated codecs: {@code validate} when a guest hands back a word with an unknown
 * op, bits its op does not use, or an op or field retired on purpose, {@code encode} when a value
 * does not fit its field, the op does not continue with it, or the op is retired. The word is
 * guest-controlled input, so nothing else may escape {@code validate}.
 *
 * <p>The static factories keep the generated code small; they run only on the failure path.
 */
public final class AbiViolationException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /**
   * What kind of violation: lets a handler answer as Xen does (-ENOSYS for an unknown op, -EINVAL
   * otherwise).
   */
  public enum Kind {
    /** {@code validate} or {@code encode}: the op code is not a declared op. */
    UNKNOWN_OP,
    /** {@code validate}: bits set that the op does not continue with (or outside the word). */
    STRAY_BITS,
    /** {@code encode}: a value does not fit its field. */
    DOES_NOT_FIT,
    /** {@code encode}: a non-zero value for a field the op does not continue with. */
    NOT_CONTINUED,
    /**
     * {@code validate} or {@code encode}: the word's op, a field it sets, or the whole continuable
     * was retired on purpose ({@code @Retired}); the reason says when and why.
     */
    RETIRED,
    /** {@code validate} of an argument struct: the image is too short or out of the buffer. */
    SHORT_IMAGE
  }

  private final Kind kind;
  private final String continuable;
  private final String field;
  private final long word;
  private final String reason;

  /**
   * @param kind what kind of violation
   * @param continuable ABI name of the continuable ({@code memory_op})
   * @param field ABI name of the offending field, or {@code null} when the problem is not one field
   * @param word the refused word, or for {@code encode} the refused value, as an unsigned bit
   *     pattern
   * @param reason why, in words
   */
  public AbiViolationException(
      Kind kind, String continuable, String field, long word, String reason) {
    super(continuable + (field == null ? "" : "." + field) + ": " + reason);
    this.kind = kind;
    this.continuable = continuable;
    this.field = field;
    this.word = word;
    this.reason = reason;
  }

  /** What kind of violation this is. */
  public Kind kind() {
    return kind;
  }

  /** ABI name of the continuable whose layout was broken. */
  public String continuable() {
    return continuable;
  }

  /** ABI name of the offending field, or {@code null} when no single field is at fault. */
  public String field() {
    return field;
  }

  /** The refused word (from {@code validate}) or value (from {@code encode}), unsigned. */
  public long word() {
    return word;
  }

  /** Why it was refused. */
  public String reason() {
    return reason;
  }

  /** {@code validate}: the opcode bits hold no declared op. */
  public static AbiViolationException unknownOp(
      String continuable, String opcode, long word, long code) {
    return new AbiViolationException(
        Kind.UNKNOWN_OP,
        continuable,
        opcode,
        word,
        "word " + hex(word) + " has unknown op code " + code);
  }

  /**
   * {@code validate}: bits set that the word's op does not continue with (Xen 4.5's rule: an op
   * must see zero in every bit it does not use).
   *
   * @param op the op read from the word, or {@code null} without an opcode
   * @param field the field owning the lowest stray bit, or {@code null} if no field owns it
   */
  public static AbiViolationException strayBits(
      String continuable, String op, String field, long word, long stray) {
    String owner = field == null ? "bits no field uses" : "bits of field " + field;
    String user = op == null ? "the word" : "op " + op;
    return new AbiViolationException(
        Kind.STRAY_BITS,
        continuable,
        field,
        word,
        "word "
            + hex(word)
            + " sets "
            + owner
            + " ("
            + hex(stray)
            + ") that "
            + user
            + " does not continue with; they must be zero");
  }

  /** {@code encode}: a value does not fit in its field. */
  public static AbiViolationException doesNotFit(
      String continuable, String field, long value, long max, String how) {
    return new AbiViolationException(
        Kind.DOES_NOT_FIT,
        continuable,
        field,
        value,
        "value "
            + hex(value)
            + " does not fit "
            + how
            + " (max "
            + hex(max)
            + "); it is never truncated");
  }

  /** {@code encode}: a non-zero value for a field the op does not continue with. */
  public static AbiViolationException notContinued(
      String continuable, String field, String op, long value) {
    return new AbiViolationException(
        Kind.NOT_CONTINUED,
        continuable,
        field,
        value,
        "op " + op + " does not continue with " + field + ", so it must be 0, not " + hex(value));
  }

  /**
   * {@code validate} or {@code encode}: the op of the word was retired. A guest holding a word
   * saved before the retirement gets this, not "unknown op": the code stays reserved.
   */
  public static AbiViolationException retiredOp(
      String continuable, String opcode, String op, long word, String release, String reason) {
    return new AbiViolationException(
        Kind.RETIRED,
        continuable,
        opcode,
        word,
        "word " + hex(word) + " is op " + op + ", retired in " + release + ": " + reason);
  }

  /** {@code validate}: the word sets a field its op used to carry, which was retired. */
  public static AbiViolationException retiredField(
      String continuable, String field, long word, String release, String reason) {
    return new AbiViolationException(
        Kind.RETIRED,
        continuable,
        field,
        word,
        "word " + hex(word) + " sets field " + field + ", retired in " + release + ": " + reason);
  }

  /** {@code validate} or {@code encode}: the whole continuable was retired; no word is valid. */
  public static AbiViolationException retiredContinuable(
      String continuable, long word, String release, String reason) {
    return new AbiViolationException(
        Kind.RETIRED,
        continuable,
        null,
        word,
        "word " + hex(word) + ": " + continuable + " was retired in " + release + ": " + reason);
  }

  /** A struct's {@code validate}: the image at {@code at} does not fit the buffer. */
  public static AbiViolationException shortImage(String struct, int at, int limit, int size) {
    return shortImage(struct, (long) at, (long) limit, size);
  }

  /**
   * A struct's {@code validate} on a {@code MemorySegment} (Java 22 or later): the image at {@code
   * at} does not fit the segment of {@code limit} bytes. Worded as for a buffer.
   */
  public static AbiViolationException shortImage(String struct, long at, long limit, int size) {
    return new AbiViolationException(
        Kind.SHORT_IMAGE,
        struct,
        null,
        at,
        "an image at index "
            + at
            + " needs "
            + size
            + " bytes, the buffer has "
            + limit
            + "; it is refused whole");
  }

  /** A struct's {@code validate}: a byte of a must-be-zero pad is not zero. */
  public static AbiViolationException padNotZero(
      String struct, String pad, int offset, byte value) {
    return new AbiViolationException(
        Kind.STRAY_BITS,
        struct,
        pad,
        value & 0xffL,
        "byte " + offset + " of pad " + pad + " holds " + hex(value & 0xffL) + "; it must be zero");
  }

  /** A struct's {@code validate}: a sub-op member holds a value no sub-op declares. */
  public static AbiViolationException unknownSubOp(String struct, String member, long value) {
    return new AbiViolationException(
        Kind.UNKNOWN_OP, struct, member, value, "unknown sub-op " + value + " in " + member);
  }

  /** A struct's {@code validate}: a sub-op member holds a retired sub-op's value. */
  public static AbiViolationException retiredSubOp(
      String struct, String member, String subOp, long value, String release, String reason) {
    return new AbiViolationException(
        Kind.RETIRED,
        struct,
        member,
        value,
        member
            + " holds "
            + value
            + ", sub-op "
            + subOp
            + ", retired in "
            + release
            + ": "
            + reason);
  }

  /** A retired struct's {@code validate}: no image is valid. */
  public static AbiViolationException retiredStruct(String struct, String release, String reason) {
    return new AbiViolationException(
        Kind.RETIRED,
        struct,
        null,
        0,
        "struct " + struct + " was retired in " + release + ": " + reason);
  }

  private static String hex(long value) {
    return "0x" + Long.toHexString(value).toLowerCase(Locale.ROOT);
  }
}
