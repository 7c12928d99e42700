package dev.abilock;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Retires a published {@link Op} constant, {@link ContinuationField} or {@link Continuable} class,
 * or a published {@link AbiStruct} class, {@link Member} or {@link SubOp} constant (not a {@link
 * Pad}), on purpose, at a release, for a recorded reason. The declaration stays in the source (as
 * Xen keeps its retired numbers), so the op's code and every retired name stay reserved: a new op
 * reusing them fails the build, since a guest's old saved word would be read as the new op.
 *
 * <p>What changes: the manifest records the retirement, frozen; the codec and the C helpers refuse
 * a word of a retired op (or with a retired field's bits set, or of a retired continuable) saying
 * "retired in {@code release}: {@code reason}", where a guest holding such a word would otherwise
 * get an unknown-op error; a retired field is no longer an encode parameter. Only published things
 * can be retired: a draft is simply deleted. An {@link Opcode} cannot be retired alone: retire the
 * continuable.
 *
 * <p>A retired member keeps its bytes reserved (never reused, ignored by {@code validate}) and its
 * constants, but loses its accessors; a retired sub-op's value stays reserved and an image holding
 * it is refused saying so; a retired struct's {@code validate} refuses every image.
 *
 * <pre>
 * &#64;Retired(release = "4.9", reason = "moved to dm_op")
 * &#64;Op(continues = "startIter") public static final int HVMOP_modified_memory = 7;
 * </pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.FIELD, ElementType.TYPE})
public @interface Retired {
  /** The release that retires it: a label like those of {@code abilock.release} ({@code 4.9}). */
  String release();

  /** Why, for the guest that is refused and the reviewer: one line ({@code moved to dm_op}). */
  String reason();
}
