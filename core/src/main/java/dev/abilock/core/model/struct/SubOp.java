package dev.abilock.core.model.struct;

import dev.abilock.core.model.Retirement;
import java.util.List;

/**
 * A value a member may hold, as declared by {@code @SubOp}: keyed by value, like an op's code.
 *
 * @param name the Java constant's name ({@code XENMEM_access_op_set_access})
 * @param value the constant's value
 * @param member the ABI name of the member holding it, as the reader resolved it; unresolved, the
 *     name as written
 * @param aliases former names, kept published, in the order declared
 * @param retired its retirement, or {@code null} while it is in use; a retired value stays reserved
 */
public record SubOp(
    String name, long value, String member, List<String> aliases, Retirement retired) {
  public SubOp {
    aliases = List.copyOf(aliases);
  }

  /** A sub-op in use, without former names. */
  public SubOp(String name, long value, String member) {
    this(name, value, member, List.of(), null);
  }

  public boolean isRetired() {
    return retired != null;
  }

  /** The same sub-op, retired as {@code retirement} says ({@code null}: in use). */
  public SubOp withRetirement(Retirement retirement) {
    return new SubOp(name, value, member, aliases, retirement);
  }
}
