package dev.spindle.agent.transform.spill;

import dev.spindle.agent.transform.analysis.FrameTypes;

/**
 * One value saved across a suspension.
 *
 * @param type its verifier type (see {@code FrameSnapshot})
 * @param slot the state machine's local slot it is saved from and restored to (operand-stack
 *     values pass through scratch slots)
 * @param index its index in {@code refs} or {@code prims}; -1 for the null type, which is not
 *     saved but restored as {@code aconst_null}
 */
public record SavedValue(Object type, int slot, int index) {
  /** Whether the value goes to {@code prims} (else {@code refs}, or nowhere if null). */
  public boolean isPrimitive() {
    return FrameTypes.isPrimitive(type);
  }

  /** Whether the value is the null type: nothing to save. */
  public boolean isNullType() {
    return index < 0;
  }
}
