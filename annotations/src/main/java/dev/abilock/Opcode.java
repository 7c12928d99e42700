package dev.abilock;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the instance field that selects the sub-operation ({@code XENMEM_*}, {@code HVMOP_*}). At
 * most one per {@link Continuable}. Without an opcode the class has no {@link Op}s and every field
 * is always in use.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Opcode {
  /** Number of bits of the opcode, 1 to 31. Every {@link Op} code must be below {@code 2^bits}. */
  int bits();

  /**
   * Lowest bit of the opcode; -1 (default) places it right after the previous annotated field in
   * declaration order, or at bit 0 when it comes first.
   */
  int shift() default -1;

  /** ABI name; empty means the Java field name in lower_snake_case. */
  String name() default "";

  /**
   * Stem of the C macros ({@code <macro>_SHIFT}, {@code <macro>_MASK}); empty means {@code
   * <PREFIX>_<NAME>}.
   */
  String macro() default "";
}
