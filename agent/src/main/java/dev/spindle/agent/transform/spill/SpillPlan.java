package dev.spindle.agent.transform.spill;

import java.util.List;

/**
 * What to save and restore at one suspension point.
 *
 * @param locals live locals, saved and restored (for an instance method, {@code this} is first,
 *     in {@code refs[0]}, and restored by the resume bridge rather than by this plan)
 * @param deadLocals locals that hold a value but are dead: not saved; restored as a default value
 *     of their type so that the frames after the suspension still verify
 * @param stack operand-stack values under the awaited task, bottom first
 * @param taskSlot scratch slot holding the awaited task while the others are saved
 * @param refCount how many {@code refs} entries this point uses
 * @param primCount how many {@code prims} entries this point uses
 */
public record SpillPlan(List<SavedValue> locals, List<SavedValue> deadLocals,
    List<SavedValue> stack, int taskSlot, int refCount, int primCount) {
  public SpillPlan {
    locals = List.copyOf(locals);
    deadLocals = List.copyOf(deadLocals);
    stack = List.copyOf(stack);
  }
}
