package dev.spindle.agent.transform.spill;

import dev.spindle.agent.transform.analysis.FrameTypes;

/**
 * One slot of the state machine that the shared blocks save, restore or reset.
 *
 * @param slot the state machine's local slot
 * @param type its verifier type in the shared blocks: the one type the slot holds at every
 *     await, else {@code java/lang/Object} for references; for a reset slot, the default's type
 *     ({@code NULL} or the primitive)
 * @param index its index in {@code refs} or {@code prims}; -1 for a slot that is only reset
 */
public record SavedSlot(int slot, Object type, int index) {
  /** Whether the value goes to {@code prims} (else {@code refs}). */
  public boolean isPrimitive() {
    return FrameTypes.isPrimitive(type);
  }
}
