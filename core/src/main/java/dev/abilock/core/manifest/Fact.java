package dev.abilock.core.manifest;

import dev.abilock.Encoding;
import dev.abilock.core.model.Bits;
import java.util.Comparator;
import java.util.List;

/**
 * One fact of a manifest line, without its status. Each fact has a key: the manifest holds at most
 * one fact per key, and a fact keeps its status only while its text is unchanged.
 */
public sealed interface Fact {
  /** The continuable this fact belongs to. */
  String continuable();

  /** Identity of the fact: two facts with one key describe the same thing. */
  FactKey key();

  /** The line's text without status or indentation. */
  String text();

  /**
   * What the line is about, as messages quote it: its key, with the code of an op ({@code op
   * XENMEM_exchange 11}).
   */
  default String label() {
    return key().toString();
  }

  /** Position inside the continuable's block: kind first, then bit position, then op code. */
  long[] order();

  /**
   * Whether this fact still states all that {@code older} (the line it takes over) did, so that the
   * line keeps its status: the same text, except that a continuable may move to another class and
   * an op may take a new name that keeps the old ones as aliases (a word's meaning is keyed by the
   * op's code; its names stay published).
   */
  default boolean keepsStatusOf(Fact older) {
    return text().equals(older.text());
  }

  /** Sorts lines by continuable name, then bit position, then op code. */
  Comparator<Fact> ORDER =
      Comparator.comparing(Fact::continuable)
          .thenComparing(Fact::order, java.util.Arrays::compare)
          .thenComparing(f -> f.key().toString());

  /**
   * {@code continuable memory_op class org.example.xen.MemoryOp}; the class is only where to look
   * it up.
   */
  record ContinuableFact(String continuable, String className) implements Fact {
    @Override
    public boolean keepsStatusOf(Fact older) {
      return older instanceof ContinuableFact c && c.continuable.equals(continuable);
    }

    public FactKey key() {
      return FactKey.continuable(continuable);
    }

    public String text() {
      return key() + " class " + className;
    }

    public long[] order() {
      return new long[] {0};
    }
  }

  /** {@code width 64}: the native word's width. */
  record WidthFact(String continuable, int width) implements Fact {
    public FactKey key() {
      return FactKey.width(continuable);
    }

    public String text() {
      return key() + " " + width;
    }

    public long[] order() {
      return new long[] {1};
    }
  }

  /** {@code compat-width 32}: the compat word exists. */
  record CompatWidthFact(String continuable, int width) implements Fact {
    public FactKey key() {
      return FactKey.compatWidth(continuable);
    }

    public String text() {
      return key() + " " + width;
    }

    public long[] order() {
      return new long[] {2};
    }
  }

  /**
   * A field's bits in the native word ({@code compat} false) or in the compat word.
   *
   * @param opcode whether it is the opcode
   * @param wordWidth width of the word it lives in, for the zero-padded mask
   */
  record FieldFact(
      String continuable,
      String name,
      boolean opcode,
      Encoding encoding,
      boolean compat,
      int shift,
      int bits,
      int wordWidth)
      implements Fact {
    public FactKey key() {
      return FactKey.field(continuable, name, opcode, compat);
    }

    public String text() {
      FactKey line = FactKey.field(continuable, name, opcode, false);
      String head = opcode ? line.toString() : line + " " + encodingWord(encoding);
      String prefix = compat ? "compat-" : "";
      return head
          + " "
          + prefix
          + "bits "
          + Bits.range(shift, bits)
          + " "
          + prefix
          + "mask "
          + Bits.hex(Bits.mask(shift, bits) & Bits.wordMask(wordWidth), wordWidth);
    }

    public long[] order() {
      return new long[] {3, shift};
    }
  }

  /**
   * {@code op XENMEM_add_to_physmap_batch 23 aliases XENMEM_add_to_physmap_range}: the op exists
   * with this code, and its former names stay published.
   */
  record OpFact(String continuable, String name, long code, List<String> aliases) implements Fact {
    public OpFact {
      aliases = List.copyOf(aliases);
    }

    public FactKey key() {
      return FactKey.op(continuable, name);
    }

    public String text() {
      return label() + (aliases.isEmpty() ? "" : " aliases " + String.join(",", aliases));
    }

    @Override
    public String label() {
      return key().withCode(code);
    }

    /** Its name and every alias. */
    public List<String> names() {
      List<String> names = new java.util.ArrayList<>(aliases);
      names.add(0, name);
      return names;
    }

    @Override
    public boolean keepsStatusOf(Fact older) {
      return older instanceof OpFact o && o.code == code && names().containsAll(o.names());
    }

    public long[] order() {
      return new long[] {4, code, -1};
    }
  }

  /**
   * {@code op XENMEM_decrease_reservation 1 continues start_extent}: the op may carry the field.
   */
  record ContinuesFact(String continuable, String op, long code, String field, int fieldShift)
      implements Fact {
    /** The op's name may have changed with a rename that kept the old one (see {@link OpFact}). */
    @Override
    public boolean keepsStatusOf(Fact older) {
      return older instanceof ContinuesFact c && c.code == code && c.field.equals(field);
    }

    public FactKey key() {
      return FactKey.continues(continuable, op, field);
    }

    public String text() {
      return key().withCode(code);
    }

    public long[] order() {
      return new long[] {4, code, fieldShift};
    }
  }

  static String encodingWord(Encoding encoding) {
    return encoding == Encoding.SHIFTED ? "shifted" : "in-place";
  }
}
