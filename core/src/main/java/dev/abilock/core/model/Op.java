package dev.abilock.core.model;

import java.util.List;

/**
 * One sub-operation.
 *
 * @param name the Java constant's name ({@code XENMEM_decrease_reservation})
 * @param code the constant's value
 * @param continues ABI names of the fields it may carry, in field order
 */
public record Op(String name, long code, List<String> continues) {
  public Op {
    continues = List.copyOf(continues);
  }
}
