package dev.abilock;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an instance field of an {@link AbiStruct} as a member of the C struct. Members and {@link
 * Pad}s are laid out in declaration order. The Java field's type must hold the C type's bits
 * ({@code byte}, {@code short}, {@code int}, {@code long}); unsigned values are read as the bit
 * pattern of that type.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Member {
  /** The C type, which gives the member's size and alignment in each ABI. */
  CType type();

  /**
   * Byte offset of the member; -1 (default) places it at the next offset its alignment allows after
   * the previous member or pad. A written offset must equal that place on {@code x86_64}: it states
   * the layout, it never moves a member (declare the bytes before it with a {@link Pad}).
   */
  int offset() default -1;

  /**
   * Alignment in bytes, a power of two; it raises the C type's own alignment in every ABI, never
   * lowers it. 0 (default) keeps the type's own. Xen's {@code uint64_aligned_t} is {@link
   * CType#U64} with {@code align = 8}, which is 8-aligned on {@code x86_32} too.
   */
  int align() default 0;

  /**
   * ABI name; empty means the Java field name in lower_snake_case ({@code firstPfn} -> {@code
   * first_pfn}). Frozen once published: a Java rename keeps it with {@code name = "..."}.
   */
  String name() default "";
}
