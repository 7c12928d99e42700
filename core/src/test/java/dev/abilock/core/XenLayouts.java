package dev.abilock.core;

import dev.abilock.Encoding;
import dev.abilock.core.model.Field;
import dev.abilock.core.model.Layout;
import dev.abilock.core.model.Op;
import dev.abilock.core.model.Retirement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Xen's continuation words as layouts, written by hand from xen-reference.md, for tests of the
 * rules every front end shares. Each constant is one layout as a Xen release declared it; tests
 * derive their edits with the helpers below, so that every test names the one change it makes.
 */
public final class XenLayouts {
  private XenLayouts() {}

  /**
   * Xen 2.0.2 .. 3.3: START_EXTENT_SHIFT 4, so a 4-bit cmd and progress in bits 4..63 (28 in compat
   * words).
   */
  public static final Layout MEMORY_OP_33 =
      new Layout(
          "memory_op",
          "org.example.xen.MemoryOp",
          64,
          32,
          List.of(opcode("cmd", 0, 4, 4), shifted("start_extent", 4, 60, 28)),
          List.of(
              op("XENMEM_increase_reservation", 0, "start_extent"),
              op("XENMEM_decrease_reservation", 1, "start_extent"),
              op("XENMEM_maximum_ram_page", 2),
              op("XENMEM_populate_physmap", 6, "start_extent")));

  /**
   * Xen 3.4 (commit 36e30441326a): MEMOP_EXTENT_SHIFT 6 for XENMEM_set_pod_target 16 and
   * get_pod_target 17.
   */
  public static final Layout MEMORY_OP_34 =
      new Layout(
          "memory_op",
          "org.example.xen.MemoryOp",
          64,
          32,
          List.of(opcode("cmd", 0, 6, 6), shifted("start_extent", 6, 58, 26)),
          List.of(
              op("XENMEM_increase_reservation", 0, "start_extent"),
              op("XENMEM_decrease_reservation", 1, "start_extent"),
              op("XENMEM_maximum_ram_page", 2),
              op("XENMEM_populate_physmap", 6, "start_extent"),
              op("XENMEM_set_pod_target", 16),
              op("XENMEM_get_pod_target", 17)));

  /**
   * Xen 4.5: XENMEM_access_op 21 keeps its progress unshifted (a multiple of 64) on start_extent's
   * bits.
   */
  public static final Layout MEMORY_OP_45 =
      new Layout(
          "memory_op",
          "org.example.xen.MemoryOp",
          64,
          32,
          List.of(
              opcode("cmd", 0, 6, 6),
              shifted("start_extent", 6, 58, 26),
              inPlace("start_iter", 6, 58, 26)),
          List.of(
              op("XENMEM_increase_reservation", 0, "start_extent"),
              op("XENMEM_decrease_reservation", 1, "start_extent"),
              op("XENMEM_maximum_ram_page", 2),
              op("XENMEM_populate_physmap", 6, "start_extent"),
              op("XENMEM_set_pod_target", 16),
              op("XENMEM_get_pod_target", 17),
              op("XENMEM_access_op", 21, "start_iter")));

  /** hvm_op before 4.5: an 8-bit op, no progress; upper bits made the op unknown. */
  public static final Layout HVM_OP_44 =
      new Layout(
          "hvm_op",
          "org.example.xen.HvmOp",
          64,
          0,
          List.of(opcode("op", 0, 8, 0)),
          List.of(
              op("HVMOP_set_param", 0),
              op("HVMOP_get_param", 1),
              op("HVMOP_track_dirty_vram", 6),
              op("HVMOP_modified_memory", 7),
              op("HVMOP_set_mem_type", 8)));

  /**
   * hvm_op 4.5 (HVMOP_op_mask 0xff): two ops keep progress unshifted in bits 8..63, which had to be
   * zero.
   */
  public static final Layout HVM_OP_45 =
      new Layout(
          "hvm_op",
          "org.example.xen.HvmOp",
          64,
          0,
          List.of(opcode("op", 0, 8, 0), inPlace("start_iter", 8, 56, 0)),
          List.of(
              op("HVMOP_set_param", 0),
              op("HVMOP_get_param", 1),
              op("HVMOP_track_dirty_vram", 6),
              op("HVMOP_modified_memory", 7, "start_iter"),
              op("HVMOP_set_mem_type", 8, "start_iter")));

