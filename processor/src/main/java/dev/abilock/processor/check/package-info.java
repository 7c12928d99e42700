/**
 * The check stage, between {@code read} and {@code write}: the processor options, the manifest
 * file, and the two gates (A: the manifest in sync with the sources; B: no published entry
 * changed), whose rules live in {@code dev.abilock.core.check}, with their findings placed back on
 * the source elements.
 */
package dev.abilock.processor.check;
