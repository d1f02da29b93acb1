package dev.spindle.agent.transform.spill;

/**
 * Where things live in the state machine's locals: the original locals, except that every slot
 * at or above {@link #frameSlot} moves up by one to make room for the frame parameter; and
 * scratch slots above everything the original method used.
 *
 * @param frameSlot the frame parameter's slot: the first slot after the parameters
 * @param scratchBase the first slot free for generated code
 */
public record SlotLayout(int frameSlot, int scratchBase) {

  /** The layout for a method whose parameters take {@code parameterSlots} (this included). */
  public static SlotLayout of(int parameterSlots, int originalMaxLocals) {
    return new SlotLayout(parameterSlots, Math.max(originalMaxLocals, parameterSlots) + 1);
  }

  /** The state machine's slot for the original {@code slot}. */
  public int shifted(int slot) {
    return slot >= frameSlot ? slot + 1 : slot;
  }
}
