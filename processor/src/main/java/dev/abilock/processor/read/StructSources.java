package dev.abilock.processor.read;

import dev.abilock.core.model.struct.StructTarget;
import java.util.Map;

/**
 * Where each part of a read struct was declared, so that rule findings and gate B breaks, which
 * know only ABI names, land on the right source element.
 *
 * @param struct the class and its {@code @AbiStruct}
 * @param slots by ABI name: the field and its {@code @Member} or {@code @Pad}
 * @param subOps by constant name: the constant and its {@code @SubOp}
 * @param retired the {@code @Retired} annotations, by {@link #retiredKey}
 */
public record StructSources(
    Site struct, Map<String, Site> slots, Map<String, Site> subOps, Map<String, Site> retired) {
  public StructSources {
    slots = Map.copyOf(slots);
    subOps = Map.copyOf(subOps);
    retired = Map.copyOf(retired);
  }

  /**
   * The key of {@code retired} for the {@code @Retired} of the {@code kind} named {@code name}:
   * {@code struct}, {@code member <name>}, {@code sub-op <name>} (a pad is never retired).
   */
  public static String retiredKey(StructTarget.Kind kind, String name) {
    return switch (kind) {
      case STRUCT -> "struct";
      case MEMBER, PAD -> "member " + name;
      case SUB_OP -> "sub-op " + name;
    };
  }
}