  /**
   * grant_table_op 4.5: an unsigned int cmd; GNTTABOP_cache_flush keeps its grant ref unshifted in
   * bits 12..31.
   */
  public static final Layout GRANT_TABLE_OP =
      new Layout(
          "grant_table_op",
          "org.example.xen.GrantTableOp",
          32,
          0,
          List.of(opcode("cmd", 0, 12, 0), inPlace("arg", 12, 20, 0)),
          List.of(
              op("GNTTABOP_map_grant_ref", 0),
              op("GNTTABOP_unmap_grant_ref", 1),
              op("GNTTABOP_setup_table", 2),
              op("GNTTABOP_copy", 5),
              op("GNTTABOP_cache_flush", 12, "arg")));

  /**
   * Xen 4.9 moved hvm_op's continuing ops to dm_op and dropped HVMOP_op_mask: ops 7, 8 and
   * start_iter retired.
   */
  public static final Retirement DM_OP = new Retirement("4.9", "moved to dm_op");

  public static final Retirement OP_MASK_GONE =
      new Retirement("4.9", "HVMOP_op_mask removed: no hvm_op continues");

  /**
   * hvm_op 4.9: ops 7 and 8 moved to dm_op and start_iter went with them; the declarations stay.
   */
  public static final Layout HVM_OP_49 =
      retireField(
          retireOp(
              retireOp(HVM_OP_45, "HVMOP_modified_memory", DM_OP), "HVMOP_set_mem_type", DM_OP),
          "start_iter",
          OP_MASK_GONE);

  /** Xen 4.21 made GNTTABOP_cache_flush ARM-only: x86 refuses an in-flight one. */
  public static final Retirement ARM_ONLY =
      new Retirement("4.21", "ARM-only since 4.21: x86 refuses it");

  /** grant_table_op 4.21 on x86: GNTTABOP_cache_flush retired, its code 12 reserved. */
  public static final Layout GRANT_TABLE_OP_421 =
      retireOp(GRANT_TABLE_OP, "GNTTABOP_cache_flush", ARM_ONLY);

  /** memory_op 4.3: XENMEM_add_to_physmap_range (23) walks its extents in start_extent. */
  public static final Layout MEMORY_OP_43 =
      plusOp(MEMORY_OP_34, op("XENMEM_add_to_physmap_range", 23, "start_extent"));

  /** memory_op 4.4: op 23 renamed XENMEM_add_to_physmap_batch, the old name kept as an alias. */
  public static final Layout MEMORY_OP_44 =
      withOp(
          MEMORY_OP_43,
          "XENMEM_add_to_physmap_range",
          aliased(
              op("XENMEM_add_to_physmap_batch", 23, "start_extent"),
              "XENMEM_add_to_physmap_range"));

  /** mmu_update's count: no opcode, bits 0..30 the remaining count, bit 31 MMU_UPDATE_PREEMPTED. */
  public static final Layout MMU_UPDATE =
      new Layout(
          "mmu_update",
          "org.example.xen.MmuUpdate",
          32,
          0,
          List.of(shifted("count", 0, 31, 0), shifted("preempted", 31, 1, 0)),
          List.of());

  // ------------------------------------------------------------------ building blocks

  public static Field opcode(String name, int shift, int bits, int compatBits) {
    return new Field(name, true, Encoding.SHIFTED, shift, bits, compatBits);
  }

  public static Field shifted(String name, int shift, int bits, int compatBits) {
    return new Field(name, false, Encoding.SHIFTED, shift, bits, compatBits);
  }

  public static Field inPlace(String name, int shift, int bits, int compatBits) {
    return new Field(name, false, Encoding.IN_PLACE, shift, bits, compatBits);
  }

