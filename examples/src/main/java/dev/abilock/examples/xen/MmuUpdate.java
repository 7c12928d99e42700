package dev.abilock.examples.xen;

import dev.abilock.Continuable;
import dev.abilock.ContinuationField;

/**
 * Xen's {@code mmu_update} / {@code mmuext_op} {@code unsigned int count}: bits 0..30 hold the
 * remaining count, bit 31 ({@code MMU_UPDATE_PREEMPTED}) flags a resumed call. No opcode: both
 * fields are always in use.
 */
@Continuable(name = "mmu_update", width = 32, headerPrefix = "MMU_UPDATE")
public final class MmuUpdate {
  /** Requests still to do: bits 0..30. */
  @ContinuationField(bits = 31)
  int count;

  /** Set on a resumed call: bit 31, {@code MMU_UPDATE_PREEMPTED}. */
  @ContinuationField(bits = 1, macro = "MMU_UPDATE_PREEMPTED")
  boolean preempted;
}
