package dev.abilock.core.check;

import dev.abilock.core.GateMessage;
import java.util.List;

/**
 * A finding that fails nothing, such as a retirement that update mode records: its catalogue entry
 * and facts, for each front end to print its own way.
 */
public record Note(GateMessage rule, List<Object> args) {
  public Note {
    args = List.copyOf(args);
  }

  /** The note with its id: {@code [retired-note] hvm_op: ...}. */
  public String format() {
    return rule.format(args.toArray());
  }
}
