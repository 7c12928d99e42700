package dev.abilock.benchmarks;

import dev.abilock.runtime.AbiViolationException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The naive generic alternative a user might write instead of generating code: one decoder driven
 * by a table of op masks and field descriptors, giving a map of field values.
 */
final class TableDriven {
  record FieldSpec(String name, long mask, int shift, boolean inPlace) {}

  private final long opcodeMask;
  private final Map<Long, List<FieldSpec>> fieldsByOp = new HashMap<>();

  TableDriven(long opcodeMask) {
    this.opcodeMask = opcodeMask;
  }

  TableDriven op(long code, FieldSpec... fields) {
    fieldsByOp.put(code, List.of(fields));
    return this;
  }

  Map<String, Long> decode(long word) {
    List<FieldSpec> fields = fieldsByOp.get(word & opcodeMask);
    if (fields == null) {
      throw new AbiViolationException(
          AbiViolationException.Kind.UNKNOWN_OP, "table", null, word, "unknown op");
    }
    long allowed = opcodeMask;
    Map<String, Long> values = new LinkedHashMap<>();
    for (FieldSpec f : fields) {
      allowed |= f.mask();
      values.put(f.name(), f.inPlace() ? word & f.mask() : (word & f.mask()) >>> f.shift());
    }
    if ((word & ~allowed) != 0) {
      throw new AbiViolationException(
          AbiViolationException.Kind.STRAY_BITS, "table", null, word, "stray bits");
    }
    return values;
  }

  /** memory_op as a table. */
  static TableDriven memoryOp() {
    FieldSpec extent = new FieldSpec("start_extent", 0xffffffffffffffc0L, 6, false);
    FieldSpec iter = new FieldSpec("start_iter", 0xffffffffffffffc0L, 6, true);
    TableDriven t = new TableDriven(0x3f);
    for (long op : new long[] {0, 1, 6, 7, 23, 28}) {
      t.op(op, extent);
    }
    for (long op : new long[] {2, 3, 4, 5, 11, 15, 24, 26}) {
      t.op(op);
    }
    return t.op(21, iter);
  }
}
