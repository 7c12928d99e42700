package dev.abilock;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code static final} integral constant of a {@link Continuable} as a sub-operation: the
 * constant's value is the op code, its Java name the op name. Requires an {@link Opcode}.
 *
 * <p>Following Xen 4.5's rule, an op must see zero in every bit of the word it does not continue
 * with: {@code validate} refuses anything else.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Op {
  /** The continuation fields (Java or ABI names) this op may carry; all others must be zero. */
  String[] continues() default {};

  /**
   * Former names of this op. A word's meaning is keyed by the op's code, so a rename that keeps the
   * code misreads nothing, but the old name is published too (a C macro, the docs): list it here
   * and it stays, as an alias of the new constant in the header (Xen 4.4 kept {@code
   * XENMEM_add_to_physmap_range} beside {@code XENMEM_add_to_physmap_batch}).
   */
  String[] aliases() default {};

  /**
   * The {@link AbiStruct} classes whose guest image this op's continuation re-reads (Xen's
   * HVMOP_modified_memory re-reads its {@code xen_hvm_modified_memory}); none by default. A break
   * in one of them then shows an in-flight image as its witness, and the docs of both link each
   * other.
   */
  Class<?>[] reads() default {};
}
