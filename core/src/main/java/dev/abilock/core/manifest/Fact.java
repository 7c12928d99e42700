package dev.abilock.core.manifest;

import dev.abilock.CType;
import dev.abilock.Compat;
import dev.abilock.Encoding;
import dev.abilock.core.model.Bits;
import dev.abilock.core.model.struct.Abi;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

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

  /**
   * {@code op XENMEM_access_op 21 reads xen_mem_access_op}: the op's continuation re-reads the
   * struct, so a saved image of it is in flight with the op's word.
   */
  record ReadsFact(String continuable, String op, long code, String struct) implements Fact {
    /** The op's name may have changed with a rename that kept the old one (see {@link OpFact}). */
    @Override
    public boolean keepsStatusOf(Fact older) {
      return older instanceof ReadsFact r && r.code == code && r.struct.equals(struct);
    }

    public FactKey key() {
      return FactKey.reads(continuable, op, struct);
    }

    public String text() {
      return key().withCode(code);
    }

    /** After the op's {@code continues} lines (bit positions are below 64). */
    public long[] order() {
      return new long[] {4, code, 64};
    }
  }

  /**
   * Where a member or pad falls on one ABI: {@code x86_64 4..7}, or {@code x86_64 none} for a
   * trailing pad that takes no byte there.
   */
  record Place(Abi abi, int offset, int size) {
    public String text() {
      return abi.label() + " " + (size == 0 ? "none" : offset + ".." + (offset + size - 1));
    }
  }

  /** The words of {@code places}, in ABI order. */
  static String placesText(List<Place> places) {
    return String.join(" ", places.stream().map(Place::text).toList());
  }

  /** {@code none}, {@code same}, {@code translated}: how a compat mode is written. */
  static String compatWord(Compat compat) {
    return compat.name().toLowerCase(Locale.ROOT);
  }

  /** {@code u32}, {@code ulong}: how a C type is written. */
  static String typeWord(CType type) {
    return type.name().toLowerCase(Locale.ROOT);
  }

  /**
   * {@code struct xen_hvm_modified_memory class p.HvmModifiedMemory compat same}: the struct, where
   * its class is (only where to look it up) and its compat mode (frozen).
   */
  record StructFact(String struct, String className, Compat compat) implements Fact {
    public String continuable() {
      return struct;
    }

    @Override
    public boolean keepsStatusOf(Fact older) {
      return older instanceof StructFact s && s.struct.equals(struct) && s.compat == compat;
    }

    public FactKey key() {
      return FactKey.struct(struct);
    }

    public String text() {
      return key() + " class " + className + " compat " + compatWord(compat);
    }

    public long[] order() {
      return new long[] {0};
    }
  }

  /**
   * {@code layout x86_64 size 16 align 8 x86_32 size 16 align 4}: the struct's size and alignment
   * on each of its ABIs.
   *
   * @param sizes per ABI in ABI order ({@code x86_64} first)
   * @param aligns per ABI, likewise
   */
  record StructLayoutFact(String struct, List<Abi> abis, List<Integer> sizes, List<Integer> aligns)
      implements Fact {
    public StructLayoutFact {
      abis = List.copyOf(abis);
      sizes = List.copyOf(sizes);
      aligns = List.copyOf(aligns);
    }

    public String continuable() {
      return struct;
    }

    public FactKey key() {
      return FactKey.structLayout(struct);
    }

    public String text() {
      StringBuilder out = new StringBuilder(key().toString());
      for (int i = 0; i < abis.size(); i++) {
        out.append(' ')
            .append(abis.get(i).label())
            .append(" size ")
            .append(sizes.get(i))
            .append(" align ")
            .append(aligns.get(i));
      }
      return out.toString();
    }

    public long[] order() {
      return new long[] {1};
    }
  }

  /**
   * {@code member first_pfn u64 align 8 x86_64 8..15 x86_32 8..15}: a member, its C type, its
   * written alignment if any, and where it falls on each ABI.
   *
   * @param align the alignment written on it, 0 when none
   */
  record MemberFact(String struct, String name, CType type, int align, List<Place> places)
      implements Fact {
    public MemberFact {
      places = List.copyOf(places);
    }

    public String continuable() {
      return struct;
    }

    public FactKey key() {
      return FactKey.member(struct, name);
    }

    public String text() {
      return key()
          + " "
          + typeWord(type)
          + (align == 0 ? "" : " align " + align)
          + " "
          + placesText(places);
    }

    /** In the order of the bytes on x86_64, which is the declaration order. */
    public long[] order() {
      return new long[] {2, places.get(0).offset(), 0};
    }
  }

  /**
   * {@code pad pad0 must-be-zero x86_64 2..7 x86_32 2..3}: declared padding, whether it must be
   * zero ({@code must-be-zero} or {@code free}), whether it is {@code trailing}, and where it falls
   * on each ABI.
   */
  record PadFact(
      String struct, String name, boolean mustBeZero, boolean trailing, List<Place> places)
      implements Fact {
    public PadFact {
      places = List.copyOf(places);
    }

    public String continuable() {
      return struct;
    }

    public FactKey key() {
      return FactKey.pad(struct, name);
    }

    public String text() {
      return key()
          + (mustBeZero ? " must-be-zero" : " free")
          + (trailing ? " trailing" : "")
          + " "
          + placesText(places);
    }

    /** A trailing pad is last, whatever it takes on x86_64. */
    public long[] order() {
      return new long[] {2, trailing ? Long.MAX_VALUE : places.get(0).offset(), 1};
    }
  }

  /**
   * {@code sub-op XENMEM_access_op_set_access 0 member op aliases OLD_NAME}: a value the member may
   * hold, keyed by value like an op's code; its former names stay published.
   */
  record SubOpFact(String struct, String name, long value, String member, List<String> aliases)
      implements Fact {
    public SubOpFact {
      aliases = List.copyOf(aliases);
    }

    public String continuable() {
      return struct;
    }

    public FactKey key() {
      return FactKey.subOp(struct, name);
    }

    @Override
    public String label() {
      return key().withCode(value);
    }

    public String text() {
      return label()
          + " member "
          + member
          + (aliases.isEmpty() ? "" : " aliases " + String.join(",", aliases));
    }

    /** Its name and every alias. */
    public List<String> names() {
      List<String> names = new java.util.ArrayList<>(aliases);
      names.add(0, name);
      return names;
    }

    /** A rename that keeps the old names keeps the value's record, as for ops. */
    @Override
    public boolean keepsStatusOf(Fact older) {
      return older instanceof SubOpFact o
          && o.value == value
          && o.member.equals(member)
          && names().containsAll(o.names());
    }

    public long[] order() {
      return new long[] {3, value};
    }
  }

  static String encodingWord(Encoding encoding) {
    return encoding == Encoding.SHIFTED ? "shifted" : "in-place";
  }
}
