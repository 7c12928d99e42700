package dev.abilock.processor.model;

/**
 * How a struct member is declared in Java: the generated accessors and {@code State} components
 * take its name and type.
 *
 * @param name the field's Java name ({@code firstPfn})
 * @param type its Java type: {@code BYTE}, {@code SHORT}, {@code INT} or {@code LONG}
 */
public record JavaField(String name, FieldType type) {}
