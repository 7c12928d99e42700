package dev.abilock.core.model.rules;

/**
 * The part of a layout a {@link Finding} is about, in ABI terms. Each front end turns it into its
 * own place (an annotation attribute, a manifest line) and its own name for it (a field's Java
 * name, its ABI name). A new kind of layout adds its parts here (a struct member, a pad, a sub-op)
 * and every front end is told by the compiler where it has no place for one yet.
 */
public sealed interface Part {
  /** The name a message uses when the front end has no better one: the ABI name. */
  String name();

  /** The continuable as a whole. */
  record Continuable(String name) implements Part {}

  /**
   * A field of the word, the opcode included, by ABI name and by its place in the layout's fields:
   * two fields that share a name are told apart.
   */
  record Field(String name, int index) implements Part {}

  /** Where {@code field} sits in the compat word. */
  record Compat(Field field) implements Part {
    @Override
    public String name() {
      return field.name();
    }
  }

  /** An op, by name. */
  record Op(String name) implements Part {}

  /**
   * The {@code index}-th former name of {@code op}, as listed: a repeated alias is told from its
   * first.
   */
  record Alias(String op, int index, String name) implements Part {}

  /** {@code op}'s use of {@code field}: where an op puts a field beside others in its words. */
  record Continues(String op, Field field) implements Part {
    @Override
    public String name() {
      return field.name();
    }
  }

  /** The retirement of {@code retired}, a continuable, field or op: its release and its reason. */
  record Retired(Part retired) implements Part {
    @Override
    public String name() {
      return retired.name();
    }
  }
}
