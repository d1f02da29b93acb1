package dev.spindle.agent.transform.scan;

import org.objectweb.asm.tree.MethodInsnNode;

/**
 * One {@code await(...)} call in an {@code @Async} method: where the method may suspend.
 *
 * @param call the {@code invokestatic Await.await} instruction
 * @param awaitsStage true for {@code await(CompletionStage)}, false for {@code await(Task)}
 * @param line the source line of the call, or -1 if the class has no line numbers
 */
public record SuspensionPoint(MethodInsnNode call, boolean awaitsStage, int line) {}
