package dev.abilock.processor.read;

import java.util.Map;

/**
 * Where each part of a read layout was declared, so that the compatibility gate's findings, which
 * know only ABI names, land on the right source element.
 *
 * @param continuable the class and its {@code @Continuable}
 * @param fields by ABI name: the field and its {@code @Opcode} or {@code @ContinuationField}
 * @param ops by op name: the constant and its {@code @Op}
 * @param retired the {@code @Retired} annotations, by {@link #retiredKey}
 */
public record SourceMap(
    Site continuable, Map<String, Site> fields, Map<String, Site> ops, Map<String, Site> retired) {
  public SourceMap {
    fields = Map.copyOf(fields);
    ops = Map.copyOf(ops);
    retired = Map.copyOf(retired);
  }

  public SourceMap(Site continuable, Map<String, Site> fields, Map<String, Site> ops) {
    this(continuable, fields, ops, Map.of());
  }

  /**
   * The key of a {@code @Retired} site: {@code continuable}, {@code field start_iter}, {@code op
   * HVMOP_x}.
   */
  public static String retiredKey(String kind, String name) {
    return kind.equals("continuable") ? kind : kind + " " + name;
  }
}
