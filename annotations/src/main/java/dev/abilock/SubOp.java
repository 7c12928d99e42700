package dev.abilock;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code static final} integral constant of an {@link AbiStruct} as a value its {@link
 * #member()} may hold: a sub-op number, keyed by value like an {@link Op} code. A guest's saved
 * image carries the number, so renumbering a published sub-op misreads it (Xen 4.6 shifted the
 * {@code XENMEM_access_op_*} numbers down, and a saved {@code set_access} read as {@code
 * get_access}); retire a sub-op with {@link Retired} instead, which keeps its value reserved.
 *
 * <pre>
 * &#64;SubOp(member = "op") public static final int XENMEM_access_op_set_access = 0;
 * </pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface SubOp {
  /**
   * The member holding the value (its Java or ABI name): a {@link CType#U8}, {@link CType#U16} or
   * {@link CType#U32} member. Every value must fit it, and each value belongs to one sub-op.
   */
  String member();

  /**
   * Former names of this sub-op. A saved image's sub-op is keyed by its value, so a rename that
   * keeps the value misreads nothing, but the old name is published too (a C {@code #define}, the
   * docs): list it here and it stays, as an alias of the new constant.
   */
  String[] aliases() default {};
}
