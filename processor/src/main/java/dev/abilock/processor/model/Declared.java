package dev.abilock.processor.model;

import dev.abilock.core.model.Field;
import dev.abilock.core.model.Layout;
import dev.abilock.core.model.Op;
import java.util.List;
import java.util.Optional;

/**
 * A continuable as its handler class declares it: the {@link Layout} that the manifest records and
 * the gates compare, plus the Java and C names that the writers need. The writers take this type
 * and never a bare {@code Layout}, so a layout read back from a manifest cannot reach them.
 *
 * @param layout the ABI facts
 * @param headerPrefix prefix of the C macros ({@code MEMOP})
 * @param bindings one per field of {@code layout}, in its order (opcode first)
 */
public record Declared(Layout layout, String headerPrefix, List<Binding> bindings) {
  public Declared {
    bindings = List.copyOf(bindings);
    if (!bindings.stream().map(Binding::field).toList().equals(layout.fields())) {
      throw new IllegalArgumentException("bindings do not follow the fields of " + layout.name());
    }
  }

  public String name() {
    return layout.name();
  }

  /** The binding of {@code field}, a field of this layout. */
  public Binding bind(Field field) {
    return bindings.stream()
        .filter(b -> b.field().equals(field))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException("no field " + field.name() + " in " + layout.name()));
  }

  public Optional<Binding> opcode() {
    return bindings.stream().filter(Binding::opcode).findFirst();
  }

  /**
   * The fields in use (not retired), opcode first: encode's parameters, the getters and decode's
   * record.
   */
  public List<Binding> live() {
    return bindings.stream().filter(b -> !b.field().isRetired()).toList();
  }

  /** The continuation fields, opcode excluded, in declaration order. */
  public List<Binding> continuationFields() {
    return bindings.stream().filter(b -> !b.opcode()).toList();
  }

  /**
   * Whether {@code encode} tests that {@code f}'s value fits before it looks at the op. Not for a
   * continuation field that no op in use continues (the op that did is retired): every arm then
   * refuses a non-zero value of it, as not continued, retired or unknown, so the test would only
   * cost a valid word time. The C header and the Java codec skip the same tests and so give the
   * same answers.
   */
  public boolean encodeTestsFitFirst(Binding f) {
    return f.opcode()
        || opcode().isEmpty()
        || layout.liveOps().stream().anyMatch(o -> o.continues().contains(f.name()));
  }

  /**
   * The fields a word of {@code op} may carry, opcode first; every field without an opcode ({@code
   * op} null).
   */
  public List<Binding> usedBy(Op op) {
    return layout.fieldsUsedBy(op).stream().map(this::bind).toList();
  }
}
