/**
 * Argument structs (design section 8) as plain records: what the processor reads from an
 * {@code @AbiStruct} class and what a manifest will record, their layouts on {@code x86_64} and
 * {@code x86_32}, and the declaration rules over them ({@link
 * dev.abilock.core.model.rules.StructRules}), model in, findings out, so every reader applies the
 * same rules.
 */
package dev.abilock.core.model.struct;
