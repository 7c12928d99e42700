package dev.abilock;

/** How a continuation field's value is stored in the word. */
public enum Encoding {
  /**
   * The value is stored shifted into place: {@code value = (word & mask) >>> shift}. This is how
   * Xen's memory_op stores {@code start_extent} ({@code cmd >> MEMOP_EXTENT_SHIFT}).
   */
  SHIFTED,

  /**
   * The value is stored unshifted, already aligned to its bits: {@code value = word & mask}, so
   * every valid value is a multiple of {@code 2^shift}. This is how Xen's hvm_op, grant_table_op
   * and {@code XENMEM_access_op} keep their progress ({@code op | start_iter}).
   */
  IN_PLACE
}
