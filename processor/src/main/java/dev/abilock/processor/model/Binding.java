package dev.abilock.processor.model;

import dev.abilock.Encoding;
import dev.abilock.core.model.Field;

/**
 * A field of the ABI bound to what the writers need besides it: the Java field it was declared on,
 * its Java type and the stem of its C macros. These are code-generation facts, which the manifest
 * does not record, so only a layout read from source has them.
 *
 * @param field the ABI facts: name, role, encoding and bits
 * @param javaName the Java field ({@code startExtent}): getter, parameter and record component name
 * @param type the Java field's type
 * @param macro stem of the C macros ({@code MEMOP_EXTENT})
 */
public record Binding(Field field, String javaName, FieldType type, String macro) {
  public String name() {
    return field.name();
  }

  public boolean opcode() {
    return field.opcode();
  }

  public Encoding encoding() {
    return field.encoding();
  }

  public int shift() {
    return field.shift();
  }

  public int bits() {
    return field.bits();
  }

  public int compatBits() {
    return field.compatBits();
  }

  public long mask() {
    return field.mask();
  }

  public long compatMask() {
    return field.compatMask();
  }

  public long max() {
    return field.max();
  }

  public long compatMax() {
    return field.compatMax();
  }
}
