package dev.spindle.agent.transform.analysis;

import java.util.List;
import org.objectweb.asm.Opcodes;

/**
 * The verifier types before one instruction. Types use ASM's frame vocabulary
 * ({@link Opcodes#INTEGER}, {@link Opcodes#LONG}, ..., {@link Opcodes#NULL}, an internal name or
 * array descriptor for a reference) except that an uninitialized object is an
 * {@link Uninitialized}.
 *
 * @param locals one entry per local slot: a {@code long} or {@code double} at slot n is followed by
 *     {@link Opcodes#TOP} at n + 1; slots past the end are {@code TOP}
 * @param stack one entry per operand-stack value, bottom first ({@code long} counts once)
 */
public record FrameSnapshot(List<Object> locals, List<Object> stack) {
  public FrameSnapshot {
    locals = List.copyOf(locals);
    stack = List.copyOf(stack);
  }

  /** The type in {@code slot}, {@code TOP} past the end. */
  public Object local(int slot) {
    return slot < locals.size() ? locals.get(slot) : Opcodes.TOP;
  }
}
