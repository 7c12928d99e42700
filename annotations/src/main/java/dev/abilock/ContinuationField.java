package dev.abilock;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an instance field carried in the continuation word: progress ({@code start_extent}) or a
 * flag ({@code MMU_UPDATE_PREEMPTED}). The field's type is {@code long}, {@code int}, {@code
 * short}, {@code byte} or {@code boolean}; values are read as the unsigned bit pattern of that
 * type.
 *
 * <p>Two fields may share bits only if no {@link Op} continues with both.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface ContinuationField {
  /**
   * Number of bits, at least 1 and at most the word width; a {@code boolean} field takes exactly 1.
   */
  int bits();

  /**
   * Lowest bit of the field; -1 (default) places it right after the previous annotated field in
   * declaration order (the opcode counts). That is how real code derives shifts, and how Xen 3.4
   * moved memory_op's {@code start_extent}: the manifest catches it.
   */
  int shift() default -1;

  /**
   * Number of bits in the 32-bit compat word, from the same {@link #shift()}; -1 (default) means
   * {@link #bits()}, which must then fit in 32 bits. 0 means the field is absent from the compat
   * word. Never more than {@link #bits()}.
   */
  int compatBits() default -1;

  /** How the value is stored: shifted down to bit 0, or in place (aligned). */
  Encoding encoding() default Encoding.SHIFTED;

  /**
   * ABI name; empty means the Java field name in lower_snake_case ({@code startExtent} -> {@code
   * start_extent}).
   */
  String name() default "";

  /**
   * Stem of the C macros ({@code <macro>_SHIFT}, {@code <macro>_MASK}); empty means {@code
   * <PREFIX>_<NAME>}.
   */
  String macro() default "";
}
