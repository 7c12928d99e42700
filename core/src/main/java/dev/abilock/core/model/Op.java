package dev.abilock.core.model;

import java.util.List;

/**
 * One sub-operation.
 *
 * @param name the Java constant's name ({@code XENMEM_decrease_reservation})
 * @param code the constant's value
 * @param continues ABI names of the fields it may carry, in field order
 * @param aliases former names, kept published ({@code @Op(aliases = ...)}), in the order declared
 * @param retired its retirement, or {@code null} while it is in use
 * @param reads C tags of the argument structs its continuation re-reads ({@code @Op(reads)}),
 *     sorted, each once
 */
public record Op(
    String name,
    long code,
    List<String> continues,
    List<String> aliases,
    Retirement retired,
    List<String> reads) {
  public Op {
    continues = List.copyOf(continues);
    aliases = List.copyOf(aliases);
    reads = reads.stream().distinct().sorted().toList();
  }

  /** An op that reads no argument struct. */
  public Op(
      String name, long code, List<String> continues, List<String> aliases, Retirement retired) {
    this(name, code, continues, aliases, retired, List.of());
  }

  /** An op in use, without former names. */
  public Op(String name, long code, List<String> continues) {
    this(name, code, continues, List.of(), null);
  }

  public boolean isRetired() {
    return retired != null;
  }

  /** Whether {@code n} is this op's name or one of its former names. */
  public boolean isNamed(String n) {
    return name.equals(n) || aliases.contains(n);
  }

  /** The same op, retired as {@code retirement} says ({@code null}: in use). */
  public Op withRetirement(Retirement retirement) {
    return new Op(name, code, continues, aliases, retirement, reads);
  }

  /** The same op, re-reading the structs tagged {@code structs}. */
  public Op withReads(List<String> structs) {
    return new Op(name, code, continues, aliases, retired, structs);
  }
}
