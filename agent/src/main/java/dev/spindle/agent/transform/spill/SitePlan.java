package dev.spindle.agent.transform.spill;

import java.util.List;

/**
 * What one await adds to the shared blocks of its {@link SpillLayout}.
 *
 * @param locals the state machine's local types at the await, one entry per slot (a wide value's
 *     second slot is {@code TOP}), with the shared type wherever the method's own types said
 *     nothing: the stack map frame of the await and of its out-of-line blocks
 * @param stack operand-stack values under the awaited task, bottom first: saved in a stack slot,
 *     or made again (a constant, a local that still holds it, the null type)
 * @param fixups slots whose shared type is wider than their type here: after the shared restore,
 *     a live one is cast back ({@code type}), a dead one set to {@code null}
 */
public record SitePlan(List<Object> locals, List<StackValue> stack, List<Fixup> fixups) {
  public SitePlan {
    locals = List.copyOf(locals);
    stack = List.copyOf(stack);
    fixups = List.copyOf(fixups);
  }

  /**
   * One slot to narrow after the shared restore.
   *
   * @param slot the state machine's slot
   * @param type the type the method has there at this await
   * @param cast true to cast the restored value (live), false to store {@code null} (dead, or
   *     the null type)
   */
  public record Fixup(int slot, Object type, boolean cast) {}
}
