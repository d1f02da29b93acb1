package dev.spindle.agent.transform.spill;

import org.objectweb.asm.tree.AbstractInsnNode;

/**
 * One operand-stack value under an awaited task, and how it comes back on resumption.
 *
 * @param type its verifier type at the await
 * @param slot the stack slot it waits in; -1 when it is not saved
 * @param remake when not saved: the instruction that pushes it again (a constant, or a load of
 *     the state machine's local that still holds it); {@code null} for the null type, pushed as
 *     {@code aconst_null}
 */
public record StackValue(Object type, int slot, AbstractInsnNode remake) {}
