package dev.abilock.core.manifest;

import dev.abilock.core.model.Field;

/**
 * The identity of a manifest fact: a manifest holds at most one line per key, and a line keeps its
 * status while the text behind its key is unchanged. Every reader and writer of the manifest (the
 * parser, the formatter, the gates, the header and docs writers, the review diff) names lines by
 * this one type, so none of them spells the grammar by hand.
 *
 * @param continuable the continuable the fact belongs to; for a struct's facts, the struct's C tag
 *     (tags are unique among the structs and continuables of a manifest)
 * @param kind what the fact is about
 * @param name the field or op name; the continuable's name for {@link Kind#CONTINUABLE}; empty for
 *     widths; the struct's tag for {@link Kind#STRUCT}, empty for {@link Kind#STRUCT_LAYOUT}; the
 *     member's, pad's or sub-op's name
 * @param field the field an op continues with ({@link Kind#CONTINUES}), the struct an op reads
 *     ({@link Kind#READS}), else empty
 */
public record FactKey(String continuable, Kind kind, String name, String field) {
  /** What a fact is about; the compat kinds are a field's line for the compat word. */
  public enum Kind {
    CONTINUABLE,
    WIDTH,
    COMPAT_WIDTH,
    OPCODE,
    OPCODE_COMPAT,
    FIELD,
    FIELD_COMPAT,
    OP,
    CONTINUES,
    /** An op's continuation re-reads an argument struct; a line of the continuable. */
    READS,
    /** An argument struct: its tag, class and compat mode. */
    STRUCT,
    /** A struct's size and alignment on each ABI. */
    STRUCT_LAYOUT,
    MEMBER,
    PAD,
    SUB_OP
  }

  public static FactKey continuable(String continuable) {
    return new FactKey(continuable, Kind.CONTINUABLE, continuable, "");
  }

  public static FactKey width(String continuable) {
    return new FactKey(continuable, Kind.WIDTH, "", "");
  }

  public static FactKey compatWidth(String continuable) {
    return new FactKey(continuable, Kind.COMPAT_WIDTH, "", "");
  }

  /** The line of a field or opcode {@code name}, for the native or the compat word. */
  public static FactKey field(String continuable, String name, boolean opcode, boolean compat) {
    Kind kind =
        opcode
            ? (compat ? Kind.OPCODE_COMPAT : Kind.OPCODE)
            : (compat ? Kind.FIELD_COMPAT : Kind.FIELD);
    return new FactKey(continuable, kind, name, "");
  }

  /** The line of {@code field} of a layout, for the native or the compat word. */
  public static FactKey of(String continuable, Field field, boolean compat) {
    return field(continuable, field.name(), field.opcode(), compat);
  }

  public static FactKey op(String continuable, String op) {
    return new FactKey(continuable, Kind.OP, op, "");
  }

  public static FactKey continues(String continuable, String op, String field) {
    return new FactKey(continuable, Kind.CONTINUES, op, field);
  }

  public static FactKey reads(String continuable, String op, String struct) {
    return new FactKey(continuable, Kind.READS, op, struct);
  }

  public static FactKey struct(String struct) {
    return new FactKey(struct, Kind.STRUCT, struct, "");
  }

  public static FactKey structLayout(String struct) {
    return new FactKey(struct, Kind.STRUCT_LAYOUT, "", "");
  }

  public static FactKey member(String struct, String member) {
    return new FactKey(struct, Kind.MEMBER, member, "");
  }

  public static FactKey pad(String struct, String pad) {
    return new FactKey(struct, Kind.PAD, pad, "");
  }

  public static FactKey subOp(String struct, String subOp) {
    return new FactKey(struct, Kind.SUB_OP, subOp, "");
  }

  /**
   * Whether this is a line of an argument struct, or an op's {@code reads} link to one: a manifest
   * with any such line is written as format version 2.
   */
  public boolean isStructLine() {
    return switch (kind) {
      case READS, STRUCT, STRUCT_LAYOUT, MEMBER, PAD, SUB_OP -> true;
      default -> false;
    };
  }

  /** Whether this is the line of a field (or the opcode) in the compat word. */
  public boolean compat() {
    return kind == Kind.OPCODE_COMPAT || kind == Kind.FIELD_COMPAT;
  }

  /**
   * The keys of the lines this one rests on: its continuable; a compat field's compat width and
   * native line; a {@code continues} line's op and field. A published line may not rest on a draft.
   */
  public java.util.List<FactKey> parents() {
    FactKey c = continuable(continuable);
    return switch (kind) {
      case CONTINUABLE -> java.util.List.of();
      case OPCODE_COMPAT, FIELD_COMPAT ->
          java.util.List.of(
              c,
              compatWidth(continuable),
              field(continuable, name, kind == Kind.OPCODE_COMPAT, false));
      case CONTINUES ->
          java.util.List.of(c, op(continuable, name), field(continuable, field, false, false));
      case READS -> java.util.List.of(c, op(continuable, name));
      case STRUCT -> java.util.List.of();
      case STRUCT_LAYOUT, MEMBER, PAD, SUB_OP -> java.util.List.of(struct(continuable));
      default -> java.util.List.of(c);
    };
  }

  /**
   * As messages quote it, without the continuable: {@code field start_extent (compat word)}, {@code
   * op X continues f}. The one place a line's subject is worded: {@link Fact#text} and {@link
   * Fact#label} build on it.
   */
  @Override
  public String toString() {
    return words("");
  }

  /**
   * As {@link #toString}, with an op's code after its name: {@code op X 11}, {@code op X 11
   * continues f}.
   */
  public String withCode(long code) {
    return words(" " + code);
  }

  private String words(String code) {
    return switch (kind) {
      case CONTINUABLE -> "continuable " + name;
      case WIDTH -> "width";
      case COMPAT_WIDTH -> "compat-width";
      case OPCODE -> "opcode " + name;
      case OPCODE_COMPAT -> "opcode " + name + " (compat word)";
      case FIELD -> "field " + name;
      case FIELD_COMPAT -> "field " + name + " (compat word)";
      case OP -> "op " + name + code;
      case CONTINUES -> "op " + name + code + " continues " + field;
      case READS -> "op " + name + code + " reads " + field;
      case STRUCT -> "struct " + name;
      case STRUCT_LAYOUT -> "layout";
      case MEMBER -> "member " + name;
      case PAD -> "pad " + name;
      case SUB_OP -> "sub-op " + name + code;
    };
  }
}
