package dev.abilock;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class describing an argument struct in guest memory that a continuation re-reads, such as
 * Xen's {@code struct xen_hvm_modified_memory}: the guest's image of it is migrated with the guest
 * like the continuation word, so its layout and its sub-op numbers are frozen like a word's.
 *
 * <p>The layout is declared by the class's {@link Member} and {@link Pad} instance fields, in
 * declaration order, and its {@link SubOp} constants. abilock lays it out for {@code x86_64} and,
 * unless {@link #compat()} is {@link Compat#NONE}, for {@code x86_32}, and never pads silently:
 * every byte, trailing bytes up to the struct's alignment included, belongs to a member or a pad.
 *
 * <pre>
 * &#64;AbiStruct(name = "xen_hvm_modified_memory", compat = Compat.SAME)
 * public final class HvmModifiedMemory {
 *   &#64;Member(type = CType.U16)            short domid;
 *   &#64;Pad                                 short pad0;
 *   &#64;Member(type = CType.U32)            int   nr;
 *   &#64;Member(type = CType.U64, align = 8) long  firstPfn;
 * }
 * </pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface AbiStruct {
  /**
   * The C struct tag, in lower_snake_case ({@code "xen_hvm_modified_memory"}), unique among the
   * structs and continuables of a manifest. It names the manifest entry, the C header and the docs.
   */
  String name();

  /**
   * How 32-bit guests see the struct; {@link Compat#NONE} (default) lays it out for {@code x86_64}
   * only.
   */
  Compat compat() default Compat.NONE;

  /**
   * Prefix of the C helpers in the generated header; empty means the upper-cased {@link #name()}.
   */
  String headerPrefix() default "";
}
