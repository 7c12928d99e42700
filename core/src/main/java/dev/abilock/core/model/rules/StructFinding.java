package dev.abilock.core.model.rules;

import dev.abilock.core.CatalogueEntry;
import dev.abilock.core.model.struct.StructTarget;
import java.util.List;

/**
 * A problem of a struct declaration: its catalogue entry, the facts the entry's text takes, and
 * what it is about, for each front end to place and print its own way.
 */
public record StructFinding(CatalogueEntry rule, StructTarget target, List<Object> args) {
  public StructFinding {
    args = List.copyOf(args);
  }

  /** The finding with its id: {@code [struct-hole] xen_hvm_modified_memory: bytes 2..7 ...}. */
  public String format() {
    return rule.formatFor(target.struct(), args.toArray());
  }
}