  public static Op op(String name, long code, String... continues) {
    return new Op(name, code, List.of(continues));
  }

  /** {@code op} keeping {@code aliases} as its former names. */
  public static Op aliased(Op op, String... aliases) {
    return new Op(op.name(), op.code(), op.continues(), List.of(aliases), op.retired());
  }

  // ------------------------------------------------------------------ retirements

  /** {@code layout} with the op {@code name} retired as {@code r} ({@code null}: in use again). */
  public static Layout retireOp(Layout layout, String name, Retirement r) {
    return mapOps(layout, o -> o.name().equals(name) ? o.withRetirement(r) : o);
  }

  /**
   * {@code layout} with the field {@code name} retired as {@code r} ({@code null}: in use again).
   */
  public static Layout retireField(Layout layout, String name, Retirement r) {
    return withField(layout, name, layout.field(name).orElseThrow().withRetirement(r));
  }

  /**
   * {@code layout} with the continuable itself retired as {@code r} ({@code null}: in use again).
   */
  public static Layout retire(Layout layout, Retirement r) {
    return new Layout(
        layout.name(),
        layout.className(),
        layout.width(),
        layout.compatWidth(),
        layout.fields(),
        layout.ops(),
        r);
  }

  // ------------------------------------------------------------------ edits

  /** {@code layout} with its word widths changed. */
  public static Layout widths(Layout layout, int width, int compatWidth) {
    return new Layout(
        layout.name(),
        layout.className(),
        width,
        compatWidth,
        layout.fields(),
        layout.ops(),
        layout.retired());
  }

  /** {@code layout} declared in another class. */
  public static Layout movedTo(Layout layout, String className) {
    return new Layout(
        layout.name(),
        className,
        layout.width(),
        layout.compatWidth(),
        layout.fields(),
        layout.ops(),
        layout.retired());
  }

  /**
   * {@code layout} with the field {@code name} replaced by {@code field} in place (or removed when
   * null).
   */
  public static Layout withField(Layout layout, String name, Field field) {
    List<Field> fields = new ArrayList<>();
    for (Field f : layout.fields()) {
      if (!f.name().equals(name)) {
        fields.add(f);
      } else if (field != null) {
        fields.add(field);
      }
    }
    return new Layout(
        layout.name(),
        layout.className(),
        layout.width(),
        layout.compatWidth(),
        fields,
        layout.ops(),
        layout.retired());
  }

  /** {@code layout} with {@code field} declared last. */
  public static Layout plusField(Layout layout, Field field) {
    List<Field> fields = new ArrayList<>(layout.fields());
    fields.add(field);
    return new Layout(
        layout.name(),
        layout.className(),
        layout.width(),
        layout.compatWidth(),
        fields,
        layout.ops(),
        layout.retired());
  }

  /**
   * {@code layout} with the op {@code name} replaced by {@code op} in place (or removed when null).
   */
  public static Layout withOp(Layout layout, String name, Op op) {
    List<Op> ops = new ArrayList<>();
    for (Op o : layout.ops()) {
      if (!o.name().equals(name)) {
        ops.add(o);
      } else if (op != null) {
        ops.add(op);
      }
    }
    return new Layout(
        layout.name(),
        layout.className(),
        layout.width(),
        layout.compatWidth(),
        layout.fields(),
        ops,
        layout.retired());
  }

  /** {@code layout} with {@code op} declared last. */
  public static Layout plusOp(Layout layout, Op op) {
    List<Op> ops = new ArrayList<>(layout.ops());
    ops.add(op);
    return new Layout(
        layout.name(),
        layout.className(),
        layout.width(),
        layout.compatWidth(),
        layout.fields(),
        ops,
        layout.retired());
  }

  /** {@code layout} with every op passed through {@code edit}. */
  public static Layout mapOps(Layout layout, UnaryOperator<Op> edit) {
    return new Layout(
        layout.name(),
        layout.className(),
        layout.width(),
        layout.compatWidth(),
        layout.fields(),
        layout.ops().stream().map(edit).toList(),
        layout.retired());
  }
}
