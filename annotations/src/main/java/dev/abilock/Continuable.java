package dev.abilock;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a handler class whose hypercall can be preempted and continued through a <em>continuation
 * word</em>: the register value the hypervisor writes back into the guest.
 *
 * <p>The word's layout is declared by the class's {@link Opcode} and {@link ContinuationField}
 * fields and its {@link Op} constants. abilock generates {@code <Class>Codec} next to the class,
 * records the layout in the manifest, and fails the build if a published layout changes.
 *
 * <p>Retention is {@code CLASS} on purpose: an incremental compile can read the layout of a
 * continuable from its class file instead of calling it removed.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Continuable {
  /**
   * The ABI name of the continuation, in lower_snake_case, unique per manifest (for example {@code
   * "memory_op"}). It names the manifest entry, the C header and the docs.
   */
  String name();

  /** Width of the native word in bits: 64 (a full register) or 32 (Xen's gnttab {@code cmd}). */
  int width() default 64;

  /**
   * Width of the word seen by 32-bit (compat) guests: 0 for none, or 32. With compat, every field
   * must also fit in 32 bits, narrowed with {@link ContinuationField#compatBits()}.
   */
  int compatWidth() default 0;

  /**
   * Prefix of the C macros in the generated header; empty means the upper-cased {@link #name()}.
   */
  String headerPrefix() default "";
}
