package dev.spindle.agent.transform.scan;

import dev.spindle.agent.transform.Refusal;
import org.objectweb.asm.tree.MethodNode;

/**
 * An {@code @Async} method the rewriter will not rewrite; its body (if it has one) is replaced by
 * one that throws {@link IllegalStateException} with the refusal's message.
 */
public record RefusedMethod(MethodNode method, Refusal refusal) {}
