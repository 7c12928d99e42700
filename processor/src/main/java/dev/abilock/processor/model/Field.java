package dev.abilock.processor.model;

import dev.abilock.Encoding;

/**
 * A run of bits of the continuation word: the opcode, or a continuation field.
 *
 * @param name ABI name, lower_snake_case ({@code start_extent})
 * @param javaName the Java field it binds to ({@code startExtent})
 * @param type the Java field's type
 * @param opcode whether this is the {@code @Opcode}
 * @param encoding shifted or in place (the opcode is always shifted)
 * @param shift lowest bit
 * @param bits number of bits in the native word
 * @param compatBits number of bits in the compat word (0: absent there, or no compat word)
 * @param macro stem of the C macros ({@code MEMOP_START_EXTENT})
 */
public record Field(
    String name,
    String javaName,
    FieldType type,
    boolean opcode,
    Encoding encoding,
    int shift,
    int bits,
    int compatBits,
    String macro) {

  /** Bits of the native word that hold this field. */
  public long mask() {
    return Bits.mask(shift, bits);
  }

  /** Bits of the compat word that hold this field (0 when absent from it). */
  public long compatMask() {
    return Bits.mask(shift, compatBits);
  }

  /** Largest value that encodes natively: {@code mask >>> shift} shifted, the mask itself in place. */
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
