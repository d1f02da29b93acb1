package dev.spindle.agent.transform;

/**
 * Something the agent did that works but that the user should know: a rewritten method that the
 * JIT will not compile. {@code message} is complete and user-facing: what, where, why and fix.
 *
 * @param className binary name with dots
 * @param methodName the method's name
 * @param descriptor the method's JVM descriptor
 * @param message the complete message
 */
public record Notice(String className, String methodName, String descriptor, String message) {}
