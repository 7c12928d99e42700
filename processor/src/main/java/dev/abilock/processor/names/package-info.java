/**
 * Every name abilock generates, below {@code read} and {@code write}: the codec's members, the C
 * header's macros, helpers and guard, and the suffixes a field's constants share in both. The
 * writers emit these names and the reader refuses declarations that would clash with them, so what
 * is refused cannot drift from what is written.
 */
package dev.abilock.processor.names;
