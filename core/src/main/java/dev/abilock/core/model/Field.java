package dev.abilock.core.model;

import dev.abilock.Encoding;

/**
 * A run of bits of the continuation word: the opcode, or a continuation field.
 *
 * <p>Only what a saved word's meaning depends on, which is what the manifest records: the Java
 * field, its type and its C macro are the processor's business, so a field read back from a
 * manifest cannot be handed to a code writer.
 *
 * @param name ABI name, lower_snake_case ({@code start_extent})
 * @param opcode whether this is the {@code @Opcode}
 * @param encoding shifted or in place (the opcode is always shifted)
 * @param shift lowest bit
 * @param bits number of bits in the native word
 * @param compatBits number of bits in the compat word (0: absent there, or no compat word)
 * @param retired its retirement, or {@code null} while it is in use
 */
public record Field(
    String name,
    boolean opcode,
    Encoding encoding,
    int shift,
    int bits,
    int compatBits,
    Retirement retired) {

  /** A field in use. */
  public Field(
      String name, boolean opcode, Encoding encoding, int shift, int bits, int compatBits) {
    this(name, opcode, encoding, shift, bits, compatBits, null);
  }

  public boolean isRetired() {
    return retired != null;
  }

  /** The same field, retired as {@code retirement} says ({@code null}: in use). */
  public Field withRetirement(Retirement retirement) {
    return new Field(name, opcode, encoding, shift, bits, compatBits, retirement);
  }

  /** Bits of the native word that hold this field. */
  public long mask() {
    return Bits.mask(shift, bits);
  }

  /** Bits of the compat word that hold this field (0 when absent from it). */
  public long compatMask() {
    return Bits.mask(shift, compatBits);
  }

  /**
   * Largest value that encodes natively: {@code mask >>> shift} shifted, the mask itself in place.
   */
  public long max() {
    return encoding == Encoding.SHIFTED ? mask() >>> shift : mask();
  }

  /** Largest value that encodes in the compat word. */
  public long compatMax() {
    return encoding == Encoding.SHIFTED ? compatMask() >>> shift : compatMask();
  }

  /** Value of this field in {@code word} (unsigned, as stored by its encoding). */
  public long valueIn(long word) {
    return encoding == Encoding.SHIFTED ? (word & mask()) >>> shift : word & mask();
  }

  /** The bits of {@code word} that hold {@code value}; the value must fit. */
  public long place(long value) {
    return encoding == Encoding.SHIFTED ? value << shift : value;
  }

  /** Whether two fields share a bit of the native word. */
  public boolean overlaps(Field other) {
    return (mask() & other.mask()) != 0;
  }
}
