package dev.abilock.core.model.rules;

import dev.abilock.core.CatalogueEntry;
import java.util.List;
import java.util.function.Function;

/**
 * One broken layout rule: the catalogue entry, its facts, and the part it is about.
 *
 * @param rule the catalogue entry
 * @param part what the finding is about, for the front end to place
 * @param args the entry's facts; a {@link Part} among them is named by the front end
 */
public record Finding(CatalogueEntry rule, Part part, List<Object> args) {
  public Finding {
    args = List.copyOf(args);
  }

  static Finding of(CatalogueEntry rule, Part part, Object... args) {
    return new Finding(rule, part, List.of(args));
  }

  /** The facts, each {@link Part} among them named as {@code names} says. */
  public Object[] args(Function<Part, String> names) {
    return args.stream().map(a -> a instanceof Part p ? names.apply(p) : a).toArray();
  }
}
