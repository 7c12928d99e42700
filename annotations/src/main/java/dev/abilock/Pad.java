package dev.abilock;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an instance field of an {@link AbiStruct} as declared padding: bytes that belong to no
 * member, named like a member ({@code uint8_t pad0[2]} in C). abilock never pads silently, so every
 * hole a C compiler would leave must be declared as a pad. A pad has alignment 1: it never raises
 * the struct's.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.FIELD)
public @interface Pad {
  /**
   * Size in bytes; -1 (default) means the Java field type's size ({@code byte} 1, {@code short} 2,
   * {@code int} 4, {@code long} 8). Required on a {@code byte[]} field that is not {@link
   * #trailing()}.
   */
  int size() default -1;

  /**
   * Whether the pad's bytes must be zero (default): {@code validate} refuses an image with a
   * non-zero byte there, so a later release may claim the bytes for a member (zero keeps the old
   * meaning).
   */
  boolean mustBeZero() default true;

  /**
   * Whether this pad fills the struct up to its alignment in each ABI: on the last field, a {@code
   * byte[]}, whose size may then differ per ABI and is left out of an ABI where it is 0 (Xen's
   * {@code xen_memory_reservation} ends in 6 such bytes on {@code x86_64}, 2 on {@code x86_32}).
   */
  boolean trailing() default false;
}
